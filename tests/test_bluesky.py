"""The Bluesky connector over real HTTP on 127.0.0.1, answered with fixtures written from the
API documentation's response shapes (tests/fixtures/bluesky/README.md)."""

from __future__ import annotations

import json
import logging
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
from connectors.bluesky import BlueskyConnector, permalink
from connectors.http import HttpClient, HttpSettings
from connectors.social import CredentialsRejected
from flows import steps
from gpwatch.config import BlueskySource, Practice
from storage.store import Store
from tests.support.betamax_replay import ReplayServer, Reply

FIXTURES = Path(__file__).parent / "fixtures" / "bluesky"
SEARCH = "/xrpc/app.bsky.feed.searchPosts"
SESSION = "/xrpc/com.atproto.server.createSession"
JSON = [("Content-Type", "application/json; charset=utf-8")]
HANDLE = "elmtreesurgery.bsky.social"
APP_PASSWORD = "abcd-efgh-ijkl-mnop"
ELM = Practice(ods="X99001", name="Elm Tree Surgery", town="Sheffield")


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def ok(name: str) -> Reply:
    return Reply(200, JSON, fixture(name))


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with ReplayServer() as srv:
        yield srv


@pytest.fixture
def http() -> Iterator[HttpClient]:
    with HttpClient(HttpSettings(retries=0, timeout_seconds=5)) as client:
        yield client


@pytest.fixture(autouse=True)
def no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GPWATCH_BLUESKY_HANDLE", "GPWATCH_BLUESKY_APP_PASSWORD", "PREFECT_API_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def app_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GPWATCH_BLUESKY_HANDLE", HANDLE)
    monkeypatch.setenv("GPWATCH_BLUESKY_APP_PASSWORD", APP_PASSWORD)


def connector(
    srv: ReplayServer, http: HttpClient, practices: list[Practice] | None = None, max_pages: int = 5
) -> BlueskyConnector:
    source = BlueskySource(name="bluesky", kind="bluesky", base_url=srv.url, max_pages=max_pages)
    return BlueskyConnector(source, practices or [ELM], http)


def posts(name: str) -> list[dict]:
    return json.loads(fixture(name))["posts"]


def serve_two_pages(srv: ReplayServer) -> None:
    srv.add("GET", SEARCH, ok("search_page1.json"))
    srv.add("GET", SEARCH, ok("search_page2.json"), query={"cursor": "25"})


def test_search_results_become_items_with_permalinks_and_utc_times(server, http):
    serve_two_pages(server)
    batch = connector(server, http).fetch({})
    expected = posts("search_page1.json") + posts("search_page2.json")
    assert [i.external_id for i in batch.items] == [p["uri"] for p in expected]
    first = batch.items[0]
    assert first.source == "bluesky"
    assert first.url == "https://bsky.app/profile/sheffieldmum.bsky.social/post/3lcxq2m7vhk2s"
    assert first.author_handle == "sheffieldmum.bsky.social"
    assert first.author_id == "did:plc:q7xk3mhs2gdv4bwl5ytn6rza"
    assert first.text == expected[0]["record"]["text"]
    assert first.published_at.isoformat() == "2024-11-30T09:14:03.512000+00:00"
    assert first.payload.data == fixture("search_page1.json")  # the page as fetched
    reply = batch.items[1]
    assert reply.extras["parent_id"] == expected[1]["record"]["reply"]["parent"]["uri"]
    assert batch.items[2].extras["labels"] == ["!warn"]
    assert "<script>" in batch.items[2].text  # kept as the literal text the author typed
    unverified = batch.items[3]  # an author whose handle does not resolve
    assert (
        unverified.author_handle == ""
        and unverified.author_id == "did:plc:h3kd6yq2ozr7xbt4ncmw5eva"
    )
    assert (
        unverified.url
        == "https://bsky.app/profile/did:plc:h3kd6yq2ozr7xbt4ncmw5eva/post/3lcwz5pq6rk2f"
    )
    assert batch.items[4].payload.data == fixture("search_page2.json")
    # the public AppView, newest first, the practice's name as a phrase, then the next page
    first_req, second_req = server.requests_to(SEARCH)
    assert first_req.query == {"q": '"Elm Tree Surgery"', "sort": "latest", "limit": "100"}
    assert second_req.query["cursor"] == "25"
    assert "Authorization" not in first_req.headers


def test_a_second_run_asks_since_the_newest_post_and_keeps_nothing_old(server, http):
    serve_two_pages(server)
    conn = connector(server, http)
    first = conn.fetch({})
    state = first.next_cursor["queries"]["Elm Tree Surgery"]
    assert state == {
        "since": "2024-11-30T09:14:03.512000Z",
        "uris": [posts("search_page1.json")[0]["uri"]],
    }
    server.requests.clear()
    server.add("GET", SEARCH, ok("search_newer.json"))
    second = conn.fetch(first.next_cursor)
    assert [i.external_id for i in second.items] == [posts("search_newer.json")[0]["uri"]]
    (request,) = server.requests_to(SEARCH)  # met a seen post: no second page asked for
    assert request.query["since"] == "2024-11-30T09:14:03.512000Z"
    third = conn.fetch(second.next_cursor)
    assert third.items == [] and third.next_cursor == second.next_cursor


def test_with_an_app_password_it_logs_in_and_searches_with_the_token(server, http, app_password):
    server.add("POST", SESSION, ok("session.json"))
    serve_two_pages(server)
    batch = connector(server, http).fetch({})
    assert len(batch.items) == 5
    (login,) = server.requests_to(SESSION, "POST")
    assert json.loads(login.body) == {"identifier": HANDLE, "password": APP_PASSWORD}
    assert all(
        r.headers["Authorization"] == "Bearer <ACCESS_JWT>" for r in server.requests_to(SEARCH)
    )


