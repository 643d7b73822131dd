"""Evidence packs: one ZIP with the raw payloads, evidence.json, a report and a manifest.

A pack is built for one alert, for everything one author posted on one platform, or for every
item about a practice in a period. The pack holds:

- `raw/NNNN-<source>-<id>-<h>.<ext>`: the document each item was found in, byte for byte as
  fetched (its SHA-256 is the one recorded at capture). A document holding several of the
  items (a feed, an API search page, a review page) is stored once and named after the first
  of them; each item's `raw_file` says which file is its own;
- `evidence.json`: per item the platform, link, author, published and captured times (UTC and
  UK local), the text, the practices and staff targeted, the classifier's flags and spans, and
  the alerts with their status history;
- `report.html` and `report.pdf`: the same, as a statement for a person who is not technical,
  with each platform's reporting route and the guidance that applies;
- `README.txt`: how to check the pack;
- `manifest.json`: the SHA-256 and size of every other file, the tool version, who exported
  it and when. Its own SHA-256 (the "detached hash") is printed for the log book.

The pack is written entry by entry, reading items from DuckDB in chunks and payloads in
byte-bounded batches, so memory stays small for an author with thousands of posts. Exporting
records a custody event and puts every exported item on legal hold, in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

import duckdb

from alerts.evidence_report import PLATFORM_NAMES
from alerts.guidance import Guidance, GuidanceError, load_guidance
from gpwatch import __version__
from gpwatch.config import Config
from gpwatch.models import sha256_hex, utcnow
from storage import evidence_queries as q
from storage.db import Database, DatabaseLocked

UK = ZoneInfo("Europe/London")
PACK_FORMAT = "gpwatch-evidence-pack/1"
MANIFEST = "manifest.json"
EVIDENCE_JSON = "evidence.json"
REPORT_HTML = "report.html"
REPORT_PDF = "report.pdf"
README = "README.txt"

# Items read per query, and the most payload bytes held at once (a payload bigger than this is
# read alone; the HTTP client's size cap bounds it).
CHUNK_ITEMS = 200
PAYLOAD_BATCH_BYTES = 8 * 1024 * 1024
DUCKDB_MEMORY_LIMIT = "256MB"

FLAGS = ("threat", "abuse", "staff_targeted", "personal_data", "safeguarding")


class EvidenceError(Exception):
    """The pack cannot be made; the message is one line saying why and what to do."""


@dataclass(frozen=True, slots=True)
class Selection:
    """What goes into a pack: one alert, one author on one platform, or a practice and period."""

    kind: str  # alert | author | practice
    alert_id: int | None = None
    source: str = ""
    handle: str = ""
    practice_id: str = ""
    since: date | None = None
    until: date | None = None  # inclusive: the last UK day of the period

    @property
    def description(self) -> str:
        if self.kind == "alert":
            return f"alert {self.alert_id}"
        if self.kind == "author":
            return f"author {self.handle} on {PLATFORM_NAMES.get(self.source, self.source)}"
        return f"practice {self.practice_id} from {self.since} to {self.until}"

    @property
    def slug(self) -> str:
        if self.kind == "alert":
            return f"alert-{self.alert_id}"
        if self.kind == "author":
            return "author-" + _safe_name(f"{self.source}-{self.handle.lstrip('@')}")
        return f"practice-{self.practice_id}-{self.since}-to-{self.until}"

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "description": self.description}
        if self.kind == "alert":
            out["alert_id"] = self.alert_id
        elif self.kind == "author":
            out.update(source=self.source, handle=self.handle)
        else:
            out.update(practice_id=self.practice_id, since=str(self.since), until=str(self.until))
        return out

    def apply(self, con: duckdb.DuckDBPyConnection) -> int:
        """Fill the selection table; returns how many items it holds."""
        if self.kind == "alert":
            assert self.alert_id is not None
            if not q.alert_exists(con, self.alert_id):
                raise EvidenceError(
                    f"there is no alert {self.alert_id}; list them with "
                    '`gpwatch sql "SELECT alert_id, severity, practice_name FROM v_open_alerts"`'
                )
            return q.select_alert(con, self.alert_id)
        if self.kind == "author":
            return q.select_author(con, self.source, self.handle)
        assert self.since is not None and self.until is not None
        start, end = uk_day_bounds(self.since, self.until)
        return q.select_practice(con, self.practice_id, start, end)


def alert_selection(alert_id: int) -> Selection:
    return Selection(kind="alert", alert_id=int(alert_id))


def author_selection(handle: str, source: str) -> Selection:
    if source not in PLATFORM_NAMES:
        raise EvidenceError(
            f"--source {source!r} is not a source kind; use one of: " + ", ".join(PLATFORM_NAMES)
        )
    if not handle.strip().lstrip("@"):
        raise EvidenceError("--author needs the author's handle, e.g. @name")
    return Selection(kind="author", source=source, handle=handle.strip())


def practice_selection(practice_id: str, since: date, until: date) -> Selection:
    if until < since:
        raise EvidenceError(f"--until {until} is before --since {since}")
    return Selection(kind="practice", practice_id=practice_id.upper(), since=since, until=until)


def uk_day_bounds(since: date, until: date) -> tuple[datetime, datetime]:
    """[start of `since`, start of the day after `until`) in UK local time, as UTC instants."""
    start = datetime.combine(since, time(0), tzinfo=UK).astimezone(UTC)
    end = datetime.combine(until + timedelta(days=1), time(0), tzinfo=UK).astimezone(UTC)
    return start, end


@dataclass(slots=True)
class ExportResult:
    """What an export wrote. `manifest_sha256` is the detached hash for the log book."""

    path: Path
    manifest_sha256: str
    items: int
    files: int = 0
    size_bytes: int = 0
    exported_at: datetime | None = None
    exported_by: str = ""
    selection: str = ""
    custody_event_id: int | None = None
    held_items: int = 0


# ---- times ----------------------------------------------------------------------------------


def as_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def both_times(value: datetime | None) -> dict[str, str] | None:
    """{"utc": ISO 8601 in UTC, "uk": ISO 8601 in Europe/London, "uk_zone": GMT|BST}."""
    utc = as_utc(value)
    if utc is None:
        return None
    local = utc.astimezone(UK)
    return {
        "utc": utc.isoformat().replace("+00:00", "Z"),
        "uk": local.isoformat(),
        "uk_zone": local.tzname() or "",
    }


# ---- building item records ------------------------------------------------------------------

_EXTENSIONS = (
    ("json", ".json"),
    ("html", ".html"),
    ("xml", ".xml"),
    ("rss", ".xml"),
    ("atom", ".xml"),
    ("text/plain", ".txt"),
)


def _extension(content_type: str | None) -> str:
    ct = (content_type or "").lower()
    for marker, ext in _EXTENSIONS:
        if marker in ct:
            return ext
    return ".bin"


def _safe_name(text: str, limit: int = 60) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._")[:limit] or "item"


def raw_file_name(seq: int, width: int, source: str, external_id: str, content_type: str | None):
    """`raw/0007-x-1234567890.json`: ordered, readable, and safe on any file system."""
    ident = _safe_name(external_id)
    # two ids that differ only in unsafe characters must not collide
    digest = hashlib.sha256(external_id.encode("utf-8")).hexdigest()[:8]
    return f"raw/{seq:0{width}d}-{source}-{ident}-{digest}{_extension(content_type)}"


def _loads(text: str | None, default: Any) -> Any:
    if not text:
        return default
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return default


def _group(rows: list[tuple[Any, ...]]) -> dict[int, list[tuple[Any, ...]]]:
    out: dict[int, list[tuple[Any, ...]]] = {}
    for row in rows:
        out.setdefault(int(row[0]), []).append(row)
    return out


def _mention_json(row: tuple[Any, ...]) -> dict[str, Any]:
    _, practice_id, name, terms, reasons, confidence = row
    return {
        "practice_id": practice_id,
        "name": name or "",
        "terms": list(terms or []),
        "reasons": list(reasons or []),
        "confidence": round(float(confidence), 3),
    }


def _verdict_json(row: tuple[Any, ...] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    (
        _,
        version,
        compound,
        label,
        abuse,
        threat,
        staff,
        personal,
        safeguarding,
        scores,
        spans,
        staff_names,
        classified_at,
    ) = row
    return {
        "version": version,
        "classified_at": both_times(classified_at),
        "sentiment": {"compound": compound, "label": label},
        "flags": {
            "threat": bool(threat),
            "abuse": bool(abuse),
            "staff_targeted": bool(staff),
            "personal_data": bool(personal),
            "safeguarding": bool(safeguarding),
        },
        "scores": _loads(scores, {}),
        "spans": _loads(spans, {}),
        "staff_named": list(staff_names or []),
    }


def _alert_json(row: tuple[Any, ...]) -> dict[str, Any]:
    (
        _,
        alert_id,
        practice_id,
        severity,
        category,
        action,
        status,
        changed_by,
        changed_at,
        created_at,
        reasons,
        next_steps,
        version,
        history,
    ) = row
    return {
        "alert_id": int(alert_id),
        "practice_id": practice_id,
        "severity": severity,
        "category": category,
        "action": action,
        "status": status,
        "status_changed_by": changed_by,
        "status_changed_at": both_times(changed_at),
        "created_at": both_times(created_at),
        "reasons": list(reasons or []),
        "next_steps": _loads(next_steps, []),
        "classifier_version": version,
        "history": [
            {
                "status": e["status"],
                "changed_by": e["changed_by"],
                "changed_at": both_times(e["changed_at"]),
                "note": e["note"] or "",
            }
            for e in (history or [])
        ],
    }


def _item_json(
    row: tuple[Any, ...],
    raw_name: str,
    mentions: list[tuple[Any, ...]],
    verdict: tuple[Any, ...] | None,
    alerts: list[tuple[Any, ...]],
) -> dict[str, Any]:
    (
        seq,
        source,
        external_id,
        source_name,
        url,
        handle,
        author_id,
        title,
        text,
        published,
        fetched,
        sha,
        practice_hint,
        extras,
        content_type,
        payload_url,
        size,
    ) = row
    v = _verdict_json(verdict)
    return {
        "n": int(seq),
        "platform": PLATFORM_NAMES.get(source, source),
        "source": source,
        "source_name": source_name,
        "external_id": external_id,
        "url": url or "",
        "author": {"handle": handle or "", "id": author_id or ""},
        "title": title or "",
        "text": text or "",
        "published": both_times(published),
        "captured": both_times(fetched),
        "raw_file": raw_name,
        "payload": {
            "sha256": sha,
            "content_type": content_type or "",
            "fetched_from": payload_url or "",
            "size_bytes": int(size or 0),
        },
        "practice_hint": practice_hint,
        "extras": _loads(extras, {}),
        "practices": [_mention_json(m) for m in mentions],
        "staff_named": v["staff_named"] if v else [],
        "classifier": v,
        "alerts": [_alert_json(a) for a in alerts],
    }


def _payload_groups(
    rows: list[tuple[Any, ...]], skip: dict[str, str]
) -> Iterator[list[tuple[Any, ...]]]:
    """Consecutive rows whose payloads still to be read (not in `skip`) add up to at most
    PAYLOAD_BATCH_BYTES."""
    group: list[tuple[Any, ...]] = []
    shas: set[str] = set()
    size = 0
    for row in rows:
        sha, nbytes = row[11], int(row[16] or 0)
        new = sha not in shas and sha not in skip
        if new and group and size + nbytes > PAYLOAD_BATCH_BYTES:
            yield group
            group, shas, size = [], set(), 0
        if new:
            shas.add(sha)
            size += nbytes
        group.append(row)
    if group:
        yield group


def iter_selected(
    con: duckdb.DuckDBPyConnection, count: int
) -> Iterator[tuple[dict[str, Any], bytes | None]]:
    """(item record, payload bytes) for each selected item, in order, a chunk at a time.

    Several items found in one document (a feed, a search page, a review page) share its
    payload: the bytes come with the first of them only (None for the others), whose
    `raw_file` names the same file. Raises EvidenceError when a stored payload no longer
    hashes to the value recorded when it was captured: such a database has been altered and
    cannot produce evidence.
    """
    width = max(4, len(str(count)))
    files: dict[str, str] = {}  # payload sha256 -> its file in the pack
    for first in range(1, count + 1, CHUNK_ITEMS):
        last = min(count, first + CHUNK_ITEMS - 1)
        rows = q.selected_items(con, first, last)
        mentions = _group(q.selected_mentions(con, first, last))
        verdicts = {int(r[0]): r for r in q.selected_verdicts(con, first, last)}
        alerts = _group(q.selected_alerts(con, first, last))
        for group in _payload_groups(rows, skip=files):
            wanted = sorted({r[11] for r in group if r[11] not in files})
            data = q.payload_data(con, wanted) if wanted else {}
            for row in group:
                seq, source, external_id, sha = int(row[0]), row[1], row[2], row[11]
                payload: bytes | None = None
                if sha not in files:
                    payload = data.get(sha)
                    if payload is None:
                        raise EvidenceError(
                            f"item {source}:{external_id} has no stored payload {sha[:12]}…; "
                            "the database is incomplete, so no pack was written"
                        )
                    if sha256_hex(payload) != sha:
                        raise EvidenceError(
                            f"the stored payload of item {source}:{external_id} no longer "
                            "matches the SHA-256 recorded when it was captured; the database "
                            "has been altered, so no pack was written"
                        )
                    files[sha] = raw_file_name(seq, width, source, external_id, row[14])
                record = _item_json(
                    row,
                    files[sha],
                    mentions.get(seq, []),
                    verdicts.get(seq),
                    alerts.get(seq, []),
                )
                yield record, payload
            del data


# ---- the summary ---------------------------------------------------------------------------


@dataclass(slots=True)
class PackSummary:
    """Counts gathered while the items stream past; small whatever the number of items."""

    items: int = 0
    first: str | None = None  # ISO UTC of the earliest item (published, else captured)
    last: str | None = None
    platforms: Counter[str] = field(default_factory=Counter)
    authors: Counter[str] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)
    severities: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    alert_ids: list[int] = field(default_factory=list)
    practices: dict[str, str] = field(default_factory=dict)
    staff: set[str] = field(default_factory=set)
    guidance: dict[str, dict[str, Any]] = field(default_factory=dict)

    MAX_AUTHORS = 50
    MAX_ALERT_IDS = 1000

    def add(self, record: dict[str, Any]) -> None:
        self.items += 1
        when = (record["published"] or record["captured"] or {}).get("utc")
        if when:
            self.first = when if self.first is None or when < self.first else self.first
            self.last = when if self.last is None or when > self.last else self.last
        self.platforms[record["source"]] += 1
        author = record["author"]["handle"] or record["author"]["id"]
        if author and (author in self.authors or len(self.authors) < self.MAX_AUTHORS):
            self.authors[author] += 1
        verdict = record["classifier"]
        if verdict:
            self.flags.update(f for f, on in verdict["flags"].items() if on)
        self.staff.update(record["staff_named"])
        for m in record["practices"]:
            self.practices.setdefault(m["practice_id"], m["name"])
        for a in record["alerts"]:
            self.severities[a["severity"]] += 1
            self.statuses[a["status"]] += 1
            if len(self.alert_ids) < self.MAX_ALERT_IDS:
                self.alert_ids.append(a["alert_id"])
            for step in a["next_steps"]:
                if isinstance(step, dict) and step.get("id"):
                    self.guidance.setdefault(step["id"], step)

    def as_json(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "first": self.first,
            "last": self.last,
            "platforms": dict(self.platforms),
            "authors": dict(self.authors.most_common()),
            "flags": {f: self.flags.get(f, 0) for f in FLAGS},
            "alerts": {
                "count": sum(self.severities.values()),
                "by_severity": dict(self.severities),
                "by_status": dict(self.statuses),
                "ids": self.alert_ids,
            },
            "practices": self.practices,
            "staff_named": sorted(self.staff),
        }


# ---- writing the ZIP ------------------------------------------------------------------------


class _HashingStream:
    """Wraps a ZIP entry being written: counts and hashes what goes in."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes | str) -> int:
        chunk = data.encode("utf-8") if isinstance(data, str) else data
        self.sha.update(chunk)
        self.size += len(chunk)
        self.raw.write(chunk)
        return len(chunk)


