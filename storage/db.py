"""Opening the DuckDB file: lock handling with backoff, and numbered migrations.

DuckDB lets one process write a file at a time, and a writer's lock also keeps readers of other
processes out. So every writer here opens, writes one batch in a transaction and closes; a
writer that meets another process's lock waits with backoff before giving up with
`DatabaseLocked` (the caller then spools the batch instead of losing it).
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

from gpwatch.models import utcnow

MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")

# One writer at a time inside this process too: Prefect runs source tasks in threads, and
# DuckDB would otherwise fail one of two transactions that touch the same table's index.
_WRITE_LOCKS: dict[str, threading.RLock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


class DatabaseLocked(Exception):
    """Another process held the database file for longer than we were willing to wait."""


def _write_lock(path: Path) -> threading.RLock:
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(str(path), threading.RLock())


def is_lock_error(exc: BaseException) -> bool:
    """True when DuckDB refused to open the file because another process holds it."""
    text = str(exc)
    return "Could not set lock" in text or "Conflicting lock" in text


def connect_with_backoff(
    path: Path,
    *,
    read_only: bool = False,
    timeout: float = 30.0,
    sleep: Callable[[float], None] = time.sleep,
) -> duckdb.DuckDBPyConnection:
    """Open the database, waiting with exponential backoff while another process holds it."""
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if not is_lock_error(exc):
                raise
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                holder = re.search(r"PID (\d+)", str(exc))
                who = f"process {holder.group(1)}" if holder else "another process"
                raise DatabaseLocked(
                    f"{path} is held by {who} (a run, `gpwatch sql` or the dashboard); "
                    f"waited {timeout:g} s"
                ) from None
            sleep(min(delay, remaining) + random.uniform(0, delay / 4))
            delay = min(delay * 2, 2.0)


def migrations() -> list[tuple[int, str, str]]:
    """The numbered migrations shipped in storage/migrations, in order: (number, name, sql)."""
    found = []
    for entry in resources.files("storage").joinpath("migrations").iterdir():
        m = MIGRATION_NAME.match(entry.name)
        if m:
            found.append((int(m.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations this file has not had yet, each in its own transaction."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for number, name, sql in migrations():
        if number in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [number, name, utcnow()])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied


class Database:
    """The DuckDB file: short write sessions, short read-only sessions, migrations on first use."""

    def __init__(self, path: Path, *, lock_timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self._migrated = False

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection inside one transaction: committed on success, rolled back on error."""
        with _write_lock(self.path):
            con = connect_with_backoff(self.path, timeout=self.lock_timeout)
            try:
                if not self._migrated:
                    migrate(con)
                    self._migrated = True
                con.execute("BEGIN TRANSACTION")
                try:
                    yield con
                    con.execute("COMMIT")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
            finally:
                con.close()

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A brief connection for reading. Inside this process it shares the writer's lock."""
        with _write_lock(self.path):
            if not self.path.exists():
                # a fresh install: create and migrate so the views exist to be queried
                with self.write():
                    pass
            con = connect_with_backoff(self.path, timeout=self.lock_timeout)
            try:
                if not self._migrated:
                    migrate(con)
                    self._migrated = True
                yield con
            finally:
                con.close()


def open_read_only(path: Path, timeout: float = 10.0) -> duckdb.DuckDBPyConnection:
    """A read-only connection for `gpwatch sql` and the dashboard: writes are refused by DuckDB."""
    if not path.exists():
        raise FileNotFoundError(f"{path}: no database yet; run `gpwatch run` first")
    return connect_with_backoff(path, read_only=True, timeout=timeout)
