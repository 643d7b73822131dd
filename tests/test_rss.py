"""The RSS/Atom connector and html_to_text, on real feeds from ../shared and over loopback HTTP."""

from __future__ import annotations

import ast
import hashlib
import random
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from connectors.base import FetchFailed, MalformedResponse, SourceError
from connectors.http import HttpClient, HttpSettings
from connectors.rss import FeedConnector, unwrap_google_url
from connectors.text import html_to_text
from gpwatch.models import RawItem
from tests.conftest import shared_path
from tests.support.loopback import LoopbackServer, Route

REAL_WORLD = ("feeds", "real-world")

RSS_NO_IDS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Practice news</title>
<item><title>Flu clinic on Saturday</title><pubDate>Mon, 06 Jan 2025 09:00:00 +0000</pubDate>
<description>Book at &lt;b&gt;reception&lt;/b&gt;.</description></item>
<item><title>Flu clinic on Saturday</title><pubDate>Mon, 13 Jan 2025 09:00:00 +0000</pubDate>
<description>Book at reception.</description></item>
<item><description>No title, no date, no link.</description></item>
</channel></rss>"""

RSS_SIMPLE = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>High Street Surgery mentions</title>
<item><guid>post-1</guid><title>Great care at High Street Surgery</title>
<link>https://example.org/posts/1</link><author>pat@example.org (Pat)</author>
<category>praise</category><category>nhs</category>
<pubDate>Tue, 07 Jan 2025 10:30:00 +0100</pubDate>
<description>&lt;p&gt;The nurse was &lt;em&gt;lovely&lt;/em&gt;.&lt;/p&gt;
&lt;p&gt;Thanks!&lt;/p&gt;</description>
</item>
<item><guid>post-2</guid><title>Second post</title><link>https://example.org/posts/2</link>
<description>Plain words.</description></item>
</channel></rss>"""

