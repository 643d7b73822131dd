"""`gpwatch dashboard`: the Streamlit dashboard on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from gpwatch.cli import ConfigOption, app, console, err, fail, load_cli_config
from gpwatch.config import CONFIG_ENV, default_config_path

HOST = "127.0.0.1"


def app_script() -> Path:
    """The Streamlit script, wherever the package is installed."""
    import dashboards

    return Path(dashboards.__file__).resolve().with_name("app.py")


def free_port(host: str = HOST) -> int:
    """A TCP port nobody is listening on just now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def port_is_free(port: int, host: str = HOST) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def streamlit_argv(script: Path, config_path: Path, port: int) -> list[str]:
    """The `streamlit run` command line: loopback only, headless, no usage statistics, no file
    watcher (nothing is edited on a practice's machine), the config passed to the script."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.address",
        HOST,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--browser.serverAddress",
        HOST,
        "--server.fileWatcherType",
        "none",
        "--client.toolbarMode",
        "minimal",
        "--",
        "--config",
        str(config_path),
    ]


@app.command()
def dashboard(
    config: ConfigOption = None,
    port: Annotated[
        int | None,
        typer.Option(help="Port on 127.0.0.1 (default: a free one, printed at start)."),
    ] = None,
) -> None:
    """The dashboard in your browser: work the open alerts (acknowledge, resolve with a note,
    export evidence), see mentions, sentiment, alerts and NHS website ratings over time, and
    check that every source is working.

    Listens on 127.0.0.1 only. It reads the database briefly and never holds it, so scheduled
    runs carry on while it is open. Stop it with Ctrl+C.
    """
    path = (config or default_config_path()).resolve()
    cfg = load_cli_config(path)
    if port is None:
        port = free_port()
    elif not 1 <= port <= 65535:
        raise fail(f"--port {port}: a port is a number from 1 to 65535")
    elif not port_is_free(port):
        raise fail(
            f"port {port} on {HOST} is in use; pick another --port, or leave it out for a free one"
        )
    try:
        import streamlit  # noqa: F401
    except ImportError:
        raise fail(
            "streamlit is not installed; reinstall gpwatch (`make demo` or `pip install -e .`)"
        ) from None
    if not cfg.database_path.exists():
        err.print(
            f"note: no database at {cfg.database_path} yet; the dashboard will say so "
            "until the first `gpwatch run`"
        )
    console.print(
        f"gpwatch dashboard: http://{HOST}:{port}  (database {cfg.database_path}; Ctrl+C to stop)",
        soft_wrap=True,
    )
    argv = streamlit_argv(app_script(), path, port)
    env = {**os.environ, CONFIG_ENV: str(path), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        # become Streamlit: signals (Ctrl+C, a service manager's SIGTERM) reach it directly
        os.execve(sys.executable, argv, env)  # noqa: S606 (our own interpreter and arguments)
    raise typer.Exit(subprocess.call(argv, env=env))  # noqa: S603  # pragma: no cover
