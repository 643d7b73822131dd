"""What a recipient's morning digest (or an urgent email) says, built from the store.

Plain functions returning dataclasses; rendering is alerts/email_render.py, sending is
alerts/dispatch.py. Post text stays plain text here: escaping is the templates' job (autoescape),
and the only links passed on are http(s) ones (`safe_url`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from gpwatch.config import Config, Recipient
from gpwatch.models import SEVERITY_ORDER, GuidanceStep
from storage import digest_queries as q
from storage.store import Store

SEVERITIES = ("critical", "high", "medium", "low")
MAX_POST_CHARS = 1200

SOURCE_LABELS = {
    "rss": "News / web feed",
    "nhs_reviews": "NHS website review",
    "reddit": "Reddit",
    "x": "X (Twitter)",
    "bluesky": "Bluesky",
}
CATEGORY_LABELS = {
    "threat": "Threat of violence or intimidation",
    "safeguarding": "Safeguarding concern",
    "abuse": "Abuse or harassment",
    "personal_data": "Personal data exposed",
    "review_breach": "Review names or identifies staff",
    "negative_review": "Negative NHS website review",
    "negative_comment": "Negative comment",
}
FLAG_LABELS = {
    "threat": "threat",
    "abuse": "abusive language",
    "staff_targeted": "aimed at staff",
    "personal_data": "personal data",
    "safeguarding": "safeguarding",
}


def safe_url(url: str | None) -> str:
    """`url` if it is an http(s) address, else "": nothing else may become a link in an email
    (javascript:, data:, vbscript: and relative links are dropped)."""
    if not url:
        return ""
    text = url.strip()
    if any(ord(c) < 0x21 for c in text):  # "java\tscript:" tricks; real URLs have no spaces
        return ""
    try:
        parts = urlparse(text)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return text


@dataclass(slots=True)
class Segment:
    """A run of post text; `flag` names the classifier flag whose span it is, if any."""

    text: str
    flag: str | None = None


@dataclass(slots=True)
class FlaggedTerm:
    flag: str  # a FLAG_LABELS value
    text: str


@dataclass(slots=True)
class DigestAlert:
    alert_id: int
    severity: str
    category: str
    category_label: str
    practice_id: str
    practice_name: str
    source: str
    source_label: str
    source_name: str
    author: str
    when: str  # local time, e.g. "Tue 25 Nov 2026, 03:12"
    url: str  # safe (http/https) or ""
    segments: list[Segment]
    truncated: bool
    reasons: list[str]
    flagged: list[FlaggedTerm]
    next_steps: list[GuidanceStep]
    rating: int | None = None


@dataclass(slots=True)
class WaitingReview:
    practice_name: str
    title: str
    text: str
    rating: int | None
    posted: str
    waiting_days: int
    url: str
    severity: str | None


@dataclass(slots=True)
class SentimentLine:
    practice_name: str
    this_week: int
    this_mean: float | None
    this_negative: int
    last_week: int
    last_mean: float | None
    trend: str  # better | worse | steady | quiet

    @property
    def sentence(self) -> str:
        """One line, e.g. "8 mentions this week (mean -0.21, 3 negative) against 5 last week
        (mean +0.10): worse"."""

        def mean(v: float | None) -> str:
            return "no score" if v is None else f"mean {v:+.2f}"

        if self.this_week == 0 and self.last_week == 0:
            return "no mentions this week or last"
        this = f"{self.this_week} mention{'s' if self.this_week != 1 else ''} this week"
        if self.this_week:
            this += f" ({mean(self.this_mean)}, {self.this_negative} negative)"
        last = f"{self.last_week} last week"
        if self.last_week:
            last += f" ({mean(self.last_mean)})"
        return f"{this} against {last}: {self.trend}"


@dataclass(slots=True)
class SourceProblem:
    source_name: str
    kind: str
    failures: int
    last_failed: str
    last_error: str
    working_again: bool


