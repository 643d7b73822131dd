"""The demo: a loopback web server for the bundled feeds and NHS website pages, and the run.

`gpwatch demo` (what `make demo` calls) starts the server on a free port on 127.0.0.1, points
the demo config at it through GPWATCH_DEMO_URL, runs one monitoring run and stops the server.
Nothing leaves this machine.
"""

from __future__ import annotations

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

DEMO_URL_ENV = "GPWATCH_DEMO_URL"


def _resolve(root: Path, raw_path: str) -> Path | None:
    """Map a request path to a file under `root`; review pages are stored as page-N.html."""
    parsed = urlparse(raw_path)
    rel = parsed.path.lstrip("/")
    if ".." in Path(rel).parts:
        return None
    target = (root / rel).resolve()
    if not str(target).startswith(str(root.resolve())):
        return None
    if target.is_dir():
        page = parse_qs(parsed.query).get("currentpage", ["1"])[0]
        if not page.isdigit():
            return None
        target = target / f"page-{int(page)}.html"
    return target if target.is_file() else None


class DemoServer:
    """Serves files under `root` on 127.0.0.1 with ETags, as a small stand-in for the web."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                target = _resolve(server.root, self.path)
                if target is None:
                    self.send_error(404)
                    return
                body = target.read_bytes()
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                ctype = "application/rss+xml" if target.suffix == ".xml" else "text/html"
                self.send_response(200)
                self.send_header("Content-Type", f"{ctype}; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> DemoServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


EXAMPLE_QUERIES = [
    (
        "The open alerts, worst first",
        "SELECT alert_id, severity, practice_name, category, source, left(text, 60) AS text "
        "FROM v_open_alerts",
    ),
    (
        "Mentions and mean sentiment per practice and day",
        "SELECT practice_name, day, source, mentions, mean_compound FROM v_daily_sentiment",
    ),
    (
        "Why each post was matched to a practice",
        "SELECT practice_id, source, reasons, terms, confidence, left(text, 50) AS text "
        "FROM v_mentions ORDER BY confidence",
    ),
]


def write_demo_digests(config_path: Path) -> list[tuple[str, Path | None, str]]:
    """Run the digest flow for the demo's recipients (written to the outbox: the demo has no
    [smtp]) and put an .html copy beside each .eml to open in a browser.

    Returns (recipient, .eml path or None, one-line outcome) per recipient.
    """
    from email import message_from_bytes, policy

    from alerts.dispatch import SendOutcome
    from flows.digest import digest

    result = digest(str(config_path))
    out: list[tuple[str, Path | None, str]] = []
    for raw in result["outcomes"]:
        outcome = SendOutcome(**raw)
        eml = Path(outcome.where) if outcome.where and outcome.where.endswith(".eml") else None
        if eml is not None and eml.exists():
            msg = message_from_bytes(eml.read_bytes(), policy=policy.default)
            part = msg.get_body(preferencelist=("html",))
            if part is not None:
                eml.with_suffix(".html").write_text(part.get_content(), encoding="utf-8")
        out.append((outcome.recipient, eml, outcome.line()))
    return out
