"""The spool: batches fetched while the database was locked, kept on disk until the next run.

One JSON file per batch (payload bytes base64-encoded), written to a temporary name and renamed,
so a crash never leaves half a file that looks whole. Loading a spool file stores its items and
its cursor in one transaction, then deletes the file.
"""

from __future__ import annotations

import base64
import json
import os
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from gpwatch.models import Batch, Payload, RawItem


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def batch_to_json(batch: Batch, source_name: str, kind: str) -> dict[str, Any]:
    """A spool record: everything needed to store the batch later, byte for byte."""
    payloads: dict[str, dict[str, Any]] = {}
    items = []
    for it in batch.items:
        sha = it.payload.sha256
        payloads.setdefault(
            sha,
            {
                "data": base64.b64encode(it.payload.data).decode("ascii"),
                "content_type": it.payload.content_type,
                "url": it.payload.url,
                "fetched_at": it.payload.fetched_at.isoformat(),
            },
        )
        items.append(
            {
                "source": it.source,
                "external_id": it.external_id,
                "url": it.url,
                "text": it.text,
                "title": it.title,
                "author_handle": it.author_handle,
                "author_id": it.author_id,
                "published_at": it.published_at.isoformat() if it.published_at else None,
                "source_name": it.source_name,
                "practice_hint": it.practice_hint,
                "extras": it.extras,
                "payload": sha,
            }
        )
    return {
        "source_name": source_name,
        "kind": kind,
        "cursor": batch.next_cursor,
        "payloads": payloads,
        "items": items,
    }


def batch_from_json(record: dict[str, Any]) -> Batch:
    """The inverse of batch_to_json."""
    payloads = {
        sha: Payload(
            data=base64.b64decode(p["data"]),
            content_type=p["content_type"],
            url=p["url"],
            fetched_at=datetime.fromisoformat(p["fetched_at"]),
        )
        for sha, p in record["payloads"].items()
    }
    items = [
        RawItem(
            source=i["source"],
            external_id=i["external_id"],
            url=i["url"],
            text=i["text"],
            title=i["title"],
            author_handle=i["author_handle"],
            author_id=i["author_id"],
            published_at=_dt(i["published_at"]),
            source_name=i["source_name"],
            practice_hint=i["practice_hint"],
            extras=i["extras"],
            payload=payloads[i["payload"]],
        )
        for i in record["items"]
    ]
    return Batch(items=items, next_cursor=record["cursor"])


def write_spool(spool_dir: Path, batch: Batch, source_name: str, kind: str) -> Path:
    """Write a batch to the spool atomically; returns the file's path."""
    spool_dir.mkdir(parents=True, exist_ok=True)
    stamp = f"{time.time_ns():020d}"
    final = spool_dir / f"{stamp}-{source_name}.json"
    tmp = final.with_suffix(".json.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(batch_to_json(batch, source_name, kind), fh)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(final)
    return final


def spooled_files(spool_dir: Path) -> list[Path]:
    """Spool files in the order they were written (oldest first)."""
    if not spool_dir.exists():
        return []
    return sorted(spool_dir.glob("*.json"))


def read_spool(path: Path) -> tuple[str, str, Batch]:
    """(source_name, kind, batch) from a spool file."""
    record = json.loads(path.read_text(encoding="utf-8"))
    return record["source_name"], record["kind"], batch_from_json(record)


def newest_spooled_cursor(spool_dir: Path, source_name: str) -> dict[str, Any] | None:
    """The cursor of the newest spooled batch of a source, if any (newer than the database's)."""
    for path in reversed(spooled_files(spool_dir)):
        if path.name.endswith(f"-{source_name}.json"):
            cursor: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["cursor"]
            return cursor
    return None
