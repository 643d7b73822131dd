"""The real monitoring pipeline without Prefect (flows.steps on a real DuckDB file): test data
for the digest is made the way a run makes it, not inserted by hand."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from connectors.factory import build_connectors
from connectors.http import HttpClient
from flows import steps
from gpwatch.config import load_config
from gpwatch.demo import DEMO_URL_ENV, DemoServer
from storage.store import Store


def run_pipeline(cfg_path: Path, run_id: str | None = None) -> dict:
    """One run over every enabled source of the config: collect, store, classify, record."""
    cfg = load_config(cfg_path)
    run_id = run_id or uuid.uuid4().hex[:12]
    store = Store(
        cfg.database_path, lock_timeout=cfg.database.lock_timeout_seconds, spool_dir=cfg.spool_path
    )
    store.sync_practices(cfg.practices)
    store.start_run(run_id)
    with HttpClient(cfg.http.settings()) as http:
        outcomes = [steps.collect_source(c, store, run_id) for c in build_connectors(cfg, http)]
    classified = steps.classify_pending(store, steps.build_classifier(cfg), run_id)
    status = steps.run_status(outcomes)
    summary = steps.summary_dict(run_id, outcomes, classified, status, 0)
    store.finish_run(run_id, status, summary)
    return summary


def run_demo_pipeline(cfg_path: Path) -> dict:
    """run_pipeline over a demo config, with the demo's feeds and pages served on 127.0.0.1."""
    with DemoServer(cfg_path.parent) as server:
        old = os.environ.get(DEMO_URL_ENV)
        os.environ[DEMO_URL_ENV] = server.url
        try:
            return run_pipeline(cfg_path)
        finally:
            if old is None:
                os.environ.pop(DEMO_URL_ENV, None)
            else:
                os.environ[DEMO_URL_ENV] = old
