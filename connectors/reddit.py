"""Reddit through praw: new submissions and comments of chosen subreddits, and name searches.

praw makes every request (token included) and parses the listings into its objects. The
connector gives praw its own `requests.Session` with a response hook, so the exact bytes of
each listing are kept as the evidence of the items found in it (the token response is never
kept: it carries the access token).

Cursor: per listing (a subreddit's new submissions, its new comments, one search query) the
created time of the newest item seen and the fullnames created in that second. A run pages
through the listing, newest first, until it meets an item at or before that point, so a second
run fetches nothing old. Listings that fail keep their old cursor; the others move on.

Rate limits: prawcore already spaces requests by Reddit's `x-ratelimit-*` headers. When Reddit
says the allowance is used up for longer than `http.max_retry_after_seconds`, the connector
stops cleanly (keeping what it fetched) instead of letting prawcore sleep through the run.
"""

from __future__ import annotations

import configparser
import hashlib
import logging
import math
import threading
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import urlsplit

import praw
import prawcore
import requests
from praw.models import Comment, Listing, Submission
from prawcore.sessions import FiniteRetryStrategy

from connectors.base import (
    Connector,
    CredentialsMissing,
    FetchFailed,
    MalformedResponse,
    PartialFetch,
    RateLimited,
    ResponseTooLarge,
    SourceError,
)
from connectors.credentials import get_secret, missing_message
from connectors.http import HttpClient, HttpSettings, parse_retry_after
from connectors.social import (
    CredentialsRejected,
    one_line,
    pack_or_queries,
    search_terms,
    utc_from_timestamp,
)
from gpwatch.config import Config, Practice, RedditSource
from gpwatch.models import Batch, Payload, RawItem, utcnow

log = logging.getLogger(__name__)

OAUTH_URL = "https://oauth.reddit.com"
WWW_URL = "https://www.reddit.com"
TOKEN_PATH = "/api/v1/access_token"  # noqa: S105 (a path, not a secret)
SEARCH_QUERY_MAX = 512  # Reddit ignores search text past 512 characters
_PLACEHOLDERS = {"[deleted]": "deleted", "[removed]": "removed"}


@dataclass(frozen=True, slots=True)
class RedditListing:
    """One listing the connector reads each run: its cursor key, API path and parameters."""

    key: str
    path: str
    params: dict[str, str] = field(default_factory=dict)


def plan_listings(source: RedditSource, practices: list[Practice]) -> list[RedditListing]:
    """The listings a source reads: new (and comments) per subreddit, then the name searches."""
    subs = [s.strip().strip("/").removeprefix("r/") for s in source.subreddits if s.strip()]
    listings: list[RedditListing] = []
    for sub in subs:
        listings.append(RedditListing(f"new:r/{sub}", f"r/{sub}/new"))
        if source.comments:
            listings.append(RedditListing(f"comments:r/{sub}", f"r/{sub}/comments"))
    if source.search:
        scope = "+".join(subs) if subs else "all"
        for query in pack_or_queries(search_terms(practices), SEARCH_QUERY_MAX):
            digest = hashlib.sha256(query.encode()).hexdigest()[:12]
            params = {"q": query, "sort": "new", "restrict_sr": "on" if subs else "off"}
            listings.append(
                RedditListing(f"search:r/{scope}:{digest}", f"r/{scope}/search", params)
            )
    return listings


@dataclass(slots=True)
class RateLimitState:
    """What Reddit's `x-ratelimit-*` headers said last."""

    remaining: float | None = None
    used: int | None = None
    reset_seconds: float | None = None

    def update(self, headers: Any) -> None:
        raw = headers.get("x-ratelimit-remaining")
        if raw is None:
            return
        try:
            self.remaining = float(raw)
            self.used = int(float(headers.get("x-ratelimit-used", "0")))
            self.reset_seconds = float(headers.get("x-ratelimit-reset", "0"))
        except ValueError:
            log.warning("unreadable x-ratelimit headers from Reddit: %r", one_line(str(raw)))


