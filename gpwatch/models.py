"""The contracts between stages (see DESIGN.md): RawItem, Batch, Mention, Verdict, Alert.

Every stage takes and returns these; nothing passes a platform's own objects further than its
connector.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

SourceKind = Literal["rss", "nhs_reviews", "reddit", "x", "bluesky"]
Severity = Literal["critical", "high", "medium", "low"]
Action = Literal["police", "report_to_platform", "report_to_moderator", "reply", "none"]

SEVERITY_ORDER: dict[str, int] = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of some bytes (the evidence hash of a payload)."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Payload:
    """Bytes exactly as fetched from a source (a feed document, a page, an API response)."""

    data: bytes
    content_type: str
    url: str
    fetched_at: datetime

    @property
    def sha256(self) -> str:
        return sha256_hex(self.data)


@dataclass(slots=True)
class RawItem:
    """One post, entry or review as a connector found it. Natural key: (source, external_id).

    `payload` is the document the item was found in, byte for byte; several items found in one
    document share it (it is stored once, by hash).
    """

    source: str  # SourceKind
    external_id: str
    url: str
    text: str
    payload: Payload
    title: str = ""
    author_handle: str = ""
    author_id: str = ""
    published_at: datetime | None = None
    source_name: str = ""  # the [[sources]] entry that fetched it
    practice_hint: str | None = None  # ODS code when the source belongs to one practice
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.external_id)

    @property
    def fetched_at(self) -> datetime:
        return self.payload.fetched_at

    @property
    def full_text(self) -> str:
        """Title and body together: what matching and classification read."""
        if self.title and self.title not in self.text:
            return f"{self.title}\n{self.text}"
        return self.text


@dataclass(slots=True)
class Batch:
    """What one fetch returns: the items, and the cursor to store with them."""

    items: list[RawItem]
    next_cursor: dict[str, Any]


Span = tuple[int, int, str]


@dataclass(slots=True)
class Mention:
    """An item is about a practice: which terms matched, how sure, and why."""

    source: str
    external_id: str
    practice_id: str
    terms: list[str]
    reasons: list[str]
    confidence: float

    @property
    def item_key(self) -> tuple[str, str]:
        return (self.source, self.external_id)


@dataclass(slots=True)
class Verdict:
    """The classifiers' view of one item."""

    source: str
    external_id: str
    compound: float
    sentiment_label: str  # positive | neutral | negative
    scores: dict[str, float]  # abuse, threat, staff_targeted, personal_data, safeguarding
    flags: dict[str, bool]
    staff_names: list[str]
    spans: dict[str, list[Span]]
    classifier_version: str

    @property
    def item_key(self) -> tuple[str, str]:
        return (self.source, self.external_id)


@dataclass(slots=True)
class GuidanceStep:
    """One entry of the guidance catalogue, as applied to an alert."""

    id: str
    title: str
    url: str
    steps: list[str]


@dataclass(slots=True)
class Alert:
    """Something a person needs to act on: one per (item, practice)."""

    source: str
    external_id: str
    practice_id: str
    severity: str  # Severity
    category: str
    action: str  # Action
    reasons: list[str]
    next_steps: list[GuidanceStep]
    classifier_version: str
