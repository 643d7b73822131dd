"""X (Twitter) API v2 through tweepy: recent search for the practices' names, aliases and
handles, and the mentions timeline of each practice's own account.

- tweepy's `Client` makes every request (so its real code path is what runs and what the tests
  exercise). It writes `https://api.twitter.com` into each URL but sends through its own
  `requests.Session`; a transport adapter mounted there sends the requests to the configured
  `base_url` (an enterprise proxy, the tests' loopback server), adds a timeout (tweepy sets
  none) and caps the response size.
- `return_type=requests.Response`: the JSON is parsed here from the bytes as fetched, and
  those bytes are each item's payload (the evidence).
- The cursor holds a `since_id` per query (keyed by a hash of the query text) and per mentions
  timeline. It moves only to the newest post a query returned in this batch, and only for
  queries that finished: a query whose paging failed keeps its old `since_id`, so the next run
  fetches its gap again (storage deduplicates what was already kept). A query with more new
  posts than `max_pages` holds records the gap below what it read and closes it next runs.
- Rate limits: after each answer `x-rate-limit-remaining` is read; at 0 that endpoint stops
  for this run (the others go on) and the run says when the limit resets. A 429 does the same;
  the monthly usage cap (`UsageCapExceeded`) stops everything with its own message. A 401 names
  the environment variable to check, never its value.
- The bearer token is read from the environment (or a Prefect Secret block) when a run starts;
  it is never logged (tweepy's debug log of request headers is redacted), stored or shown.
"""

from __future__ import annotations

import json
import logging
import random
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import requests
import tweepy
from requests.adapters import HTTPAdapter
from requests.utils import get_environ_proxies

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
from connectors.http import HttpClient, HttpSettings
from connectors.x_queries import PlannedQuery, QueryPlan, plan_queries
from gpwatch.config import Config, Practice, XSource
from gpwatch.models import Batch, Payload, RawItem, utcnow

log = logging.getLogger(__name__)

X_API = "https://api.twitter.com"
TWEET_FIELDS = [
    "created_at",
    "author_id",
    "conversation_id",
    "in_reply_to_user_id",
    "lang",
    "referenced_tweets",
]
USER_FIELDS = ["username", "name"]
EXPANSIONS = ["author_id"]
# Post ids are "snowflakes": milliseconds since this epoch, shifted left by 22 bits.
SNOWFLAKE_EPOCH_MS = 1288834974657
CURSOR_VERSION = 1
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


class CredentialsRejected(SourceError):
    """X refused the bearer token (401): expired, revoked or mistyped."""


class UsageCapExceeded(RateLimited):
    """The X project's monthly post cap is used up: nothing more until it resets."""


class _EndpointLimited(SourceError):
    """This endpoint has no requests left until `reset_at` (epoch seconds)."""

    def __init__(self, message: str, reset_at: float | None) -> None:
        super().__init__(message)
        self.reset_at = reset_at


class _InvalidRequest(SourceError):
    """X answered 400 for one request (a query it cannot run, an id it does not know)."""

    def __init__(self, message: str, stale_since_id: bool) -> None:
        super().__init__(message)
        self.stale_since_id = stale_since_id


class _TaskFailed(Exception):
    """A query failed after some of its pages were read: those items, and why it stopped."""

    def __init__(self, items: list[RawItem], cause: SourceError) -> None:
        super().__init__(str(cause))
        self.items = items
        self.cause = cause


# --- credentials never reach a log -------------------------------------------------------------

_BEARER = re.compile(r"(Bearer\s+)[^\s'\",}]+")


