"""The command line: init, sql, classify, run's exit codes and one-line errors."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gpwatch.cli import app
from gpwatch.models import Batch, Payload, RawItem, utcnow
from storage.store import Store
from tests.conftest import DEMO, shared_path

runner = CliRunner()


def invoke(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_help_explains_each_command():
    result = invoke("--help")
    assert result.exit_code == 0
    for cmd in ("init", "run", "sql", "classify", "demo"):
        assert cmd in result.output
    assert "read-only" in invoke("sql", "--help").output


def test_init_writes_a_commented_loadable_config_and_refuses_to_overwrite(tmp_path):
    result = invoke("init", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = (tmp_path / "gpwatch.toml").read_text()
    assert "# " in text and tomllib.loads(text)["practices"]
    again = invoke("init", str(tmp_path))
    assert again.exit_code == 2 and "--force" in again.output


def test_init_fills_a_practice_from_the_ods_list(tmp_path):
    csv_path = shared_path("reference", "ods-gp-practices", "epraccur.csv")
    result = invoke("init", str(tmp_path), "--ods", "a81001", "--ods-csv", str(csv_path))
    assert result.exit_code == 0, result.output
    practice = tomllib.loads((tmp_path / "gpwatch.toml").read_text())["practices"][0]
    assert practice["ods"] == "A81001"
    assert practice["name"] == "The Densham Surgery"
    assert practice["postcode"] == "TS18 1HU"
    assert practice["town"] == "Stockton on Tees"


def test_init_ods_from_a_small_csv_and_unknown_codes(tmp_path):
    row = (
        '"Y12345","ELM TREE SURGERY","Y63","QHM","1 ELM ROAD","","SHEFFIELD","SOUTH YORKSHIRE",'
        '"","S10 2AB","19740401","","A","B","16C","20200401","","0114 000000","","","","0","",'
        '"16C","","4",""\n'
    )
    csv_path = tmp_path / "ods.csv"
    csv_path.write_text(row)
    ok = invoke("init", str(tmp_path / "a"), "--ods", "Y12345", "--ods-csv", str(csv_path))
    assert ok.exit_code == 0, ok.output
    assert 'town = "Sheffield"' in (tmp_path / "a" / "gpwatch.toml").read_text()
    missing = invoke("init", str(tmp_path / "b"), "--ods", "Z99999", "--ods-csv", str(csv_path))
    assert missing.exit_code == 2 and "not in" in missing.output
    no_csv = invoke("init", str(tmp_path / "c"), "--ods", "Y12345")
    assert no_csv.exit_code == 2 and "--ods-csv" in no_csv.output


@pytest.fixture
def db_config(tmp_path: Path) -> Path:
    cfg = tmp_path / "gpwatch.toml"
    cfg.write_text('[[practices]]\nods = "X99001"\nname = "Elm Tree Surgery"\n')
    store = Store(tmp_path / "data" / "gpwatch.duckdb")
    p = Payload(b"<x/>", "text/xml", "http://x", utcnow())
    hostile = '<script>alert(1)</script> [bold red]markup[/] , "quoted"'
    store.save_batch(
        Batch([RawItem("rss", "a", "http://x/a", hostile, p, source_name="f")], {}), "f", "rss"
    )
    return cfg


def test_sql_prints_a_table_csv_and_json(db_config):
    q = "SELECT external_id, text FROM raw_items"
    table = invoke("sql", q, "--config", str(db_config))
    assert table.exit_code == 0, table.output
    assert "[bold red]markup[/]" in table.output  # shown as typed, not interpreted
    assert "1 rows" in table.output
    as_csv = invoke("sql", q, "--config", str(db_config), "--format", "csv")
    assert as_csv.output.splitlines()[0] == "external_id,text"
    as_json = invoke("sql", q, "--config", str(db_config), "--format", "json")
    assert json.loads(as_json.output.splitlines()[0])["text"].startswith("<script>")


def test_sql_is_read_only_and_errors_are_one_line(db_config):
    result = invoke("sql", "DELETE FROM raw_items", "--config", str(db_config))
    assert result.exit_code == 2
    assert "read-only" in result.output
    bad = invoke("sql", "SELEC nonsense", "--config", str(db_config))
    assert bad.exit_code == 2 and bad.output.count("\n") == 1


def test_sql_without_a_database_says_to_run_first(tmp_path):
    cfg = tmp_path / "gpwatch.toml"
    cfg.write_text('[[practices]]\nods = "X99001"\nname = "Elm Tree Surgery"\n')
    result = invoke("sql", "SELECT 1", "--config", str(cfg))
    assert result.exit_code == 2 and "gpwatch run" in result.output


def test_classify_reads_and_writes_json_lines_in_order():
    lines = [
        {"id": "a", "text": "I know where you live, Jade Wilson. Watch your back. @ElmTreeSurgery"},
        {"id": "b", "text": "Thank you Elm Tree Surgery, lovely nurse, brilliant care"},
        {
            "id": "c",
            "text": "The surgery in Whitby: waited 3 weeks for an appointment",
            "source": "x",
        },
        {"id": "d", "text": "Lovely weather in Leeds"},
    ]
    result = invoke(
        "classify",
        "--config",
        str(DEMO / "gpwatch.toml"),
        input="\n".join(json.dumps(x) for x in lines) + "\n",
    )
    assert result.exit_code == 0, result.output
    out = [json.loads(x) for x in result.output.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", "c", "d"]
    a, b, c, d = out
    assert a["practice_ids"] == ["X99001"] and a["flags"]["threat"] is True
    assert a["action"] == "police" and a["severity"] == "critical"
    assert a["spans"]["threat"] and a["classifier_version"]
    assert b["sentiment"]["label"] == "positive" and b["action"] == "none"
    assert c["practice_ids"] == ["X99003"] and c["action"] == "reply" and c["severity"] == "low"
    assert d["practice_ids"] == [] and d["action"] == "none"
    assert set(a) >= {
        "id",
        "practice_ids",
        "sentiment",
        "flags",
        "scores",
        "spans",
        "action",
        "severity",
        "classifier_version",
    }


def test_classify_rejects_a_bad_line_with_its_number():
    result = invoke(
        "classify",
        "--config",
        str(DEMO / "gpwatch.toml"),
        input='{"id": 1, "text": "ok"}\nnot json\n',
    )
    assert result.exit_code == 2 and "line 2" in result.output


def test_bad_config_is_one_line_naming_the_key(tmp_path):
    cfg = tmp_path / "gpwatch.toml"
    cfg.write_text('[[practices]]\nods = "nope"\nname = "X Surgery"\n')
    result = invoke("run", "--config", str(cfg))
    assert result.exit_code == 2
    assert "practices[0].ods" in result.output