class ResponseCapture:
    """A `requests` response hook that keeps the last API response's bytes and limits.

    Runs inside praw's requests, before praw parses the body, so the payload is byte for byte
    what Reddit sent. The token endpoint's answer is skipped: it holds the access token.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.session = requests.Session()
        self.last: requests.Response | None = None
        self.rate = RateLimitState()
        self._lock = threading.Lock()

    def __call__(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        if urlsplit(response.url).path.rstrip("/").endswith(TOKEN_PATH):
            return
        with self._lock:
            self.rate.update(response.headers)
            self.last = response

    def payload(self) -> Payload:
        """The last listing fetched, as evidence."""
        response = self.last
        if response is None:  # praw returned without a request: a bug, not a Reddit answer
            raise MalformedResponse("Reddit answered nothing that could be kept as evidence")
        if len(response.content) > self.max_bytes:
            raise ResponseTooLarge(
                f"Reddit sent {len(response.content):,} bytes, over the {self.max_bytes:,}-byte "
                "cap (raise http.max_bytes if this is expected)"
            )
        return Payload(
            data=response.content,
            content_type=response.headers.get("content-type", ""),
            url=response.url,
            fetched_at=utcnow(),
        )


def _retry_strategy(retries: int) -> type[FiniteRetryStrategy]:
    """prawcore's retry strategy with the config's number of retries instead of its fixed 2."""
    count = max(0, retries)

    @dataclass(frozen=True)
    class ConfiguredRetries(FiniteRetryStrategy):
        DEFAULT_RETRIES: ClassVar[int] = count
        retries: int = count

    return ConfiguredRetries


@dataclass(frozen=True, slots=True)
class RedditCredentials:
    client_id: str
    client_secret: str
    username: str | None = None
    password: str | None = None

    def __repr__(self) -> str:  # never show a secret, even in a traceback
        return "RedditCredentials(<hidden>)"


class RedditConnector:
    """Reads a `kind = "reddit"` source's listings through praw."""

    kind = "reddit"

    def __init__(
        self,
        source: RedditSource,
        practices: list[Practice],
        settings: HttpSettings | None = None,
    ) -> None:
        self.name = source.name
        self.source = source
        self.settings = settings or HttpSettings()
        self.listings = plan_listings(source, practices)
        base = source.base_url.rstrip("/")
        self.oauth_url = base or OAUTH_URL
        self.reddit_url = base or WWW_URL
        self.rate = RateLimitState()

    # ---- credentials ------------------------------------------------------------------------

    def credentials(self) -> RedditCredentials:
        """The app's credentials from the environment or Secret blocks; CredentialsMissing if not.

        Read at fetch time and never kept on the connector, so a connector object handed to a
        Prefect task carries no secret.
        """
        src = self.source
        client_id = get_secret(src.client_id_env)
        client_secret = get_secret(src.client_secret_env)
        missing = [
            env
            for env, value in (
                (src.client_id_env, client_id),
                (src.client_secret_env, client_secret),
            )
            if not value
        ]
        if missing:
            raise CredentialsMissing(missing_message(self.name, missing))
        username = get_secret(src.username_env)
        password = get_secret(src.password_env)
        if bool(username) != bool(password):
            absent = src.password_env if username else src.username_env
            raise CredentialsMissing(missing_message(self.name, [absent]))
        assert client_id and client_secret
        return RedditCredentials(client_id, client_secret, username, password)

    def client(self, creds: RedditCredentials) -> tuple[praw.Reddit, ResponseCapture]:
        """A praw.Reddit pointed at `base_url` whose session captures every response."""
        capture = ResponseCapture(self.settings.max_bytes)
        capture.session.hooks["response"].append(capture)
        extra: dict[str, Any] = {}
        if creds.username and creds.password:
            extra = {"username": creds.username, "password": creds.password}
        try:
            reddit = praw.Reddit(
                client_id=creds.client_id,
                client_secret=creds.client_secret,
                user_agent=self.source.user_agent or self.settings.user_agent,
                oauth_url=self.oauth_url,
                reddit_url=self.reddit_url,
                check_for_updates=False,  # praw would otherwise ask PyPI for a newer version
                timeout=max(1, math.ceil(self.settings.timeout_seconds)),
                requestor_kwargs={"session": capture.session},
                **extra,
            )
        except (
            prawcore.exceptions.PrawcoreException,
            praw.exceptions.PRAWException,
            configparser.Error,
        ) as exc:
            # e.g. a user_agent too short for Reddit, or a broken praw.ini in the folder
            capture.session.close()
            raise FetchFailed(
                f"source {self.name!r}: praw could not start ({one_line(str(exc), 120)}); "
                "check user_agent and any praw.ini file"
            ) from None
        # prawcore retries 5xx answers twice with sleeps of its own; use the config's count.
        # _retry_strategy_class is prawcore's (4.x) internal; without it the default applies.
        strategy = _retry_strategy(self.settings.retries)
        for core in (reddit._core, reddit._authorized_core, reddit._read_only_core):
            if core is not None and hasattr(core, "_retry_strategy_class"):
                setattr(core, "_retry_strategy_class", strategy)  # noqa: B010
        return reddit, capture

    def check_credentials(self) -> str:
        """Ask Reddit for an access token with the configured credentials (`gpwatch doctor`).

        Returns a short description; raises a SourceError naming the variables when rejected.
        """
        reddit, capture = self.client(self.credentials())
        try:
            scopes = reddit.auth.scopes()  # requests a token: the credentials' real test
        except prawcore.exceptions.PrawcoreException as exc:
            raise self._translate(exc, RedditListing("token", TOKEN_PATH)) from None
        finally:
            capture.session.close()
        return f"Reddit accepted the credentials (scopes: {', '.join(sorted(scopes)) or 'none'})"

    # ---- fetching ---------------------------------------------------------------------------

    def fetch(self, cursor: dict[str, Any]) -> Batch:
        """Read every listing from its cursor; see the module docstring for the rules."""
        old = cursor.get("listings") if isinstance(cursor, dict) else None
        old_states: dict[str, Any] = dict(old) if isinstance(old, dict) else {}
        creds = self.credentials()
        reddit, capture = self.client(creds)
        self.rate = capture.rate
        items: list[RawItem] = []
        # listings no longer configured (a renamed practice's search) drop out of the cursor
        states = {k: v for k, v in old_states.items() if k in {x.key for x in self.listings}}
        errors: list[SourceError] = []
        completed = 0
        try:
            for listing in self.listings:
                try:
                    states[listing.key] = self._fetch_listing(
                        reddit, capture, listing, old_states.get(listing.key), items
                    )
                    completed += 1
                except (CredentialsRejected, RateLimited) as exc:
                    # the whole account is affected: the other listings would fail the same way
                    errors.append(exc)
                    break
                except SourceError as exc:
                    errors.append(exc)  # this listing alone (a missing subreddit, a 500)
        finally:
            capture.last = None
            capture.session.close()
        next_cursor = {"listings": states}
        if not errors:
            return Batch(items=items, next_cursor=next_cursor)
        first = errors[0]
        if not items and not completed:
            raise first  # nothing worked at all: the source simply failed
        if len(errors) > 1:
            first = type(first)(f"{first} (and {len(errors) - 1} more listings failed)")
        raise PartialFetch(Batch(items=items, next_cursor=next_cursor), first)

    def _fetch_listing(
        self,
        reddit: praw.Reddit,
        capture: ResponseCapture,
        listing: RedditListing,
        state: Any,
        out: list[RawItem],
    ) -> dict[str, Any]:
        """Append the listing's new items to `out`; return the listing's new cursor state.

        Items are appended as each page arrives, so on a failure `out` holds what was fetched.
        """
        floor = _Floor.from_state(state)
        taken: list[RawItem] = []
        seen: set[str] = set()
        after: str | None = None
        while len(taken) < self.source.limit:
            self._check_allowance()
            page_size = min(self.source.page_size, self.source.limit - len(taken))
            page, payload = self._get_page(reddit, capture, listing, after, page_size)
            reached_old = False
            for thing in page.children:
                data = vars(thing)
                name = str(data.get("name") or "")
                created = _float(data.get("created_utc"))
                if not name or created is None:
                    continue  # not a post or comment (e.g. a "more" stub)
                if floor.covers(name, created):
                    reached_old = True
                    break
                if name in seen:
                    continue
                seen.add(name)
                item = self._item(thing, listing, payload)
                taken.append(item)
                out.append(item)
                if len(taken) >= self.source.limit:
                    break
            if reached_old or not page.children or not page.after or page.after == after:
                break
            after = str(page.after)
        else:
            log.info(
                "%s: %s has more than %d new items; older ones are skipped this run",
                self.name,
                listing.key,
                self.source.limit,
            )
        return _Floor.after_items(taken, floor).state()

    def _check_allowance(self) -> None:
        """Stop before a request Reddit's headers say would have to wait too long."""
        rate = self.rate
        if rate.remaining is None or rate.remaining >= 1 or rate.reset_seconds is None:
            return
        if rate.reset_seconds > self.settings.max_retry_after_seconds:
            raise RateLimited(
                f"source {self.name!r}: Reddit's request allowance is used up for "
                f"{rate.reset_seconds:.0f} s (x-ratelimit-remaining 0); "
                "the next scheduled run will carry on",
                retry_after=rate.reset_seconds,
            )

    def _get_page(
        self,
        reddit: praw.Reddit,
        capture: ResponseCapture,
        listing: RedditListing,
        after: str | None,
        page_size: int,
    ) -> tuple[Any, Payload]:
        params: dict[str, str | int] = {**listing.params, "limit": page_size}
        if after:
            params["after"] = after
        capture.last = None
        try:
            result = reddit.get(listing.path, params=params)
        except prawcore.exceptions.PrawcoreException as exc:
            raise self._translate(exc, listing) from None
        except praw.exceptions.PRAWException as exc:
            raise MalformedResponse(
                f"source {self.name!r}: Reddit answered {listing.path} with an error: "
                f"{one_line(str(exc))}"
            ) from None
        if not isinstance(result, Listing):
            raise MalformedResponse(
                f"source {self.name!r}: Reddit's answer for {listing.path} is not a listing "
                "(the API may have changed)"
            )
        return result, capture.payload()

    def _translate(self, exc: Exception, listing: RedditListing) -> SourceError:
        """A prawcore exception as a one-line SourceError (never with a credential in it)."""
        src = self.source
        where = f"source {self.name!r}: Reddit"
        if isinstance(exc, prawcore.exceptions.OAuthException):
            # a 200 from the token endpoint with an error: a bad username/password pair
            return CredentialsRejected(
                f"{where} refused to log in ({one_line(exc.error, 40)}): check "
                f"{src.username_env} and {src.password_env}"
            )
        if isinstance(exc, prawcore.exceptions.RequestException):
            original = exc.original_exception
            if isinstance(original, requests.Timeout):
                why = f"timed out after {self.settings.timeout_seconds:g} s"
            elif isinstance(original, requests.exceptions.ChunkedEncodingError):
                why = "broke off the response before it was complete"
            else:
                why = f"could not be reached ({type(original).__name__})"
            return FetchFailed(f"{where} {why}; the next scheduled run will try again")
        if not isinstance(exc, prawcore.exceptions.ResponseException):
            return FetchFailed(f"{where} request failed ({type(exc).__name__})")
        response = exc.response
        status = response.status_code
        token_request = urlsplit(response.url).path.rstrip("/").endswith(TOKEN_PATH)
        if isinstance(exc, prawcore.exceptions.BadJSON):
            return MalformedResponse(
                f"{where} sent {listing.path} as JSON that cannot be read (cut off or damaged); "
                "the next scheduled run will try again"
            )
        if status == 401 or (token_request and status in (400, 403)):
            names = f"{src.client_id_env} and {src.client_secret_env}"
            if get_secret(src.username_env):
                names += f" (and {src.username_env}, {src.password_env})"
            return CredentialsRejected(
                f"{where} rejected the credentials ({status}: invalid or expired): check {names}"
            )
        if status == 429:
            wait = parse_retry_after(response.headers.get("retry-after"))
            if wait is None:
                wait = _float(response.headers.get("x-ratelimit-reset"))
            after_text = f" and asks us to wait {wait:.0f} s" if wait is not None else ""
            return RateLimited(
                f"{where} is rate limiting us (429){after_text}; the next scheduled run will "
                "try again",
                retry_after=wait,
            )
        if status == 403:
            return FetchFailed(
                f"{where} refused {listing.path} (403: private, quarantined or banned); "
                "remove it from subreddits"
            )
        if status in (302, 404):
            return FetchFailed(
                f"{where} has no {listing.path} (the subreddit may not exist); check subreddits"
            )
        if status >= 500:
            return FetchFailed(
                f"{where} answered {status} (server error) for {listing.path}; "
                "the next scheduled run will try again"
            )
        return FetchFailed(f"{where} answered {status} for {listing.path}")

    # ---- items --------------------------------------------------------------------------------

    def _item(self, thing: Any, listing: RedditListing, payload: Payload) -> RawItem:
        data = vars(thing)
        author = data.get("author")
        handle = str(author) if author is not None else ""
        is_comment = isinstance(thing, Comment)
        body = str(data.get("body" if is_comment else "selftext") or "")
        status = _PLACEHOLDERS.get(body.strip())
        if status:
            body = ""
        if handle in _PLACEHOLDERS:
            status = status or _PLACEHOLDERS[handle]
            handle = ""
        if data.get("removed_by_category"):
            status = status or "removed"
        title = "" if is_comment else str(data.get("title") or "")
        permalink = str(data.get("permalink") or "")
        extras: dict[str, Any] = {
            "kind": "comment" if is_comment else "submission",
            "subreddit": str(data.get("subreddit") or ""),
            "listing": listing.key,
            "score": data.get("score"),
        }
        if is_comment:
            extras["parent_id"] = data.get("parent_id")
            extras["link_id"] = data.get("link_id")
            extras["link_title"] = data.get("link_title")
        elif isinstance(thing, Submission):
            extras["num_comments"] = data.get("num_comments")
            if not data.get("is_self") and data.get("url"):
                extras["link_url"] = data.get("url")
        if status:
            extras["status"] = status
        return RawItem(
            source="reddit",
            external_id=str(data["name"]),
            url=(WWW_URL + permalink) if permalink.startswith("/") else permalink,
            text=body,
            title=title,
            payload=payload,
            author_handle=handle,
            author_id=str(data.get("author_fullname") or "") if handle else "",
            published_at=utc_from_timestamp(data.get("created_utc")),
            source_name=self.name,
            extras={k: v for k, v in extras.items() if v is not None},
        )


