"""`gpwatch doctor`: one line per check with a fix, exit 1 on a problem, never a secret shown."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gpwatch.cli import app
from gpwatch.config import XSource
from tests.conftest import shared_path
from tests.support.betamax_replay import ReplayServer, Reply

runner = CliRunner()
SECRETS = {
    "GPWATCH_REDDIT_CLIENT_ID": "doctor-client-id-51e0",
    "GPWATCH_REDDIT_CLIENT_SECRET": "doctor-client-secret-c9d2",
    "PRACTICE_X_TOKEN": "doctor-bearer-token-77aa",
}
ENV_NAMES = [
    *SECRETS,
    "GPWATCH_X_BEARER_TOKEN",
    "GPWATCH_BLUESKY_HANDLE",
    "GPWATCH_BLUESKY_APP_PASSWORD",
    "GPWATCH_REDDIT_USERNAME",
    "GPWATCH_REDDIT_PASSWORD",
    "PREFECT_API_URL",
]
FEED = Path(__file__).resolve().parent.parent / "demo" / "feeds" / "sheffield-news.xml"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def secrets_set(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)


def write_config(
    folder: Path, *, feed: str | None = None, base_url: str = "", extra: str = ""
) -> Path:
    path = folder / "gpwatch.toml"
    path.write_text(
        textwrap.dedent(f"""
        [database]
        path = "data/gpwatch.duckdb"
        [[practices]]
        ods = "X99001"
        name = "Elm Tree Surgery"
        town = "Sheffield"
        [[sources]]
        name = "news"
        kind = "rss"
        url = "{feed or FEED.as_uri()}"
        [[sources]]
        name = "reddit"
        kind = "reddit"
        subreddits = ["sheffield"]
        base_url = "{base_url}"
        [[sources]]
        name = "x"
        kind = "x"
        bearer_token_env = "PRACTICE_X_TOKEN"
        [[sources]]
        name = "bsky"
        kind = "bluesky"
        base_url = "{base_url}"
        [[sources]]
        name = "old-feed"
        kind = "rss"
        url = "gone.xml"
        enabled = false
    """)
        + textwrap.dedent(extra),
        encoding="utf-8",
    )
    return path


def doctor(config: Path, *args: str):
    result = runner.invoke(app, ["doctor", "--config", str(config), *args])
    lines = [line for line in result.output.splitlines() if line.strip()]
    return result, lines


def line_for(lines: list[str], check: str) -> str:
    (found,) = [line for line in lines if f" {check}:" in line]
    return found


def assert_no_secret(text: str) -> None:
    for value in SECRETS.values():
        assert value not in text


def test_a_ready_installation_passes_every_check(tmp_path, secrets_set):
    result, lines = doctor(write_config(tmp_path))
    assert result.exit_code == 0, result.output
    findings = [line for line in lines if not line.startswith("gpwatch doctor")]
    assert findings and all(line.startswith("ok") for line in findings), result.output
    assert "ready to run" in lines[-1]
    assert "sheffield-news.xml exists" in line_for(lines, "source 'news' feed")
    assert "PRACTICE_X_TOKEN set" in line_for(lines, "source 'x' credentials")
    assert "disabled" in line_for(lines, "source 'old-feed'")
    assert "will be created by the first run" in line_for(lines, "database")
    assert not (tmp_path / "data" / "gpwatch.duckdb").exists()  # doctor creates nothing
    assert_no_secret(result.output)


def test_missing_credentials_name_each_variable_and_exit_1(tmp_path):
    result, lines = doctor(write_config(tmp_path))
    assert result.exit_code == 1
    reddit = line_for(lines, "source 'reddit' credentials")
    assert reddit.startswith("FAIL")
    assert "GPWATCH_REDDIT_CLIENT_ID and GPWATCH_REDDIT_CLIENT_SECRET not set" in reddit
    assert "-> set GPWATCH_REDDIT_CLIENT_ID" in reddit
    # the X source's variable comes from its config (XSource.bearer_token_env), not a constant
    x_line = line_for(lines, "source 'x' credentials")
    assert x_line.startswith("FAIL") and "PRACTICE_X_TOKEN not set" in x_line
    assert XSource.model_fields["bearer_token_env"].default not in x_line
    assert "2 problem(s)" in result.output


def test_half_a_bluesky_login_is_a_problem(tmp_path, secrets_set, monkeypatch):
    monkeypatch.setenv("GPWATCH_BLUESKY_HANDLE", "elmtree.bsky.social")
    result, lines = doctor(write_config(tmp_path))
    assert result.exit_code == 1
    line = line_for(lines, "source 'bsky' credentials")
    assert line.startswith("FAIL") and "GPWATCH_BLUESKY_APP_PASSWORD is not set" in line


def test_a_missing_feed_file_is_named_with_its_path(tmp_path, secrets_set):
    result, lines = doctor(write_config(tmp_path, feed="feeds/local.xml"))
    assert result.exit_code == 1
    line = line_for(lines, "source 'news' feed")
    assert line.startswith("FAIL") and str(tmp_path / "feeds" / "local.xml") in line
    assert "relative to the config file" in line


def test_an_invalid_config_is_one_failing_line(tmp_path):
    path = tmp_path / "gpwatch.toml"
    path.write_text('[[practices]]\nods = "A8100"\nname = "Elm Tree Surgery"\n', encoding="utf-8")
    result, lines = doctor(path)
    assert result.exit_code == 1
    config_line = line_for(lines, "config")
    assert config_line.startswith("FAIL") and "practices[0].ods" in config_line
    assert len([line for line in lines if line.startswith(("ok", "warn", "FAIL"))]) == 1


def test_a_database_held_by_another_program_is_reported(tmp_path, secrets_set):
    config = write_config(tmp_path)
    db = tmp_path / "data" / "gpwatch.duckdb"
    db.parent.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('open', flush=True); "
            "time.sleep(60)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        result, lines = doctor(config)
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 1
    line = line_for(lines, "database")
    assert (
        line.startswith("FAIL")
        and f"process {holder.pid}" in line
        and "close the dashboard" in line
    )
    # once the other program has gone, the same file is fine
    time.sleep(0.1)
    result, lines = doctor(config)
    assert result.exit_code == 0 and "is writable" in line_for(lines, "database")


def test_every_finding_is_a_single_line_even_on_a_narrow_terminal(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    result, lines = doctor(write_config(tmp_path, feed="feeds/a-rather-long-file-name.xml"))
    assert all(line.startswith(("ok", "warn", "FAIL", "gpwatch")) for line in lines), result.output


# ---- --online: the platforms are asked (here, their recorded answers on 127.0.0.1) -----------


@pytest.fixture
def platforms() -> Iterator[ReplayServer]:
    with ReplayServer() as srv:
        yield srv


def test_online_asks_reddit_for_a_token_and_bluesky_for_one_search(
    tmp_path, secrets_set, platforms
):
    platforms.add_cassette(
        shared_path("recorded", "reddit-praw", "TestSubredditListings.test_new.json")
    )
    bluesky = Path(__file__).parent / "fixtures" / "bluesky" / "search_page2.json"
    platforms.add(
        "GET",
        "/xrpc/app.bsky.feed.searchPosts",
        Reply(200, [("Content-Type", "application/json")], bluesky.read_bytes()),
    )
    result, lines = doctor(write_config(tmp_path, base_url=platforms.url), "--online")
    assert result.exit_code == 0, result.output
    assert "Reddit accepted the credentials" in line_for(lines, "source 'reddit' online")
    assert "public search works" in line_for(lines, "source 'bsky' online")
    (token,) = platforms.requests_to("/api/v1/access_token", "POST")
    assert b"grant_type=client_credentials" in token.body
    assert_no_secret(result.output)


def test_online_reports_rejected_credentials_by_variable_name(tmp_path, secrets_set, platforms):
    platforms.add(
        "POST",
        "/api/v1/access_token",
        Reply(401, [("Content-Type", "application/json")], b'{"message": "Unauthorized"}'),
    )
    platforms.add(
        "GET",
        "/xrpc/app.bsky.feed.searchPosts",
        Reply(
            401,
            [("Content-Type", "application/json")],
            b'{"error": "AuthenticationRequired", "message": "Authentication Required"}',
        ),
    )
    result, lines = doctor(write_config(tmp_path, base_url=platforms.url), "--online")
    assert result.exit_code == 1
    reddit = line_for(lines, "source 'reddit' online")
    assert (
        reddit.startswith("FAIL") and "GPWATCH_REDDIT_CLIENT_SECRET" in reddit and "401" in reddit
    )
    bsky = line_for(lines, "source 'bsky' online")
    assert bsky.startswith("FAIL") and "GPWATCH_BLUESKY_APP_PASSWORD" in bsky
    assert_no_secret(result.output)


def test_without_online_nothing_is_sent(tmp_path, secrets_set, platforms):
    result, _ = doctor(write_config(tmp_path, base_url=platforms.url))
    assert result.exit_code == 0, result.output
    assert platforms.requests == []
