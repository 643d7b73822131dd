"""The Reddit connector against Reddit's real recorded answers, served over loopback.

The cassettes in ../shared/data/recorded/reddit-praw/ were recorded by praw's own test-suite
against reddit.com. tests/support/betamax_replay.py serves them on 127.0.0.1 at their recorded
paths, and praw itself (token request included) does every request.
"""

from __future__ import annotations

import copy
import json
import logging
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from connectors.base import (
    CredentialsMissing,
    FetchFailed,
    MalformedResponse,
    PartialFetch,
    RateLimited,
)
from connectors.http import HttpSettings
from connectors.reddit import RedditConnector, plan_listings
from connectors.social import CredentialsRejected, pack_or_queries, search_terms
from flows import steps
from gpwatch.config import Practice, RedditSource
from storage.store import Store
from tests.conftest import shared_path
from tests.support.betamax_replay import Interaction, ReplayServer, Reply, load_cassette

CLIENT_ID = "test-client-id-7c1f"
CLIENT_SECRET = "test-client-secret-93ab5e"
PRACTICES = [
    Practice(
        ods="X99001",
        name="Elm Tree Surgery",
        aliases=["Elm Tree Medical Practice"],
        town="Sheffield",
    )
]
JSON = [("Content-Type", "application/json; charset=UTF-8")]


def cassette(name: str) -> Path:
    return shared_path("recorded", "reddit-praw", f"{name}.json")


def interactions(name: str) -> list[Interaction]:
    return load_cassette(cassette(name))


@pytest.fixture
def creds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GPWATCH_REDDIT_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("GPWATCH_REDDIT_CLIENT_SECRET", CLIENT_SECRET)
    monkeypatch.delenv("GPWATCH_REDDIT_USERNAME", raising=False)
    monkeypatch.delenv("GPWATCH_REDDIT_PASSWORD", raising=False)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with ReplayServer() as srv:
        yield srv


def connector(
    srv: ReplayServer,
    *,
    subreddits: list[str],
    comments: bool = False,
    search: bool = False,
    limit: int = 100,
    page_size: int = 100,
    max_wait: float = 120.0,
    retries: int = 0,
) -> RedditConnector:
    source = RedditSource(
        name="reddit",
        kind="reddit",
        subreddits=subreddits,
        comments=comments,
        search=search,
        limit=limit,
        page_size=page_size,
        base_url=srv.url,
    )
    settings = HttpSettings(retries=retries, timeout_seconds=5, max_retry_after_seconds=max_wait)
    return RedditConnector(source, PRACTICES, settings)


def children(it: Interaction) -> list[dict]:
    return [c["data"] for c in it.json()["data"]["children"]]


def token_reply() -> Reply:
    return interactions("TestSubredditListings.test_new")[0].reply


def listing_reply(kids: list[dict], template: Interaction) -> Reply:
    """A listing page built from recorded children, with the recording's status and headers."""
    body = template.json()
    body["data"]["children"] = [
        {"kind": "t3" if k["name"].startswith("t3_") else "t1", "data": k} for k in kids
    ]
    body["data"]["after"] = None
    return Reply(template.reply.status, list(template.reply.headers), json.dumps(body).encode())


# ---- parsing real listings ------------------------------------------------------------------


def test_new_submissions_are_parsed_from_the_real_listing(server, creds):
    recorded = server.add_cassette(cassette("TestSubredditListings.test_new"))
    batch = connector(server, subreddits=["askreddit"]).fetch({})
    kids = children(recorded[1])
    assert [i.external_id for i in batch.items] == [k["name"] for k in kids]
    first, raw = batch.items[0], kids[0]
    assert first.source == "reddit" and first.external_id.startswith("t3_")
    assert first.url == "https://www.reddit.com" + raw["permalink"]
    assert first.title == raw["title"] and first.text == raw["selftext"]
    assert first.author_handle == raw["author"]
    assert (
        first.published_at.tzinfo is not None
        and first.published_at.utcoffset().total_seconds() == 0
    )
    assert first.published_at.timestamp() == raw["created_utc"]
    assert first.extras["subreddit"] == raw["subreddit"] and first.extras["kind"] == "submission"
    # the evidence is the listing exactly as Reddit sent it
    assert first.payload.data == recorded[1].reply.body
    assert all(i.payload.sha256 == first.payload.sha256 for i in batch.items)
    # praw logged in with the app's credentials, then used the token Reddit gave it
    token_req, listing_req = server.requests
    assert (token_req.method, token_req.path) == ("POST", "/api/v1/access_token")
    assert b"grant_type=client_credentials" in token_req.body
    assert token_req.headers["Authorization"].startswith("Basic ")
    assert listing_req.headers["Authorization"] == "bearer <ACCESS_TOKEN>"
    assert (
        "PRAW/" in listing_req.headers["User-Agent"]
        and "gpwatch/" in listing_req.headers["User-Agent"]
    )


