"""A real HTTP server on 127.0.0.1 that answers with recorded responses.

Loads betamax cassettes (the JSON that praw's own test-suite recorded against reddit.com) and
serves each interaction at its recorded method, path and query, with the recorded status code,
headers and body: the token request (`POST /api/v1/access_token`) included, so praw logs in
and reads listings exactly as it did against Reddit. Tests can put answers of their own in
front (a 429, a 401, a body cut short) for a number of requests, and record every request
(method, path, query, headers, body) to assert what the client sent.

Also serves a recorded Reddit listing page by page (`add_paged_listing`), honouring `limit` and
`after` the way Reddit does, so a client's pagination runs over real listing data.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from tests.support.loopback import ServerLifecycle

# hop-by-hop and length headers are the server's business, not the recording's
_SKIPPED_HEADERS = {"content-length", "transfer-encoding", "connection", "content-encoding"}


@dataclass
class Reply:
    """One answer: status, headers (in order, repeats allowed) and body."""

    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    truncate_to: int | None = None  # declare the full length, send fewer bytes, close

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def with_headers(self, **changes: str) -> Reply:
        """A copy with some headers replaced (underscores in names become dashes)."""
        wanted = {k.replace("_", "-").lower(): v for k, v in changes.items()}
        kept = [(k, v) for k, v in self.headers if k.lower() not in wanted]
        return Reply(self.status, kept + list(wanted.items()), self.body, self.truncate_to)


@dataclass
class Interaction:
    """A recorded request and its response, as read from a cassette."""

    method: str
    uri: str
    reply: Reply
    request_body: str | None = None

    @property
    def path(self) -> str:
        return normalise_path(urlsplit(self.uri).path)

    @property
    def query(self) -> list[tuple[str, str]]:
        return sorted(parse_qsl(urlsplit(self.uri).query, keep_blank_values=True))

    def json(self) -> Any:
        return json.loads(self.reply.body)


def normalise_path(path: str) -> str:
    """Reddit answers `/r/x/new` and `/r/x/new/` alike; so does the replay server."""
    return unquote(path).rstrip("/") or "/"


def load_cassette(path: Path) -> list[Interaction]:
    """Every interaction of a betamax cassette, in recorded order."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for raw in data["interactions"]:
        request, response = raw["request"], raw["response"]
        headers = [
            (name, value)
            for name, values in response["headers"].items()
            if name.lower() not in _SKIPPED_HEADERS
            for value in (values if isinstance(values, list) else [values])
        ]
        body = response["body"].get("string", "")
        reply = Reply(int(response["status"]["code"]), headers, body.encode("utf-8"))
        req_body = request.get("body")
        out.append(
            Interaction(
                request["method"].upper(),
                request["uri"],
                reply,
                req_body if isinstance(req_body, str) else None,
            )
        )
    return out


@dataclass
class _Route:
    method: str
    path: str
    query: list[tuple[str, str]] | None  # None: any query string
    exact: bool = True  # the query must be exactly this; else these parameters among others
    reply: Reply | None = None
    paged: dict[str, Any] | None = None  # a listing served page by page
    times: int | None = None  # answers left; None = for ever


@dataclass
class SeenRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes


