"""The `gpwatch` command line. Every command takes --config PATH and fails with one line."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from gpwatch import __version__
from gpwatch.config import CONFIG_ENV, Config, ConfigError, default_config_path, load_config

app = typer.Typer(
    name="gpwatch",
    help=(
        "Monitor what is said online about GP practices: find mentions, flag abuse, threats and "
        "exposed personal data, and raise alerts with the next steps from the guidance.\n\n"
        "Start with `gpwatch init`, edit gpwatch.toml, then `gpwatch run`."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
# Wider than a default 80-column pipe so tables stay readable in logs and CI output.
console = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
err = Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 200)

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help=f"Config file (default ./gpwatch.toml, or ${CONFIG_ENV}).",
        show_default=False,
    ),
]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a one-line reason to stderr and return the exit to raise."""
    err.print(Text(f"gpwatch: {message}", style="red"))
    return typer.Exit(code)


def _config(path: Path | None) -> Config:
    try:
        return load_config(path)
    except ConfigError as exc:
        raise fail(str(exc)) from None


def version_callback(value: bool) -> None:
    if value:
        console.print(f"gpwatch {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    pass


# ---- init -----------------------------------------------------------------------------------


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder to write gpwatch.toml into.")] = Path(
        "."
    ),
    ods: Annotated[
        str | None, typer.Option(help="Fill the practice from the ODS list, e.g. A81001.")
    ] = None,
    ods_csv: Annotated[
        Path | None,
        typer.Option(help="The ODS list of GP practices (epraccur.csv) to look --ods up in."),
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing gpwatch.toml.")] = False,
) -> None:
    """Write a commented starter gpwatch.toml for a practice or an LMC."""
    from gpwatch.init import write_starter
    from gpwatch.ods import find_practice

    practice = None
    if ods:
        if ods_csv is None:
            raise fail("--ods needs --ods-csv PATH (the ODS epraccur.csv file of GP practices)")
        if not ods_csv.exists():
            raise fail(f"{ods_csv}: no such file (download epraccur.csv from the NHS ODS site)")
        practice = find_practice(ods_csv, ods)
        if practice is None:
            raise fail(f"{ods.upper()} is not in {ods_csv}; check the code")
        if not practice.active_gp_practice:
            err.print(
                f"note: {practice.code} is not an active GP practice (status {practice.status})"
            )
    try:
        target = write_starter(directory, practice, force=force)
    except FileExistsError as exc:
        raise fail(str(exc)) from None
    console.print(f"Wrote {target}")
    console.print("Next: add staff names and handles, then run `gpwatch run`.")


# ---- run ------------------------------------------------------------------------------------


class _ProgressHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        style = "yellow" if record.levelno >= logging.WARNING else None
        mark = "!" if record.levelno >= logging.WARNING else "·"
        console.print(Text(f"  {mark} {record.getMessage()}", style=style or ""))


def _quiet_prefect(verbose: bool) -> None:
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        os.environ.setdefault("PREFECT_LOGGING_SERVER_LEVEL", "WARNING")


def run_monitor(config_path: Path, verbose: bool = False) -> dict[str, Any]:
    """Run the monitor flow in this process, with progress lines on the console."""
    _quiet_prefect(verbose)
    from flows.monitor import monitor

    handler = _ProgressHandler()
    run_log = logging.getLogger("gpwatch.run")
    run_log.addHandler(handler)
    run_log.setLevel(logging.INFO)
    run_log.propagate = verbose
    try:
        return monitor(str(config_path))
    finally:
        run_log.removeHandler(handler)


SEVERITIES = ("critical", "high", "medium", "low")


