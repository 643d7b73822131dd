"""RSS, Atom and Google Alerts feeds as RawItems.

The document is fetched with the shared HttpClient (conditional GET, timeouts, size cap) and only
its bytes are handed to feedparser: feedparser's own fetching has no timeout. Entry HTML is
reduced to plain text here, so nothing from a feed travels further as live markup.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import logging
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urljoin, urlparse

import feedparser

from connectors.base import FetchFailed, MalformedResponse
from connectors.http import HttpClient, Response
from connectors.text import html_to_text, normalise_whitespace
from gpwatch.models import Batch, Payload, RawItem

log = logging.getLogger(__name__)

# Links we pass on as an item's URL; anything else (javascript:, data:, file: ...) is dropped so
# that no later stage can turn it into a clickable link.
_LINK_SCHEMES = frozenset({"http", "https"})
_GOOGLE_HOST = re.compile(r"^(www\.)?google\.[a-z.]+$")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]+")


class FeedConnector:
    """Fetches one RSS/Atom feed (web or `file://`) and turns its entries into RawItems."""

    kind = "rss"

    def __init__(
        self, name: str, url: str, http: HttpClient, practice_hint: str | None = None
    ) -> None:
        self.name = name
        self.url = url
        self.http = http
        self.practice_hint = practice_hint

    def fetch(self, cursor: dict[str, Any]) -> Batch:
        """Fetch the feed; items for every entry, or none when the server answers 304.

        The cursor holds the `etag` and `last_modified` of the last document seen. Raises only
        SourceError subclasses: `MalformedResponse` when the document is not a feed at all.
        """
        response = self.http.get(
            self.url, etag=cursor.get("etag"), last_modified=cursor.get("last_modified")
        )
        if response.not_modified:
            return Batch(items=[], next_cursor=dict(cursor))
        if not 200 <= response.status < 300:
            # The client returns 4xx answers as they are; their bodies are error pages, not feeds.
            raise FetchFailed(
                f"{_one_line(self.url)} answered {response.status}; check the feed URL"
            )
        parsed = self._parse(response)
        payload = Payload(
            data=response.content,
            content_type=response.content_type,
            url=response.url,
            fetched_at=response.fetched_at,
        )
        feed_title = _construct_text(parsed.get("feed", {}).get("title_detail"))
        items = []
        for index, entry in enumerate(parsed.get("entries") or []):
            try:
                items.append(self._item(entry, payload, feed_title))
            except Exception as exc:  # one odd entry must not lose the others
                log.warning("%s: skipped entry %d (%s)", self.name, index, type(exc).__name__)
        return Batch(
            items=items,
            next_cursor={"etag": response.etag, "last_modified": response.last_modified},
        )

    def _parse(self, response: Response) -> Any:
        """feedparser's result for the fetched bytes, or MalformedResponse if it is not a feed."""
        # The HTTP charset matters for decoding. No content-location on purpose: feedparser
        # would resolve relative <guid>s against it, making ids depend on the feed's address.
        headers = {"content-type": response.content_type} if response.content_type else {}
        try:
            # A stream, not bytes: feedparser tries `open(bytes)` first, so a body such as
            # b"/etc/passwd" would be read from local disk.
            parsed = feedparser.parse(io.BytesIO(response.content), response_headers=headers)
        except Exception as exc:  # a parser crash means a bad document, whatever it raised
            raise MalformedResponse(
                f"{_one_line(self.url)} could not be parsed as a feed ({type(exc).__name__})"
            ) from None
        if not parsed.get("version") and not parsed.get("entries"):
            raise MalformedResponse(
                f"{_one_line(self.url)} did not return an RSS or Atom feed "
                f"(got {_describe(response)}); check the feed URL"
            )
        return parsed

    def _item(self, entry: Mapping[str, Any], payload: Payload, feed_title: str) -> RawItem:
        link = _str(entry.get("link")).strip()
        real_link = unwrap_google_url(_absolute(self.url, link))
        extras: dict[str, Any] = {"feed_title": feed_title, "tags": _tags(entry)}
        if real_link != link:
            extras["google_alert_url"] = link
        return RawItem(
            source=self.kind,
            external_id=_external_id(entry, link),
            url=real_link if _is_web_link(real_link) else "",
            title=_construct_text(entry.get("title_detail")),
            text=_body_text(entry),
            author_handle=normalise_whitespace(_str(entry.get("author"))),
            published_at=_published(entry),
            payload=payload,
            source_name=self.name,
            practice_hint=self.practice_hint,
            extras=extras,
        )