@dataclass(slots=True)
class _Floor:
    """A listing's cursor: the newest created time seen and the fullnames created then."""

    created: float | None = None
    ids: frozenset[str] = frozenset()

    @classmethod
    def from_state(cls, state: Any) -> _Floor:
        if not isinstance(state, dict):
            return cls()
        created = _float(state.get("created_utc"))
        ids = state.get("ids")
        return cls(
            created, frozenset(str(i) for i in ids) if isinstance(ids, list) else frozenset()
        )

    @classmethod
    def after_items(cls, items: list[RawItem], previous: _Floor) -> _Floor:
        times = [(it.published_at.timestamp(), it.external_id) for it in items if it.published_at]
        if not times:
            return previous
        newest = max(t for t, _ in times)
        if previous.created is not None and previous.created > newest:
            return previous
        ids = {i for t, i in times if t == newest}
        if previous.created == newest:
            ids |= previous.ids
        return cls(newest, frozenset(ids))

    def covers(self, name: str, created: float) -> bool:
        """Whether an item was already seen by an earlier run."""
        if self.created is None:
            return False
        return created < self.created or (created == self.created and name in self.ids)

    def state(self) -> dict[str, Any]:
        if self.created is None:
            return {}
        return {"created_utc": self.created, "ids": sorted(self.ids)}


def _float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def build(source: RedditSource, config: Config, http: HttpClient) -> list[Connector]:
    """The connector for a `kind = "reddit"` source (called by connectors.factory).

    Credentials are checked when it fetches, so a missing variable fails this source alone.
    """
    return [RedditConnector(source, list(config.practices), http.settings)]