HOSTILE_ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title type="html">&lt;script&gt;alert(1)&lt;/script&gt;Feed</title>
<entry><id>urn:x:1</id>
<title type="html">Hello &lt;img src=x onerror="alert(1)"&gt;
&lt;script&gt;alert(2)&lt;/script&gt;world</title>
<link href="javascript:alert(3)"/>
<content type="html">&lt;a href="javascript:alert(4)" onclick="alert(5)"&gt;click&lt;/a&gt;
&lt;style&gt;body{display:none}&lt;/style&gt;&lt;svg onload="alert(6)"&gt;&lt;/svg&gt;
&lt;iframe src="javascript:alert(7)"&gt;&lt;/iframe&gt;
&lt;body onload=alert(8)&gt;text&lt;/body&gt;</content>
</entry>
<entry><id>urn:x:2</id>
<title type="text">Why &lt;script&gt; tags matter: x&lt;y</title>
<summary type="text">I &lt;3 my GP</summary>
<link href="data:text/html,&lt;script&gt;alert(9)&lt;/script&gt;"/>
</entry>
</feed>"""


# --- fixtures and helpers -------------------------------------------------------------------


@pytest.fixture(scope="module")
def http() -> Iterator[HttpClient]:
    with HttpClient(HttpSettings(retries=0), sleep=lambda _s: None) as client:
        yield client


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


def connector(http: HttpClient, path_or_url: Path | str, **kwargs: str) -> FeedConnector:
    url = path_or_url.as_uri() if isinstance(path_or_url, Path) else path_or_url
    return FeedConnector(kwargs.pop("name", "test-feed"), url, http, **kwargs)


def fetch(http: HttpClient, path_or_url: Path | str) -> list[RawItem]:
    return connector(http, path_or_url).fetch({}).items


def header(request: dict, name: str) -> str | None:
    for key, value in request["headers"].items():
        if key.lower() == name.lower():
            return value
    return None


def hostile_markup(text: str) -> list[str]:
    """Signs that a text field carries live markup rather than plain text."""
    problems = []
    low = text.lower()
    if "<script" in low:
        problems.append("<script")
    if re.search(r"<[a-z][^>]*\son\w+\s*=", low):
        problems.append("event handler attribute")
    if re.search(r"href\s*=\s*['\"]?\s*javascript:", low):
        problems.append("javascript: href")
    if re.search(r"<[a-z/!][^>]*>", low):
        problems.append("a tag")
    return problems


def text_fields(item: RawItem) -> dict[str, str]:
    return {
        "title": item.title,
        "text": item.text,
        "author_handle": item.author_handle,
        "feed_title": item.extras.get("feed_title", ""),
        "tags": " ".join(item.extras.get("tags", [])),
    }


def assert_item_contract(item: RawItem) -> None:
    """What every RawItem from this connector promises, whatever the feed looked like."""
    assert item.source == "rss"
    assert isinstance(item.external_id, str) and item.external_id.strip()
    assert item.url == "" or item.url.lower().startswith(("http://", "https://"))
    assert item.published_at is None or item.published_at.utcoffset() is not None
    for value in text_fields(item).values():
        assert isinstance(value, str)
        assert value == value.strip()


# --- (a) the whole feedparser corpus ----------------------------------------------------------


def test_every_corpus_file_goes_through_without_crashing(http: HttpClient) -> None:
    root = shared_path("feeds", "feedparser-corpus")
    files = sorted(p for p in root.rglob("*") if p.is_file())
    assert len(files) >= 1500, f"expected the 1,559-file corpus, found {len(files)}"
    crashes: list[str] = []
    broken_contract: list[str] = []
    refused: list[str] = []
    items = 0
    for path in files:
        name = str(path.relative_to(root))
        try:
            batch = connector(http, path).fetch({})
        except SourceError as exc:
            refused.append(name)
            if "\n" in str(exc) or not str(exc):
                broken_contract.append(f"{name}: message is not one line: {exc!r}")
            continue
        except Exception as exc:
            crashes.append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        items += len(batch.items)
        for item in batch.items:
            try:
                assert_item_contract(item)
            except AssertionError as exc:
                broken_contract.append(f"{name}: {exc}")
    assert not crashes, f"{len(crashes)} files raised non-SourceErrors:\n" + "\n".join(crashes)
    assert not broken_contract, "\n".join(broken_contract)
    # Nearly every corpus file is a feed; a refusal here should be a deliberate non-feed.
    assert len(refused) < 10, refused
    assert items > 500


# --- (b) real-world feeds ---------------------------------------------------------------------


def test_google_alerts_feed(http: HttpClient) -> None:
    path = shared_path(*REAL_WORLD, "feedjira", "google_alerts_atom.xml")
    items = connector(http, path, name="alerts", practice_hint="A81001").fetch({}).items
    assert len(items) == 20
    first = items[0]
    assert first.external_id == "tag:google.com,2013:googlealerts/feed:8974135267215335962"
    assert first.title == (
        "Report offers Prediction of Automotive Slack Market by Top key players like "
        "Haldex, Meritor, Bendix ..."
    )
    assert first.url == (
        "https://www.aglobalmarketresearch.com/report-offers-prediction-of-automotive-slack-"
        "market-by-top-key-players-like-haldex-meritor-bendix-mei-wabco-accuride-stemco-tbk-"
        "febi-aydinsan/"
    )
    assert first.extras["google_alert_url"].startswith("https://www.google.com/url?rct=j")
    assert first.extras["feed_title"] == "Google Alert - Slack"
    assert first.published_at == datetime(2019, 7, 10, 11, 53, 37, tzinfo=UTC)
    assert first.text.endswith("senior ...")  # &nbsp; decoded, whitespace normalised
    assert first.source_name == "alerts"
    assert first.practice_hint == "A81001"
    for item in items:
        assert item.external_id.startswith("tag:google.com,2013:googlealerts/feed:")
        assert "<b>" not in item.title and "&lt;" not in item.title
        assert "slack" in item.full_text.lower()
        assert not item.url.startswith("https://www.google.com/url")
        assert item.extras["google_alert_url"].startswith("https://www.google.com/url?")
        assert "&#39;" not in item.text
        assert_item_contract(item)
    assert len({item.external_id for item in items}) == 20


@pytest.mark.parametrize(
    ("filename", "count", "first_title"),
    [
        ("reddit.rss", 24, "The water is too deep, so he improvises"),
        ("reddit-atom.rss", 24, "The Difficulties in Space"),
        ("reddit-home.rss", 24, "How the British as seen by Americans and Europeans"),
        (
            "guardian.rss",
            55,
            "Trump State of the Union address promised unity but emphasized discord",
        ),
        ("encoding.rss", 40, "Mãe de utente é a nova presidente da Raríssimas"),  # ISO-8859-1
        (
            "uolNoticias.rss",  # ISO-8859-1 bytes with no declaration at all
            15,
            "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno",
        ),
        ("heraldsun.rss", 2, "The First Item"),  # RSS 0.92, ISO-8859-1
    ],
)
def test_real_world_feeds_parse_with_sensible_titles(
    http: HttpClient, filename: str, count: int, first_title: str
) -> None:
    items = fetch(http, shared_path(*REAL_WORLD, "rss-parser", filename))
    assert len(items) == count
    assert items[0].title == first_title
    for item in items:
        assert_item_contract(item)
        assert "\ufffd" not in item.title + item.text, "mis-decoded characters"
        assert not hostile_markup(item.title + " " + item.text)
    assert len({item.external_id for item in items}) == count


def test_guardian_items_carry_author_tags_and_dates(http: HttpClient) -> None:
    first = fetch(http, shared_path(*REAL_WORLD, "rss-parser", "guardian.rss"))[0]
    assert first.author_handle == "David Smith in Washington"
    assert "Donald Trump" in first.extras["tags"]
    assert first.extras["feed_title"] == "The Guardian"
    assert first.published_at == datetime(2018, 1, 31, 7, 26, 5, tzinfo=UTC)
    assert first.text.startswith("The president’s ‘new American moment’ speech")


def test_feeds_starting_with_a_newline_are_still_read(http: HttpClient) -> None:
    # A newline before <?xml is ill-formed (feedparser sets bozo) but the entries are real.
    for filename, count in [("TechCrunch.xml", 20), ("SamRuby.xml", 20), ("itunes.xml", 3)]:
        path = shared_path(*REAL_WORLD, "feedjira", filename)
        assert path.read_bytes().startswith(b"\n")
        assert len(fetch(http, path)) == count, filename


@pytest.mark.parametrize(
    ("folder", "filename", "described"),
    [
        ("rss-parser", "unrecognized.rss", "an HTML page"),
        ("feedjira", "TechCrunchFirstEntry.xml", "markup that is not a feed"),  # a fragment
        ("feedjira", "json_feed.json", "JSON"),
        ("feedjira", "LICENSE", "unrecognised data"),
    ],
)
def test_non_feed_files_raise_malformed_response(
    http: HttpClient, folder: str, filename: str, described: str
) -> None:
    path = shared_path(*REAL_WORLD, folder, filename)
    with pytest.raises(MalformedResponse) as err:
        fetch(http, path)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{path.as_uri()} did not return an RSS or Atom feed (got ")
    assert described in message
    assert message.endswith("; check the feed URL")


def test_entries_with_missing_fields_still_become_items(http: HttpClient) -> None:
    items = fetch(http, shared_path(*REAL_WORLD, "rss-parser", "incomplete-fields.atom"))
    assert len(items) == 1
    item = items[0]
    assert item.external_id.startswith("sha256:")
    assert (item.title, item.text, item.url, item.author_handle) == ("", "", "", "")
    assert item.published_at is None


# --- (c) hostile markup ----------------------------------------------------------------------

_EXPECT = re.compile(
    r"""Expect:\s*not bozo and (?P<field>entries\[0\]\['(?:description|summary|title)'\]"""
    r"""|entries\[0\]\['content'\]\[0\]\['value'\])\s*==\s*"""
    r"""(?P<value>u?'(?:[^'\\]|\\.)*'|u?"(?:[^"\\]|\\.)*")\s*$""",
    re.MULTILINE,
)