@dataclass(slots=True)
class Digest:
    """Everything one recipient's digest says."""

    recipient: Recipient
    practices: list[tuple[str, str]]  # (ODS code, name)
    generated_at: datetime
    window_start: datetime
    tz: str
    alerts: list[DigestAlert] = field(default_factory=list)
    reviews: list[WaitingReview] = field(default_factory=list)
    reviews_unreplied: int = 0
    sentiment: list[SentimentLine] = field(default_factory=list)
    source_problems: list[SourceProblem] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {s: sum(1 for a in self.alerts if a.severity == s) for s in SEVERITIES}

    @property
    def is_empty(self) -> bool:
        """Nothing new: no new alerts and no failed sources."""
        return not self.alerts and not self.source_problems

    @property
    def label(self) -> str:
        """Whom the digest is about: the practice's name, or "N practices"."""
        if len(self.practices) == 1:
            return self.practices[0][1]
        return f"{len(self.practices)} practices"

    @property
    def date_label(self) -> str:
        local = self.generated_at.astimezone(ZoneInfo(self.tz))
        return f"{local.day} {local:%b}"

    @property
    def since_label(self) -> str:
        return local_time(self.window_start, self.tz)

    @property
    def subject(self) -> str:
        """E.g. "2 critical, 5 new — Elm Tree Surgery, 25 Nov"."""
        where = f"{self.label}, {self.date_label}"
        if not self.alerts:
            problems = len(self.source_problems)
            if problems:
                plural = "s" if problems > 1 else ""
                return f"No new alerts, {problems} source problem{plural} — {where}"
            return f"Nothing new — {where}"
        counts = self.counts
        worst = next(s for s in SEVERITIES if counts[s])
        return f"{counts[worst]} {worst}, {len(self.alerts)} new — {where}"


def local_time(when: datetime | None, tz: str) -> str:
    """A UK-style local time: "Tue 25 Nov 2026, 03:12"."""
    if when is None:
        return "unknown time"
    local = when.astimezone(ZoneInfo(tz))
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"


def _post_text(title: str, text: str) -> str:
    # the same rule as classifiers.pipeline.item_text: the spans index into this string
    if title and title not in text:
        return f"{title}\n{text}"
    return text


def segments_for(text: str, spans: dict[str, list[list[Any]]]) -> tuple[list[Segment], bool]:
    """Split the post into plain and flagged runs (spans that do not match the text, e.g. from
    an older classifier, are ignored), cut to MAX_POST_CHARS. Returns (segments, truncated)."""
    marks: list[tuple[int, int, str]] = []
    for flag, items in (spans or {}).items():
        for item in items or []:
            try:
                start, end, quoted = int(item[0]), int(item[1]), str(item[2])
            except (TypeError, ValueError, IndexError):
                continue
            if 0 <= start < end <= len(text) and text[start:end] == quoted:
                marks.append((start, end, flag))
    marks.sort()
    truncated = len(text) > MAX_POST_CHARS
    limit = MAX_POST_CHARS if truncated else len(text)
    out: list[Segment] = []
    pos = 0
    for start, end, flag in marks:
        if start < pos or start >= limit:
            continue  # overlapping spans: the first one wins
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start : min(end, limit)], flag))
        pos = min(end, limit)
    if pos < limit:
        out.append(Segment(text[pos:limit]))
    return out, truncated


def _flagged_terms(spans: dict[str, list[list[Any]]]) -> list[FlaggedTerm]:
    seen: set[tuple[str, str]] = set()
    out = []
    for flag in FLAG_LABELS:
        for item in spans.get(flag) or []:
            try:
                quoted = str(item[2]).strip()
            except (TypeError, IndexError):
                continue
            key = (flag, quoted.lower())
            if quoted and key not in seen:
                seen.add(key)
                out.append(FlaggedTerm(FLAG_LABELS[flag], quoted))
    return out


def digest_alert(row: q.AlertRow, tz: str) -> DigestAlert:
    """The digest's view of one stored alert."""
    segments, truncated = segments_for(_post_text(row.title, row.text), row.spans)
    steps = [
        GuidanceStep(
            id=str(s.get("id", "")),
            title=str(s.get("title", "")),
            url=safe_url(str(s.get("url", ""))),
            steps=[str(x) for x in s.get("steps") or []],
        )
        for s in row.next_steps
        if isinstance(s, dict)
    ]
    rating = row.extras.get("rating") if row.source == "nhs_reviews" else None
    return DigestAlert(
        alert_id=row.alert_id,
        severity=row.severity,
        category=row.category,
        category_label=CATEGORY_LABELS.get(row.category, row.category.replace("_", " ")),
        practice_id=row.practice_id,
        practice_name=row.practice_name,
        source=row.source,
        source_label=SOURCE_LABELS.get(row.source, row.source),
        source_name=row.source_name,
        author=row.author,
        when=local_time(row.published_at or row.fetched_at, tz),
        url=safe_url(row.url),
        segments=segments,
        truncated=truncated,
        reasons=row.reasons,
        flagged=_flagged_terms(row.spans),
        next_steps=steps,
        rating=rating if isinstance(rating, int) else None,
    )


