"""Helpers shared by the social-platform connectors (Reddit, Bluesky).

What to search for (the practices' names and aliases), how to pack those terms into as few
search queries as a platform's length limit allows, and timestamps in UTC.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from connectors.base import SourceError
from gpwatch.config import Practice

_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def search_terms(practices: Iterable[Practice]) -> list[str]:
    """Every practice name and alias, once each (case-insensitively), in config order.

    Handles are left out: on Reddit and Bluesky a practice's X handle is not how people name it,
    and the matcher finds handles in whatever the names bring in.
    """
    seen: set[str] = set()
    terms: list[str] = []
    for practice in practices:
        for term in [practice.name, *practice.aliases]:
            clean = _SPACES.sub(" ", term.replace('"', " ")).strip()
            key = clean.casefold()
            if len(clean) < 3 or key in seen:
                continue
            seen.add(key)
            terms.append(clean)
    return terms


def quoted(term: str) -> str:
    """A term as an exact phrase for Lucene-style search syntax."""
    return '"' + term.replace('"', " ").strip() + '"'


def pack_or_queries(terms: Iterable[str], max_length: int) -> list[str]:
    """Quoted terms joined with ` OR ` into queries no longer than `max_length` characters.

    Greedy in the given order, which keeps one practice's name and aliases together. A term
    that alone is longer than the limit gets a query of its own (cut to the limit) rather than
    being dropped silently: a practice must never fall out of the search.
    """
    queries: list[str] = []
    current = ""
    for term in terms:
        phrase = quoted(term)
        if len(phrase) > max_length:
            phrase = phrase[: max_length - 1].rstrip() + '"'
        candidate = f"{current} OR {phrase}" if current else phrase
        if len(candidate) <= max_length:
            current = candidate
            continue
        if current:
            queries.append(current)
        current = phrase
    if current:
        queries.append(current)
    return queries


def utc_from_timestamp(value: Any) -> datetime | None:
    """A Unix timestamp (seconds, as Reddit's `created_utc`) as an aware UTC datetime."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(seconds):
        return None
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def parse_iso_utc(value: Any) -> datetime | None:
    """An ISO 8601 datetime (`2024-11-30T09:14:03.123Z`, with or without offset) in UTC.

    A time without a zone is taken as UTC, which is what the AT Protocol requires of senders.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def one_line(text: str, limit: int = 200) -> str:
    """`text` fit for a one-line message: no control characters, not too long."""
    flat = _SPACES.sub(" ", _CONTROL.sub(" ", text)).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class CredentialsRejected(SourceError):
    """The platform refused the credentials (401, a bad password): the message names the
    variables to check, never their values."""