def sanitize_expectation(path: Path) -> tuple[str, str] | None:
    """(field, safe HTML) from a sanitize case's header comment, for entry-level cases."""
    match = _EXPECT.search(path.read_text(encoding="utf-8", errors="replace")[:4000])
    if match is None:
        return None
    try:
        value = ast.literal_eval(match["value"])
    except (ValueError, SyntaxError):
        return None
    field = "title" if "'title'" in match["field"] else "text"
    return field, value


def test_sanitize_corpus_yields_plain_text_matching_the_safe_result(http: HttpClient) -> None:
    """Each case's header says what feedparser's safe HTML is; our field is that, as text."""
    root = shared_path("feeds", "feedparser-corpus", "wellformed", "sanitize")
    files = sorted(root.glob("*.xml"))
    assert len(files) > 700
    checked = 0
    failures: list[str] = []
    for path in files:
        items = fetch(http, path)
        for item in items:
            for name, value in text_fields(item).items():
                if problems := hostile_markup(value):
                    failures.append(f"{path.name}: {name} has {problems}: {value[:120]!r}")
        expectation = sanitize_expectation(path)
        if expectation is None:
            continue  # feed-level cases (tagline, copyright ...): no entry to compare
        field, safe_html = expectation
        got = getattr(items[0], field) if items else "<no items>"
        if got != html_to_text(safe_html):
            failures.append(f"{path.name}: {field} {got!r} != {html_to_text(safe_html)!r}")
        checked += 1
    assert checked > 500
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("filename", "field", "expected"),
    [
        ("entry_content_script.xml", "text", "safe description"),
        ("entry_content_script_cdata.xml", "text", "safe description"),
        ("entry_content_script_base64.xml", "text", "safe description"),
        ("entry_content_script_inline.xml", "text", "safe description"),
        ("entry_content_style_tag.xml", "text", "safe description"),
        ("entry_content_onerror.xml", "text", ""),
        ("entry_summary_onload.xml", "text", ""),
        ("entry_title_script.xml", "title", "safe description"),
        ("entry_content_style.xml", "text", "never trust your upstream platypus"),
    ],
)
def test_named_hostile_cases(http: HttpClient, filename: str, field: str, expected: str) -> None:
    path = shared_path("feeds", "feedparser-corpus", "wellformed", "sanitize", filename)
    (item,) = fetch(http, path)
    assert getattr(item, field) == expected