def test_new_comments_carry_author_ids_and_parents(server, creds):
    recorded = server.add_cassette(
        cassette("TestSubredditStreams.test_comments__with_continue_after_id")
    )
    empty = interactions("TestSubredditStreams.test_comments__with_pause")[
        2
    ]  # a real empty listing
    server.add("GET", "/r/<TEST_SUBREDDIT>/new", empty.reply)
    batch = connector(server, subreddits=["<TEST_SUBREDDIT>"], comments=True).fetch({})
    kids = children(recorded[1])
    assert [i.external_id for i in batch.items] == [k["name"] for k in kids]
    for item, raw in zip(batch.items, kids, strict=True):
        assert item.text == raw["body"]
        assert item.author_handle == raw["author"] and item.author_id == raw["author_fullname"]
        assert (
            item.extras["parent_id"] == raw["parent_id"]
            and item.extras["link_id"] == raw["link_id"]
        )
        assert item.url == "https://www.reddit.com" + raw["permalink"]
        assert item.extras["kind"] == "comment" and item.title == ""
    assert set(batch.next_cursor["listings"]) == {
        "new:r/<TEST_SUBREDDIT>",
        "comments:r/<TEST_SUBREDDIT>",
    }
    assert batch.next_cursor["listings"]["new:r/<TEST_SUBREDDIT>"] == {}  # nothing seen there yet


def test_deleted_and_removed_comments_keep_no_text_or_author(server, creds):
    recorded = interactions("TestSubredditStreams.test_comments__with_continue_after_id")
    kids = copy.deepcopy(children(recorded[1])[:3])
    # how Reddit presents a comment its author deleted, and one a moderator removed
    kids[0].update(author="[deleted]", body="[deleted]", author_fullname=None)
    kids[1].update(author="[deleted]", body="[removed]")
    server.add("POST", "/api/v1/access_token", recorded[0].reply)
    server.add("GET", "/r/gps/comments", listing_reply(kids, recorded[1]))
    server.add(
        "GET", "/r/gps/new", interactions("TestSubredditStreams.test_comments__with_pause")[2].reply
    )
    items = connector(server, subreddits=["gps"], comments=True).fetch({}).items
    deleted, removed, kept = items
    assert (
        deleted.extras["status"] == "deleted" and deleted.text == "" and deleted.author_handle == ""
    )
    assert removed.extras["status"] == "removed" and removed.text == "" and removed.author_id == ""
    assert "status" not in kept.extras and kept.text == kids[2]["body"]


# ---- pagination and cursors -----------------------------------------------------------------


def test_pages_follow_reddits_after_parameter(server, creds):
    recorded = server.add_cassette(cassette("TestSubredditListings.test_new"))
    server.add_paged_listing("/r/askreddit/new", recorded[1])
    batch = connector(server, subreddits=["askreddit"], page_size=30).fetch({})
    names = [k["name"] for k in children(recorded[1])]
    assert [i.external_id for i in batch.items] == names
    pages = server.requests_to("/r/askreddit/new")
    assert [r.query.get("after") for r in pages] == [None, names[29], names[59], names[89]]
    assert [r.query["limit"] for r in pages] == ["30", "30", "30", "10"]
    # each item's evidence is the page it was on
    assert len({i.payload.sha256 for i in batch.items}) == 4


def test_a_second_run_fetches_only_what_is_new(server, creds):
    recorded = interactions("TestSubredditStreams.test_submissions")
    older, newer = children(recorded[1]), children(recorded[2])
    assert min(k["created_utc"] for k in newer) > max(k["created_utc"] for k in older)
    server.add("POST", "/api/v1/access_token", recorded[0].reply)
    conn = connector(server, subreddits=["all"], page_size=2)
    # run 1: the listing as it was
    server.add_paged_listing("/r/all/new", recorded[1], times=50)
    first = conn.fetch({})
    assert [i.external_id for i in first.items] == [k["name"] for k in older]
    # run 2: four posts have arrived on top (Reddit's own later answer)
    server.requests.clear()
    later = Interaction("GET", recorded[1].uri, listing_reply(newer + older, recorded[1]))
    server.add_paged_listing("/r/all/new", later)
    second = conn.fetch(first.next_cursor)
    assert [i.external_id for i in second.items] == [k["name"] for k in newer]
    # two pages of new posts, then one page that starts with an old one: no deeper paging
    assert len(server.requests_to("/r/all/new")) == 3
    # run 3: nothing new
    third = conn.fetch(second.next_cursor)
    assert third.items == []
    assert third.next_cursor == second.next_cursor


