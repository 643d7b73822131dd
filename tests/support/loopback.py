"""A real HTTP server on 127.0.0.1 for connector tests and the demo.

Routes map a path (with or without query string) to a `Route`: status, headers, body, and an
optional delay or a scripted sequence of answers (e.g. 429 then 200). Every request is recorded
so tests can assert what was sent (User-Agent, If-None-Match ...).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self


class ServerLifecycle:
    """start/stop and `with` for a test server that owns `_httpd` and its `_thread`."""

    _httpd: ThreadingHTTPServer
    _thread: threading.Thread

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    # answers used in turn before falling back to this route's own status/body
    sequence: list[Route] = field(default_factory=list)
    etag: str | None = None  # answer 304 when If-None-Match matches
    truncate_to: int | None = None  # declare full length but send fewer bytes, then close


class LoopbackServer(ServerLifecycle):
    """`with LoopbackServer() as srv: srv.routes['/feed'] = Route(b'...'); srv.url('/feed')`."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                server.requests.append({"path": self.path, "headers": dict(self.headers)})
                route = server.routes.get(self.path) or server.routes.get(self.path.split("?")[0])
                if route is None:
                    self._send(Route(b"not found", status=404))
                    return
                if route.sequence:
                    route = route.sequence.pop(0)
                if route.delay:
                    time.sleep(route.delay)
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self._send(Route(b"", status=304, headers={"ETag": route.etag}))
                    return
                self._send(route)

            def _send(self, route: Route) -> None:
                try:
                    self.send_response(route.status)
                    headers = dict(route.headers)
                    if route.etag:
                        headers.setdefault("ETag", route.etag)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(route.body)))
                    if route.truncate_to is not None:
                        self.send_header("Connection", "close")
                    self.end_headers()
                    body = (
                        route.body if route.truncate_to is None else route.body[: route.truncate_to]
                    )
                    self.wfile.write(body)
                    if route.truncate_to is not None:
                        self.close_connection = True
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"
