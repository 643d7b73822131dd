"""Bluesky post search (`app.bsky.feed.searchPosts`) as RawItems, through the shared HttpClient.

One search per practice name or alias, newest first (`sort=latest`). Without credentials the
public AppView is asked; when the handle and app password variables are set, the connector logs
in (`com.atproto.server.createSession`) and searches through the account's PDS with the access
token, which the AppView may require. The token lives for one fetch only.

Cursor, per search term: the newest post time seen (the earlier of `createdAt` and `indexedAt`,
which is how the search orders posts) and the post URIs at that time. A run asks for posts
`since` then, follows the response's `cursor` field page by page (up to `max_pages`), and stops
at the first post it has already seen, so a second run fetches nothing old.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

from connectors.base import (
    Connector,
    CredentialsMissing,
    FetchFailed,
    MalformedResponse,
    PartialFetch,
    RateLimited,
    SourceError,
)
from connectors.credentials import get_secret, missing_message
from connectors.http import HttpClient, Response
from connectors.social import CredentialsRejected, one_line, parse_iso_utc, search_terms
from gpwatch.config import BlueskySource, Config, Practice
from gpwatch.models import Batch, Payload, RawItem

log = logging.getLogger(__name__)

PUBLIC_APPVIEW = "https://public.api.bsky.app"
DEFAULT_PDS = "https://bsky.social"
SEARCH_NSID = "app.bsky.feed.searchPosts"
SESSION_NSID = "com.atproto.server.createSession"
WEB_URL = "https://bsky.app"


@dataclass(frozen=True, slots=True)
class _Login:
    """Where to search and with which header; the token never leaves this object's fetch."""

    service: str
    headers: dict[str, str]
    authenticated: bool

    def __repr__(self) -> str:
        return f"_Login(service={self.service!r}, authenticated={self.authenticated})"