# ---- rate limits ----------------------------------------------------------------------------


def test_reddits_rate_limit_headers_are_read(server, creds):
    recorded = server.add_cassette(
        cassette("TestSubredditStreams.test_comments__with_continue_after_id")
    )
    server.add(
        "GET",
        "/r/<TEST_SUBREDDIT>/new",
        interactions("TestSubredditStreams.test_comments__with_pause")[2].reply,
    )
    conn = connector(server, subreddits=["<TEST_SUBREDDIT>"], comments=True)
    conn.fetch({})
    headers = dict((k.lower(), v) for k, v in recorded[1].reply.headers)
    assert conn.rate.remaining == float(headers["x-ratelimit-remaining"])
    assert conn.rate.used == int(headers["x-ratelimit-used"])
    assert conn.rate.reset_seconds == float(headers["x-ratelimit-reset"])


def test_an_exhausted_allowance_stops_cleanly_instead_of_sleeping(server, creds):
    recorded = server.add_cassette(
        cassette("TestSubredditStreams.test_comments__with_continue_after_id")
    )
    # the recorded page, as Reddit sends it when this was the last request of the window
    exhausted = recorded[1].with_reply = Interaction(
        "GET", recorded[1].uri, recorded[1].reply.with_headers(x_ratelimit_remaining="0.0")
    )
    server.add_paged_listing("/r/<TEST_SUBREDDIT>/comments", exhausted)
    server.add(
        "GET",
        "/r/<TEST_SUBREDDIT>/new",
        interactions("TestSubredditStreams.test_comments__with_pause")[2].reply,
    )
    conn = connector(
        server, subreddits=["<TEST_SUBREDDIT>"], comments=True, page_size=40, max_wait=60
    )
    started = time.monotonic()
    with pytest.raises(PartialFetch) as info:
        conn.fetch({})
    assert time.monotonic() - started < 5  # x-ratelimit-reset is 525 s: it did not wait
    assert isinstance(info.value.cause, RateLimited)
    assert "x-ratelimit-remaining 0" in str(info.value) and "\n" not in str(info.value)
    assert len(info.value.batch.items) == 40  # the page it had is kept
    assert len(server.requests_to("/r/<TEST_SUBREDDIT>/comments")) == 1
    # the comments listing keeps its old (empty) cursor: its next run starts from the top again
    assert "comments:r/<TEST_SUBREDDIT>" not in info.value.batch.next_cursor["listings"]


def test_429_is_rate_limited_with_reddits_wait(server, creds):
    server.add_cassette(cassette("TestSubredditListings.test_new"))
    server.add(
        "GET",
        "/r/askreddit/new",
        Reply(
            429, [*JSON, ("Retry-After", "37")], b'{"message": "Too Many Requests", "error": 429}'
        ),
    )
    with pytest.raises(RateLimited) as info:
        connector(server, subreddits=["askreddit"]).fetch({})
    assert info.value.retry_after == 37
    assert "429" in str(info.value) and "37 s" in str(info.value)


# ---- credentials ------------------------------------------------------------------------------


def test_missing_credentials_name_the_variables(server, monkeypatch):
    monkeypatch.delenv("GPWATCH_REDDIT_CLIENT_ID", raising=False)
    monkeypatch.delenv("GPWATCH_REDDIT_CLIENT_SECRET", raising=False)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with pytest.raises(CredentialsMissing) as info:
        connector(server, subreddits=["askreddit"]).fetch({})
    message = str(info.value)
    assert "GPWATCH_REDDIT_CLIENT_ID" in message and "GPWATCH_REDDIT_CLIENT_SECRET" in message
    assert "\n" not in message
    assert server.requests == []  # nothing was sent without credentials


