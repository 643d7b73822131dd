"""`gpwatch serve`: the monitor and digest flows as Prefect deployments on the config's schedule.

The monitor runs every `[schedule] monitor_every_minutes`; the digest runs at `digest_time` in
`timezone` (a cron schedule with a time zone, so 07:00 stays 07:00 local across the clocks
changing). Served deployments need a running Prefect server (PREFECT_API_URL): a temporary
in-process one would not keep schedules.
"""

from __future__ import annotations

# isort: off
import gpwatch.prefect_env  # noqa: F401  (must run before prefect is imported)

# isort: on
import asyncio
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

from prefect import Flow
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.schedules import Cron, Interval

from flows.digest import digest
from flows.monitor import monitor
from gpwatch.config import Config

MONITOR_DEPLOYMENT = "gpwatch-monitor"
DIGEST_DEPLOYMENT = "gpwatch-digest"


def digest_cron(digest_time: str) -> str:
    """ "07:00" -> "0 7 * * *" (every day at that local time)."""
    hour, minute = digest_time.split(":")
    return f"{int(minute)} {int(hour)} * * *"


def build_deployments(config: Config, config_path: Path) -> list[RunnerDeployment]:
    """The two deployments `gpwatch serve` serves, with the schedules from the config."""
    path = str(Path(config_path).resolve())
    tz = config.schedule.timezone
    schedules = [
        # anchored at a local midnight: every 30 minutes means :00 and :30, not "from now"
        Interval(
            timedelta(minutes=config.schedule.monitor_every_minutes),
            anchor_date=datetime(2020, 1, 1, tzinfo=ZoneInfo(tz)),
            timezone=tz,
        ),
        Cron(digest_cron(config.schedule.digest_time), timezone=tz),
    ]
    descriptions = [
        f"Monitoring run every {config.schedule.monitor_every_minutes} minutes",
        f"Morning digest at {config.schedule.digest_time} {tz}",
    ]
    out = []
    flows: tuple[Flow[..., Any], Flow[..., Any]] = (monitor, digest)
    for fl, name, schedule, description in zip(
        flows,
        (MONITOR_DEPLOYMENT, DIGEST_DEPLOYMENT),
        schedules,
        descriptions,
        strict=True,
    ):
        deployment = fl.to_deployment(
            name=name,
            schedule=schedule,
            description=description,
            parameters={"config_path": path},
            tags=["gpwatch"],
            # imported by module path, so the served process needs no source folder
            entrypoint_type=EntrypointType.MODULE_PATH,
            # one at a time: two runs of the same flow would only queue on the database lock
            concurrency_limit=1,
        )
        out.append(cast(RunnerDeployment, deployment))  # sync call: never a coroutine here
    return out


def serve(config: Config, config_path: Path) -> None:
    """Serve the deployments until interrupted (Ctrl-C or SIGTERM from systemd)."""
    from prefect import serve as prefect_serve

    prefect_serve(*build_deployments(config, config_path))


def next_runs(
    deployment: RunnerDeployment, n: int = 3, start: datetime | None = None
) -> list[datetime]:
    """The next `n` times the Prefect scheduler will start `deployment`, as the server computes
    them (its own schedule classes, so the answer matches what the server will do)."""
    from prefect.server.schemas import schedules as server_schedules

    out: list[datetime] = []
    for item in deployment.schedules or []:
        schedule = item.schedule
        if schedule is None:
            continue
        kind = type(schedule).__name__  # CronSchedule, IntervalSchedule or RRuleSchedule
        server_cls = getattr(server_schedules, kind)
        server_schedule = server_cls.model_validate(schedule.model_dump())
        dates = asyncio.run(server_schedule.get_dates(n=n, start=start))
        out.extend(datetime.fromisoformat(d.isoformat()) for d in dates)
    return sorted(out)[:n]


def register_in_work_pool(config: Config, config_path: Path, work_pool: str) -> list[str]:
    """Register the deployments with a Prefect server's work pool (the distributed path):
    workers polling that pool run them, on any machine with gpwatch installed and the config
    at the same path. Returns the deployment ids."""
    return [str(d.apply(work_pool_name=work_pool)) for d in build_deployments(config, config_path)]