class BlueskyConnector:
    """Searches Bluesky for every practice name and alias of the config."""

    kind = "bluesky"

    def __init__(self, source: BlueskySource, practices: list[Practice], http: HttpClient) -> None:
        self.name = source.name
        self.source = source
        self.http = http
        self.terms = search_terms(practices)
        base = source.base_url.rstrip("/")
        self.public_service = base or PUBLIC_APPVIEW
        self.pds_service = base or DEFAULT_PDS

    # ---- credentials ------------------------------------------------------------------------

    def _app_password(self) -> tuple[str, str] | None:
        """(handle, app password) when both are set, None when neither is."""
        handle = get_secret(self.source.handle_env)
        password = get_secret(self.source.app_password_env)
        if handle and password:
            return handle, password
        if handle or password:
            absent = self.source.app_password_env if handle else self.source.handle_env
            raise CredentialsMissing(missing_message(self.name, [absent]))
        return None

    def login(self) -> _Login:
        """A session with the app password when one is configured, else the public AppView."""
        creds = self._app_password()
        if creds is None:
            return _Login(self.public_service, {}, authenticated=False)
        handle, password = creds
        url = f"{self.pds_service}/xrpc/{SESSION_NSID}"
        settings = self.http.settings
        try:
            answer = httpx.post(
                url,
                json={"identifier": handle, "password": password},
                headers={"User-Agent": settings.user_agent},
                timeout=settings.timeout_seconds,
            )
        except httpx.HTTPError as exc:
            raise FetchFailed(
                f"source {self.name!r}: could not log in to {self._host(url)} "
                f"({type(exc).__name__}); check the network"
            ) from None
        if answer.status_code in (400, 401, 403):
            raise CredentialsRejected(
                f"source {self.name!r}: Bluesky refused the login ({answer.status_code}: "
                f"{self._xrpc_error(answer.content)}): check {self.source.handle_env} and "
                f"{self.source.app_password_env} (an app password, not the account password)"
            )
        if answer.status_code == 429:
            raise RateLimited(f"source {self.name!r}: Bluesky is rate limiting logins (429)")
        if answer.status_code != 200:
            raise FetchFailed(
                f"source {self.name!r}: Bluesky answered the login with {answer.status_code}; "
                "the next scheduled run will try again"
            )
        try:
            token = answer.json()["accessJwt"]
        except (ValueError, KeyError, TypeError):
            raise MalformedResponse(
                f"source {self.name!r}: Bluesky's login answer has no access token"
            ) from None
        return _Login(self.pds_service, {"Authorization": f"Bearer {token}"}, authenticated=True)

    def check_credentials(self) -> str:
        """Log in (or make one public search) to see that Bluesky answers (`gpwatch doctor`)."""
        login = self.login()
        term = self.terms[0] if self.terms else "gp surgery"
        self._page(login, term, {"limit": "1"})
        how = "logged in with the app password" if login.authenticated else "public search works"
        return f"Bluesky answered: {how}"

    # ---- fetching ---------------------------------------------------------------------------

    def fetch(self, cursor: dict[str, Any]) -> Batch:
        """Search every term from its cursor. See the module docstring for the rules."""
        old = cursor.get("queries") if isinstance(cursor, dict) else None
        old_states: dict[str, Any] = dict(old) if isinstance(old, dict) else {}
        # terms no longer configured (a renamed practice) drop out of the cursor
        states = {k: v for k, v in old_states.items() if k in self.terms}
        items: list[RawItem] = []
        if not self.terms:
            return Batch(items=[], next_cursor={"queries": states})
        login = self.login()
        errors: list[SourceError] = []
        completed = 0
        for term in self.terms:
            try:
                states[term] = self._search(login, term, old_states.get(term), items)
                completed += 1
            except (CredentialsMissing, CredentialsRejected, RateLimited) as exc:
                errors.append(exc)  # every other search would meet the same answer
                break
            except SourceError as exc:
                errors.append(exc)
        next_cursor = {"queries": states}
        if not errors:
            return Batch(items=items, next_cursor=next_cursor)
        first = errors[0]
        if not items and not completed:
            raise first
        if len(errors) > 1:
            first = type(first)(f"{first} (and {len(errors) - 1} more searches failed)")
        raise PartialFetch(Batch(items=items, next_cursor=next_cursor), first)

    def _search(self, login: _Login, term: str, state: Any, out: list[RawItem]) -> dict[str, Any]:
        """Append the term's new posts to `out` page by page; return the term's new state."""
        floor = _Floor.from_state(state)
        params = {"q": f'"{term}"', "sort": "latest", "limit": str(self.source.limit)}
        if floor.since is not None:
            params["since"] = floor.iso()
        taken: list[tuple[datetime, str]] = []
        seen: set[str] = set()
        page_cursor: str | None = None
        for _page_no in range(self.source.max_pages):
            if page_cursor:
                params["cursor"] = page_cursor
            response, body = self._page(login, term, params)
            payload = Payload(
                data=response.content,
                content_type=response.content_type,
                url=response.url,
                fetched_at=response.fetched_at,
            )
            reached_old = False
            for post in body["posts"]:
                item = self._item(post, payload, term)
                if item is None:
                    continue
                when = _sort_time(post) or item.published_at
                if when is not None and floor.covers(item.external_id, when):
                    reached_old = True
                    break
                if item.external_id in seen:
                    continue
                seen.add(item.external_id)
                out.append(item)
                if when is not None:
                    taken.append((when, item.external_id))
            next_cursor = body.get("cursor")
            if reached_old or not body["posts"] or not isinstance(next_cursor, str):
                break
            if not next_cursor or next_cursor == page_cursor:
                break
            page_cursor = next_cursor
        return floor.advanced(taken).state()

    def _page(
        self, login: _Login, term: str, params: dict[str, str]
    ) -> tuple[Response, dict[str, Any]]:
        url = f"{login.service}/xrpc/{SEARCH_NSID}"
        response = self.http.get(url, headers=login.headers, params=params)
        status = response.status
        if status in (401, 403) or (status == 400 and b"ExpiredToken" in response.content):
            why = self._xrpc_error(response.content)
            env = f"{self.source.handle_env} and {self.source.app_password_env}"
            if login.authenticated:
                raise CredentialsRejected(
                    f"source {self.name!r}: Bluesky rejected the session ({status}: {why}): "
                    f"check {env}"
                )
            raise CredentialsMissing(
                f"source {self.name!r}: Bluesky's search needs a login here ({status}: {why}): "
                f"set {env} in the environment (an app password from Settings > App passwords)"
            )
        if status == 429:
            raise RateLimited(f"source {self.name!r}: Bluesky is rate limiting us (429)")
        if status != 200:
            raise FetchFailed(
                f"source {self.name!r}: Bluesky answered {status} to the search for {term!r}"
                f" ({self._xrpc_error(response.content)})"
            )
        try:
            body = json.loads(response.content)
        except (ValueError, UnicodeDecodeError):
            raise MalformedResponse(
                f"source {self.name!r}: Bluesky's answer to the search for {term!r} is not "
                "valid JSON (cut off or damaged); the next scheduled run will try again"
            ) from None
        if not isinstance(body, dict) or not isinstance(body.get("posts"), list):
            raise MalformedResponse(
                f"source {self.name!r}: Bluesky's answer to the search for {term!r} has no "
                "'posts' list (the API may have changed)"
            )
        return response, body

    # ---- items --------------------------------------------------------------------------------

    def _item(self, post: Any, payload: Payload, term: str) -> RawItem | None:
        """A postView as a RawItem; None (logged) for an entry that is not a post at all."""
        if not isinstance(post, dict) or not isinstance(post.get("uri"), str):
            log.warning("%s: skipped a search result without a post URI", self.name)
            return None
        uri = post["uri"]
        author = _dict(post.get("author"))
        record = _dict(post.get("record"))
        did = str(author.get("did") or _did_of(uri))
        handle = str(author.get("handle") or "")
        raw_text = record.get("text")
        text = raw_text if isinstance(raw_text, str) else ""
        extras: dict[str, Any] = {
            "cid": post.get("cid"),
            "indexed_at": post.get("indexedAt"),
            "query": term,
            "display_name": author.get("displayName"),
            "langs": record.get("langs"),
            "reply_count": post.get("replyCount"),
            "repost_count": post.get("repostCount"),
            "like_count": post.get("likeCount"),
        }
        reply = record.get("reply")
        if isinstance(reply, dict):
            extras["parent_id"] = _dict(reply.get("parent")).get("uri")
            extras["root_id"] = _dict(reply.get("root")).get("uri")
        labels = [
            str(label.get("val"))
            for label in post.get("labels") or []
            if isinstance(label, dict) and label.get("val")
        ]
        if labels:
            extras["labels"] = labels
        if not record:
            extras["status"] = "unavailable"  # the AppView sent the view without its record
        return RawItem(
            source="bluesky",
            external_id=uri,
            url=permalink(uri, handle),
            text=text,
            payload=payload,
            author_handle=handle if handle != "handle.invalid" else "",
            author_id=did,
            published_at=parse_iso_utc(record.get("createdAt"))
            or parse_iso_utc(post.get("indexedAt")),
            source_name=self.name,
            extras={k: v for k, v in extras.items() if v is not None},
        )

    @staticmethod
    def _xrpc_error(content: bytes) -> str:
        """The `error` name of an XRPC error body (e.g. AuthenticationRequired), or 'no detail'."""
        try:
            body = json.loads(content)
        except (ValueError, UnicodeDecodeError):
            return "no detail"
        if isinstance(body, dict) and isinstance(body.get("error"), str):
            return one_line(body["error"], 60)
        return "no detail"

    @staticmethod
    def _host(url: str) -> str:
        return httpx.URL(url).host or url