class PackWriter:
    """Writes entries one at a time and remembers each one's SHA-256 and size."""

    def __init__(self, zf: zipfile.ZipFile, when: datetime) -> None:
        self.zf = zf
        local = when.astimezone(UK)
        self.date_time = (
            local.year,
            local.month,
            local.day,
            local.hour,
            local.minute,
            local.second,
        )
        self.files: list[dict[str, Any]] = []

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    @contextmanager
    def entry(self, name: str, **extra: Any) -> Iterator[_HashingStream]:
        with self.zf.open(self._info(name), "w", force_zip64=True) as raw:
            stream = _HashingStream(raw)
            yield stream
        self.files.append(
            {"path": name, "sha256": stream.sha.hexdigest(), "size": stream.size, **extra}
        )

    def write(self, name: str, data: bytes, **extra: Any) -> None:
        with self.entry(name, **extra) as out:
            out.write(data)

    def write_unlisted(self, name: str, data: bytes) -> None:
        """The manifest: in the ZIP but not in its own file list."""
        self.zf.writestr(self._info(name), data)


def _records_from(spool: IO[bytes]) -> Callable[[], Iterator[dict[str, Any]]]:
    """A re-iterable view of the records spooled to disk, one JSON line each."""

    def iterate() -> Iterator[dict[str, Any]]:
        spool.seek(0)
        for line in spool:
            yield json.loads(line)

    return iterate