def unwrap_google_url(link: str) -> str:
    """The real target of a `https://www.google.com/url?...&url=<real>` link, else `link`."""
    try:
        parts = urlparse(link)
        host = parts.hostname or ""
    except ValueError:  # e.g. an unbalanced "[" in the host
        return link
    if not _GOOGLE_HOST.match(host) or parts.path != "/url":
        return link
    query = parse_qs(parts.query)
    for key in ("url", "q"):
        target = (query.get(key) or [""])[0]
        if _is_web_link(target):
            return target
    return link


def _absolute(base: str, link: str) -> str:
    """`link` resolved against the feed's configured URL (relative links are common)."""
    if not link or not _is_web_link(base):
        return link
    try:
        return urljoin(base, link)
    except ValueError:
        return link


def _is_web_link(link: str) -> bool:
    """Whether `link` is an http(s) URL, the only kind passed on as an item's URL."""
    try:
        parts = urlparse(link)
    except ValueError:
        return False
    return parts.scheme.lower() in _LINK_SCHEMES and bool(parts.netloc)


def _external_id(entry: Mapping[str, Any], link: str) -> str:
    entry_id = _str(entry.get("id")).strip()
    if entry_id:
        return entry_id
    if link:
        return link
    # No identity given: hash what makes the entry itself, so the same entry gets the same id
    # on every run (and an edited entry counts as new, which is what a reviewer would want).
    parts = [_str(entry.get(key)) for key in ("title", "published", "summary")]
    return "sha256:" + hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()


def _body_text(entry: Mapping[str, Any]) -> str:
    """The fullest body an entry has, as plain text: its content blocks, else its summary."""
    parts = [_construct_text(block) for block in entry.get("content") or []]
    body = " ".join(part for part in parts if part)
    return body or _construct_text(entry.get("summary_detail"))


def _construct_text(detail: Any) -> str:
    """Plain text of one feedparser text construct (a dict with `type` and `value`)."""
    if not isinstance(detail, Mapping):
        return ""
    value = _str(detail.get("value"))
    if detail.get("type") == "text/plain":
        # Declared plain text, already unescaped by the XML parser: a "<" here is a literal
        # character ("x<y", "I <3 my GP"); parsing it as HTML would delete words.
        return normalise_whitespace(value)
    return html_to_text(value)


def _tags(entry: Mapping[str, Any]) -> list[str]:
    terms = []
    for tag in entry.get("tags") or []:
        if isinstance(tag, Mapping):
            term = normalise_whitespace(_str(tag.get("term") or tag.get("label")))
            if term:
                terms.append(term)
    return terms


def _published(entry: Mapping[str, Any]) -> datetime | None:
    """feedparser's parsed date (a UTC struct_time) as an aware datetime, or None."""
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
            except (TypeError, ValueError, OverflowError, OSError):
                continue
    return None


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _one_line(text: str, limit: int = 200) -> str:
    text = _UNPRINTABLE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(response: Response) -> str:
    """What the document looks like, for the 'not a feed' message."""
    content_type = response.content_type.split(";")[0].strip()
    if content_type:
        return _one_line(content_type, 60)
    head = response.content[:512].lstrip().lower()
    if not head:
        return "an empty document"
    if head.startswith((b"<!doctype html", b"<html")) or b"<head" in head or b"<body" in head:
        return "an HTML page"
    if head.startswith((b"{", b"[")):
        return "JSON, and JSON Feed is not supported"
    if head.startswith(b"<"):
        return "markup that is not a feed"
    return f"{len(response.content):,} bytes of unrecognised data"