class ReplayServer(ServerLifecycle):
    """`with ReplayServer() as srv: srv.add_cassette(path); praw.Reddit(oauth_url=srv.url)`."""

    def __init__(self) -> None:
        self._routes: list[_Route] = []
        self._lock = threading.Lock()
        self.requests: list[SeenRequest] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # buffered: status line, headers and body leave in one write, so a keep-alive
            # client does not wait out delayed ACKs between them on every request
            wbufsize = 1 << 16

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self._answer()

            def do_POST(self) -> None:
                self._answer()

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                seen = SeenRequest(
                    self.command,
                    normalise_path(parts.path),
                    dict(parse_qsl(parts.query, keep_blank_values=True)),
                    dict(self.headers),
                    body,
                )
                server.requests.append(seen)
                reply = server._reply_for(seen, parts.query)
                self._send(reply)

            def _send(self, reply: Reply) -> None:
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers:
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    closing = (self.headers.get("Connection") or "").lower() == "close"
                    if reply.truncate_to is not None or closing:
                        # say so, as real servers do, or the client reuses a closed socket
                        self.send_header("Connection", "close")
                    self.end_headers()
                    if reply.truncate_to is None:
                        self.wfile.write(reply.body)
                    else:
                        self.wfile.write(reply.body[: reply.truncate_to])
                        self.close_connection = True
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # ---- what to answer -----------------------------------------------------------------------

    def add_cassette(self, path: Path) -> list[Interaction]:
        """Serve a cassette's interactions at their recorded method, path and exact query."""
        interactions = load_cassette(path)
        for it in interactions:
            self._routes.append(_Route(it.method, it.path, it.query, reply=it.reply))
        return interactions

    def add(
        self,
        method: str,
        path: str,
        reply: Reply,
        *,
        query: dict[str, str] | None = None,
        times: int | None = None,
        first: bool = True,
    ) -> None:
        """Answer `method path` (any query, or one with all of `query`'s parameters) with `reply`.

        Added in front of the recorded routes unless `first` is false; `times` limits how many
        requests it answers before the next matching route takes over.
        """
        route = _Route(
            method.upper(),
            normalise_path(path),
            sorted(query.items()) if query is not None else None,
            exact=False,
            reply=reply,
            times=times,
        )
        with self._lock:
            if first:
                self._routes.insert(0, route)
            else:
                self._routes.append(route)

    def add_paged_listing(
        self, path: str, recorded: Interaction, *, times: int | None = None
    ) -> None:
        """Serve a recorded listing at `path` page by page, as Reddit pages it.

        The page holds the children after the `after` fullname, at most `limit` (capped at 100,
        Reddit's maximum) of them, with `after` set to the last one when more remain; status and
        headers are the recording's.
        """
        listing = recorded.json()
        route = _Route(
            "GET", normalise_path(path), None, reply=recorded.reply, paged=listing, times=times
        )
        with self._lock:
            self._routes.insert(0, route)

    def _reply_for(self, seen: SeenRequest, raw_query: str) -> Reply:
        query = sorted(parse_qsl(raw_query, keep_blank_values=True))
        with self._lock:
            # routes in list order: a test's own answers (added in front) before the recording
            for route in self._routes:
                if route.method != seen.method or route.path != seen.path:
                    continue
                if route.query is not None and not (
                    route.query == query if route.exact else set(route.query) <= set(query)
                ):
                    continue
                if route.times is not None:
                    if route.times <= 0:
                        continue
                    route.times -= 1
                assert route.reply is not None
                if route.paged is not None:
                    return _page(route.paged, route.reply, seen.query)
                return route.reply
        return Reply(
            404, [("Content-Type", "application/json")], b'{"message": "Not Found", "error": 404}'
        )

    # ---- lifecycle ----------------------------------------------------------------------------

    def requests_to(self, path: str, method: str = "GET") -> list[SeenRequest]:
        wanted = normalise_path(path)
        return [r for r in self.requests if r.path == wanted and r.method == method]


def _page(listing: dict[str, Any], recorded: Reply, query: dict[str, str]) -> Reply:
    children = listing["data"]["children"]
    start = 0
    after = query.get("after")
    if after:
        names = [c["data"].get("name") for c in children]
        start = names.index(after) + 1 if after in names else len(children)
    limit = min(int(query.get("limit") or 25), 100)
    page = children[start : start + limit]
    more = start + limit < len(children)
    data = dict(listing["data"], children=page, dist=len(page))
    data["after"] = page[-1]["data"]["name"] if page and more else None
    data["before"] = None
    body = json.dumps({"kind": listing["kind"], "data": data}).encode("utf-8")
    return Reply(recorded.status, list(recorded.headers), body)