def print_summary(summary: dict[str, Any]) -> None:
    """The end-of-run table and one line per failed source."""
    table = Table(title=f"Run {summary['run_id']}: {summary['status']}", title_justify="left")
    table.add_column("source", no_wrap=True)
    table.add_column("status", no_wrap=True)
    for col in ("new", "seen", "mentions", *SEVERITIES):
        table.add_column(col, justify="right", no_wrap=True)
    for s in summary["sources"]:
        table.add_row(
            Text(s["source"]),
            Text(s["status"], style="green" if s["status"] == "ok" else "red"),
            str(s["new"]),
            str(s["seen"]),
            str(s["mentions"]),
            *(str(s["alerts"].get(x, 0)) for x in SEVERITIES),
        )
    console.print(table)
    alerts = summary["alerts"]
    console.print(
        f"{summary['classified']} items classified, {summary['mentions']} mentions, new alerts: "
        + ", ".join(f"{alerts.get(x, 0)} {x}" for x in SEVERITIES),
        soft_wrap=True,
    )
    if not summary["classified"] and not any(s["error"] for s in summary["sources"]):
        # a rerun of the same sources: say so, or "0 items" reads as a broken run
        seen = sum(s["seen"] for s in summary["sources"])
        why = (
            f"the {seen} items the sources returned are already stored"
            if seen
            else "the sources returned no new items"
        )
        console.print(f"Nothing new: {why}. Earlier alerts stay open (v_open_alerts).")
    if summary.get("spool_batches_loaded"):
        console.print(
            f"Loaded {summary['spool_batches_loaded']} spooled batch(es) from an earlier run."
        )
    failures = [s for s in summary["sources"] if s["error"]]
    for s in failures:
        err.print(Text(f"FAILED {s['source']}: {s['error']}", style="red"))
    if summary.get("storage_problem"):
        err.print(Text(f"STORAGE: {summary['storage_problem']}", style="red"))
    for line in (summary.get("urgent") or {}).get("lines", []):
        console.print(Text(f"Urgent: {line}"), soft_wrap=True)


@app.command()
def run(
    config: ConfigOption = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs.")] = False,
) -> None:
    """One monitoring run over every enabled source, with progress and a summary table.

    Exits 1 when every source failed or the database could not be written; a run where some
    sources failed exits 0 and names them.
    """
    path = config or default_config_path()
    cfg = _config(path)
    console.print(
        f"gpwatch run: {len(cfg.practices)} practices, {len(cfg.enabled_sources())} sources, "
        f"database {cfg.database_path}"
    )
    summary = run_monitor(path, verbose)
    print_summary(summary)
    if summary["status"] == "failed" or (summary.get("storage_problem") and not summary["sources"]):
        raise typer.Exit(1)


# ---- sql ------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, default=str, ensure_ascii=False)
    return str(value)


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help='A SELECT, e.g. "SELECT * FROM v_open_alerts".')],
    config: ConfigOption = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, csv or json (one object per row).")
    ] = "table",
    limit: Annotated[int, typer.Option(help="At most this many rows in a table.")] = 200,
) -> None:
    """Ask the database a question, read-only. Views: v_open_alerts, v_mentions,
    v_daily_sentiment, v_source_health (see README.md)."""
    import duckdb

    from storage.db import DatabaseLocked, open_read_only

    if fmt not in ("table", "csv", "json"):
        raise fail("--format must be table, csv or json")
    cfg = _config(config)
    try:
        con = open_read_only(cfg.database_path, timeout=cfg.database.lock_timeout_seconds)
    except FileNotFoundError as exc:
        raise fail(str(exc)) from None
    except DatabaseLocked as exc:
        raise fail(f"{exc}; try again when the run has finished") from None
    try:
        cur = con.execute(query)
        columns = [d[0] for d in cur.description] if cur.description else []
        rows = cur.fetchall() if columns else []
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        hint = " (the database is opened read-only)" if "read-only" in first else ""
        raise fail(f"query failed: {first}{hint}") from None
    finally:
        con.close()
    if fmt == "json":
        for row in rows:
            sys.stdout.write(
                json.dumps(dict(zip(columns, row, strict=True)), default=str, ensure_ascii=False)
                + "\n"
            )
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(columns)
        w.writerows([[_cell(v) for v in row] for row in rows])
        sys.stdout.write(buf.getvalue())
    else:
        table = Table()
        for c in columns:
            table.add_column(c, overflow="fold")
        for row in rows[:limit]:
            table.add_row(*(Text(_cell(v)) for v in row))  # Text: post contents are never markup
        console.print(table)
        more = f" (showing {limit}; use --format csv for all)" if len(rows) > limit else ""
        console.print(f"{len(rows)} rows{more}")


# ---- classify -------------------------------------------------------------------------------


