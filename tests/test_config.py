"""Config loading: valid files load, invalid ones fail naming the key and the problem."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from gpwatch.config import ConfigError, load_config
from gpwatch.init import starter_config
from tests.conftest import DEMO

MINIMAL = """
[[practices]]
ods = "X99001"
name = "Elm Tree Surgery"
town = "Sheffield"
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "gpwatch.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_demo_config_loads_with_five_practices_two_sharing_a_name():
    cfg = load_config(DEMO / "gpwatch.toml")
    assert len(cfg.practices) == 5
    names = [p.name for p in cfg.practices]
    assert names.count("The Surgery") == 2
    # the demo runs offline: only feeds and review pages are on; every platform is listed, off
    assert {s.kind for s in cfg.enabled_sources()} == {"rss", "nhs_reviews"}
    assert {s.kind for s in cfg.sources if not s.enabled} == {"reddit", "x", "bluesky"}


def test_minimal_config_gets_defaults_and_paths_relative_to_the_file(tmp_path):
    cfg = load_config(write(tmp_path, MINIMAL))
    assert cfg.database_path == tmp_path / "data" / "gpwatch.duckdb"
    assert cfg.spool_path == tmp_path / "data" / "spool"
    assert cfg.http.timeout_seconds == 20


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        (MINIMAL.replace("X99001", "A8100"), "practices[0].ods", "not an ODS code"),
        (MINIMAL + '\n[database]\npaht = "x"\n', "database.paht", "unknown key"),
        (MINIMAL.replace('name = "Elm Tree Surgery"', ""), "practices[0].name", "is required"),
        (
            MINIMAL + '\n[[sources]]\nname = "f"\nkind = "myspace"\nurl = "x"\n',
            "sources[0]",
            "kind must be one of",
        ),
        (MINIMAL + '\n[[sources]]\nname = "f"\nkind = "rss"\n', "sources[0].url", "is required"),
        (
            MINIMAL + '\n[[sources]]\nname = "f"\nkind = "rss"\nurl = "a"\npractice = "Y11111"\n',
            "sources[0]",
            "not in [[practices]]",
        ),
        (MINIMAL + "\n[http]\nretries = -1\n", "http.retries", "greater than or equal"),
        (MINIMAL + MINIMAL, "practices[1].ods", "listed twice"),
    ],
)
def test_invalid_config_names_the_key_and_the_problem(tmp_path, text, key, problem):
    with pytest.raises(ConfigError) as exc:
        load_config(write(tmp_path, text))
    message = str(exc.value)
    assert key in message, message
    assert problem in message, message
    assert str(tmp_path / "gpwatch.toml") in message


def test_missing_file_says_how_to_make_one(tmp_path):
    with pytest.raises(ConfigError, match="gpwatch init"):
        load_config(tmp_path / "nope.toml")


def test_broken_toml_is_reported_as_such(tmp_path):
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[[practices]\nods="))


def test_environment_variables_expand_with_defaults(tmp_path, monkeypatch):
    text = MINIMAL + '\n[[sources]]\nname = "f"\nkind = "rss"\nurl = "${FEED_HOST:-http://x}/f"\n'
    monkeypatch.delenv("FEED_HOST", raising=False)
    assert load_config(write(tmp_path, text)).sources[0].url == "http://x/f"
    monkeypatch.setenv("FEED_HOST", "http://127.0.0.1:9")
    assert load_config(write(tmp_path, text)).sources[0].url == "http://127.0.0.1:9/f"


def test_unset_environment_variable_without_default_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.delenv("NOPE_NOT_SET", raising=False)
    text = MINIMAL + '\n[[sources]]\nname = "f"\nkind = "rss"\nurl = "${NOPE_NOT_SET}"\n'
    with pytest.raises(ConfigError, match="NOPE_NOT_SET is not set"):
        load_config(write(tmp_path, text))


def test_handles_get_an_at_sign(tmp_path):
    cfg = load_config(write(tmp_path, MINIMAL + 'handles = ["ElmTree", "@Other"]\n'))
    assert cfg.practices[0].handles == ["@ElmTree", "@Other"]


def test_starter_config_is_valid_toml_with_comments_and_loads(tmp_path):
    text = starter_config()
    assert text.count("#") > 20  # it explains itself
    tomllib.loads(text)
    cfg = load_config(write(tmp_path, text))
    assert cfg.practices[0].ods == "A81001"
    assert [s.name for s in cfg.enabled_sources()] == ["nhs-reviews"]
