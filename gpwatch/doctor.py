"""`gpwatch doctor`: is this installation ready to run? One finding per check, each with a fix.

Checks, in order: the config file loads; for each enabled source, that what it needs is there
(credentials in the environment or a Prefect Secret block, a feed file that exists, practices
with an NHS website address) and, only when asked to go online, that the platform accepts the
credentials or the feed answers; that the database can be written (and is not held by another
program); and whether batches wait in the spool.

Nothing here prints a secret: a credential is reported as set or not set, by variable name.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import duckdb

from connectors.base import SourceError
from connectors.credentials import get_secret, missing_message
from connectors.http import HttpClient
from gpwatch.config import (
    BlueskySource,
    Config,
    ConfigError,
    NhsReviewsSource,
    RedditSource,
    RssSource,
    Source,
    XSource,
    load_config,
)
from storage import spool
from storage.db import is_lock_error

OK, WARN, FAIL = "ok", "warn", "fail"


@dataclass(frozen=True, slots=True)
class Finding:
    """The result of one check. `fix` says what to do when the status is not ok."""

    check: str
    status: str  # ok | warn | fail
    detail: str
    fix: str = ""

    def line(self) -> str:
        """The one line shown for this check."""
        label = {OK: "ok  ", WARN: "warn", FAIL: "FAIL"}[self.status]
        text = f"{label}  {self.check}: {self.detail}"
        return f"{text} -> {self.fix}" if self.fix and self.status != OK else text


def failed(findings: list[Finding]) -> bool:
    """Whether anything needs fixing before a run can work."""
    return any(f.status == FAIL for f in findings)


def run_checks(
    config_path: Path, *, online: bool = False, http: HttpClient | None = None
) -> list[Finding]:
    """Every check for the config at `config_path`; the config's own failure ends the list."""
    try:
        config = load_config(config_path)
    except ConfigError as exc:
        first = str(exc).splitlines()[0]
        more = len(str(exc).splitlines()) - 1
        detail = first + (f" (and {more} more problems)" if more else "")
        return [Finding("config", FAIL, detail, "correct the file, then run gpwatch doctor again")]
    findings = [
        Finding(
            "config",
            OK,
            f"{config_path} loads: {len(config.practices)} practices, "
            f"{len(config.enabled_sources())} of {len(config.sources)} sources enabled",
        )
    ]
    if not config.sources:
        findings.append(
            Finding(
                "sources",
                WARN,
                "no [[sources]] configured: a run would fetch nothing",
                "add a [[sources]] table (see `gpwatch init`'s starter file)",
            )
        )
    own_http = http is None and online
    client = HttpClient(config.http.settings()) if own_http else http
    try:
        for source in config.sources:
            if not source.enabled:
                findings.append(Finding(f"source {source.name!r}", OK, "disabled (skipped)"))
                continue
            findings.extend(check_source(source, config, online=online, http=client))
    finally:
        if own_http and client is not None:
            client.close()
    findings.append(check_database(config))
    waiting = check_spool(config)
    if waiting is not None:
        findings.append(waiting)
    return findings


# ---- sources ----------------------------------------------------------------------------------


def check_source(
    source: Source, config: Config, *, online: bool, http: HttpClient | None
) -> list[Finding]:
    """The findings for one enabled source."""
    name = f"source {source.name!r}"
    if isinstance(source, RssSource):
        return [_check_feed(name, source, config, online=online, http=http)]
    if isinstance(source, NhsReviewsSource):
        return [_check_reviews(name, source, config)]
    if isinstance(source, RedditSource):
        found = _credentials(
            name,
            required=[source.client_id_env, source.client_secret_env],
            optional_pair=(source.username_env, source.password_env),
            source_name=source.name,
            how="create a 'script' app at https://www.reddit.com/prefs/apps",
        )
        if online and found.status == OK and http is not None:
            return [found, _online(name, lambda: _reddit_check(source, config, http))]
        return [found]
    if isinstance(source, XSource):
        return [
            _credentials(
                name,
                required=[source.bearer_token_env],
                source_name=source.name,
                how="copy the app's bearer token from the X developer portal",
                unchecked_online=online,
            )
        ]
    if isinstance(source, BlueskySource):
        found = _bluesky_credentials(name, source)
        if online and found.status != FAIL and http is not None:
            return [found, _online(name, lambda: _bluesky_check(source, config, http))]
        return [found]
    return [Finding(name, WARN, f"kind {source.kind!r} is not checked by doctor")]