def _guidance(config: Config) -> Guidance:
    path = str(config.resolve(config.alerts.guidance_file)) if config.alerts.guidance_file else ""
    try:
        return load_guidance(path)
    except GuidanceError as exc:
        raise EvidenceError(str(exc)) from None


README_TEXT = """\
gpwatch evidence pack
=====================

This ZIP was made by gpwatch {version} for: {selection}.
Exported by {by} on {when_uk} (UK time; {when_utc} UTC).

What is inside
- report.pdf / report.html  the statement for a person to read: summary, timeline, each item
                            quoted exactly with its link, where to report it, the guidance.
- evidence.json             the same facts in a machine-readable form.
- raw/                      each item's source document exactly as it was fetched (the bytes
                            the platform or website sent). Items found in the same document
                            (a feed, a page of search results) share its file; evidence.json
                            and the report name each item's file.
- manifest.json             the SHA-256 fingerprint and size of every file above, the tool
                            version, who exported the pack and when.

Checking that nothing has been changed
- With gpwatch:  gpwatch verify {pack_name}
- Without it: compute the SHA-256 of each file (e.g. `sha256sum` on Linux,
  `certutil -hashfile FILE SHA256` on Windows, `shasum -a 256` on a Mac) and compare it with
  manifest.json; then compute the SHA-256 of manifest.json itself and compare it with the
  fingerprint written in the log book when the pack was exported.
"""