def _trend(this_mean: float | None, last_mean: float | None, this_n: int, last_n: int) -> str:
    if this_n == 0 and last_n == 0:
        return "quiet"
    if this_mean is None or last_mean is None:
        return "steady" if this_n == last_n else ("busier" if this_n > last_n else "quieter")
    delta = this_mean - last_mean
    if delta <= -0.1:
        return "worse"
    if delta >= 0.1:
        return "better"
    return "steady"


def recipient_practices(config: Config, recipient: Recipient) -> list[tuple[str, str]]:
    """The (ODS code, name) pairs a recipient hears about: theirs, or all when none are listed."""
    wanted = set(recipient.practices)
    return [(p.ods, p.name) for p in config.practices if not wanted or p.ods in wanted]


def digest_window_start(
    store: Store, config: Config, recipient: Recipient, now: datetime
) -> datetime:
    """Where this recipient's next digest starts: the end of the last digest they were sent,
    or `first_digest_hours` ago for a new recipient."""
    last = q.last_sent_digest(store, recipient.email)
    if last is not None and last.window_end is not None:
        return last.window_end
    return now - timedelta(hours=config.digest.first_digest_hours)


# Alerts raised a little before the window started are looked at again: a monitoring run's
# transaction can commit after a digest read. Alerts a sent digest already carried are left out.
_OVERLAP = timedelta(hours=6)


def build_digest(store: Store, config: Config, recipient: Recipient, now: datetime) -> Digest:
    """Everything new for `recipient` since their last digest, as of `now` (aware, UTC)."""
    tz = config.digest.timezone
    practices = recipient_practices(config, recipient)
    ids = [p[0] for p in practices]
    names = dict(practices)
    since = digest_window_start(store, config, recipient, now)
    rows = q.alerts_for_digest(store, recipient.email, ids, since - _OVERLAP)
    alerts = [digest_alert(r, tz) for r in rows if r.created_at <= now]
    alerts.sort(key=lambda a: SEVERITY_ORDER.get(a.severity, 9))
    review_rows, unreplied = q.reviews_waiting(store, ids)
    reviews = [
        WaitingReview(
            practice_name=r.practice_name,
            title=r.title,
            text=r.text[:300] + ("…" if len(r.text) > 300 else ""),
            rating=r.rating,
            posted=local_time(r.published_at, tz).split(",")[0] if r.published_at else "unknown",
            waiting_days=max(0, (now - (r.published_at or r.fetched_at)).days),
            url=safe_url(r.url),
            severity=r.severity,
        )
        for r in review_rows
    ]
    by_practice = {r.practice_id: r for r in q.sentiment_weeks(store, ids, now)}
    sentiment = []
    for ods in ids:
        s = by_practice.get(ods)
        if s is None:
            s = q.SentimentRow(ods, 0, None, 0, 0, None, 0)
        sentiment.append(
            SentimentLine(
                practice_name=names[ods],
                this_week=s.this_week,
                this_mean=round(s.this_mean, 2) if s.this_mean is not None else None,
                this_negative=s.this_negative,
                last_week=s.last_week,
                last_mean=round(s.last_mean, 2) if s.last_mean is not None else None,
                trend=_trend(s.this_mean, s.last_mean, s.this_week, s.last_week),
            )
        )
    problems = [
        SourceProblem(
            source_name=f.source_name,
            kind=f.kind,
            failures=f.failures,
            last_failed=local_time(f.last_failed_at, tz),
            last_error=f.last_error.splitlines()[0][:300] if f.last_error else "no detail",
            working_again=f.last_status == "ok",
        )
        for f in q.failed_sources(store, since)
    ]
    return Digest(
        recipient=recipient,
        practices=practices,
        generated_at=now,
        window_start=since,
        tz=tz,
        alerts=alerts,
        reviews=reviews,
        reviews_unreplied=unreplied,
        sentiment=sentiment,
        source_problems=problems,
    )


@dataclass(slots=True)
class UrgentEmail:
    """One critical alert, for an urgent recipient, now."""

    recipient: Recipient
    alert: DigestAlert
    generated_at: datetime
    tz: str

    @property
    def subject(self) -> str:
        return (
            f"URGENT: {self.alert.category_label.lower()} — {self.alert.practice_name}, "
            f"{local_time(self.generated_at, self.tz).split(', ', 1)[0].split(' ', 1)[1]}"
        )


def build_urgent(
    store: Store, config: Config, recipient: Recipient, alert_id: int, now: datetime
) -> UrgentEmail | None:
    """The urgent email about one alert, or None if the alert no longer exists."""
    rows = q.alerts_by_id(store, [alert_id])
    if not rows:
        return None
    return UrgentEmail(
        recipient, digest_alert(rows[0], config.digest.timezone), now, config.digest.timezone
    )
