"""The `monitor` flow: one Prefect task per source, classification in batches, a summary artifact.

Orchestration only: the work is done by the plain functions in flows/steps.py and the stages.
"""

from __future__ import annotations

# isort: off
import gpwatch.prefect_env  # noqa: F401  (must run before prefect is imported)

# isort: on
import logging
import uuid
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from alerts.dispatch import urgent_emails
from connectors.base import Connector
from connectors.factory import build_connectors
from connectors.http import HttpClient
from flows import steps
from gpwatch.config import Config, load_config
from storage.db import DatabaseLocked
from storage.store import Store

log = logging.getLogger("gpwatch.run")


@task(name="collect-source", cache_policy=NO_CACHE, task_run_name="collect {connector.name}")
def collect_source_task(connector: Connector, store: Store, run_id: str) -> steps.SourceOutcome:
    # HTTP retries with backoff happen inside the shared client, so the task itself is not
    # retried: a second attempt would only repeat the same waits.
    outcome = steps.collect_source(connector, store, run_id)
    if outcome.error:
        log.warning("%s: %s", connector.name, outcome.error)
    else:
        log.info("%s: %d items (%d new)", connector.name, outcome.fetched, outcome.new)
    return outcome


@task(name="classify-pending", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def classify_task(store: Store, config: Config, run_id: str) -> steps.ClassifyOutcome:
    # retried: a DuckDB file briefly held by a reader is worth waiting for here
    return steps.classify_pending(store, steps.build_classifier(config), run_id)


def open_store(config: Config) -> Store:
    return Store(
        config.database_path,
        lock_timeout=config.database.lock_timeout_seconds,
        spool_dir=config.spool_path,
    )


# Sources are network-bound, so a few threads overlap their waits.
_RUNNER: Any = ThreadPoolTaskRunner(max_workers=4)


@flow(name="monitor", task_runner=_RUNNER, log_prints=True)
def monitor(config_path: str, run_id: str | None = None) -> dict[str, Any]:
    """One monitoring run over every enabled source of the config at `config_path`."""
    config = load_config(config_path)
    run_id = run_id or uuid.uuid4().hex[:12]
    store = open_store(config)
    storage_problem = None
    spool_loaded = 0
    try:
        store.sync_practices(config.practices)
        spool_loaded = len(store.load_spool(run_id))
        store.start_run(run_id)
    except DatabaseLocked as exc:
        storage_problem = f"database busy: {exc}; fetched items are spooled for the next run"
    with HttpClient(config.http.settings()) as http:
        connectors = build_connectors(config, http)
        futures = [collect_source_task.submit(c, store, run_id) for c in connectors]
        outcomes = [f.result() for f in futures]
    classified = steps.ClassifyOutcome()
    if storage_problem is None:
        try:
            classified = classify_task(store, config, run_id)
        except DatabaseLocked as exc:
            storage_problem = f"classification postponed, database busy: {exc}"
    status = "failed" if storage_problem and not outcomes else steps.run_status(outcomes)
    if storage_problem and status == "ok":
        status = "partial"
    summary = steps.summary_dict(run_id, outcomes, classified, status, spool_loaded)
    summary["storage_problem"] = storage_problem
    if storage_problem is None:
        try:
            store.finish_run(run_id, status, summary)
        except DatabaseLocked:
            summary["storage_problem"] = "could not record the run summary: database busy"
        # critical alerts do not wait for the digest; urgent_emails never raises
        summary["urgent"] = urgent_emails(config, store)
    create_markdown_artifact(
        markdown=steps.summary_markdown(summary),
        key="gpwatch-monitor-summary",
        description="gpwatch monitoring run summary",
    )
    return summary
