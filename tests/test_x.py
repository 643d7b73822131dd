"""The X connector over real HTTP: tweepy's own Client makes every request, to a loopback
server that replays the X API v2 answers recorded by tweepy's test suite (and, for shapes
the recordings lack, fixtures written from the API documentation)."""

from __future__ import annotations

import gzip
import json
import logging
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from connectors.base import CredentialsMissing, FetchFailed, MalformedResponse, PartialFetch
from connectors.base import RateLimited as RateLimitedError
from connectors.factory import build_connectors
from connectors.http import HttpClient, HttpSettings
from connectors.x import (
    CredentialsRejected,
    UsageCapExceeded,
    XConnector,
    snowflake_time,
)
from flows.steps import collect_source
from gpwatch.config import Config, Practice, XSource
from gpwatch.models import Batch
from storage.store import Store
from tests.conftest import shared_path
from tests.support.vcr_replay import Answer, ReplayServer, load_cassette

FIXTURES = Path(__file__).parent / "fixtures" / "x"
SEARCH = "/2/tweets/search/recent"
TOKEN = "AAAAtest-bearer-7f3c9e1d5b-do-not-leak"
ENV = "GPWATCH_X_BEARER_TOKEN"

ELM = Practice(
    ods="X99001",
    name="Elm Tree Surgery",
    town="Whitby",
    handles=["@ElmTreeSurgery"],
    x_user_id="783214",  # the account whose mentions tweepy recorded
)
BEACON = Practice(ods="X99002", name="Beacon Medical Practice", town="Leeds")


def recorded(name: str) -> Answer:
    """The answer of a recorded cassette (gzip bytes and all), from ../shared."""
    path = shared_path("recorded", "x-tweepy", f"{name}.yaml")
    (interaction,) = load_cassette(path)
    return interaction.answer


def fixture(name: str, status: int = 200, **headers: str) -> Answer:
    answer = Answer(
        status,
        [("content-type", "application/json; charset=utf-8")],
        (FIXTURES / f"{name}.json").read_bytes(),
    )
    return answer.with_headers(**headers) if headers else answer


def connector(
    server: ReplayServer,
    practices: list[Practice] | None = None,
    *,
    sleeps: list[float] | None = None,
    retries: int = 0,
    **options: Any,
) -> XConnector:
    settings: dict[str, Any] = {"mentions_timeline": False, "max_pages": 5}
    settings.update(options)
    source = XSource(kind="x", name="x", base_url=server.base_url, **settings)
    record = sleeps if sleeps is not None else []
    return XConnector(
        "x",
        source,
        practices or [ELM],
        HttpSettings(retries=retries, backoff_seconds=0.01, timeout_seconds=5),
        sleep=record.append,
    )


@pytest.fixture
def server():
    with ReplayServer() as srv:
        yield srv