def _credentials(
    name: str,
    *,
    required: list[str],
    source_name: str,
    how: str,
    optional_pair: tuple[str, str] | None = None,
    unchecked_online: bool = False,
) -> Finding:
    missing = [env for env in required if not get_secret(env)]
    if missing:
        return Finding(
            f"{name} credentials",
            FAIL,
            f"{' and '.join(missing)} not set",
            missing_message(source_name, missing).split(": ", 2)[-1] + f"; {how}",
        )
    detail = f"{', '.join(required)} set"
    if optional_pair is not None:
        first, second = (bool(get_secret(env)) for env in optional_pair)
        if first != second:
            absent = optional_pair[1] if first else optional_pair[0]
            return Finding(
                f"{name} credentials",
                FAIL,
                f"{optional_pair[0]} and {optional_pair[1]} go together; {absent} is not set",
                f"set {absent}, or unset both to read without an account",
            )
        if first:
            detail += f", with the account in {optional_pair[0]}"
    if unchecked_online:
        detail += " (not tried online: X counts every request against the monthly cap)"
    return Finding(f"{name} credentials", OK, detail)


def _bluesky_credentials(name: str, source: BlueskySource) -> Finding:
    handle = bool(get_secret(source.handle_env))
    password = bool(get_secret(source.app_password_env))
    check = f"{name} credentials"
    if handle and password:
        return Finding(check, OK, f"{source.handle_env} and {source.app_password_env} set")
    if handle or password:
        absent = source.app_password_env if handle else source.handle_env
        return Finding(
            check,
            FAIL,
            f"{source.handle_env} and {source.app_password_env} go together; {absent} is not set",
            f"set {absent} (an app password from Bluesky's Settings > App passwords), or unset "
            "both to use the public search",
        )
    return Finding(
        check,
        OK,
        f"none set: the public search is used (set {source.handle_env} and "
        f"{source.app_password_env} if Bluesky asks for a login)",
    )


def _online(name: str, attempt: Callable[[], str]) -> Finding:
    try:
        detail = attempt()
    except SourceError as exc:
        return Finding(
            f"{name} online",
            FAIL,
            str(exc).split(": ", 1)[-1],
            "see the message; the other sources still run",
        )
    return Finding(f"{name} online", OK, detail)


def _reddit_check(source: RedditSource, config: Config, http: HttpClient) -> str:
    from connectors.reddit import RedditConnector

    return RedditConnector(source, list(config.practices), http.settings).check_credentials()


def _bluesky_check(source: BlueskySource, config: Config, http: HttpClient) -> str:
    from connectors.bluesky import BlueskyConnector

    return BlueskyConnector(source, list(config.practices), http).check_credentials()


def _check_feed(
    name: str, source: RssSource, config: Config, *, online: bool, http: HttpClient | None
) -> Finding:
    from connectors.factory import feed_url

    url = feed_url(source.url, config.base_dir)
    if url.startswith("file:"):
        path = Path(unquote(urlparse(url).path))
        if not path.is_file():
            return Finding(
                f"{name} feed",
                FAIL,
                f"{path} does not exist",
                f"check url = {source.url!r} (a path is relative to the config file's folder)",
            )
        if not os.access(path, os.R_OK):
            return Finding(
                f"{name} feed",
                FAIL,
                f"{path} cannot be read",
                "give the user running gpwatch read permission on it",
            )
        return Finding(f"{name} feed", OK, f"{path} exists ({path.stat().st_size:,} bytes)")
    if not online or http is None:
        return Finding(f"{name} feed", OK, f"{url} (not fetched; add --online to try it)")
    try:
        response = http.get(url)
    except SourceError as exc:
        return Finding(f"{name} feed", FAIL, str(exc), "check the URL and the network")
    if not 200 <= response.status < 300:
        return Finding(
            f"{name} feed",
            FAIL,
            f"{url} answered {response.status}",
            "check the feed URL in the config",
        )
    return Finding(f"{name} feed", OK, f"{url} answered {response.status}")


