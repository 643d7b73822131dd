"""`gpwatch export`, `gpwatch verify`, `gpwatch hold` and `gpwatch purge`: evidence packs, their
checking, legal holds and retention. The work is done in alerts/evidence.py, alerts/verify.py
and alerts/retention.py; these commands parse options and print what happened."""

from __future__ import annotations

import getpass
import os
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from gpwatch.cli import ConfigOption, app, console, err, fail, load_cli_config
from gpwatch.config import default_config_path

ByOption = Annotated[
    str | None,
    typer.Option(
        "--by", help="Who is doing this, for the chain of custody (default: your login name)."
    ),
]


def who(by: str | None) -> str:
    """The person for the custody record: --by, else the operating-system user."""
    if by and by.strip():
        return by.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option} {value!r} is not a date; write it as YYYY-MM-DD") from None


@app.command()
def export(
    alert: Annotated[
        int | None, typer.Option("--alert", help="An alert_id from v_open_alerts.")
    ] = None,
    author: Annotated[
        str | None, typer.Option("--author", help="An author's handle (or id); needs --source.")
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source", help="The platform of --author: x, reddit, bluesky, rss, nhs_reviews."
        ),
    ] = None,
    practice: Annotated[
        str | None,
        typer.Option("--practice", help="An ODS code; needs --since and --until."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="First UK day of the period, YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Last UK day of the period (included).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="The ZIP to write (default: a dated name here)."),
    ] = None,
    reason: Annotated[
        str,
        typer.Option("--reason", help="Why, e.g. 'police report 14/1234' (kept with the hold)."),
    ] = "",
    by: ByOption = None,
    config: ConfigOption = None,
) -> None:
    """Write an evidence pack (ZIP): raw payloads as fetched, evidence.json, report.html,
    report.pdf and manifest.json with every file's SHA-256.

    Choose one: --alert ID, or --author HANDLE --source KIND (everything they posted there),
    or --practice ODS --since DATE --until DATE. The exported items are put on legal hold and
    the export is recorded in custody_events. Write down the manifest fingerprint it prints.
    """
    from alerts.evidence import (
        EvidenceError,
        alert_selection,
        author_selection,
        export_pack,
        practice_selection,
    )

    chosen = [x for x in (alert is not None, author is not None, practice is not None) if x]
    if len(chosen) != 1:
        raise fail(
            "choose one of --alert ID, --author HANDLE --source KIND, or "
            "--practice ODS --since DATE --until DATE"
        )
    cfg = load_cli_config(config)
    try:
        if alert is not None:
            selection = alert_selection(alert)
        elif author is not None:
            if not source:
                raise fail("--author needs --source (x, reddit, bluesky, rss or nhs_reviews)")
            selection = author_selection(author, source)
        else:
            assert practice is not None
            start, end = _date(since, "--since"), _date(until, "--until")
            if start is None or end is None:
                raise fail("--practice needs --since YYYY-MM-DD and --until YYYY-MM-DD")
            try:
                cfg.practice(practice)
            except KeyError:
                raise fail(
                    f"{practice.upper()} is not a practice in {config or 'the config'}; "
                    "see [[practices]]"
                ) from None
            selection = practice_selection(practice, start, end)
        result = export_pack(cfg, selection, out, who(by), reason)
    except EvidenceError as exc:
        raise fail(str(exc)) from None
    console.print(
        Text(
            f"Wrote {result.path} ({result.items} items, {result.files} files, "
            f"{result.size_bytes:,} bytes) for {result.selection}."
        )
    )
    console.print(f"{result.held_items} items are now on legal hold; purges will keep them.")
    console.print(f"Recorded in custody_events (event {result.custody_event_id}).")
    console.print("Manifest SHA-256 (write this in your log book):")
    console.print(Text(result.manifest_sha256, style="bold"), soft_wrap=True)