@pytest.fixture(autouse=True)
def token(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(ENV, TOKEN)
    return TOKEN


def only_search_params(server: ReplayServer) -> list[dict[str, str]]:
    return [r.params for r in server.requests_to(SEARCH)]


# --- real recorded tweets -------------------------------------------------------------------


def test_recorded_search_is_parsed_from_the_bytes_tweepy_fetched(server: ReplayServer) -> None:
    answer = recorded("test_client_search_recent_tweets")
    server.add(SEARCH, answer)
    batch = connector(server, max_pages=1).fetch({})

    body = json.loads(gzip.decompress(answer.body))
    assert [i.external_id for i in batch.items] == [t["id"] for t in body["data"]]
    assert [i.text for i in batch.items] == [t["text"] for t in body["data"]]
    first = batch.items[0]
    # the payload is the body exactly as fetched (after the gzip transfer coding)
    assert first.payload.data == gzip.decompress(answer.body)
    assert first.payload.content_type.startswith("application/json")
    assert first.source == "x" and first.source_name == "x"
    # the recording asked for no author fields: no handle, but still a working permalink
    assert first.author_handle == ""
    assert first.url == f"https://x.com/i/web/status/{first.external_id}"
    # each recorded text says when its script posted it; the id's timestamp must agree
    for item in batch.items:
        printed = datetime.fromisoformat(item.text.split(" tweepy")[0]).replace(tzinfo=UTC)
        assert item.published_at is not None
        assert abs((item.published_at - printed).total_seconds()) < 2
    (sent,) = server.requests
    assert sent.headers["Authorization"] == f"Bearer {TOKEN}"
    assert "Tweepy/4.17" in sent.headers["User-Agent"]
    assert sent.headers["User-Agent"].startswith("gpwatch/")
    assert sent.params["expansions"] == "author_id"
    assert "username" in sent.params["user.fields"]
    assert "created_at" in sent.params["tweet.fields"]
    assert sent.params["query"] == '("Elm Tree Surgery" OR @ElmTreeSurgery) -is:retweet lang:en'
    assert "since_id" not in sent.params


def test_authors_come_from_includes_and_unavailable_ones_do_not_crash(
    server: ReplayServer,
) -> None:
    server.add(SEARCH, fixture("search_with_authors"))
    batch = connector(server).fetch({})
    by_handle = {i.author_handle: i for i in batch.items}
    body = json.loads((FIXTURES / "search_with_authors.json").read_bytes())
    assert len(batch.items) == len(body["data"])
    sam = by_handle["@sam_waits"]
    assert sam.author_id == "1456789012345678901"
    assert sam.url == f"https://x.com/sam_waits/status/{sam.external_id}"
    assert sam.published_at == datetime(2026, 11, 30, 8, 12, 45, tzinfo=UTC)
    assert sam.extras["created_at_from"] == "created_at" and sam.extras["lang"] == "en"
    assert sam.extras["author_name"] == "Sam Patient"
    # the suspended author is in `errors`, not `includes`: kept, with the reason noted
    suspended = next(i for i in batch.items if i.author_id == "1511122233344455566")
    assert suspended.author_handle == ""
    assert "suspended" in suspended.extras["author_unavailable"]
    # hostile markup is kept as the literal text a reader saw (escaping is the views' job)
    assert any("<script>" in i.text for i in batch.items)
    # created_at and the id's own timestamp agree in the fixture, as on X
    assert snowflake_time(sam.external_id) == sam.published_at


def test_a_page_with_only_errors_and_broken_entries_yields_what_is_usable(
    server: ReplayServer,
) -> None:
    body = {
        "data": [
            {"id": "1578516068309794817"},
            "junk",
            {"id": "1578515564971970560", "text": "ok"},
        ],
        "errors": [
            {
                "resource_id": "1",
                "detail": "Could not find tweet with id: [1].",
                "title": "Not Found Error",
                "resource_type": "tweet",
                "type": "https://api.twitter.com/2/problems/resource-not-found",
            }
        ],
        "meta": {"result_count": 3},
    }
    server.add(SEARCH, Answer.json(body))
    batch = connector(server).fetch({})
    assert [i.external_id for i in batch.items] == ["1578515564971970560"]


# --- pagination and cursors -----------------------------------------------------------------


def paged_search(server: ReplayServer) -> tuple[Answer, Answer]:
    """Page 1: the later recording; page 2 (asked for with page 1's token): the earlier one;
    page 3 (with page 2's token): nothing more."""
    page1 = recorded("test_asyncclient_search_recent_tweets")
    page2 = recorded("test_client_search_recent_tweets")
    token1 = page1.decoded_json()["meta"]["next_token"]
    token2 = page2.decoded_json()["meta"]["next_token"]
    server.add(SEARCH, page2, when={"next_token": token1})
    server.add(SEARCH, fixture("empty_page"), when={"next_token": token2})
    server.add(SEARCH, page1)
    return page1, page2


def test_pages_are_followed_with_next_token_and_the_cursor_takes_the_newest_id(
    server: ReplayServer,
) -> None:
    page1, page2 = paged_search(server)
    batch = connector(server).fetch({})
    ids1 = [t["id"] for t in page1.decoded_json()["data"]]
    ids2 = [t["id"] for t in page2.decoded_json()["data"]]
    assert [i.external_id for i in batch.items] == ids1 + ids2
    sent = only_search_params(server)
    assert [p.get("next_token") for p in sent] == [
        None,
        page1.decoded_json()["meta"]["next_token"],
        page2.decoded_json()["meta"]["next_token"],
    ]
    (entry,) = batch.next_cursor["search"].values()
    assert (
        entry["since_id"] == max(ids1 + ids2, key=int) == page1.decoded_json()["meta"]["newest_id"]
    )
    assert {i.extras["page"] for i in batch.items} == {1, 2}


def test_a_pile_on_bigger_than_max_pages_is_read_in_full_over_the_next_runs(
    server: ReplayServer, caplog: pytest.LogCaptureFixture
) -> None:
    page1 = recorded("test_asyncclient_search_recent_tweets").decoded_json()
    page2 = recorded("test_client_search_recent_tweets").decoded_json()
    newest, oldest1 = page1["meta"]["newest_id"], page1["meta"]["oldest_id"]
    oldest2 = page2["meta"]["oldest_id"]
    # nothing newer than what run 1 read; below it, the older recording, then nothing
    server.add(SEARCH, fixture("empty_page"), when={"since_id": newest})
    server.add(SEARCH, recorded("test_client_search_recent_tweets"), when={"until_id": oldest1})
    server.add(SEARCH, fixture("empty_page"), when={"until_id": oldest2})
    paged_search(server)
    conn = connector(server, max_pages=1)

    with caplog.at_level(logging.WARNING, logger="connectors.x"):
        run1 = conn.fetch({})
    assert len(server.requests) == 1 and len(run1.items) == 10
    assert "more new posts than 1 pages" in caplog.text
    (entry,) = run1.next_cursor["search"].values()
    assert "since_id" not in entry  # nothing is claimed as read below the gap
    assert entry["gap"] == {"until_id": oldest1, "newest": newest}

    run2 = conn.fetch(run1.next_cursor)
    sent = [(r.params.get("since_id"), r.params.get("until_id")) for r in server.requests[1:]]
    assert sent == [(newest, None), (None, oldest1)]  # new posts first, then the gap
    assert [i.external_id for i in run2.items] == [t["id"] for t in page2["data"]]
    (entry,) = run2.next_cursor["search"].values()
    assert entry["gap"] == {"until_id": oldest2, "newest": newest}

    run3 = conn.fetch(run2.next_cursor)
    assert run3.items == []
    (entry,) = run3.next_cursor["search"].values()
    assert entry["since_id"] == newest and "gap" not in entry  # the gap is closed


def test_a_gap_with_a_since_id_is_closed_up_to_it(server: ReplayServer) -> None:
    page2 = recorded("test_client_search_recent_tweets")
    since, until = "1578500000000000000", page2.decoded_json()["data"][0]["id"]
    newest = "1578522194770296832"
    server.add(SEARCH, fixture("empty_page"), when={"since_id": newest})
    server.add(
        SEARCH,
        fixture("empty_page"),
        when={"next_token": page2.decoded_json()["meta"]["next_token"]},
    )
    server.add(SEARCH, page2, when={"since_id": since, "until_id": until})
    server.add(SEARCH, fixture("empty_page"))
    conn = connector(server, max_pages=2)
    key = conn.plan.queries[0].key
    gap = {"since_id": since, "gap": {"until_id": until, "newest": newest}}
    batch = conn.fetch({"v": 1, "search": {key: gap}, "mentions": {}})
    assert len(batch.items) == 10
    assert batch.next_cursor["search"][key]["since_id"] == newest
    assert "gap" not in batch.next_cursor["search"][key]


def test_a_second_run_asks_only_for_posts_after_the_stored_since_id(
    server: ReplayServer, tmp_path: Path
) -> None:
    page1 = recorded("test_asyncclient_search_recent_tweets").decoded_json()
    newest = page1["meta"]["newest_id"]
    server.add(SEARCH, fixture("empty_page"), when={"since_id": newest})
    paged_search(server)
    store = Store(tmp_path / "gpwatch.duckdb")
    conn = connector(server)
    first = collect_source(conn, store, "run-1")
    assert first.status == "ok" and first.new == 20
    before = len(server.requests)

    second = collect_source(conn, store, "run-2")
    assert second.status == "ok" and second.fetched == 0
    (again,) = server.requests[before:]
    assert again.params["since_id"] == newest  # nothing old is asked for again
    assert "next_token" not in again.params
    assert store.count("raw_items") == 20
    (entry,) = store.get_cursor("x")["search"].values()
    assert entry["since_id"] == newest


def test_mentions_timeline_of_the_practice_account(server: ReplayServer) -> None:
    path = f"/2/users/{ELM.x_user_id}/mentions"
    page1 = recorded("test_asyncclient_get_users_mentions")
    page2 = recorded("test_client_get_users_mentions")
    server.add(path, page2, when={"pagination_token": page1.decoded_json()["meta"]["next_token"]})
    server.add(
        path,
        fixture("empty_page"),
        when={"pagination_token": page2.decoded_json()["meta"]["next_token"]},
    )
    server.add(path, page1)
    server.add(SEARCH, fixture("empty_page"))
    batch = connector(server, mentions_timeline=True).fetch({})

    assert len(batch.items) == 12
    assert {i.practice_hint for i in batch.items} == {"X99001"}
    assert {i.extras["endpoint"] for i in batch.items} == {"mentions"}
    sent = server.requests_to(path)
    assert [r.params.get("pagination_token") for r in sent][1:] == [
        page1.decoded_json()["meta"]["next_token"],
        page2.decoded_json()["meta"]["next_token"],
    ]
    assert sent[0].params["expansions"] == "author_id"
    assert (
        batch.next_cursor["mentions"]["783214"]["since_id"]
        == page1.decoded_json()["meta"]["newest_id"]
    )
    # mentions first, then the search (which found nothing new)
    assert server.requests[0].path == path and server.requests[-1].path == SEARCH


def test_mentions_with_authors_and_switching_them_off(server: ReplayServer) -> None:
    path = f"/2/users/{ELM.x_user_id}/mentions"
    server.add(path, fixture("mentions_with_authors"))
    server.add(SEARCH, fixture("empty_page"))
    batch = connector(server, mentions_timeline=True).fetch({})
    assert {i.author_handle for i in batch.items} == {"@sam_waits", "@neighbour_77"}

    server.requests.clear()
    connector(server, mentions_timeline=False).fetch({})
    assert server.requests_to(path) == []


# --- rate limits, caps and credentials ---------------------------------------------------------


def two_query_connector(server: ReplayServer, **options: Any) -> XConnector:
    conn = connector(server, [ELM, BEACON], max_query_length=64, **options)
    assert len(conn.plan.queries) == 2
    return conn


def test_remaining_zero_stops_the_endpoint_cleanly_and_says_when_it_resets(
    server: ReplayServer,
) -> None:
    reset = int(datetime(2030, 1, 1, 18, 5, tzinfo=UTC).timestamp())
    server.add(
        SEARCH,
        fixture("search_with_authors", x_rate_limit_remaining="0", x_rate_limit_reset=str(reset)),
    )
    conn = two_query_connector(server)
    with pytest.raises(PartialFetch) as caught:
        conn.fetch({})
    assert len(server.requests) == 1  # the second query was not sent into a spent limit
    message = str(caught.value)
    assert "x-rate-limit-remaining: 0" in message and "resets at 18:05 UTC" in message
    assert "1 search query left for the next run" in message and "\n" not in message
    assert isinstance(caught.value.cause, RateLimitedError)
    batch = caught.value.batch
    assert len(batch.items) == 4
    (done,) = batch.next_cursor["search"].values()  # only the query that ran moved on
    assert done["since_id"] == "2127314877281210368"  # the newest post of that answer

    # the next run starts with the query this one did not reach
    server.requests.clear()
    server.rules.clear()
    server.add(SEARCH, fixture("empty_page"))
    conn.fetch(batch.next_cursor)
    unreached = next(q for q in conn.plan.queries if q.key not in batch.next_cursor["search"])
    assert server.requests[0].params["query"] == unreached.text


def test_a_limit_used_up_by_the_last_request_needed_is_no_problem(server: ReplayServer) -> None:
    server.add(SEARCH, fixture("search_with_authors", x_rate_limit_remaining="0"))
    batch = connector(server).fetch({})  # no exception: nothing was left undone
    assert len(batch.items) == 4


def test_429_is_a_one_line_rate_limit_with_the_reset_time(server: ReplayServer) -> None:
    reset = int(datetime(2030, 1, 1, 9, 30, tzinfo=UTC).timestamp())
    server.add(SEARCH, fixture("too_many_requests", 429, x_rate_limit_reset=str(reset)))
    with pytest.raises(RateLimitedError) as caught:
        connector(server, retries=2).fetch({})
    message = str(caught.value)
    assert "429" in message and "resets at 09:30 UTC" in message and "\n" not in message
    assert not isinstance(caught.value, UsageCapExceeded)
    assert len(server.requests) == 1  # a 429 is not retried into the limit


@pytest.mark.parametrize("status", [429, 403])
def test_the_monthly_usage_cap_has_its_own_message(server: ReplayServer, status: int) -> None:
    server.add(SEARCH, fixture("usage_cap", status))
    server.add(f"/2/users/{ELM.x_user_id}/mentions", fixture("usage_cap", status))
    with pytest.raises(UsageCapExceeded) as caught:
        connector(server, mentions_timeline=True).fetch({})
    message = str(caught.value)
    assert "monthly usage cap" in message and "UsageCapExceeded" in message
    assert "\n" not in message
    assert len(server.requests) == 1  # the cap stops every endpoint, not just this one


def test_401_names_the_variable_to_check_never_the_token(server: ReplayServer) -> None:
    server.add(SEARCH, fixture("unauthorized", 401))
    with pytest.raises(CredentialsRejected) as caught:
        connector(server).fetch({})
    message = str(caught.value)
    assert ENV in message and "401" in message and "\n" not in message
    assert TOKEN not in message


def test_a_missing_token_fails_this_source_alone_with_the_variable_to_set(
    server: ReplayServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    conn = connector(server)
    with pytest.raises(CredentialsMissing) as caught:
        conn.fetch({})
    assert ENV in str(caught.value) and "\n" not in str(caught.value)
    outcome = collect_source(conn, Store(tmp_path / "gpwatch.duckdb"), "run-1")
    assert outcome.status == "failed" and ENV in (outcome.error or "")
    assert server.requests == []


def test_the_token_is_never_in_errors_logs_or_the_database(
    server: ReplayServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # tweepy logs request headers at DEBUG
    server.add(SEARCH, fixture("unauthorized", 401), when={"since_id": "1578522194770296832"})
    paged_search(server)
    db = tmp_path / "gpwatch.duckdb"
    store = Store(db)
    conn = connector(server)
    ok = collect_source(conn, store, "run-1")
    failed = collect_source(conn, store, "run-2")
    assert ok.status == "ok" and failed.status == "failed"
    assert ENV in (failed.error or "")
    assert "Authorization" in caplog.text  # tweepy did log its headers ...
    assert TOKEN not in caplog.text  # ... with the token blanked
    assert TOKEN not in (failed.error or "")
    # every value of every table (DuckDB compresses strings, so the file's bytes alone
    # could hide it), then the files themselves (database, WAL, spool)
    with store.db.read() as con:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
            ).fetchall()
        ]
        assert "raw_items" in tables and "payloads" in tables
        for table in tables:
            for row in con.execute(f"SELECT * FROM {table}").fetchall():
                assert TOKEN not in repr(row), table
        assert con.execute("SELECT count(*) FROM raw_items").fetchone() == (20,)
    raw = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert TOKEN.encode() not in raw


# --- broken answers -------------------------------------------------------------------------


def test_truncated_json_is_a_malformed_response(server: ReplayServer) -> None:
    body = recorded("test_client_search_recent_tweets").decoded()
    server.add(SEARCH, Answer(200, [("content-type", "application/json")], body[: len(body) // 2]))
    with pytest.raises(MalformedResponse) as caught:
        connector(server).fetch({})
    assert "not complete JSON" in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("body", [b"[1, 2, 3]", b'{"data": {"id": "1"}}', b"<html>oops</html>"])
def test_json_of_the_wrong_shape_is_a_malformed_response(server: ReplayServer, body: bytes) -> None:
    server.add(SEARCH, Answer(200, [("content-type", "application/json")], body))
    with pytest.raises(MalformedResponse):
        connector(server).fetch({})


def test_a_connection_cut_mid_body_is_retried_then_reported(server: ReplayServer) -> None:
    answer = fixture("search_with_authors")
    answer.truncate_to = 40
    server.add(SEARCH, answer)
    sleeps: list[float] = []
    with pytest.raises(FetchFailed) as caught:
        connector(server, retries=1, sleeps=sleeps).fetch({})
    assert len(server.requests) == 2 and len(sleeps) == 1
    assert "after 2 tries" in str(caught.value)


def test_a_server_error_is_retried_and_recovers(server: ReplayServer) -> None:
    server.add(SEARCH, Answer.json({"title": "Internal Server Error"}, status=503), times=1)
    server.add(SEARCH, fixture("search_with_authors"))
    sleeps: list[float] = []
    batch = connector(server, retries=2, sleeps=sleeps).fetch({})
    assert len(batch.items) == 4 and len(sleeps) == 1 and len(server.requests) == 2


def test_a_500_in_the_middle_of_paging_keeps_what_was_stored_and_the_old_cursor(
    server: ReplayServer, tmp_path: Path
) -> None:
    page1 = recorded("test_asyncclient_search_recent_tweets")
    page2 = recorded("test_client_search_recent_tweets")
    token1 = page1.decoded_json()["meta"]["next_token"]
    server.add(
        SEARCH,
        Answer.json({"title": "Internal Server Error"}, status=500),
        when={"next_token": token1},
        times=2,
    )
    paged_search(server)
    store = Store(tmp_path / "gpwatch.duckdb")
    conn = connector(server, retries=1)
    old_since = "1578500000000000000"  # an earlier run's cursor
    key = conn.plan.queries[0].key
    store.save_batch(
        Batch([], {"v": 1, "search": {key: {"since_id": old_since}}, "mentions": {}}), "x", "x"
    )

    outcome = collect_source(conn, store, "run-1")
    assert outcome.status == "partial" and "500" in (outcome.error or "")
    assert "kept 10 items" in (outcome.error or "")
    assert store.count("raw_items") == 10  # page 1 is stored ...
    assert store.get_cursor("x")["search"][key]["since_id"] == old_since  # ... cursor unmoved

    # the server recovers: the gap is read again from the same since_id, nothing is doubled
    before = len(server.requests)
    again = collect_source(conn, store, "run-2")
    assert again.status == "ok"
    assert server.requests[before].params["since_id"] == old_since
    assert again.new == 10 and again.seen == 10
    assert store.count("raw_items") == 20
    ids = [t["id"] for t in page1.decoded_json()["data"] + page2.decoded_json()["data"]]
    assert store.get_cursor("x")["search"][key]["since_id"] == max(ids, key=int)


def test_a_since_id_older_than_seven_days_restarts_the_query(server: ReplayServer) -> None:
    stale = "1578516068309794817"
    server.add(SEARCH, fixture("stale_since_id", 400), when={"since_id": stale})
    server.add(SEARCH, fixture("search_with_authors"))
    conn = connector(server)
    key = conn.plan.queries[0].key
    batch = conn.fetch({"v": 1, "search": {key: {"since_id": stale}}, "mentions": {}})
    assert len(batch.items) == 4
    assert [r.params.get("since_id") for r in server.requests] == [stale, None]


def test_an_invalid_query_fails_alone_and_the_others_still_run(server: ReplayServer) -> None:
    conn = two_query_connector(server)
    bad, good = conn.plan.queries
    server.add(
        SEARCH,
        Answer.json(
            {
                "title": "Invalid Request",
                "detail": "bad query",
                "type": "https://api.twitter.com/2/problems/invalid-request",
            },
            status=400,
        ),
        when={"query": bad.text},
    )
    server.add(SEARCH, fixture("search_with_authors"))
    with pytest.raises(PartialFetch) as caught:
        conn.fetch({})
    assert "bad query" in str(caught.value)
    assert len(caught.value.batch.items) == 4
    assert list(caught.value.batch.next_cursor["search"]) == [good.key]


def test_a_base_url_that_is_not_an_address_fails_at_once() -> None:
    source = XSource(kind="x", name="x", base_url="not a url", mentions_timeline=False)
    sleeps: list[float] = []
    conn = XConnector("x", source, [ELM], HttpSettings(retries=3), sleep=sleeps.append)
    with pytest.raises(FetchFailed) as caught:
        conn.fetch({})
    assert "base_url" in str(caught.value) and sleeps == []


def test_a_handle_given_as_x_user_id_is_reported_and_the_searches_still_run(
    server: ReplayServer,
) -> None:
    practice = ELM.model_copy(update={"x_user_id": "@ElmTreeSurgery"})
    server.add(SEARCH, fixture("search_with_authors"))
    with pytest.raises(PartialFetch) as caught:
        connector(server, [practice], mentions_timeline=True).fetch({})
    assert "not a numeric X account id" in str(caught.value)
    assert len(caught.value.batch.items) == 4
    assert [r.path for r in server.requests] == [SEARCH]


# --- wiring ---------------------------------------------------------------------------------


def test_the_factory_builds_the_x_connector_from_the_config(tmp_path: Path) -> None:
    config = Config(
        practices=[ELM, BEACON],
        sources=[XSource(kind="x", name="x-search", base_url="http://127.0.0.1:9")],
    )
    with HttpClient(HttpSettings(retries=0)) as http:
        (conn,) = build_connectors(config, http)
    assert isinstance(conn, XConnector) and conn.name == "x-search"
    assert conn.plan.covered() == {"X99001", "X99002"}
    assert all(len(q.text) <= 512 for q in conn.plan.queries)


def test_plan_problems_are_logged_not_dropped(caplog: pytest.LogCaptureFixture) -> None:
    odd = Practice(ods="X99003", name="The Surgery", handles=["@odd.bsky.social"])
    with caplog.at_level(logging.WARNING, logger="connectors.x"):
        conn = XConnector("x", XSource(kind="x", name="x"), [odd], HttpSettings())
    assert conn.plan.uncovered() == ["X99003"]
    assert re.search(r"X99003 'The Surgery' not searched: .*town", caplog.text)
    assert "not an X handle" in caplog.text


# --- in a real monitoring run -----------------------------------------------------------------


def run_demo_with_x(cfg_path: Path, server: ReplayServer, monkeypatch: pytest.MonkeyPatch):
    from flows.monitor import monitor
    from gpwatch.demo import DEMO_URL_ENV, DemoServer

    # switch on the demo's own (disabled) X source, pointed at the replay server
    text = cfg_path.read_text(encoding="utf-8")
    off = 'name = "x"\nkind = "x"\nenabled = false\n'
    assert off in text, "the demo config should list a disabled X source"
    on = (
        f'name = "x"\nkind = "x"\nenabled = true\nbase_url = "{server.base_url}"\n'
        "mentions_timeline = false\n"
    )
    cfg_path.write_text(text.replace(off, on), encoding="utf-8")
    with DemoServer(cfg_path.parent) as demo:
        monkeypatch.setenv(DEMO_URL_ENV, demo.url)
        return monitor(str(cfg_path))


@pytest.mark.slow
def test_a_run_without_the_x_token_completes_the_other_sources(
    prefect_api: str, demo_copy: Path, server: ReplayServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV)
    summary = run_demo_with_x(demo_copy, server, monkeypatch)
    by_name = {s["source"]: s for s in summary["sources"]}
    assert by_name["x"]["status"] == "failed"
    error = by_name["x"]["error"]
    assert ENV in error and "\n" not in error
    others = [s for name, s in by_name.items() if name != "x"]
    assert others and all(s["status"] == "ok" for s in others)
    assert summary["status"] == "partial" and summary["mentions"] > 0
    assert server.requests == []


@pytest.mark.slow
def test_x_posts_go_through_matching_and_alerts_in_a_real_run(
    prefect_api: str, demo_copy: Path, server: ReplayServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gpwatch.config import load_config

    server.add(SEARCH, fixture("search_with_authors"))
    summary = run_demo_with_x(demo_copy, server, monkeypatch)
    x = next(s for s in summary["sources"] if s["source"] == "x")
    assert x["status"] == "ok" and x["new"] == 4 and x["mentions"] >= 3, x
    store = Store(load_config(demo_copy).database_path)
    with store.db.read() as con:
        rows = con.execute(
            "SELECT author, url FROM v_mentions WHERE source = 'x' AND practice_id = 'X99001'"
        ).fetchall()
        alerts = con.execute(
            "SELECT count(*) FROM v_open_alerts WHERE source = 'x' AND practice_id = 'X99001'"
        ).fetchone()
    assert "@sam_waits" in {author for author, _ in rows}
    assert all(url.startswith("https://x.com/") for _, url in rows)
    assert alerts is not None and alerts[0] >= 1  # the veiled threat about her car, at least
