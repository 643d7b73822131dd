"""Render a digest's HTML (an .html or .eml from the outbox) to a PNG with headless Chromium.

    .venv/bin/python scripts/screenshot_digest.py demo/outbox/<date>-digest-<who>.eml out.png

Prints the PNG's path. Needs `chromium` (apt-get install -y chromium). Nothing is fetched: the
digest has no external images or fonts, and Chromium's background networking is off.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from email import message_from_bytes, policy
from pathlib import Path


def html_of(path: Path) -> str:
    """The HTML of an .html file, or the text/html part of an .eml file."""
    if path.suffix != ".eml":
        return path.read_text(encoding="utf-8")
    msg = message_from_bytes(path.read_bytes(), policy=policy.default)
    part = msg.get_body(preferencelist=("html",))
    if part is None:
        raise SystemExit(f"{path}: no HTML part")
    return str(part.get_content())


def screenshot(source: Path, png: Path, width: int = 900, height: int = 2400) -> Path:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium is not installed: apt-get install -y chromium")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "digest.html"
        page.write_text(html_of(source), encoding="utf-8")
        subprocess.run(  # noqa: S603 (chromium from PATH, our own file)
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--screenshot={png.resolve()}",
                f"--window-size={width},{height}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return png


if __name__ == "__main__":
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    height = int(sys.argv[3]) if len(sys.argv) > 3 else 2400
    print(screenshot(Path(sys.argv[1]), Path(sys.argv[2]), height=height))