class _RedactSecrets(logging.Filter):
    """Blanks bearer tokens in tweepy's debug records (it logs the request headers)."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()
        self._lock = threading.Lock()

    def add(self, secret: str) -> None:
        with self._lock:
            self.secrets.add(secret)

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        clean = _BEARER.sub(r"\1[redacted]", text)
        for secret in list(self.secrets):
            clean = clean.replace(secret, "[redacted]")
        if clean != text:
            record.msg, record.args = clean, None
        return True


_REDACT = _RedactSecrets()
logging.getLogger("tweepy.client").addFilter(_REDACT)


# --- transport ------------------------------------------------------------------------------------


class BaseUrlAdapter(HTTPAdapter):
    """Sends tweepy's `https://api.twitter.com/...` requests to `base_url`, with a timeout and
    a cap on the (decoded) response size."""

    def __init__(self, base_url: str, settings: HttpSettings) -> None:
        super().__init__()
        self.base_url = base_url.rstrip("/")
        self.settings = settings

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: bool | str = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> requests.Response:
        url = request.url or ""
        if self.base_url and url.startswith(X_API):
            request.url = self.base_url + url[len(X_API) :]
            host = urlsplit(request.url).hostname or ""
            # the session chose proxies for api.twitter.com; a loopback server never needs one
            proxies = {} if host in _LOOPBACK else get_environ_proxies(request.url)
        response = super().send(
            request,
            stream=True,
            timeout=self.settings.timeout_seconds if timeout is None else timeout,
            verify=verify,
            cert=cert,
            proxies=proxies,
        )
        cap = self.settings.max_bytes
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(65536):
            size += len(chunk)
            if size > cap:
                response.close()
                raise ResponseTooLarge(
                    f"X sent more than the {cap:,}-byte cap (raise http.max_bytes if this is "
                    "really that large)"
                )
            chunks.append(chunk)
        # what a non-streamed requests.Response holds once read
        response._content = b"".join(chunks)
        response._content_consumed = True
        return response


def make_client(token: str, base_url: str, settings: HttpSettings) -> tweepy.Client:
    """A tweepy Client returning raw `requests.Response`s, sending to `base_url`."""
    _REDACT.add(token)
    client = tweepy.Client(bearer_token=token, return_type=requests.Response)
    client.user_agent = f"{settings.user_agent} Tweepy/{tweepy.__version__}"
    client.session.mount(X_API, BaseUrlAdapter(base_url, settings))
    return client


# --- parsing ----------------------------------------------------------------------------------


def snowflake_time(post_id: str) -> datetime | None:
    """When a post was created, from its id (every X id since 2010 carries its time)."""
    try:
        ms = (int(post_id) >> 22) + SNOWFLAKE_EPOCH_MS
    except ValueError:
        return None
    return datetime.fromtimestamp(ms / 1000, UTC)


def parse_time(value: Any) -> datetime | None:
    """X's `created_at` ("2022-10-07T22:42:12.000Z") as an aware UTC datetime."""
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)


def parse_body(content: bytes, what: str) -> dict[str, Any]:
    """The JSON object of an answer, or MalformedResponse saying which request it was."""
    try:
        body = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        raise MalformedResponse(
            f"X answered {what} with something that is not complete JSON "
            f"({len(content):,} bytes); the next run will try again"
        ) from None
    if not isinstance(body, dict) or not isinstance(body.get("data", []), list):
        raise MalformedResponse(f"X answered {what} with JSON of an unexpected shape")
    return body


def _unavailable(errors: Iterable[Any]) -> dict[str, str]:
    """Resource id -> why X could not include it (deleted post, suspended or private author)."""
    out: dict[str, str] = {}
    for error in errors:
        if isinstance(error, dict) and error.get("resource_id"):
            out[str(error["resource_id"])] = str(
                error.get("detail") or error.get("title") or "unavailable"
            )
    return out