def test_hostile_feed_becomes_inert_data(loopback: LoopbackServer, http: HttpClient) -> None:
    loopback.routes["/hostile"] = Route(
        HOSTILE_ATOM, headers={"Content-Type": "application/atom+xml; charset=utf-8"}
    )
    first, second = fetch(http, loopback.url("/hostile"))
    for item in (first, second):
        for name, value in text_fields(item).items():
            if name == "title" and item is second:
                continue  # declared plain text: checked below
            assert not hostile_markup(value), (name, value)
    assert first.title == "Hello world"
    assert first.text == "click text"
    assert first.extras["feed_title"] == "Feed"
    # A javascript: or data: link is never passed on as the item's URL.
    assert first.url == ""
    assert second.url == ""
    # type="text" is literal text: the "<" characters are the author's words, kept as data
    # (and escaped by whatever renders them), not markup to strip.
    assert second.title == "Why <script> tags matter: x<y"
    assert second.text == "I <3 my GP"


# --- (d) conditional GET ---------------------------------------------------------------------


def test_etag_cursor_gets_304_and_no_items(loopback: LoopbackServer, http: HttpClient) -> None:
    modified = "Tue, 07 Jan 2025 10:00:00 GMT"
    loopback.routes["/feed"] = Route(
        RSS_SIMPLE,
        etag='"feed-v1"',
        headers={"Content-Type": "application/rss+xml", "Last-Modified": modified},
    )
    feed = connector(http, loopback.url("/feed"))
    first = feed.fetch({})
    assert [item.external_id for item in first.items] == ["post-1", "post-2"]
    assert first.next_cursor == {"etag": '"feed-v1"', "last_modified": modified}
    assert header(loopback.requests[0], "If-None-Match") is None

    second = feed.fetch(first.next_cursor)
    assert header(loopback.requests[1], "If-None-Match") == '"feed-v1"'
    assert header(loopback.requests[1], "If-Modified-Since") == modified
    assert second.items == []
    assert second.next_cursor == first.next_cursor


def test_feed_without_validators_gives_an_empty_cursor(
    loopback: LoopbackServer, http: HttpClient
) -> None:
    loopback.routes["/feed"] = Route(RSS_SIMPLE)
    batch = connector(http, loopback.url("/feed")).fetch({"etag": None, "last_modified": None})
    assert len(batch.items) == 2
    assert batch.next_cursor == {"etag": None, "last_modified": None}


# --- (e) not a feed over HTTP ----------------------------------------------------------------