def test_rejected_token_request_names_the_variables_not_their_values(server, creds, caplog):
    server.add(
        "POST",
        "/api/v1/access_token",
        Reply(401, JSON, b'{"message": "Unauthorized", "error": 401}'),
    )
    caplog.set_level(logging.DEBUG)
    with pytest.raises(CredentialsRejected) as info:
        connector(server, subreddits=["askreddit"]).fetch({})
    message = str(info.value)
    assert "401" in message and "GPWATCH_REDDIT_CLIENT_ID" in message
    assert "GPWATCH_REDDIT_CLIENT_SECRET" in message and "\n" not in message
    for secret in (CLIENT_ID, CLIENT_SECRET):
        assert secret not in message and secret not in caplog.text


def test_expired_token_on_a_listing_is_a_credentials_error(server, creds):
    server.add_cassette(cassette("TestSubredditListings.test_new"))
    server.add(
        "GET",
        "/r/askreddit/new",
        Reply(
            401,
            [*JSON, ("www-authenticate", 'Bearer realm="reddit", error="invalid_token"')],
            b'{"message": "Unauthorized", "error": 401}',
        ),
    )
    with pytest.raises(CredentialsRejected) as info:
        connector(server, subreddits=["askreddit"]).fetch({})
    assert "invalid or expired" in str(info.value)


# ---- broken answers ---------------------------------------------------------------------------