def page_items(
    body: dict[str, Any],
    payload: Payload,
    *,
    source_name: str,
    endpoint: str,
    task_key: str,
    practice_hint: str | None = None,
) -> list[RawItem]:
    """The posts of one answer as RawItems, authors joined from `includes.users`.

    Entries X could not return (deleted posts, suspended authors) come in `errors`, not in
    `data`: they are skipped, and an author X withheld is noted in the item's extras.
    """
    users = {
        str(u.get("id")): u
        for u in (body.get("includes") or {}).get("users") or []
        if isinstance(u, dict)
    }
    unavailable = _unavailable(body.get("errors") or [])
    items: list[RawItem] = []
    for tweet in body.get("data") or []:
        if (
            not isinstance(tweet, dict)
            or not tweet.get("id")
            or not isinstance(tweet.get("text"), str)
        ):
            log.warning("%s: skipped a post without an id or text", source_name)
            continue
        post_id = str(tweet["id"])
        author_id = str(tweet.get("author_id") or "")
        user = users.get(author_id) or {}
        username = str(user.get("username") or "")
        created = parse_time(tweet.get("created_at"))
        extras: dict[str, Any] = {
            "endpoint": endpoint,
            "query_key": task_key,
            "lang": tweet.get("lang"),
            "conversation_id": tweet.get("conversation_id"),
            "in_reply_to_user_id": tweet.get("in_reply_to_user_id"),
            "referenced_tweets": tweet.get("referenced_tweets"),
            "author_name": user.get("name"),
            "created_at_from": "created_at" if created else "id",
        }
        if author_id in unavailable:
            extras["author_unavailable"] = unavailable[author_id]
        items.append(
            RawItem(
                source="x",
                external_id=post_id,
                url=(
                    f"https://x.com/{username}/status/{post_id}"
                    if username
                    else f"https://x.com/i/web/status/{post_id}"
                ),
                text=tweet["text"],
                payload=payload,
                author_handle=f"@{username}" if username else "",
                author_id=author_id,
                published_at=created or snowflake_time(post_id),
                source_name=source_name,
                practice_hint=practice_hint,
                extras={k: v for k, v in extras.items() if v is not None},
            )
        )
    return items


def _newest(ids: Iterable[str], current: str | None) -> str | None:
    """The largest post id of `ids` and `current` (ids compare as numbers, not strings)."""
    best = int(current) if current and current.isdigit() else None
    for post_id in ids:
        if post_id.isdigit() and (best is None or int(post_id) > best):
            best = int(post_id)
    return str(best) if best is not None else None


def _reset_text(reset_at: float | None, now: float | None = None) -> str:
    if reset_at is None:
        return "X did not say when it resets"
    now = time.time() if now is None else now
    minutes = max(0, round((reset_at - now) / 60))
    clock = datetime.fromtimestamp(reset_at, UTC).strftime("%H:%M UTC")
    return f"it resets at {clock} (in {minutes} min)"


def _api_detail(exc: tweepy.HTTPException) -> tuple[str, str]:
    """(title/type, detail) of an error answer, from its JSON when there is one."""
    try:
        body = exc.response.json()
    except ValueError:
        return "", ""
    if not isinstance(body, dict):
        return "", ""
    return (
        f"{body.get('title') or ''} {body.get('type') or ''}".strip(),
        str(body.get("detail") or ""),
    )


def _header_int(headers: Any, name: str) -> int | None:
    value = headers.get(name)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


# --- the connector ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Task:
    """One query or mentions timeline to read this run."""

    group: str  # "search" | "mentions": the cursor section and the rate-limit bucket
    key: str  # query hash or user id
    label: str  # for messages: 'search 3 of 12' / 'mentions of X99001'
    query: PlannedQuery | None = None
    practice: Practice | None = None


@dataclass(slots=True)
class _Read:
    """The posts of one pass over a task's pages, and whether the pages ran out first."""

    items: list[RawItem]
    complete: bool

    @property
    def ids(self) -> list[str]:
        return [i.external_id for i in self.items]

    @property
    def oldest(self) -> str | None:
        numeric = [int(i) for i in self.ids if i.isdigit()]
        return str(min(numeric)) if numeric else None


