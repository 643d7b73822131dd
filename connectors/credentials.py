"""Credentials for the social platforms: from the environment, or from a Prefect Secret block.

Secrets never come from gpwatch.toml (it names the environment variable to read), and never
appear in logs, errors or the database: callers only ever say *which variable* is missing.
"""

from __future__ import annotations

import os
from typing import Any


def secret_block_name(env_name: str) -> str:
    """The Prefect Secret block consulted when `env_name` is unset.

    `GPWATCH_X_BEARER_TOKEN` -> `gpwatch-x-bearer-token` (block names are lower-case slugs).
    """
    return env_name.lower().replace("_", "-")


def get_secret(env_name: str, *, use_prefect_blocks: bool = True) -> str | None:
    """The value of `env_name`, else of the Prefect Secret block of the same name, else None.

    The block lookup needs a reachable Prefect API; any failure there counts as "not set" so a
    missing credential is reported as such instead of as a Prefect error.
    """
    value = os.environ.get(env_name, "").strip()
    if value:
        return value
    # Only ask a configured Prefect server: without PREFECT_API_URL, Prefect would start a
    # temporary local server (seconds) just to find that no block exists.
    if not use_prefect_blocks or not os.environ.get("PREFECT_API_URL"):
        return None
    try:
        from prefect.blocks.system import Secret

        block: Any = Secret.load(secret_block_name(env_name))  # sync call: returns the block
        got = block.get()
    except Exception:  # no server, no such block, or a Prefect error: treat as unset
        return None
    text = str(got).strip() if got is not None else ""
    return text or None


def missing_message(source_name: str, env_names: list[str]) -> str:
    """The one line a person reads when a source's credentials are not set."""
    names = " and ".join(env_names)
    return (
        f"source {source_name!r}: credentials not set: set {names} in the environment "
        f"(or a Prefect Secret block named {', '.join(secret_block_name(n) for n in env_names)})"
    )