def build_pack(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    selection: Selection,
    count: int,
    target: Path,
    exported_by: str,
    exported_at: datetime,
    pack_name: str,
) -> tuple[str, int, PackSummary]:
    """Write the pack for the current selection to `target`. Returns (manifest sha, files,
    summary). Reads `count` selected items from `con` in chunks."""
    from alerts import evidence_report

    guidance = _guidance(config)
    summary = PackSummary()
    with tempfile.TemporaryFile() as spool, zipfile.ZipFile(target, "w", allowZip64=True) as zf:
        pack = PackWriter(zf, exported_at)
        raw_entries: dict[str, dict[str, Any]] = {}
        for record, payload in iter_selected(con, count):
            key = f"{record['source']}:{record['external_id']}"
            if payload is not None:
                pack.write(
                    record["raw_file"],
                    payload,
                    items=[key],
                    captured_sha256=record["payload"]["sha256"],
                )
                raw_entries[record["raw_file"]] = pack.files[-1]
            else:  # found in a document already in the pack
                raw_entries[record["raw_file"]]["items"].append(key)
            summary.add(record)
            spool.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
        records = _records_from(spool)
        header = {
            "format": PACK_FORMAT,
            "tool": "gpwatch",
            "tool_version": __version__,
            "exported_by": exported_by,
            "exported_at": both_times(exported_at),
            "selection": selection.as_json(),
            "summary": summary.as_json(),
        }
        with pack.entry(EVIDENCE_JSON) as out:
            # streamed: header keys first, then one item at a time
            out.write(json.dumps(header, ensure_ascii=False, indent=1)[:-2] + ',\n "items": [\n')
            for i, record in enumerate(records()):
                out.write((",\n" if i else "") + json.dumps(record, ensure_ascii=False))
            out.write("\n ]\n}\n")
        context = evidence_report.ReportContext.build(
            selection=selection.description,
            exported_by=exported_by,
            exported_at=exported_at,
            tool_version=__version__,
            summary=summary,
            guidance=guidance,
            pack_name=pack_name,
        )
        with pack.entry(REPORT_HTML) as out:
            evidence_report.write_html(context, records, out)
        pdf = evidence_report.render_pdf(context, records)
        pack.write(REPORT_PDF, pdf)
        del pdf
        local = exported_at.astimezone(UK)
        pack.write(
            README,
            README_TEXT.format(
                version=__version__,
                selection=selection.description,
                by=exported_by,
                when_uk=local.strftime("%d %B %Y at %H:%M:%S %Z"),
                when_utc=exported_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
                pack_name=pack_name,
            ).encode("utf-8"),
        )
        manifest = {
            "format": PACK_FORMAT,
            "tool": "gpwatch",
            "tool_version": __version__,
            "exported_by": exported_by,
            "exported_at": both_times(exported_at),
            "selection": selection.as_json(),
            "items": summary.items,
            "hash_algorithm": "sha256",
            "files": pack.files,
        }
        manifest_bytes = (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode()
        pack.write_unlisted(MANIFEST, manifest_bytes)
    return sha256_hex(manifest_bytes), len(pack.files) + 1, summary


def default_pack_name(selection: Selection, when: datetime) -> str:
    """`evidence-20261124-140312-alert-12.zip` (UK local time)."""
    return f"evidence-{when.astimezone(UK):%Y%m%d-%H%M%S}-{selection.slug}.zip"


def export_pack(
    config: Config,
    selection: Selection,
    out_path: Path | None,
    exported_by: str,
    reason: str = "",
) -> ExportResult:
    """Build the pack, record the export in the chain of custody and put its items on hold.

    The pack is written beside its final name and renamed only once the custody record and
    holds are committed, so a pack that exists is always on record.
    """
    exported_by = exported_by.strip()
    if not exported_by:
        raise EvidenceError("say who is exporting (--by NAME)")
    exported_at = utcnow()
    out = Path(out_path) if out_path else Path.cwd() / default_pack_name(selection, exported_at)
    if out.is_dir():
        out = out / default_pack_name(selection, exported_at)
    if out.exists():
        raise EvidenceError(f"{out} already exists; evidence is never overwritten: choose --out")
    if not config.database_path.exists():
        raise EvidenceError(f"{config.database_path}: no database yet; run `gpwatch run` first")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    db = Database(config.database_path, lock_timeout=config.database.lock_timeout_seconds)
    try:
        with db.write() as con:
            # DuckDB would otherwise keep every payload block it read in its buffer pool
            con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
            count = selection.apply(con)
            if count == 0:
                raise EvidenceError(f"nothing stored for {selection.description}; no pack written")
            manifest_sha, files, summary = build_pack(
                con, config, selection, count, partial, exported_by, exported_at, out.name
            )
            event_id = q.record_custody(
                con,
                at=exported_at,
                who=exported_by,
                action="export",
                what=selection.description,
                outcome="ok",
                pack_path=str(out.resolve()),
                pack_sha256=manifest_sha,
                items=count,
                detail={
                    "files": files,
                    "reason": reason,
                    "selection": selection.as_json(),
                    "alerts": summary.alert_ids,
                    "tool_version": __version__,
                },
            )
            held = q.hold_selection(
                con,
                held_by=exported_by,
                held_at=exported_at,
                reason=reason or f"exported in evidence pack {manifest_sha[:16]}",
                pack_sha256=manifest_sha,
                alert_id=selection.alert_id,
            )
            con.execute("RESET memory_limit")  # the instance may be shared (the dashboard)
        partial.replace(out)
    except DatabaseLocked as exc:
        partial.unlink(missing_ok=True)
        raise EvidenceError(f"{exc}; try again when the run has finished") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return ExportResult(
        path=out,
        manifest_sha256=manifest_sha,
        items=count,
        files=files,
        size_bytes=out.stat().st_size,
        exported_at=exported_at,
        exported_by=exported_by,
        selection=selection.description,
        custody_event_id=event_id,
        held_items=held,
    )


def export_alert(config: Config, alert_id: int, out_path: Path, exported_by: str) -> ExportResult:
    """The evidence pack for one alert (its item), written to `out_path`; the alert's item is
    put on legal hold and the export is recorded in custody_events."""
    return export_pack(config, alert_selection(alert_id), out_path, exported_by)


def export_author(
    config: Config,
    handle: str,
    source: str,
    out_path: Path | None,
    exported_by: str,
    reason: str = "",
) -> ExportResult:
    """Everything one author posted on one platform: the course of conduct for a report."""
    return export_pack(config, author_selection(handle, source), out_path, exported_by, reason)


def export_practice(
    config: Config,
    practice_id: str,
    since: date,
    until: date,
    out_path: Path | None,
    exported_by: str,
    reason: str = "",
) -> ExportResult:
    """Every item about a practice published from `since` to `until` (UK days, inclusive)."""
    try:
        config.practice(practice_id)
    except KeyError:
        raise EvidenceError(
            f"{practice_id.upper()} is not a practice in the config; see [[practices]]"
        ) from None
    return export_pack(
        config, practice_selection(practice_id, since, until), out_path, exported_by, reason
    )