@app.command()
def verify(
    pack: Annotated[Path, typer.Argument(help="The evidence pack (ZIP) to check.")],
    expect: Annotated[
        str | None,
        typer.Option("--expect", help="The manifest SHA-256 from the log book, to compare."),
    ] = None,
    by: ByOption = None,
    config: ConfigOption = None,
) -> None:
    """Re-compute every hash in an evidence pack and say whether it is intact.

    Names every file that changed, is missing or was added. Exits 0 when intact, 1 when not.
    With a gpwatch.toml (or --config) the check is recorded in custody_events and the pack is
    matched to its recorded export.
    """
    from alerts.verify import PackUnreadable, record_verification, verify_pack

    try:
        result = verify_pack(pack, expect)
    except PackUnreadable as exc:
        raise fail(str(exc)) from None
    if result.manifest_sha256:
        console.print(Text(f"Manifest SHA-256: {result.manifest_sha256}"), soft_wrap=True)
    if result.selection:
        console.print(
            Text(
                f"Pack for {result.selection}, exported by {result.exported_by} at "
                f"{result.exported_at} (gpwatch {result.tool_version})."
            )
        )
    cfg_path = config or default_config_path()
    if config is not None or cfg_path.exists():
        cfg = load_cli_config(cfg_path)
        if cfg.database_path.exists():
            from storage.db import DatabaseLocked

            try:
                custody = record_verification(cfg, result, who(by))
            except DatabaseLocked as exc:
                err.print(Text(f"note: not recorded in custody_events: {exc}"))
            else:
                if custody.recorded:
                    ev = custody.recorded[0]
                    console.print(
                        Text(
                            f"Matches the export recorded as custody event {ev[0]} "
                            f"({ev[1]:%Y-%m-%d %H:%M} UTC by {ev[2]})."
                        )
                    )
                elif result.manifest_sha256:
                    console.print(
                        "No export with this manifest SHA-256 is recorded in this "
                        "database: compare it with the log book."
                    )
                console.print(f"Recorded in custody_events (event {custody.event_id}).")
    if result.intact:
        console.print(
            Text(f"INTACT: all {result.files_checked} files match the manifest.", style="green")
        )
        return
    err.print(Text(f"NOT INTACT: {len(result.bad_files)} file(s) with problems:", style="red"))
    for problem in result.problems:
        err.print(Text(f"  {problem}", style="red"), soft_wrap=True)
    raise typer.Exit(1)


@app.command()
def hold(
    alert: Annotated[
        int | None, typer.Option("--alert", help="The alert whose item to hold or release.")
    ] = None,
    reason: Annotated[str, typer.Option("--reason", help="Why (kept on record).")] = "",
    release: Annotated[
        bool, typer.Option("--release", help="Release the alert's holds instead.")
    ] = False,
    show: Annotated[bool, typer.Option("--list", help="List everything on hold.")] = False,
    by: ByOption = None,
    config: ConfigOption = None,
) -> None:
    """Put an alert's item on legal hold (purges keep it), release it, or list holds.

    Exporting a pack already holds its items; use this to keep an item before exporting.
    """
    from alerts.retention import RetentionError, hold_alert, list_holds, release_alert
    from storage.db import DatabaseLocked

    cfg = load_cli_config(config)
    try:
        if show:
            rows = list_holds(cfg)
            table = Table(title=f"{len(rows)} items on legal hold", title_justify="left")
            for col in ("source", "external_id", "alerts", "since", "by", "reasons"):
                table.add_column(col, overflow="fold")
            for source, ext, alert_ids, reasons, since, first_by in rows:
                table.add_row(
                    Text(source),
                    Text(ext),
                    Text(", ".join(map(str, alert_ids or []))),
                    Text(f"{since:%Y-%m-%d %H:%M}"),
                    Text(first_by),
                    Text("; ".join(reasons or [])),
                )
            console.print(table)
            return
        if alert is None:
            raise fail("give --alert ID (or --list)")
        if release:
            res = release_alert(cfg, alert, by=who(by), reason=reason)
            console.print(
                f"Released {res.items} hold(s) on alert {alert}; recorded as custody "
                f"event {res.custody_event_id}."
            )
        else:
            res = hold_alert(cfg, alert, by=who(by), reason=reason)
            console.print(
                f"Alert {alert}: {res.items} item on legal hold; recorded as custody "
                f"event {res.custody_event_id}."
            )
    except RetentionError as exc:
        raise fail(str(exc)) from None
    except DatabaseLocked as exc:
        raise fail(f"{exc}; try again when the run has finished") from None


@app.command()
def purge(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be deleted; delete nothing.")
    ] = False,
    by: ByOption = None,
    config: ConfigOption = None,
) -> None:
    """Delete items older than [retention] days (default 365), with their mentions, verdicts
    and alerts. Never deletes evidence on legal hold, nor items whose alert is unresolved;
    says how much it deleted, how much it kept and why."""
    from alerts.retention import RetentionError
    from alerts.retention import purge as run_purge
    from storage.db import DatabaseLocked

    cfg = load_cli_config(config)
    try:
        report = run_purge(cfg, by=who(by), dry_run=dry_run)
    except RetentionError as exc:
        raise fail(str(exc)) from None
    except DatabaseLocked as exc:
        raise fail(f"{exc}; try again when the run has finished") from None
    for line in report.lines():
        console.print(line)
    if dry_run:
        console.print("Dry run: nothing was deleted.")
    else:
        console.print(f"Recorded in custody_events (event {report.custody_event_id}).")
