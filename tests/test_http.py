"""The shared HttpClient, over real HTTP on 127.0.0.1 (no mocks) and real files."""

from __future__ import annotations

import email.utils
import gzip
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from connectors.base import FetchFailed, RateLimited, ResponseTooLarge, SourceError
from connectors.http import HttpClient, HttpSettings, parse_retry_after
from tests.support.loopback import LoopbackServer, Route


class RecordingSleep:
    """Stands in for time.sleep: records the waits instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture(scope="module")
def module_server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as srv:
        yield srv


@pytest.fixture
def loopback(module_server: LoopbackServer) -> LoopbackServer:
    """One server for the module (stopping one takes 0.5 s), emptied for each test."""
    module_server.routes.clear()
    module_server.requests.clear()
    return module_server


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


def client(sleep: RecordingSleep, **settings: object) -> HttpClient:
    return HttpClient(HttpSettings(**settings), sleep=sleep)  # type: ignore[arg-type]


def header(request: dict, name: str) -> str | None:
    """A request header as the loopback server recorded it, whatever its case."""
    for key, value in request["headers"].items():
        if key.lower() == name.lower():
            return value
    return None


def assert_one_line(err: BaseException) -> str:
    message = str(err)
    assert message
    assert "\n" not in message and "\r" not in message, message
    return message


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- requests and retries -------------------------------------------------------------------


def test_sends_the_user_agent(loopback: LoopbackServer, sleep: RecordingSleep) -> None:
    loopback.routes["/ua"] = Route(b"ok", headers={"Content-Type": "text/plain"})
    with client(sleep) as http:
        response = http.get(loopback.url("/ua"))
    assert response.status == 200
    assert response.content == b"ok"
    assert response.content_type == "text/plain"
    agent = header(loopback.requests[0], "User-Agent")
    assert agent == HttpSettings().user_agent
    assert agent.startswith("gpwatch/")


def test_sends_query_params_and_extra_headers(
    loopback: LoopbackServer, sleep: RecordingSleep
) -> None:
    loopback.routes["/search"] = Route(b"ok")
    with client(sleep) as http:
        http.get(loopback.url("/search"), params={"q": "GP surgery"}, headers={"X-Test": "1"})
    assert loopback.requests[0]["path"] == "/search?q=GP+surgery"
    assert header(loopback.requests[0], "X-Test") == "1"


def test_retries_server_errors_then_succeeds(
    loopback: LoopbackServer, sleep: RecordingSleep
) -> None:
    loopback.routes["/flaky"] = Route(
        b"finally", sequence=[Route(b"oops", status=500), Route(b"oops", status=503)]
    )
    with client(sleep, backoff_seconds=0.5) as http:
        response = http.get(loopback.url("/flaky"))
    assert response.content == b"finally"
    assert len(loopback.requests) == 3
    # exponential backoff with up to 25% jitter: 0.5 s then 1 s
    assert len(sleep.waits) == 2
    assert 0.5 <= sleep.waits[0] <= 0.625
    assert 1.0 <= sleep.waits[1] <= 1.25


def test_server_errors_that_persist_raise_fetch_failed(
    loopback: LoopbackServer, sleep: RecordingSleep
) -> None:
    loopback.routes["/down"] = Route(b"", status=502)
    with client(sleep, retries=2) as http, pytest.raises(FetchFailed) as err:
        http.get(loopback.url("/down"))
    assert len(loopback.requests) == 3
    assert len(sleep.waits) == 2
    message = assert_one_line(err.value)
    assert "502" in message and "3 tries" in message


def test_client_errors_are_returned_without_retrying(
    loopback: LoopbackServer, sleep: RecordingSleep
) -> None:
    with client(sleep) as http:
        response = http.get(loopback.url("/no-such-page"))
    assert response.status == 404
    assert len(loopback.requests) == 1
    assert sleep.waits == []


def test_honours_retry_after_seconds_on_429(
    loopback: LoopbackServer, sleep: RecordingSleep
) -> None:
    loopback.routes["/limited"] = Route(
        b"ok", sequence=[Route(b"slow down", status=429, headers={"Retry-After": "1"})]
    )
    with client(sleep) as http:
        response = http.get(loopback.url("/limited"))
    assert response.content == b"ok"
    assert sleep.waits == [1.0]
    assert len(loopback.requests) == 2


def test_honours_retry_after_http_date(loopback: LoopbackServer, sleep: RecordingSleep) -> None:
    when = email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    loopback.routes["/limited"] = Route(
        b"ok", sequence=[Route(b"", status=429, headers={"Retry-After": when})]
    )
    with client(sleep) as http:
        response = http.get(loopback.url("/limited"))
    assert response.content == b"ok"
    assert len(sleep.waits) == 1
    assert 25 <= sleep.waits[0] <= 30  # whole seconds in the header, and the clock moves on


def test_retry_after_beyond_the_limit_raises_rate_limited_at_once(
    loopback: LoopbackServer, sleep: RecordingSleep
) -> None:
    loopback.routes["/limited"] = Route(b"", status=429, headers={"Retry-After": "3600"})
    with (
        client(sleep, max_retry_after_seconds=120) as http,
        pytest.raises(RateLimited) as err,
    ):
        http.get(loopback.url("/limited"))
    assert err.value.retry_after == 3600
    assert sleep.waits == []
    assert len(loopback.requests) == 1
    message = assert_one_line(err.value)
    assert "429" in message and "3600 s" in message


def test_long_retry_after_on_503_is_not_slept_either(
    loopback: LoopbackServer, sleep: RecordingSleep
) -> None:
    # Regression: only 429 used to be capped, so a 503 asking for a day would block the run.
    loopback.routes["/maint"] = Route(b"", status=503, headers={"Retry-After": "86400"})
    with client(sleep, max_retry_after_seconds=120) as http, pytest.raises(FetchFailed) as err:
        http.get(loopback.url("/maint"))
    assert sleep.waits == []
    assert len(loopback.requests) == 1
    assert "503" in assert_one_line(err.value)


def test_429_that_persists_raises_rate_limited(
    loopback: LoopbackServer, sleep: RecordingSleep
) -> None:
    loopback.routes["/limited"] = Route(b"", status=429, headers={"Retry-After": "2"})
    with client(sleep, retries=2) as http, pytest.raises(RateLimited) as err:
        http.get(loopback.url("/limited"))
    assert sleep.waits == [2.0, 2.0]
    assert "3 tries" in assert_one_line(err.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5", 5.0),
        ("0", 0.0),
        (" 2.5 ", 2.5),
        ("-3", 0.0),
        ("Wed, 21 Oct 2015 07:28:30 GMT", 30.0),
        ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),  # in the past
        ("", None),
        (None, None),
        ("soon", None),
        ("inf", None),  # float() accepts these; no server means them
        ("nan", None),
        ("1e999", None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    now = datetime(2015, 10, 21, 7, 28, 0, tzinfo=UTC).timestamp()
    assert parse_retry_after(value, now=now) == expected


# --- failures ---------------------------------------------------------------------------------


def test_read_timeout_raises_fetch_failed_saying_so(
    loopback: LoopbackServer, sleep: RecordingSleep
) -> None:
    loopback.routes["/slow"] = Route(b"late", delay=1.0)
    with client(sleep, timeout_seconds=0.2, retries=1) as http, pytest.raises(FetchFailed) as err:
        http.get(loopback.url("/slow"))
    message = assert_one_line(err.value)
    assert "timed out after 0.2 s" in message
    assert "2 tries" in message
    assert len(sleep.waits) == 1


def test_connection_refused_raises_fetch_failed(sleep: RecordingSleep) -> None:
    url = f"http://127.0.0.1:{closed_port()}/feed"
    with client(sleep, retries=1) as http, pytest.raises(FetchFailed) as err:
        http.get(url)
    message = assert_one_line(err.value)
    assert "127.0.0.1" in message and "could not be reached" in message


@pytest.mark.parametrize(
    "url", ["not a url", "ftp://example.org/feed", "http://[::1/feed", "http://a..b/feed"]
)
def test_invalid_url_raises_fetch_failed_without_retrying(url: str, sleep: RecordingSleep) -> None:
    # Regression: InvalidURL and idna's UnicodeError escaped as raw exceptions.
    with client(sleep) as http, pytest.raises(FetchFailed) as err:
        http.get(url)
    assert "not a valid" in assert_one_line(err.value)
    assert sleep.waits == []


def test_redirect_loop_raises_fetch_failed(loopback: LoopbackServer, sleep: RecordingSleep) -> None:
    loopback.routes["/loop"] = Route(b"", status=302, headers={"Location": "/loop"})
    with client(sleep) as http, pytest.raises(FetchFailed) as err:
        http.get(loopback.url("/loop"))
    assert "redirect" in assert_one_line(err.value)


def test_follows_a_redirect(loopback: LoopbackServer, sleep: RecordingSleep) -> None:
    loopback.routes["/old"] = Route(b"", status=301, headers={"Location": "/new"})
    loopback.routes["/new"] = Route(b"moved")
    with client(sleep) as http:
        response = http.get(loopback.url("/old"))
    assert response.content == b"moved"
    assert response.url == loopback.url("/new")


def test_declared_length_over_the_cap_raises_response_too_large(
    loopback: LoopbackServer, sleep: RecordingSleep
) -> None:
    loopback.routes["/big"] = Route(b"x" * 5000)
    with client(sleep, max_bytes=1000) as http, pytest.raises(ResponseTooLarge) as err:
        http.get(loopback.url("/big"))
    message = assert_one_line(err.value)
    assert "5,000 bytes" in message and "1,000-byte cap" in message
    assert len(loopback.requests) == 1  # too large is not retried


def test_streamed_body_over_the_cap_raises_response_too_large(
    loopback: LoopbackServer, sleep: RecordingSleep
) -> None:
    # A gzip body declares its small compressed length; only counting the decoded stream
    # catches that it expands past the cap.
    expanded = b"<item>padding</item>" * 50_000  # 1 MB once decoded
    compressed = gzip.compress(expanded)
    assert len(compressed) < 100_000
    loopback.routes["/bomb"] = Route(compressed, headers={"Content-Encoding": "gzip"})
    with client(sleep, max_bytes=100_000) as http, pytest.raises(ResponseTooLarge) as err:
        http.get(loopback.url("/bomb"))
    assert "more than the 100,000-byte cap" in assert_one_line(err.value)


def test_gzip_body_under_the_cap_is_decoded(
    loopback: LoopbackServer, sleep: RecordingSleep
) -> None:
    loopback.routes["/gz"] = Route(gzip.compress(b"<rss/>"), headers={"Content-Encoding": "gzip"})
    with client(sleep) as http:
        assert http.get(loopback.url("/gz")).content == b"<rss/>"


def test_truncated_body_raises_a_source_error(
    loopback: LoopbackServer, sleep: RecordingSleep
) -> None:
    loopback.routes["/cut"] = Route(b"<rss>" + b"x" * 5000, truncate_to=100)
    with client(sleep, retries=1) as http, pytest.raises(SourceError) as err:
        http.get(loopback.url("/cut"))
    assert isinstance(err.value, FetchFailed)
    message = assert_one_line(err.value)
    assert "broke off the response" in message
    assert len(loopback.requests) == 2


# --- conditional GET --------------------------------------------------------------------------


def test_conditional_get_with_etag_gets_304(
    loopback: LoopbackServer, sleep: RecordingSleep
) -> None:
    modified = "Wed, 21 Oct 2015 07:28:00 GMT"
    loopback.routes["/feed"] = Route(b"<rss/>", etag='"v1"', headers={"Last-Modified": modified})
    with client(sleep) as http:
        first = http.get(loopback.url("/feed"))
        second = http.get(loopback.url("/feed"), etag=first.etag, last_modified=first.last_modified)
    assert first.status == 200 and not first.not_modified
    assert first.etag == '"v1"'
    assert first.last_modified == modified
    assert header(loopback.requests[0], "If-None-Match") is None
    assert header(loopback.requests[1], "If-None-Match") == '"v1"'
    assert header(loopback.requests[1], "If-Modified-Since") == modified
    assert second.not_modified
    assert second.content == b""


def test_changed_etag_gets_the_full_body(loopback: LoopbackServer, sleep: RecordingSleep) -> None:
    loopback.routes["/feed"] = Route(b"<rss>new</rss>", etag='"v2"')
    with client(sleep) as http:
        response = http.get(loopback.url("/feed"), etag='"v1"')
    assert response.status == 200
    assert response.content == b"<rss>new</rss>"
    assert response.etag == '"v2"'


# --- file:// ---------------------------------------------------------------------------------


def test_reads_a_file_url(tmp_path: Path, sleep: RecordingSleep) -> None:
    path = tmp_path / "my feeds" / "practice feed.xml"  # spaces become %20 in the URL
    path.parent.mkdir()
    path.write_bytes(b"<rss>\xc3\xa9</rss>")
    with client(sleep) as http:
        response = http.get(path.as_uri())
    assert "%20" in path.as_uri()
    assert response.status == 200
    assert response.content == b"<rss>\xc3\xa9</rss>"
    assert response.url == path.as_uri()


def test_missing_file_raises_fetch_failed_naming_the_path(
    tmp_path: Path, sleep: RecordingSleep
) -> None:
    path = tmp_path / "absent.xml"
    with client(sleep) as http, pytest.raises(FetchFailed) as err:
        http.get(path.as_uri())
    message = assert_one_line(err.value)
    assert str(path) in message
    assert "No such file" in message


def test_directory_url_raises_fetch_failed(tmp_path: Path, sleep: RecordingSleep) -> None:
    # Regression: stat() succeeded, then read_bytes() raised IsADirectoryError unhandled.
    with client(sleep) as http, pytest.raises(FetchFailed) as err:
        http.get(tmp_path.as_uri())
    assert str(tmp_path) in assert_one_line(err.value)


def test_file_with_nul_in_path_raises_fetch_failed(sleep: RecordingSleep) -> None:
    with client(sleep) as http, pytest.raises(FetchFailed):
        http.get("file:///tmp/a%00b.xml")


def test_file_over_the_cap_raises_response_too_large(tmp_path: Path, sleep: RecordingSleep) -> None:
    path = tmp_path / "big.xml"
    path.write_bytes(b"x" * 2000)
    with client(sleep, max_bytes=1000) as http, pytest.raises(ResponseTooLarge) as err:
        http.get(path.as_uri())
    assert "1,000-byte cap" in assert_one_line(err.value)