def test_search_that_needs_a_login_says_which_variables_to_set(server, http):
    server.add("GET", SEARCH, Reply(401, JSON, fixture("error_auth_required.json")))
    with pytest.raises(CredentialsMissing) as info:
        connector(server, http).fetch({})
    message = str(info.value)
    assert "GPWATCH_BLUESKY_HANDLE and GPWATCH_BLUESKY_APP_PASSWORD" in message
    assert "AuthenticationRequired" in message and "\n" not in message


def test_a_refused_login_names_the_variables_never_the_password(server, http, app_password, caplog):
    caplog.set_level(logging.DEBUG)
    server.add("POST", SESSION, Reply(401, JSON, fixture("error_auth_required.json")))
    with pytest.raises(CredentialsRejected) as info:
        connector(server, http).fetch({})
    message = str(info.value)
    assert "401" in message and "GPWATCH_BLUESKY_APP_PASSWORD" in message
    assert APP_PASSWORD not in message and APP_PASSWORD not in caplog.text
    assert server.requests_to(SEARCH) == []


def test_an_expired_session_is_a_credentials_error(server, http, app_password):
    server.add("POST", SESSION, ok("session.json"))
    server.add("GET", SEARCH, Reply(400, JSON, fixture("error_expired_token.json")))
    with pytest.raises(CredentialsRejected) as info:
        connector(server, http).fetch({})
    assert "ExpiredToken" in str(info.value) and "GPWATCH_BLUESKY_HANDLE" in str(info.value)


def test_only_half_the_credentials_names_the_missing_one(server, http, monkeypatch):
    monkeypatch.setenv("GPWATCH_BLUESKY_HANDLE", HANDLE)
    with pytest.raises(CredentialsMissing) as info:
        connector(server, http).fetch({})
    assert "GPWATCH_BLUESKY_APP_PASSWORD" in str(info.value)
    assert "set GPWATCH_BLUESKY_HANDLE" not in str(info.value)


def test_429_is_rate_limited(server, http):
    server.add(
        "GET",
        SEARCH,
        Reply(429, [*JSON, ("ratelimit-remaining", "0")], fixture("error_rate_limit.json")),
    )
    with pytest.raises(RateLimited) as info:
        connector(server, http).fetch({})
    assert "429" in str(info.value)


def test_json_cut_short_is_malformed(server, http):
    body = fixture("search_page1.json")
    server.add("GET", SEARCH, Reply(200, JSON, body[: len(body) // 2]))
    with pytest.raises(MalformedResponse) as info:
        connector(server, http).fetch({})
    assert "not valid JSON" in str(info.value)


def test_json_without_posts_is_malformed(server, http):
    server.add("GET", SEARCH, Reply(200, JSON, b'{"feed": []}'))
    with pytest.raises(MalformedResponse, match="no 'posts' list"):
        connector(server, http).fetch({})


def test_a_connection_that_breaks_off_fails_cleanly(server, http):
    server.add("GET", SEARCH, Reply(200, JSON, fixture("search_page1.json"), truncate_to=300))
    with pytest.raises(FetchFailed, match="broke off"):
        connector(server, http).fetch({})


def test_views_without_a_record_are_kept_as_unavailable_and_entries_without_uri_skipped(
    server, http
):
    server.add("GET", SEARCH, ok("search_odd_entries.json"))
    (item,) = connector(server, http).fetch({}).items
    assert item.extras["status"] == "unavailable" and item.text == ""
    assert item.extras["labels"] == ["!hide"]
    assert item.published_at.isoformat() == "2024-11-30T10:02:44+00:00"  # from indexedAt


def test_a_500_mid_paging_keeps_what_was_stored_and_the_old_cursor(server, http, tmp_path):
    serve_two_pages(server)
    server.add(
        "GET",
        SEARCH,
        Reply(500, JSON, b'{"error": "InternalServerError"}'),
        query={"cursor": "25"},
        times=1,
    )
    store = Store(tmp_path / "gpwatch.duckdb")
    conn = connector(server, http)

    outcome = steps.collect_source(conn, store, "run-1")
    assert outcome.status == "partial" and "500" in outcome.error
    assert (outcome.fetched, outcome.new) == (3, 3)
    assert store.get_cursor("bluesky") == {"queries": {}}  # not moved past the gap

    outcome = steps.collect_source(conn, store, "run-2")
    assert outcome.status == "ok" and (outcome.new, outcome.seen) == (2, 3)
    assert store.count("raw_items") == 5
    assert store.get_cursor("bluesky")["queries"]["Elm Tree Surgery"]["since"].startswith(
        "2024-11-30T09:14"
    )


def test_one_failing_search_does_not_stop_the_others(server, http):
    practice = Practice(ods="X99001", name="Elm Tree Surgery", aliases=["Elm Tree Medical"])
    server.add("GET", SEARCH, ok("search_page2.json"))
    server.add("GET", SEARCH, Reply(502, JSON, b"{}"), query={"q": '"Elm Tree Surgery"'})
    with pytest.raises(PartialFetch) as info:
        connector(server, http, [practice]).fetch({})
    assert "502" in str(info.value)
    assert len(info.value.batch.items) == 2
    assert set(info.value.batch.next_cursor["queries"]) == {"Elm Tree Medical"}


def test_permalink_uses_the_did_when_there_is_no_handle():
    uri = "at://did:plc:abc/app.bsky.feed.post/3kx"
    assert permalink(uri, "a.bsky.social") == "https://bsky.app/profile/a.bsky.social/post/3kx"
    assert permalink(uri, "") == "https://bsky.app/profile/did:plc:abc/post/3kx"