def _check_reviews(name: str, source: NhsReviewsSource, config: Config) -> Finding:
    wanted = {p.upper() for p in source.practices}
    chosen = [p for p in config.practices if not wanted or p.ods in wanted]
    without = [p.ods for p in chosen if not p.nhs_url]
    with_url = len(chosen) - len(without)
    if with_url == 0:
        return Finding(
            f"{name} pages",
            FAIL,
            "no practice it covers has an nhs_url",
            "set nhs_url (the practice's page on www.nhs.uk) in [[practices]]",
        )
    if without:
        return Finding(
            f"{name} pages",
            WARN,
            f"{with_url} practices have an nhs_url; {', '.join(without)} have none",
            "set nhs_url for them to read their reviews",
        )
    return Finding(f"{name} pages", OK, f"{with_url} practices' review pages configured")


# ---- storage ----------------------------------------------------------------------------------


def check_database(config: Config) -> Finding:
    """Whether the DuckDB file (or, before the first run, its folder) can be written now."""
    path = config.database_path
    check = "database"
    if not path.exists():
        folder = _existing_parent(path)
        if not os.access(folder, os.W_OK):
            return Finding(
                check,
                FAIL,
                f"{path} does not exist and {folder} is not writable",
                "choose a [database] path in a folder gpwatch can write, or fix its permissions",
            )
        try:
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".gpwatch-doctor-"):
                pass
        except OSError as exc:
            return Finding(
                check,
                FAIL,
                f"cannot write in {folder}: {exc.strerror}",
                "choose a [database] path in a folder gpwatch can write",
            )
        return Finding(check, OK, f"{path} will be created by the first run ({folder} is writable)")
    try:
        con = duckdb.connect(str(path))
    except duckdb.IOException as exc:
        if is_lock_error(exc):
            return Finding(
                check,
                FAIL,
                f"{path} is held by another program ({_holder(str(exc))})",
                "close the dashboard, `gpwatch sql`, the duckdb CLI or a running `gpwatch run` "
                "that has it open (runs wait for it, then spool)",
            )
        return Finding(
            check,
            FAIL,
            f"{path} cannot be opened for writing ({_first_line(exc)})",
            "check the file's permissions and that it is a gpwatch DuckDB file",
        )
    except duckdb.Error as exc:
        return Finding(
            check,
            FAIL,
            f"{path} is not a DuckDB database ({_first_line(exc)})",
            "point [database] path at a new file, or restore this one from backup",
        )
    try:
        version = _schema_version(con)
    finally:
        con.close()
    return Finding(check, OK, f"{path} is writable ({version})")


def check_spool(config: Config) -> Finding | None:
    """Batches fetched while the database was busy, waiting to be loaded by the next run."""
    folder = config.spool_path
    if not folder.is_dir():
        return None
    waiting = spool.spooled_files(folder)
    if not waiting:
        return None
    return Finding(
        "spool",
        WARN,
        f"{len(waiting)} batches wait in {folder}",
        "they are loaded at the start of the next run; keep the database free then",
    )


def _schema_version(con: duckdb.DuckDBPyConnection) -> str:
    try:
        row = con.execute("SELECT max(version) FROM schema_migrations").fetchone()
    except duckdb.Error:
        return "no gpwatch tables yet; the next run creates them"
    return f"schema version {row[0]}" if row and row[0] is not None else "no migrations yet"


def _existing_parent(path: Path) -> Path:
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _holder(message: str) -> str:
    match = re.search(r"PID (\d+)", message)
    return f"process {match.group(1)}" if match else "another process"


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