def permalink(uri: str, handle: str = "") -> str:
    """https://bsky.app/profile/<handle or did>/post/<rkey> for an at:// post URI."""
    parts = uri.removeprefix("at://").split("/")
    actor = handle if handle and handle != "handle.invalid" else (parts[0] if parts else "")
    rkey = parts[2] if len(parts) >= 3 else ""
    return f"{WEB_URL}/profile/{actor}/post/{rkey}"


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _did_of(uri: str) -> str:
    return uri.removeprefix("at://").split("/", 1)[0]


def _sort_time(post: dict[str, Any]) -> datetime | None:
    """When the search orders a post: the earlier of its createdAt and indexedAt."""
    record = _dict(post.get("record"))
    times = [
        t
        for t in (parse_iso_utc(record.get("createdAt")), parse_iso_utc(post.get("indexedAt")))
        if t is not None
    ]
    return min(times) if times else None


@dataclass(slots=True)
class _Floor:
    """A search term's cursor: the newest post time seen, and the posts at that time."""

    since: datetime | None = None
    uris: frozenset[str] = frozenset()

    @classmethod
    def from_state(cls, state: Any) -> _Floor:
        if not isinstance(state, dict):
            return cls()
        since = parse_iso_utc(state.get("since"))
        uris = state.get("uris")
        return cls(since, frozenset(map(str, uris)) if isinstance(uris, list) else frozenset())

    def covers(self, uri: str, when: datetime) -> bool:
        if self.since is None:
            return False
        return when < self.since or (when == self.since and uri in self.uris)

    def advanced(self, taken: list[tuple[datetime, str]]) -> _Floor:
        if not taken:
            return self
        newest = max(when for when, _ in taken)
        if self.since is not None and self.since > newest:
            return self
        uris = {uri for when, uri in taken if when == newest}
        if self.since == newest:
            uris |= self.uris
        return _Floor(newest, frozenset(uris))

    def iso(self) -> str:
        assert self.since is not None
        return self.since.isoformat().replace("+00:00", "Z")

    def state(self) -> dict[str, Any]:
        if self.since is None:
            return {}
        return {"since": self.iso(), "uris": sorted(self.uris)}


def build(source: BlueskySource, config: Config, http: HttpClient) -> list[Connector]:
    """The connector for a `kind = "bluesky"` source (called by connectors.factory)."""
    return [BlueskyConnector(source, list(config.practices), http)]