@app.command()
def classify(
    config: ConfigOption = None,
    input_file: Annotated[
        Path | None, typer.Option("--input", "-i", help="JSON lines file (default: stdin).")
    ] = None,
) -> None:
    """Classify JSON lines ({"id", "text", "source"?}) from stdin; print JSON lines.

    The same code path as a monitoring run: practice matching with the config's practices,
    sentiment, flags, the suggested action and severity. "source" is one of rss, nhs_reviews,
    reddit, x, bluesky; without it a line is read as a social post (x), not as news.
    """
    from classifiers.pipeline import result_as_json
    from flows.steps import build_classifier
    from storage.store import StoredItem

    path = config or default_config_path()
    if path.exists() or config is not None:
        cfg = _config(path)
    else:
        err.print("note: no gpwatch.toml here; classifying without practices (no matching)")
        cfg = Config.model_construct(
            practices=[],
            sources=[],
            alerts=Config.model_fields["alerts"].default,
            base_dir=Path("."),
        )
    classifier = build_classifier(cfg)
    stream = input_file.open(encoding="utf-8") if input_file else sys.stdin
    try:
        for n, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                text = rec["text"]
                if not isinstance(text, str):
                    raise TypeError("text must be a string")
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise fail(
                    f"line {n}: expected a JSON object with a 'text' string ({exc})"
                ) from None
            item = StoredItem(
                source=str(rec.get("source", "x")),
                external_id=str(rec.get("id", n)),
                source_name="classify",
                url="",
                title=str(rec.get("title", "")),
                text=text,
                author_handle="",
                published_at=None,
                practice_hint=rec.get("practice_hint"),
                extras={"rating": rec["rating"]} if isinstance(rec.get("rating"), int) else {},
            )
            out = result_as_json(classifier.classify(item), rec.get("id", n))
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    finally:
        if input_file:
            stream.close()


# ---- demo -----------------------------------------------------------------------------------


@app.command()
def demo(
    config: Annotated[Path, typer.Option("--config", "-c", help="The demo config.")] = Path(
        "demo/gpwatch.toml"
    ),
) -> None:
    """Run the bundled demo: five practices, local feeds and NHS website pages served on
    127.0.0.1. Shows a monitoring run's findings, then example `gpwatch sql` queries."""
    from gpwatch.demo import DEMO_URL_ENV, EXAMPLE_QUERIES, DemoServer

    cfg = _config(config)
    site = cfg.base_dir
    console.print(f"gpwatch demo: {len(cfg.practices)} practices; serving {site} on 127.0.0.1")
    with DemoServer(site) as server:
        os.environ[DEMO_URL_ENV] = server.url
        summary = run_monitor(config)
    print_summary(summary)
    console.print()
    console.print(f"The database is {cfg.database_path}. Try:")
    for title, query in EXAMPLE_QUERIES:
        console.print(f"  # {title}")
        # soft_wrap: a command must stay on one line to be copied and pasted
        console.print(Text(f'  .venv/bin/gpwatch sql --config {config} "{query}"'), soft_wrap=True)
    if cfg.recipients and summary["status"] != "failed":
        from gpwatch.demo import write_demo_digests

        console.print()
        console.print(
            "The morning digests (the demo has no [smtp], so they go to the outbox):", markup=False
        )
        for name, eml, line in write_demo_digests(config):
            if eml is None:
                console.print(Text(f"  {name}: {line}", style="red"), soft_wrap=True)
                continue
            console.print(Text(f"  {name}: {eml}"), soft_wrap=True)
            console.print(
                Text(f"    open in a browser: {eml.with_suffix('.html')}"), soft_wrap=True
            )
    if summary["status"] == "failed":
        raise typer.Exit(1)


# public names for the command modules in gpwatch/commands/
load_cli_config = _config

# ---- commands in their own modules (gpwatch/commands/) ---------------------------------------
from gpwatch.commands import load_all as _load_command_modules  # noqa: E402

_load_command_modules()


def main() -> None:
    """Entry point of the `gpwatch` script."""
    app()


if __name__ == "__main__":
    # `python -m gpwatch.cli`: run the app of the module the command modules registered on
    # (gpwatch.cli), not this __main__ copy, which has only the commands defined above
    from gpwatch.cli import main as _run_registered

    _run_registered()
