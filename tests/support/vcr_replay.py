"""Replays vcrpy cassettes (tweepy's recorded X API v2 interactions) from a real HTTP server on
127.0.0.1, at the recorded paths, with the recorded status, headers and body.

Bodies are served as recorded: gzip bytes (`!!binary`) go out with their `content-encoding:
gzip`, so the client under test decodes them as it would X's. A few cassettes (those recorded
through aiohttp) hold the body already decoded while keeping the `content-encoding` header;
those are served as plain bytes without it, since that is what the recording means.

Answers are matched by path and, optionally, by query parameters (`when={"next_token": ...}`),
so a test can prove that the client asked for page 2 with the token page 1 gave it. Every
request is recorded (path, parameters, headers) for assertions.
"""

from __future__ import annotations

import gzip
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import yaml

from tests.support.loopback import ServerLifecycle

# Headers that describe one transfer, not the answer: recomputed or dropped when replaying.
_TRANSFER_HEADERS = frozenset({"content-length", "transfer-encoding", "connection"})


@dataclass
class Answer:
    """One HTTP answer: status, headers (repeatable, in order) and the body bytes as sent."""

    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    truncate_to: int | None = None  # declare the full length, send fewer bytes, then close

    @classmethod
    def json(cls, data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Answer:
        """An answer with a JSON body (for shapes the recordings lack)."""
        hdrs = [("content-type", "application/json; charset=utf-8")]
        hdrs += list((headers or {}).items())
        return cls(status, hdrs, json.dumps(data).encode())

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def with_headers(self, **overrides: str) -> Answer:
        """A copy with some headers replaced (`x_rate_limit_remaining="0"`)."""
        names = {k.replace("_", "-").lower(): v for k, v in overrides.items()}
        kept = [(k, v) for k, v in self.headers if k.lower() not in names]
        return Answer(self.status, kept + list(names.items()), self.body, self.truncate_to)

    def decoded(self) -> bytes:
        """The body as the client sees it after content decoding."""
        if (self.header("content-encoding") or "").lower() == "gzip":
            return gzip.decompress(self.body)
        return self.body

    def decoded_json(self) -> Any:
        return json.loads(self.decoded())


@dataclass(frozen=True)
class Interaction:
    """One recorded request and the answer X gave."""

    method: str
    uri: str
    answer: Answer

    @property
    def path(self) -> str:
        return urlsplit(self.uri).path

    @property
    def params(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.uri).query).items()}


def load_cassette(path: Path) -> list[Interaction]:
    """The interactions of a vcrpy YAML cassette (`!!binary` bodies come back as bytes)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    out = []
    for entry in data["interactions"]:
        request, response = entry["request"], entry["response"]
        raw = response["body"]["string"]
        headers: list[tuple[str, str]] = []
        for name, values in response["headers"].items():
            for value in values if isinstance(values, list) else [values]:
                headers.append((name, str(value)))
        if isinstance(raw, bytes):
            body = raw
        else:
            body = raw.encode("utf-8")
            # recorded already decoded: serving it with content-encoding would lie
            headers = [(k, v) for k, v in headers if k.lower() != "content-encoding"]
        headers = [(k, v) for k, v in headers if k.lower() not in _TRANSFER_HEADERS]
        out.append(
            Interaction(
                method=request["method"].upper(),
                uri=request["uri"],
                answer=Answer(int(response["status"]["code"]), headers, body),
            )
        )
    return out


@dataclass
class _Rule:
    method: str
    path: str
    answer: Answer
    when: dict[str, str]
    times: int | None  # None: answer every matching request


@dataclass
class SeenRequest:
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]


class ReplayServer(ServerLifecycle):
    """`with ReplayServer() as srv: srv.add_interaction(i); srv.base_url` -> 'http://127.0.0.1:N'.

    Rules are tried in the order added; a rule with `times` is used up after that many answers.
    A request no rule answers gets a 404 with an X-style problem body, so a test sees what was
    asked for instead of hanging.
    """

    def __init__(self) -> None:
        self.rules: list[_Rule] = []
        self.requests: list[SeenRequest] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                server._handle(self, "GET")

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def add(
        self,
        path: str,
        answer: Answer,
        *,
        when: dict[str, str] | None = None,
        times: int | None = None,
        method: str = "GET",
    ) -> None:
        """Answer requests for `path` (whose parameters include `when`) with `answer`."""
        with self._lock:
            self.rules.append(_Rule(method, path, answer, dict(when or {}), times))

    def add_interaction(
        self,
        interaction: Interaction,
        *,
        when: dict[str, str] | None = None,
        times: int | None = None,
    ) -> None:
        """Serve a recorded interaction at its recorded path."""
        self.add(
            interaction.path,
            interaction.answer,
            when=when,
            times=times,
            method=interaction.method,
        )

    def requests_to(self, path: str) -> list[SeenRequest]:
        return [r for r in self.requests if r.path == path]

    def _pick(self, method: str, path: str, params: dict[str, str]) -> Answer | None:
        with self._lock:
            for rule in self.rules:
                if rule.method != method or rule.path != path:
                    continue
                if any(params.get(k) != v for k, v in rule.when.items()):
                    continue
                if rule.times is not None:
                    if rule.times <= 0:
                        continue
                    rule.times -= 1
                return rule.answer
        return None

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        params = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.requests.append(SeenRequest(method, parts.path, params, dict(handler.headers)))
        answer = self._pick(method, parts.path, params)
        if answer is None:
            answer = Answer.json(
                {
                    "title": "Not Found Error",
                    "detail": f"no recorded answer for {parts.path}",
                    "type": "about:blank",
                    "status": 404,
                },
                status=404,
            )
        try:
            # send_response_only: the recorded Date and Server headers, not the replay's own
            handler.send_response_only(answer.status)
            for name, value in answer.headers:
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(answer.body)))
            body = answer.body
            if answer.truncate_to is not None:
                handler.send_header("Connection", "close")
                body = body[: answer.truncate_to]
                handler.close_connection = True
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
