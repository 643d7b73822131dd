"""`gpwatch doctor`: checks the config, credentials, database and feed files, one line each."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from gpwatch.cli import ConfigOption, app, console, fail
from gpwatch.config import default_config_path
from gpwatch.doctor import FAIL, OK, failed, run_checks

_STYLE = {OK: "green", FAIL: "red"}


@app.command()
def doctor(
    config: ConfigOption = None,
    online: Annotated[
        bool,
        typer.Option(
            "--online",
            help="Also ask Reddit and Bluesky whether they accept the credentials, and fetch "
            "web feeds once (needs the network).",
        ),
    ] = False,
) -> None:
    """Check the config, each enabled source's credentials, feed files and the database.

    Prints one line per check, with what to do when something is wrong. Credentials are
    reported as set or not set by variable name; their values are never shown. Exits 1 when a
    check failed (warnings do not count).
    """
    path = config or default_config_path()
    findings = run_checks(path, online=online)
    for finding in findings:
        # soft_wrap: a long finding stays one line (for logs and grep), however narrow the pipe
        console.print(
            Text(finding.line(), style=_STYLE.get(finding.status, "yellow")), soft_wrap=True
        )
    problems = sum(1 for f in findings if f.status == FAIL)
    if failed(findings):
        console.file.flush()  # the findings before the verdict, even when both go to one pipe
        raise fail(f"doctor: {problems} problem(s) to fix (the FAIL lines above)", code=1)
    console.print(Text("gpwatch doctor: ready to run", style="green"))
