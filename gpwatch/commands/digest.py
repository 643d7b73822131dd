"""`gpwatch digest` (the morning email) and `gpwatch serve` (the schedule)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from gpwatch.cli import ConfigOption, app, console, err, fail, load_cli_config
from gpwatch.config import Config, default_config_path


def _check_recipients(cfg: Config, to: str | None) -> None:
    if not cfg.recipients:
        raise fail(
            "no [[recipients]] in the config: add one (name, email, practices) to send digests"
        )
    if to:
        from alerts.dispatch import select_recipients

        try:
            select_recipients(cfg, to)
        except KeyError:
            names = ", ".join(f"{r.name} <{r.email}>" for r in cfg.recipients)
            raise fail(
                f"--to {to!r} is not a recipient in the config; recipients: {names}"
            ) from None


def _where(cfg: Config) -> str:
    if cfg.smtp.host:
        return f"SMTP {cfg.smtp.host}:{cfg.smtp.effective_port} ({cfg.smtp.security})"
    return f"the outbox folder {cfg.outbox_path} (no [smtp] host configured)"


@app.command()
def digest(
    config: ConfigOption = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Print what would be sent (subject and text); send nothing."
        ),
    ] = False,
    to: Annotated[
        str | None,
        typer.Option("--to", help="Only this recipient (their name or email in [[recipients]])."),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs.")] = False,
) -> None:
    """Build and send today's digest to each recipient (SMTP, or .eml files in the outbox).

    Each recipient gets one digest a day: running it again sends nothing new, and a digest that
    could not be sent is retried on the next run. Exits 1 when any digest was not sent.
    """
    path = config or default_config_path()
    cfg = load_cli_config(path)
    _check_recipients(cfg, to)
    if dry_run:
        from alerts.dispatch import preview_digests
        from storage.store import Store

        store = Store(cfg.database_path, lock_timeout=cfg.database.lock_timeout_seconds)
        try:
            previews = preview_digests(cfg, store, only=to)
        except Exception as exc:  # a locked or broken database: one line, not a traceback
            raise fail(f"could not read {cfg.database_path}: {exc}") from None
        for d, rendered in previews:
            skip = d.is_empty and not cfg.digest.send_empty
            console.print(Text(f"To: {d.recipient.name} <{d.recipient.email}>", style="bold"))
            console.print(Text(f"Subject: {rendered.subject}"))
            if skip:
                console.print(Text("(nothing new: would not be sent, [digest] send_empty = false)"))
            console.print(Text(rendered.text), soft_wrap=True)
            console.print()
        console.print(Text(f"Dry run: nothing sent. Would send through {_where(cfg)}."))
        return
    from gpwatch.cli import _quiet_prefect

    _quiet_prefect(verbose)
    from alerts.dispatch import SendOutcome
    from flows.digest import digest as digest_flow

    console.print(
        Text(f"gpwatch digest: {len(cfg.recipients)} recipient(s), sending through {_where(cfg)}")
    )
    result = digest_flow(str(path), to)
    bad = 0
    for raw in result["outcomes"]:
        outcome = SendOutcome(**raw)
        if outcome.ok:
            console.print(Text(outcome.line()), soft_wrap=True)
        else:
            bad += 1
            err.print(Text(f"FAILED {outcome.line()}", style="red"), soft_wrap=True)
    if bad:
        raise typer.Exit(1)


@app.command()
def serve(
    config: ConfigOption = None,
    show: Annotated[
        bool,
        typer.Option("--show", help="Print the deployments and their next runs, then exit."),
    ] = False,
    work_pool: Annotated[
        str | None,
        typer.Option(
            "--work-pool",
            help="Register the deployments in this Prefect work pool and exit; workers "
            "(`prefect worker start --pool NAME`) then run them.",
        ),
    ] = None,
) -> None:
    """Run monitoring and the digest on the config's [schedule] as Prefect deployments.

    Monitoring every `monitor_every_minutes` (default 30), the digest at `digest_time` (07:00)
    in `timezone` (Europe/London), right across the clocks changing. Needs a Prefect server:
    `prefect server start`, then PREFECT_API_URL=http://127.0.0.1:4200/api. Stop with Ctrl-C.
    """
    path = config or default_config_path()
    cfg = load_cli_config(path)
    from flows.serve import DIGEST_DEPLOYMENT, build_deployments, next_runs

    deployments = build_deployments(cfg, Path(path))
    s = cfg.schedule
    console.print(
        f"{deployments[0].name}: every {s.monitor_every_minutes} minutes; "
        f"{DIGEST_DEPLOYMENT}: {s.digest_time} {s.timezone} daily"
    )
    if show:
        from zoneinfo import ZoneInfo

        for d in deployments:
            runs = ", ".join(
                f"{t.astimezone(ZoneInfo(s.timezone)):%a %d %b %H:%M %Z}" for t in next_runs(d, 3)
            )
            console.print(Text(f"  {d.name} next: {runs}"), soft_wrap=True)
        return
    api = os.environ.get("PREFECT_API_URL", "")
    if not api:
        raise fail(
            "gpwatch serve needs a running Prefect server to keep the schedules: run "
            "`prefect server start` and set PREFECT_API_URL=http://127.0.0.1:4200/api "
            "(README: Scheduling)"
        )
    if not cfg.recipients:
        err.print(Text("note: no [[recipients]] in the config: the digest has nobody to send to"))
    if work_pool:
        from flows.serve import register_in_work_pool

        try:
            register_in_work_pool(cfg, Path(path), work_pool)
        except Exception as exc:  # an unknown pool, an unreachable server: one line
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise fail(
                f"could not register the deployments in work pool {work_pool!r}: {first}"
            ) from None
        console.print(
            Text(
                f"Registered {', '.join(d.name for d in deployments)} in work pool {work_pool!r}. "
                f"Start workers with: prefect worker start --pool {work_pool}"
            ),
            soft_wrap=True,
        )
        return
    console.print(
        f"Serving against {api}; runs and their summaries appear in the Prefect UI. Ctrl-C stops."
    )
    from flows.serve import serve as serve_deployments

    serve_deployments(cfg, Path(path))
