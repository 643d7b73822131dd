"""Storage on real DuckDB files: migrations, one-transaction batches, idempotence, locks, spool."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from gpwatch.models import Batch, Mention, Payload, RawItem, Verdict
from storage.db import DatabaseLocked, connect_with_backoff, migrate, migrations
from storage.store import Store

T0 = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def items(n: int, doc: bytes = b"<rss>doc</rss>", start: int = 0) -> list[RawItem]:
    p = Payload(doc, "application/rss+xml", "http://127.0.0.1/feed", T0)
    return [
        RawItem(
            "rss", f"id-{i}", f"http://x/{i}", f"text {i}", p, source_name="feed", published_at=T0
        )
        for i in range(start, start + n)
    ]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "db" / "gpwatch.duckdb", lock_timeout=1.0)


def test_migrations_are_numbered_and_applied_once(tmp_path):
    numbers = [n for n, _, _ in migrations()]
    assert numbers == sorted(numbers) and numbers[0] == 1
    con = duckdb.connect(str(tmp_path / "m.duckdb"))
    assert migrate(con) == [name for _, name, _ in migrations()]
    assert migrate(con) == []
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    for expected in (
        "raw_items",
        "payloads",
        "mentions",
        "verdicts",
        "alerts",
        "cursors",
        "runs",
        "run_sources",
        "v_open_alerts",
        "v_daily_sentiment",
        "v_mentions",
    ):
        assert expected in tables


def test_save_batch_is_idempotent_and_stores_cursor(store):
    first = store.save_batch(Batch(items(3), {"etag": "a"}), "feed", "rss", "run1")
    again = store.save_batch(Batch(items(3), {"etag": "b"}), "feed", "rss", "run2")
    assert (first.new, first.seen) == (3, 0)
    assert (again.new, again.seen) == (0, 3)
    assert store.count("raw_items") == 3
    assert store.count("payloads") == 1  # three items of one document share its bytes
    assert store.get_cursor("feed") == {"etag": "b"}


def test_payload_bytes_are_kept_exactly_with_their_hash(store):
    doc = b"\xef\xbb\xbf<?xml version='1.0'?>\r\n<rss>\x00odd</rss>"
    store.save_batch(Batch(items(1, doc), {}), "feed", "rss")
    import hashlib

    sha = hashlib.sha256(doc).hexdigest()
    assert store.payload_bytes(sha) == doc
    with store.db.read() as con:
        assert con.execute("SELECT payload_sha256 FROM raw_items").fetchone()[0] == sha


def test_items_and_cursor_commit_together_or_not_at_all(store):
    """A failure inside the transaction leaves neither the items nor the cursor behind."""
    store.save_batch(Batch(items(1), {"since": 1}), "feed", "rss")
    bad = items(2, start=10)
    bad[1].published_at = "not a time"  # type: ignore[assignment]  # fails inside the txn
    with pytest.raises(Exception):
        store.save_batch(Batch(bad, {"since": 99}), "feed", "rss")
    assert store.get_cursor("feed") == {"since": 1}
    assert store.count("raw_items") == 1


def test_results_are_idempotent_on_natural_keys(store):
    store.save_batch(Batch(items(1), {}), "feed", "rss")
    m = Mention("rss", "id-0", "X99001", ["Elm Tree Surgery"], ["name"], 0.9)
    v = Verdict(
        "rss",
        "id-0",
        -0.8,
        "negative",
        {"abuse": 0.9},
        {"abuse": True},
        [],
        {"abuse": [(0, 4, "text")]},
        "v1",
    )
    from alerts.guidance import load_guidance
    from alerts.rules import decide

    a = decide(m, v, "rss", load_guidance())
    assert a is not None
    first = store.save_results([m], [v], [a])
    second = store.save_results([m], [v], [a])
    assert (first.mentions, first.verdicts, first.alerts) == (1, 1, 1)
    assert (second.mentions, second.verdicts, second.alerts) == (0, 0, 0)
    with store.db.read() as con:
        row = con.execute("SELECT severity, status, next_steps FROM v_open_alerts").fetchone()
    assert row[0] == "high" and row[1] == "open" and "https://" in row[2]


def test_alert_status_changes_are_recorded_with_who_and_when(store):
    test_results_are_idempotent_on_natural_keys(store)
    with store.db.read() as con:
        alert_id = con.execute("SELECT alert_id FROM alerts").fetchone()[0]
    store.set_alert_status(alert_id, "resolved", "karen.holt", "reported to X")
    assert store.count("v_open_alerts") == 0
    with store.db.read() as con:
        events = con.execute(
            "SELECT status, changed_by, note FROM alert_events ORDER BY changed_at"
        ).fetchall()
    assert events == [("open", "gpwatch", "raised"), ("resolved", "karen.holt", "reported to X")]
    with pytest.raises(KeyError):
        store.set_alert_status(999, "resolved", "x")


HOLD_LOCK = textwrap.dedent(
    """
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    con.close()
    """
)


def hold_lock(path: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process holding the database file, as a run or the dashboard would."""
    path.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def test_a_briefly_locked_file_is_waited_for(store):
    store.save_batch(Batch(items(1), {}), "feed", "rss")
    holder = hold_lock(store.path, 1.0)
    slow = Store(store.path, lock_timeout=20)
    started = time.monotonic()
    result = slow.save_batch(Batch(items(2, start=5), {"n": 2}), "feed", "rss")
    holder.wait()
    assert result.new == 2
    assert time.monotonic() - started >= 0.5  # it really waited for the other process


def test_a_file_that_stays_locked_spools_the_batch_and_the_next_run_loads_it(store):
    store.save_batch(Batch(items(1), {"n": 1}), "feed", "rss")
    holder = hold_lock(store.path, 30)
    try:
        with pytest.raises(DatabaseLocked, match="held by process"):
            connect_with_backoff(store.path, timeout=0.3)
        result = store.save_batch_or_spool(Batch(items(3, start=1), {"n": 4}), "feed", "rss")
        assert result.spooled is not None and result.spooled.exists()
        # the cursor a run would use now comes from the spool, not the stale database
        assert store.get_cursor("feed") == {"n": 4}
    finally:
        holder.kill()
        holder.wait()
    loaded = store.load_spool()
    assert [r.new for _, r in loaded] == [3]
    assert not list(store.spool_dir.glob("*.json"))
    assert store.count("raw_items") == 4
    assert store.get_cursor("feed") == {"n": 4}
    assert store.load_spool() == []  # loading twice adds nothing
