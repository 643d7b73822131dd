"""Checking an evidence pack: every file's SHA-256 against manifest.json, and the manifest's own
SHA-256 against the one written in the log book (or recorded in the chain of custody).

The check reads each ZIP entry in chunks, so a large pack needs little memory. It reports every
problem, not just the first: files whose bytes changed, files missing, files added, entries
that appear twice, a raw file that no longer matches the hash recorded at capture, and a
manifest that is missing, unreadable or not the one that was exported.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alerts.evidence import MANIFEST, PACK_FORMAT
from gpwatch.config import Config
from gpwatch.models import utcnow
from storage import evidence_queries as q
from storage.db import Database

READ_CHUNK = 1 << 20


class PackUnreadable(Exception):
    """The file is not an evidence pack at all (missing, not a ZIP); one line saying why."""


@dataclass(slots=True)
class Problem:
    """One thing wrong with a pack, naming the file it is about."""

    path: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}: {self.what}"


@dataclass(slots=True)
class VerifyResult:
    """The outcome of `verify_pack`. `intact` is True only when there is no problem at all."""

    pack: Path
    manifest_sha256: str | None = None
    files_checked: int = 0
    items: int | None = None
    exported_by: str = ""
    exported_at: str = ""
    selection: str = ""
    tool_version: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems and self.manifest_sha256 is not None

    @property
    def bad_files(self) -> list[str]:
        """The names of the files with a problem, each once, in the order found."""
        return list(dict.fromkeys(p.path for p in self.problems))


def _hash_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[str, int]:
    sha = hashlib.sha256()
    size = 0
    with zf.open(info) as stream:
        while chunk := stream.read(READ_CHUNK):
            sha.update(chunk)
            size += len(chunk)
    return sha.hexdigest(), size


def _read_manifest(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, result: VerifyResult
) -> dict[str, Any] | None:
    try:
        with zf.open(info) as stream:
            data = stream.read()
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        result.problems.append(Problem(MANIFEST, f"cannot be read from the ZIP ({exc})"))
        return None
    result.manifest_sha256 = hashlib.sha256(data).hexdigest()
    try:
        manifest = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        result.problems.append(Problem(MANIFEST, "is not valid JSON: it has been changed"))
        return None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list):
        result.problems.append(Problem(MANIFEST, "has no list of files: it has been changed"))
        return None
    if manifest.get("format") != PACK_FORMAT:
        result.problems.append(
            Problem(MANIFEST, f"format is {manifest.get('format')!r}, not {PACK_FORMAT!r}")
        )
    return manifest


def verify_pack(pack: Path, expected_sha256: str | None = None) -> VerifyResult:
    """Re-compute every hash in the pack at `pack`.

    `expected_sha256` is the manifest fingerprint from the log book (or the custody record);
    when given, a different manifest is a problem too. Raises PackUnreadable when the file is
    missing or not a ZIP.
    """
    pack = Path(pack)
    result = VerifyResult(pack=pack)
    if not pack.is_file():
        raise PackUnreadable(f"{pack}: no such file")
    try:
        zf = zipfile.ZipFile(pack)
    except (zipfile.BadZipFile, OSError) as exc:
        raise PackUnreadable(f"{pack}: not a ZIP file ({exc}); is this an evidence pack?") from None
    with zf:
        infos = zf.infolist()
        counts = Counter(i.filename for i in infos)
        for name, n in counts.items():
            if n > 1:
                result.problems.append(
                    Problem(name, f"appears {n} times in the ZIP: an entry was added later")
                )
        manifest_info = next((i for i in reversed(infos) if i.filename == MANIFEST), None)
        if manifest_info is None:
            result.problems.append(Problem(MANIFEST, "is missing: this is not a complete pack"))
            return result
        manifest = _read_manifest(zf, manifest_info, result)
        if expected_sha256 and result.manifest_sha256 != expected_sha256.strip().lower():
            result.problems.append(
                Problem(
                    MANIFEST,
                    f"SHA-256 is {result.manifest_sha256}, not the expected "
                    f"{expected_sha256.strip().lower()}: it is not the manifest "
                    "that was exported",
                )
            )
        if manifest is None:
            return result
        result.items = manifest.get("items")
        result.exported_by = str(manifest.get("exported_by", ""))
        result.exported_at = str((manifest.get("exported_at") or {}).get("utc", ""))
        result.selection = str((manifest.get("selection") or {}).get("description", ""))
        result.tool_version = str(manifest.get("tool_version", ""))
        by_name = {i.filename: i for i in infos}
        listed: set[str] = set()
        for entry in manifest["files"]:
            if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
                result.problems.append(Problem(MANIFEST, f"has a malformed entry {entry!r}"))
                continue
            path = entry["path"]
            listed.add(path)
            info = by_name.get(path)
            if info is None:
                result.problems.append(Problem(path, "is listed in the manifest but missing"))
                continue
            result.files_checked += 1
            try:
                digest, size = _hash_entry(zf, info)
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                result.problems.append(Problem(path, f"is damaged in the ZIP ({exc})"))
                continue
            if digest != entry.get("sha256"):
                result.problems.append(
                    Problem(
                        path, f"has changed: SHA-256 {digest}, manifest says {entry.get('sha256')}"
                    )
                )
            elif size != entry.get("size"):
                result.problems.append(
                    Problem(path, f"is {size} bytes, manifest says {entry.get('size')}")
                )
            captured = entry.get("captured_sha256")
            if captured is not None and digest != captured:
                result.problems.append(
                    Problem(
                        path,
                        f"no longer matches the SHA-256 recorded when it was captured ({captured})",
                    )
                )
        for name in counts:
            if name != MANIFEST and name not in listed:
                result.problems.append(Problem(name, "is not in the manifest: it was added"))
    return result


@dataclass(slots=True)
class CustodyCheck:
    """What the chain of custody says about a pack's manifest hash."""

    recorded: list[tuple[Any, ...]]  # (event_id, event_at, who, what, pack_path) of exports
    event_id: int | None = None  # the verify event recorded now


def record_verification(config: Config, result: VerifyResult, who: str) -> CustodyCheck:
    """Look the manifest hash up among recorded exports and append a verify custody event.

    A pack whose manifest matches no export in this database is reported by the caller; it may
    simply come from another practice's gpwatch, so it is not counted as a problem here.
    """
    db = Database(config.database_path, lock_timeout=config.database.lock_timeout_seconds)
    now = utcnow()
    with db.write() as con:
        recorded = (
            q.exports_with_hash(con, result.manifest_sha256) if result.manifest_sha256 else []
        )
        event_id = q.record_custody(
            con,
            at=now,
            who=who,
            action="verify",
            what=result.selection or result.pack.name,
            outcome="intact" if result.intact else "not intact",
            pack_path=str(result.pack.resolve()),
            pack_sha256=result.manifest_sha256,
            items=result.items if isinstance(result.items, int) else None,
            detail={
                "files_checked": result.files_checked,
                "problems": [str(p) for p in result.problems],
                "matches_recorded_export": [r[0] for r in recorded],
            },
        )
    return CustodyCheck(recorded=recorded, event_id=event_id)