class XConnector:
    """All of one `kind = "x"` source: the mentions timelines, then the planned searches.

    Cursor: `{"v": 1, "search": {key: {"since_id", "gap"?, "checked_at", "query"}}, "mentions":
    {user_id: {...}}}` (see `_run` for the gap). Searches run least recently checked first, so
    when a rate limit stops a run the next run starts with the queries this one did not reach.
    """

    kind = "x"

    def __init__(
        self,
        name: str,
        source: XSource,
        practices: list[Practice],
        settings: HttpSettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        client_factory: Callable[[str, str, HttpSettings], tweepy.Client] = make_client,
    ) -> None:
        self.name = name
        self.source = source
        self.practices = practices
        self.settings = settings
        self.plan: QueryPlan = plan_queries(
            practices, source.max_query_length, source.extra_operators
        )
        self._sleep = sleep
        self._client_factory = client_factory
        self._client: tweepy.Client | None = None
        self._limited: dict[str, _EndpointLimited] = {}
        for problem in self.plan.problems:
            log.warning(
                "%s: %s %r not searched: %s",
                name,
                problem.practice_id,
                problem.term,
                problem.reason,
            )

    # -- running ---------------------------------------------------------------------------

    def tasks(self) -> list[_Task]:
        """This run's work, in the order it will be done (without the cursor's ordering)."""
        out: list[_Task] = []
        if self.source.mentions_timeline:
            for p in self.practices:
                if p.x_user_id:
                    out.append(_Task("mentions", p.x_user_id, f"mentions of {p.ods}", practice=p))
        total = len(self.plan.queries)
        for i, q in enumerate(self.plan.queries, start=1):
            out.append(_Task("search", q.key, f"search {i} of {total}", query=q))
        return out

    def _client_or_fail(self) -> tweepy.Client:
        if self._client is None:
            env = self.source.bearer_token_env
            token = get_secret(env)
            if not token:
                raise CredentialsMissing(missing_message(self.name, [env]))
            self._client = self._client_factory(token, self.source.base_url, self.settings)
        return self._client

    def fetch(self, cursor: dict[str, Any]) -> Batch:
        """Read every task from its `since_id`; see the class docstring for the cursor.

        A failure that stops the run (bad token, usage cap, server errors, malformed answers)
        after some tasks finished raises `PartialFetch`: the items read so far, the cursors of
        the finished tasks moved on, the others as they were.
        """
        client = self._client_or_fail()
        self._limited = {}
        old = _sections(cursor)
        new: dict[str, dict[str, dict[str, Any]]] = {"search": {}, "mentions": {}}
        tasks = self.tasks()
        # least recently checked first; never-checked queries before all others
        tasks.sort(
            key=lambda t: (t.group != "mentions", old[t.group].get(t.key, {}).get("checked_at", ""))
        )
        items: list[RawItem] = []
        seen: set[str] = set()
        stopped: SourceError | None = None
        skipped: dict[str, int] = {}
        invalid: list[str] = []
        for task in tasks:
            entry = dict(old[task.group].get(task.key, {}))
            if task.practice is not None and not task.key.isdigit():
                invalid.append(
                    f"{task.label}: x_user_id {task.key!r} is not a numeric X account id "
                    "(the number behind the @handle, not the handle itself)"
                )
                continue
            if stopped is not None or task.group in self._limited:
                skipped[task.group] = skipped.get(task.group, 0) + 1
                if entry:
                    new[task.group][task.key] = entry
                continue
            try:
                got, covered = self._run(client, task, entry)
            except _TaskFailed as failed:
                _extend(items, seen, failed.items)
                if entry:
                    new[task.group][task.key] = entry  # not moved past what was not read
                cause = failed.cause
                if isinstance(cause, _EndpointLimited):
                    self._limited[task.group] = cause
                    skipped[task.group] = skipped.get(task.group, 0) + 1
                elif isinstance(cause, _InvalidRequest):
                    invalid.append(f"{task.label}: {cause}")
                else:
                    stopped = cause
                continue
            _extend(items, seen, got)
            covered["checked_at"] = utcnow().isoformat()
            if task.query is not None:
                covered["query"] = task.query.text[:120]
            new[task.group][task.key] = {k: v for k, v in covered.items() if v is not None}
        next_cursor: dict[str, Any] = {"v": CURSOR_VERSION, **new}
        batch = Batch(items=items, next_cursor=next_cursor)
        problem = self._problem(stopped, skipped, invalid)
        if problem is None:
            return batch
        if items or any(new[g] != old[g] for g in new):
            raise PartialFetch(batch, problem)
        raise problem

    def _problem(
        self, stopped: SourceError | None, skipped: dict[str, int], invalid: list[str]
    ) -> SourceError | None:
        """The one-line reason this run did not read everything, or None."""
        if stopped is not None:
            return stopped
        # a limit used up by the last request it was needed for stopped nothing
        limited = {g: x for g, x in self._limited.items() if skipped.get(g, 0)}
        if limited:
            left = ", ".join(f"{_count(skipped[g], g)} left for the next run" for g in limited)
            resets = [x.reset_at for x in limited.values() if x.reset_at is not None]
            wait = max(0.0, max(resets) - time.time()) if resets else None
            first = next(iter(limited.values()))
            return RateLimited(f"{first}; {left}", retry_after=wait)
        if invalid:
            more = f" (and {len(invalid) - 1} more)" if len(invalid) > 1 else ""
            return FetchFailed(f"X rejected {invalid[0]}{more}")
        return None

    def _run(
        self, client: tweepy.Client, task: _Task, entry: dict[str, Any]
    ) -> tuple[list[RawItem], dict[str, Any]]:
        """Read one task from its cursor entry: the items and the entry that covers them.

        The entry is `{"since_id": S}`: every post up to S is read. When a run meets more new
        posts than `max_pages` holds, it also gets `"gap": {"until_id": U, "newest": N}`: posts
        from U to N are read, those between S and U are not yet. A later run reads what is new
        after N, then the gap (newest first, `until_id`), and closes it when it reaches S. So a
        pile-on bigger than one run's pages is read in full over the next runs (within the 7
        days recent search covers), newest posts first.

        Raises `_TaskFailed` with the items of the pages read before a failure.
        """
        since = entry.get("since_id")
        gap = entry.get("gap") if isinstance(entry.get("gap"), dict) else None
        if gap is None:
            read = self._read(client, task, since, None)
            if read.complete or read.oldest is None:
                return read.items, {"since_id": _newest(read.ids, since)}
            self._capped(task)
            return read.items, {
                "since_id": since,
                "gap": {"until_id": read.oldest, "newest": _newest(read.ids, None)},
            }
        fresh = self._read(client, task, gap.get("newest"), None)
        newest = _newest(fresh.ids, gap.get("newest"))
        if not fresh.complete and fresh.oldest is not None:
            # a second pile-on while the first is unread: the newer one wins, and the log
            # says the older gap was given up
            log.warning(
                "%s: %s: still more new posts than %d pages hold; posts older than %s and "
                "newer than %s will not be read",
                self.name, task.label, self.source.max_pages, gap.get("until_id"), since,
            )  # fmt: skip
            return fresh.items, {
                "since_id": gap.get("newest"),
                "gap": {"until_id": fresh.oldest, "newest": newest},
            }
        try:
            older = self._read(client, task, since, gap.get("until_id"))
        except _TaskFailed as failed:
            raise _TaskFailed(fresh.items + failed.items, failed.cause) from None
        items = fresh.items + older.items
        if older.complete or older.oldest is None:
            return items, {"since_id": newest}
        return items, {"since_id": since, "gap": {"until_id": older.oldest, "newest": newest}}

    def _capped(self, task: _Task) -> None:
        log.warning(
            "%s: %s has more new posts than %d pages of %d hold; the rest are read by the "
            "next runs (raise max_pages to read more per run)",
            self.name, task.label, self.source.max_pages, self.source.max_results,
        )  # fmt: skip

    def _read(
        self, client: tweepy.Client, task: _Task, since_id: str | None, until_id: str | None
    ) -> _Read:
        """Up to `max_pages` pages of posts newer than `since_id` (and older than `until_id`)."""
        items: list[RawItem] = []
        token: str | None = None
        for page in range(1, self.source.max_pages + 1):
            try:
                response, body = self._request(client, task, since_id, until_id, token)
            except _InvalidRequest as exc:
                if exc.stale_since_id and since_id and page == 1:
                    # X only takes a since_id from the last 7 days: read those 7 days instead
                    log.info(
                        "%s: %s: since_id too old, reading the last 7 days", self.name, task.label
                    )
                    return self._read(client, task, None, until_id)
                raise _TaskFailed(items, exc) from None
            except SourceError as exc:
                raise _TaskFailed(items, exc) from None
            payload = Payload(
                data=response.content,
                content_type=response.headers.get("content-type", ""),
                url=response.url,
                fetched_at=utcnow(),
            )
            got = page_items(
                body,
                payload,
                source_name=self.name,
                endpoint=task.group,
                task_key=task.key,
                practice_hint=task.practice.ods if task.practice else None,
            )
            for item in got:
                item.extras["page"] = page
            items.extend(got)
            meta = body.get("meta") or {}
            token = meta.get("next_token") if isinstance(meta, dict) else None
            if not token:
                return _Read(items, complete=True)
        return _Read(items, complete=False)

    def _request(
        self,
        client: tweepy.Client,
        task: _Task,
        since_id: str | None,
        until_id: str | None,
        token: str | None,
    ) -> tuple[requests.Response, dict[str, Any]]:
        """One page, with retries for server errors and broken connections."""
        limited = self._limited.get(task.group)
        if limited is not None:
            raise limited
        common: dict[str, Any] = {
            "expansions": EXPANSIONS,
            "tweet_fields": TWEET_FIELDS,
            "user_fields": USER_FIELDS,
            "max_results": self.source.max_results,
            "since_id": since_id,
            "until_id": until_id,
        }
        attempts = self.settings.retries + 1
        problem = ""
        for attempt in range(attempts):
            try:
                if task.query is not None:
                    response = client.search_recent_tweets(
                        task.query.text, next_token=token, **common
                    )
                else:
                    response = client.get_users_mentions(task.key, pagination_token=token, **common)
            except tweepy.TwitterServerError as exc:
                problem = f"answered {exc.response.status_code} (server error)"
            except tweepy.HTTPException as exc:
                raise self._http_error(exc, task) from None
            except (
                requests.exceptions.InvalidURL,
                requests.exceptions.InvalidSchema,
                requests.exceptions.MissingSchema,
            ):
                raise FetchFailed(
                    f"{self.source.base_url!r} is not a valid http(s) address; check base_url "
                    f"of source {self.name!r} in gpwatch.toml"
                ) from None
            except requests.RequestException as exc:
                problem = f"could not be reached or broke off ({type(exc).__name__})"
            else:
                self._note_rate_limit(task, response.headers)
                return response, parse_body(response.content, task.label)
            if attempt + 1 < attempts:
                base = self.settings.backoff_seconds * (2**attempt)
                self._sleep(base + random.uniform(0, base / 4))
        raise FetchFailed(
            f"X {problem} for {task.label} after {attempts} tries; the next run will try again"
        )

    def _note_rate_limit(self, task: _Task, headers: Any) -> None:
        """At `x-rate-limit-remaining: 0`, this endpoint stops until `x-rate-limit-reset`."""
        if _header_int(headers, "x-rate-limit-remaining") == 0:
            reset_at = _header_int(headers, "x-rate-limit-reset")
            what = "recent search" if task.group == "search" else "mentions timelines"
            self._limited[task.group] = _EndpointLimited(
                f"X rate limit for {what} used up (x-rate-limit-remaining: 0); "
                + _reset_text(None if reset_at is None else float(reset_at)),
                None if reset_at is None else float(reset_at),
            )

    def _http_error(self, exc: tweepy.HTTPException, task: _Task) -> SourceError:
        """The one-line error for an X error answer (never the token)."""
        status = exc.response.status_code
        kind, detail = _api_detail(exc)
        env = self.source.bearer_token_env
        if "UsageCapExceeded" in kind or "usage-capped" in kind:
            return UsageCapExceeded(
                f"X monthly usage cap reached ({status} UsageCapExceeded: "
                f"{detail or 'usage cap exceeded'}): no X posts can be read until the cap "
                "resets at the start of the next billing period; raise the plan's cap in the "
                "X developer portal or wait"
            )
        if status == 401:
            return CredentialsRejected(
                f"X rejected the bearer token (401 Unauthorized): check {env} "
                "(expired, revoked or mistyped; the X developer portal issues a new one under "
                "the app's Keys and tokens)"
            )
        if status == 429:
            reset = getattr(exc, "reset_time", None) or _header_int(
                exc.response.headers, "x-rate-limit-reset"
            )
            what = "recent search" if task.group == "search" else "mentions timelines"
            return _EndpointLimited(
                f"X rate limit hit for {what} (429 Too Many Requests); "
                + _reset_text(None if reset is None else float(reset)),
                None if reset is None else float(reset),
            )
        if status == 403:
            return FetchFailed(
                f"X refused {task.label} (403 Forbidden: {detail or kind or 'no reason given'}); "
                f"check that the app behind {env} has access to the X API v2 endpoint"
            )
        if status == 400:
            stale = any(
                isinstance(e, dict) and "since_id" in (e.get("parameters") or {})
                for e in exc.api_errors
            )
            messages = "; ".join(str(m) for m in exc.api_messages)[:200]
            return _InvalidRequest(
                f"(400 {detail or messages or 'invalid request'})", stale_since_id=stale
            )
        if status == 404 and task.practice is not None:
            return FetchFailed(
                f"X does not know the account of {task.practice.ods} (404): check x_user_id "
                "(the account's numeric id, not its @handle)"
            )
        return FetchFailed(f"X answered {status} for {task.label}: {detail or kind}".rstrip(": "))