def test_html_page_raises_malformed_response(loopback: LoopbackServer, http: HttpClient) -> None:
    loopback.routes["/page"] = Route(
        b"<!DOCTYPE html><html><head><title>Welcome</title></head>"
        b"<body><h1>High Street Surgery</h1><p>Opening hours</p></body></html>",
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    url = loopback.url("/page")
    with pytest.raises(MalformedResponse) as err:
        fetch(http, url)
    assert str(err.value) == (
        f"{url} did not return an RSS or Atom feed (got text/html); check the feed URL"
    )


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"\x00\xff\xfe garbage \x89PNG\r\n\x1a\n" + bytes(range(256)),
        b"not xml at all, just a sentence",
        b"<?xml version='1.0'?><catalog><book>Not a feed</book></catalog>",
        b'{"version": "https://jsonfeed.org/version/1", "items": []}',
    ],
    ids=["empty", "binary", "prose", "other-xml", "json"],
)
def test_garbage_raises_malformed_response(
    loopback: LoopbackServer, http: HttpClient, body: bytes
) -> None:
    loopback.routes["/junk"] = Route(body, headers={"Content-Type": "application/octet-stream"})
    with pytest.raises(MalformedResponse) as err:
        fetch(http, loopback.url("/junk"))
    assert "\n" not in str(err.value)
    assert "did not return an RSS or Atom feed" in str(err.value)


def test_body_that_looks_like_a_path_is_not_read_from_disk(
    loopback: LoopbackServer, http: HttpClient
) -> None:
    # Regression: feedparser.parse(bytes) first tries open(bytes), so a response whose body
    # is a local path would be parsed from that file. Here the path is a real feed.
    local_feed = shared_path(*REAL_WORLD, "feedjira", "google_alerts_atom.xml")
    loopback.routes["/sneaky"] = Route(str(local_feed).encode())
    with pytest.raises(MalformedResponse):
        fetch(http, loopback.url("/sneaky"))


def test_error_status_raises_fetch_failed(loopback: LoopbackServer, http: HttpClient) -> None:
    loopback.routes["/gone"] = Route(b"<html>Gone</html>", status=410)
    with pytest.raises(FetchFailed) as err:
        fetch(http, loopback.url("/gone"))
    assert str(err.value) == f"{loopback.url('/gone')} answered 410; check the feed URL"


def test_transport_failures_surface_as_source_errors(
    loopback: LoopbackServer, http: HttpClient, tmp_path: Path
) -> None:
    loopback.routes["/cut"] = Route(RSS_SIMPLE, truncate_to=200)
    with pytest.raises(FetchFailed):
        fetch(http, loopback.url("/cut"))
    with pytest.raises(FetchFailed) as err:
        fetch(http, tmp_path / "no-such-feed.xml")
    assert "no-such-feed.xml" in str(err.value)


def test_random_cuts_and_mutations_only_raise_source_errors(
    loopback: LoopbackServer, http: HttpClient
) -> None:
    document = shared_path(*REAL_WORLD, "rss-parser", "guardian.rss").read_bytes()
    rng = random.Random(20250107)  # fixed seed: failures are reproducible
    bodies = [document[: rng.randrange(len(document))] for _ in range(15)]
    for _ in range(15):
        mutated = bytearray(document)
        for _ in range(50):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        bodies.append(bytes(mutated))
    crashes = []
    for index, body in enumerate(bodies):
        loopback.routes["/fuzz"] = Route(body)
        try:
            for item in fetch(http, loopback.url("/fuzz")):
                assert_item_contract(item)
        except SourceError:
            pass
        except Exception as exc:
            crashes.append(f"body {index}: {type(exc).__name__}: {exc}")
    assert not crashes, "\n".join(crashes)


# --- (f) payload -----------------------------------------------------------------------------


def test_payload_is_the_exact_served_bytes(loopback: LoopbackServer, http: HttpClient) -> None:
    served = shared_path(*REAL_WORLD, "rss-parser", "encoding.rss").read_bytes()
    content_type = "application/rss+xml; charset=ISO-8859-1"
    loopback.routes["/feed.rss"] = Route(served, headers={"Content-Type": content_type})
    items = fetch(http, loopback.url("/feed.rss"))
    assert len(items) == 40
    payload = items[0].payload
    assert payload.data == served
    assert payload.sha256 == hashlib.sha256(served).hexdigest()
    assert payload.content_type == content_type
    assert payload.url == loopback.url("/feed.rss")
    assert payload.fetched_at.tzinfo is not None
    # one document, one Payload: stored once, by hash
    assert all(item.payload is payload for item in items)
    assert all(item.fetched_at == payload.fetched_at for item in items)


def test_file_payload_is_the_exact_file_bytes(http: HttpClient) -> None:
    path = shared_path(*REAL_WORLD, "feedjira", "google_alerts_atom.xml")
    items = fetch(http, path)
    assert items[0].payload.data == path.read_bytes()
    assert items[0].payload.url == path.as_uri()