def test_json_cut_short_is_a_malformed_response(server, creds):
    recorded = server.add_cassette(cassette("TestSubredditListings.test_new"))
    cut = recorded[1].reply.body[: len(recorded[1].reply.body) // 2]
    server.add("GET", "/r/askreddit/new", Reply(200, list(recorded[1].reply.headers), cut))
    with pytest.raises(MalformedResponse) as info:
        connector(server, subreddits=["askreddit"]).fetch({})
    assert "cannot be read" in str(info.value)


def test_a_connection_that_breaks_off_mid_body_fails_cleanly(server, creds):
    recorded = server.add_cassette(cassette("TestSubredditListings.test_new"))
    broken = Reply(200, list(recorded[1].reply.headers), recorded[1].reply.body, truncate_to=5000)
    server.add("GET", "/r/askreddit/new", broken)
    with pytest.raises(FetchFailed) as info:
        connector(server, subreddits=["askreddit"]).fetch({})
    assert "broke off" in str(info.value)


def test_a_500_mid_paging_keeps_what_was_stored_and_the_cursor_before_the_gap(
    server, creds, tmp_path
):
    recorded = server.add_cassette(cassette("TestSubredditListings.test_new"))
    names = [k["name"] for k in children(recorded[1])]
    server.add_paged_listing("/r/askreddit/new", recorded[1])
    server.add(
        "GET",
        "/r/askreddit/new",
        Reply(500, JSON, b'{"message": "Internal Server Error"}'),
        query={"after": names[29]},
        times=1,
    )
    store = Store(tmp_path / "gpwatch.duckdb")
    conn = connector(server, subreddits=["askreddit"], page_size=30)

    outcome = steps.collect_source(conn, store, "run-1")
    assert outcome.status == "partial" and "500" in outcome.error
    assert (outcome.fetched, outcome.new) == (30, 30)
    with store.db.read() as con:
        stored = {r[0] for r in con.execute("SELECT external_id FROM raw_items").fetchall()}
    assert stored == set(names[:30])
    assert store.get_cursor("reddit") == {"listings": {}}  # not moved past the gap

    outcome = steps.collect_source(conn, store, "run-2")
    assert outcome.status == "ok" and (outcome.fetched, outcome.new, outcome.seen) == (100, 70, 30)
    assert store.count("raw_items") == 100
    cursor = store.get_cursor("reddit")["listings"]["new:r/askreddit"]
    assert cursor["ids"] == [names[0]]

    outcome = steps.collect_source(conn, store, "run-3")
    assert (outcome.fetched, outcome.new) == (0, 0)
    # the stored evidence is the recorded page bytes
    with store.db.read() as con:
        sha = con.execute(
            "SELECT payload_sha256 FROM raw_items WHERE external_id = ?", [names[0]]
        ).fetchone()[0]
    assert json.loads(store.payload_bytes(sha))["data"]["children"][0]["data"]["name"] == names[0]
    # neither the app's credentials nor the access token went into the database
    with store.db.read() as con:
        payloads = con.execute("SELECT url, data FROM payloads").fetchall()
        rows = con.execute("SELECT * FROM raw_items").fetchall()
        cursors = con.execute("SELECT cursor::VARCHAR FROM cursors").fetchall()
    stored = b"".join(u.encode() + bytes(d) for u, d in payloads) + repr(rows + cursors).encode()
    for secret in (CLIENT_ID, CLIENT_SECRET, "<ACCESS_TOKEN>", "access_token"):
        assert secret.encode() not in stored


def test_one_missing_subreddit_does_not_stop_the_others(server, creds):
    server.add_cassette(cassette("TestSubredditListings.test_new"))
    with pytest.raises(PartialFetch) as info:
        connector(server, subreddits=["no_such_sub_xyz", "askreddit"]).fetch({})
    assert "no_such_sub_xyz" in str(info.value) and "check subreddits" in str(info.value)
    assert len(info.value.batch.items) == 100
    assert set(info.value.batch.next_cursor["listings"]) == {"new:r/askreddit"}


def test_cursor_entries_of_listings_no_longer_configured_are_dropped(server, creds):
    server.add_cassette(cassette("TestSubredditListings.test_new"))
    stale = {"listings": {"new:r/oldtown": {"created_utc": 1.0, "ids": ["t3_x"]}}}
    batch = connector(server, subreddits=["askreddit"]).fetch(stale)
    assert set(batch.next_cursor["listings"]) == {"new:r/askreddit"}


# ---- searches for practice names --------------------------------------------------------------


def test_search_asks_for_the_practice_names_newest_first(server, creds):
    recorded = interactions("TestSubreddit.test_search")
    server.add("POST", "/api/v1/access_token", recorded[0].reply)
    server.add("GET", "/r/all/search", recorded[1].reply)  # the recorded answer, whatever the q
    batch = connector(server, subreddits=[], search=True).fetch({})
    assert [i.external_id for i in batch.items] == [k["name"] for k in children(recorded[1])]
    (request,) = server.requests_to("/r/all/search")
    assert request.query["q"] == '"Elm Tree Surgery" OR "Elm Tree Medical Practice"'
    assert request.query["sort"] == "new" and request.query["restrict_sr"] == "off"
    assert all(i.extras["listing"].startswith("search:r/all:") for i in batch.items)


def test_search_queries_stay_within_reddits_limit_and_leave_no_practice_out():
    practices = [
        Practice(ods=f"Y{n:05d}", name=f"Practice Number {n} Medical Centre") for n in range(300)
    ]
    source = RedditSource(name="r", kind="reddit", subreddits=["sheffield", "NHS"], search=True)
    listings = plan_listings(source, practices)
    searches = [x for x in listings if x.key.startswith("search:")]
    assert all(len(x.params["q"]) <= 512 for x in searches)
    found = " ".join(x.params["q"] for x in searches)
    assert all(f'"{p.name}"' in found for p in practices)
    assert all(
        x.path == "r/sheffield+NHS/search" and x.params["restrict_sr"] == "on" for x in searches
    )
    assert len(searches) == len(pack_or_queries(search_terms(practices), 512)) < 30


# ---- in a real monitoring run -----------------------------------------------------------------


def test_a_run_with_reddit_credentials_missing_completes_the_other_sources(
    prefect_api, tmp_path, monkeypatch
):
    from flows.monitor import monitor

    monkeypatch.delenv("GPWATCH_REDDIT_CLIENT_ID", raising=False)
    monkeypatch.delenv("GPWATCH_REDDIT_CLIENT_SECRET", raising=False)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    feed = Path(__file__).resolve().parent.parent / "demo" / "feeds" / "sheffield-news.xml"
    config = tmp_path / "gpwatch.toml"
    config.write_text(
        textwrap.dedent(f"""
        [database]
        path = "db/gpwatch.duckdb"
        [[practices]]
        ods = "X99001"
        name = "Elm Tree Surgery"
        town = "Sheffield"
        [[sources]]
        name = "reddit"
        kind = "reddit"
        subreddits = ["sheffield"]
        base_url = "http://127.0.0.1:9"
        [[sources]]
        name = "local-news"
        kind = "rss"
        url = "{feed.as_uri()}"
    """),
        encoding="utf-8",
    )
    summary = monitor(str(config))
    by_name = {s["source"]: s for s in summary["sources"]}
    assert by_name["local-news"]["status"] == "ok" and by_name["local-news"]["new"] > 0
    assert by_name["reddit"]["status"] == "failed"
    error = by_name["reddit"]["error"]
    assert (
        "\n" not in error
        and "set GPWATCH_REDDIT_CLIENT_ID and GPWATCH_REDDIT_CLIENT_SECRET" in error
    )
    assert summary["status"] == "partial"