def _count(n: int, group: str) -> str:
    """'1 search query', '3 search queries', '2 mentions timelines'."""
    noun = (
        ("search query", "search queries")
        if group == "search"
        else ("mentions timeline", "mentions timelines")
    )
    return f"{n} {noun[0] if n == 1 else noun[1]}"


def _sections(cursor: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """The cursor's per-task entries; anything unreadable counts as never fetched."""
    out: dict[str, dict[str, dict[str, Any]]] = {"search": {}, "mentions": {}}
    if not isinstance(cursor, dict) or cursor.get("v") != CURSOR_VERSION:
        return out
    for group in out:
        section = cursor.get(group)
        if isinstance(section, dict):
            out[group] = {str(k): v for k, v in section.items() if isinstance(v, dict)}
    return out


def _extend(items: list[RawItem], seen: set[str], new: Iterable[RawItem]) -> None:
    """Add posts not already in this batch (a mention can also match a search)."""
    for item in new:
        if item.external_id not in seen:
            seen.add(item.external_id)
            items.append(item)


def build(source: XSource, config: Config, http: HttpClient) -> list[Connector]:
    """The connector for one `[[sources]] kind = "x"` entry (called by connectors/factory.py).

    The token is read when the run fetches, so a missing token fails this source alone, with
    a line naming the variable to set.
    """
    return [XConnector(source.name, source, list(config.practices), http.settings)]