# --- (g) identity and fields -----------------------------------------------------------------


def test_entries_without_id_or_link_get_stable_ids(
    loopback: LoopbackServer, http: HttpClient
) -> None:
    loopback.routes["/noids"] = Route(RSS_NO_IDS)
    first = [item.external_id for item in fetch(http, loopback.url("/noids"))]
    second = [item.external_id for item in fetch(http, loopback.url("/noids"))]
    assert first == second
    assert len(first) == 3
    assert len(set(first)) == 3  # same title, different dates: different entries
    assert all(re.fullmatch(r"sha256:[0-9a-f]{64}", external_id) for external_id in first)


def test_fields_of_a_simple_feed(loopback: LoopbackServer, http: HttpClient) -> None:
    loopback.routes["/feed"] = Route(RSS_SIMPLE, headers={"Content-Type": "application/rss+xml"})
    feed = connector(http, loopback.url("/feed"), name="mentions", practice_hint="F84001")
    first, second = feed.fetch({}).items
    assert first.key == ("rss", "post-1")
    assert first.url == "https://example.org/posts/1"
    assert first.title == "Great care at High Street Surgery"
    assert first.text == "The nurse was lovely. Thanks!"  # paragraphs separated, tags gone
    assert first.author_handle == "pat@example.org (Pat)"
    assert first.published_at == datetime(2025, 1, 7, 9, 30, tzinfo=UTC)  # +0100 -> UTC
    assert first.extras == {
        "feed_title": "High Street Surgery mentions",
        "tags": ["praise", "nhs"],
    }
    assert (first.source_name, first.practice_hint) == ("mentions", "F84001")
    assert second.published_at is None
    assert feed.kind == "rss"


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        (
            "https://www.google.com/url?rct=j&sa=t&url=https://example.org/a%3Fb%3D1&ct=ga",
            "https://example.org/a?b=1",
        ),
        ("https://www.google.co.uk/url?q=https://example.org/x&sa=U", "https://example.org/x"),
        ("https://www.google.com/url?url=javascript:alert(1)", None),  # not unwrapped
        ("https://www.google.com/search?url=https://example.org/", None),
        ("https://evil.example/url?url=https://example.org/", None),
        ("https://example.org/plain", None),
        ("http://[::1/broken", None),
        ("", None),
    ],
)
def test_unwrap_google_url(link: str, expected: str | None) -> None:
    assert unwrap_google_url(link) == (expected if expected is not None else link)


# --- html_to_text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("", ""),
        ("plain words", "plain words"),
        ("  spaced \n\t out\u00a0text  ", "spaced out text"),
        ("<b>bold</b> and <i>it</i>alic", "bold and italic"),
        ("<p>one</p><p>two</p>", "one two"),
        ("line<br>break<br/>again", "line break again"),
        ("<ul><li>a</li><li>b</li></ul>", "a b"),
        ("Fish &amp; chips &pound;5 &#8212; &#x27;ok&#x27; &nbsp;!", "Fish & chips £5 — 'ok' !"),
        ("safe<script>alert('x')</script> text", "safe text"),
        ("<style>p { color: red }</style>visible", "visible"),
        ("<noscript><img src=x onerror=alert(1)></noscript>shown", "shown"),
        ("<iframe><script>alert(1)</script></iframe>after", "after"),
        ("<textarea><img onerror=x></textarea>after", "after"),
        ('<a href="javascript:alert(1)" onclick="x()">link text</a>', "link text"),
        ("<!-- a comment <b>x</b> -->kept", "kept"),
        # escaped twice (as Reddit's feeds do): still markup after one pass, so parsed again
        ("&lt;script&gt;alert(1)&lt;/script&gt;", ""),
        ("&lt;div class=&quot;md&quot;&gt;&lt;p&gt;hi&lt;/p&gt;&lt;/div&gt;", "hi"),
        ("x &lt; y and 2 &gt; 1", "x < y and 2 > 1"),
        ("<title>head text</title>body text", "body text"),
        ("unclosed <b>bold <i>and italic", "unclosed bold and italic"),
        ("ctrl\x00\x07chars\x1b", "ctrlchars"),
        ("I <3 my GP", "I <3 my GP"),
    ],
)
def test_html_to_text(fragment: str, expected: str) -> None:
    assert html_to_text(fragment) == expected
