"""The one HTTP client every connector uses.

httpx with: timeouts, retries with exponential backoff that honour `Retry-After`, a response
size cap (streamed, so a huge body is cut off rather than read into memory), a descriptive
User-Agent, and conditional GET (ETag / Last-Modified). `file://` URLs are read from disk with
the same size cap, so a demo or a practice's exported feed works like a web one.
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlparse

import httpx

from connectors.base import FetchFailed, RateLimited, ResponseTooLarge
from gpwatch import __version__

DEFAULT_USER_AGENT = (
    f"gpwatch/{__version__} (GP surgery mention monitoring; +https://github.com/gpwatch/gpwatch)"
)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class HttpSettings:
    """Limits for every request. Defaults suit a scheduled run on a slow practice network."""

    timeout_seconds: float = 20.0
    max_bytes: int = 20_000_000
    retries: int = 3
    backoff_seconds: float = 1.0
    max_retry_after_seconds: float = 120.0
    user_agent: str = DEFAULT_USER_AGENT


@dataclass(slots=True)
class Response:
    """A fetched body with what a connector needs to know about it."""

    url: str
    status: int
    content: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        # float() also accepts "inf" and "nan", which no server means and no sleep can take.
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now if now is not None else time.time()
    return max(0.0, when.timestamp() - current)


def _host(url: str) -> str:
    try:
        host = urlparse(url).netloc
    except ValueError:  # e.g. an unbalanced "[" in the address
        host = ""
    return _one_line(host or url)


def _one_line(text: str, limit: int = 200) -> str:
    """`text` safe to put in a one-line message: no control characters, not too long."""
    text = "".join(" " if ord(c) < 32 or ord(c) == 127 else c for c in text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe_error(exc: httpx.HTTPError, timeout: float) -> str:
    """A transport failure in words a practice manager can act on."""
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out after {timeout:g} s"
    if isinstance(exc, httpx.ConnectError):
        return f"could not be reached ({type(exc).__name__})"
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
        return f"broke off the response before it was complete ({type(exc).__name__})"
    return f"request failed ({type(exc).__name__})"


class HttpClient:
    """A shared, polite HTTP client. One per run; safe to use from several threads."""

    def __init__(
        self,
        settings: HttpSettings | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.settings = settings or HttpSettings()
        self._sleep = sleep
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.settings.timeout_seconds),
            headers={"User-Agent": self.settings.user_agent},
            follow_redirects=True,
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
    ) -> Response:
        """GET a URL (http, https or file). Raises a SourceError with a one-line reason."""
        if url.startswith("file:"):
            return self._read_file(url)
        request_headers = dict(headers or {})
        if etag:
            request_headers["If-None-Match"] = etag
        if last_modified:
            request_headers["If-Modified-Since"] = last_modified
        attempts = self.settings.retries + 1
        last_problem = ""
        for attempt in range(attempts):
            try:
                response = self._get_capped(url, request_headers, params)
            except ResponseTooLarge:
                raise
            except (httpx.InvalidURL, httpx.UnsupportedProtocol, UnicodeError):
                # A bad address stays bad: retrying would only delay the report.
                raise FetchFailed(
                    f"{_one_line(url)} is not a valid http(s) address; check the URL in the config"
                ) from None
            except httpx.TooManyRedirects:
                raise FetchFailed(
                    f"{_host(url)} redirects in a loop; check the URL in the config"
                ) from None
            except httpx.HTTPError as exc:
                last_problem = _describe_error(exc, self.settings.timeout_seconds)
            else:
                if response.status not in RETRY_STATUSES:
                    return response
                wait = parse_retry_after(response.headers.get("retry-after"))
                self._check_wait(url, response.status, wait)
                if attempt + 1 < attempts:
                    self._sleep(wait if wait is not None else self._backoff(attempt))
                    continue
                if response.status == 429:
                    raise RateLimited(
                        f"{_host(url)} is still rate limiting us (429) after {attempts} tries; "
                        "the next scheduled run will try again",
                        retry_after=wait,
                    )
                raise FetchFailed(
                    f"{_host(url)} answered {response.status} (server error) after {attempts} "
                    "tries; the next scheduled run will try again"
                )
            if attempt + 1 < attempts:
                self._sleep(self._backoff(attempt))
        raise FetchFailed(
            f"{_host(url)} {last_problem} ({attempts} tries); check the URL and network"
        )

    def _check_wait(self, url: str, status: int, wait: float | None) -> None:
        """Refuse to sleep longer than the settings allow, whatever the server asks."""
        if wait is None or wait <= self.settings.max_retry_after_seconds:
            return
        if status == 429:
            raise RateLimited(
                f"{_host(url)} is rate limiting us (429) and asks us to wait "
                f"{wait:.0f} s; the next scheduled run will try again",
                retry_after=wait,
            )
        raise FetchFailed(
            f"{_host(url)} answered {status} and asks us to wait {wait:.0f} s; "
            "the next scheduled run will try again"
        )

    def _backoff(self, attempt: int) -> float:
        base = self.settings.backoff_seconds * (2**attempt)
        return base + random.uniform(0, base / 4)

    def _get_capped(
        self, url: str, headers: dict[str, str], params: dict[str, str] | None
    ) -> Response:
        cap = self.settings.max_bytes
        with self._client.stream("GET", url, headers=headers, params=params) as resp:
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > cap:
                raise ResponseTooLarge(
                    f"{_host(url)} sent {int(declared):,} bytes, over the {cap:,}-byte cap "
                    "(raise http.max_bytes if this source is really that large)"
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > cap:
                    raise ResponseTooLarge(
                        f"{_host(url)} sent more than the {cap:,}-byte cap "
                        "(raise http.max_bytes if this source is really that large)"
                    )
                chunks.append(chunk)
            return Response(
                url=str(resp.url),
                status=resp.status_code,
                content=b"".join(chunks),
                content_type=resp.headers.get("content-type", ""),
                headers={k.lower(): v for k, v in resp.headers.items()},
            )

    def _read_file(self, url: str) -> Response:
        cap = self.settings.max_bytes
        path = Path(url)
        try:
            path = Path(unquote(urlparse(url).path))
            size = path.stat().st_size
            if size > cap:
                raise ResponseTooLarge(f"{path} is {size:,} bytes, over the {cap:,}-byte cap")
            with path.open("rb") as handle:
                # Read one byte past the cap: the file may have grown since stat().
                content = handle.read(cap + 1)
        except (OSError, ValueError) as exc:  # ValueError: a NUL byte, a bad URL
            reason = getattr(exc, "strerror", None) or type(exc).__name__
            raise FetchFailed(
                f"cannot read {_one_line(str(path))}: {reason}; check the path in the config"
            ) from None
        if len(content) > cap:
            raise ResponseTooLarge(f"{path} is over the {cap:,}-byte cap")
        return Response(url=url, status=200, content=content, content_type="")
