"""`gpwatch eval` and `gpwatch reclassify`, through the real CLI, real DuckDB files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from classifiers import eval_data
from classifiers.pipeline import CLASSIFIER_VERSION
from gpwatch.cli import app
from gpwatch.models import Batch, Payload, RawItem, Verdict, utcnow
from storage.store import Store
from tests.conftest import DEMO

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def _example(i: int, text: str, **labels) -> dict:
    base = {
        "id": f"t{i}",
        "source": "x",
        "text": text,
        "practice": "X99001",
        "sentiment": "negative",
        "abuse": False,
        "threat": False,
        "staff_targeted": False,
        "personal_data": False,
        "safeguarding": False,
        "action": "reply",
    }
    base.update(labels)
    return base


def test_eval_dev_split_prints_scores_confusion_throughput_baselines_and_misses():
    result = invoke("eval", "--misses", "3")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "dev split" in " ".join(out.split()) and CLASSIFIER_VERSION in " ".join(out.split())
    for label in ("abuse", "threat", "staff_targeted", "personal_data", "safeguarding"):
        assert f"\n{label} " in out
    assert "expected-action accuracy" in out and "practice attribution accuracy" in out
    assert "items/s" in out
    assert "expected / got" in out and "platform" in out  # the action confusion table
    assert "plain VADER" in out and "alt-profanity-check" in out
    assert "Worst misses (" in out


def test_eval_frozen_split_says_when_it_is_absent(monkeypatch, tmp_path):
    monkeypatch.setattr(eval_data, "FROZEN_SPLIT", tmp_path / "domain_frozen.jsonl")
    result = invoke("eval", "--frozen")
    assert result.exit_code == 1
    assert "frozen test split is absent" in result.output


def test_eval_frozen_split_is_scored_when_present(monkeypatch, tmp_path):
    frozen = tmp_path / "domain_frozen.jsonl"
    rows = [
        _example(
            1,
            "@ElmTreeSurgery I know where your receptionist parks. think on",
            threat=True,
            staff_targeted=True,
            action="police",
        ),
        _example(2, "Elm Tree Surgery, four weeks for a blood test. Four weeks."),
    ]
    frozen.write_text("".join(json.dumps(r) + "\n" for r in rows))
    monkeypatch.setattr(eval_data, "FROZEN_SPLIT", frozen)
    result = invoke("eval", "--frozen")
    assert result.exit_code == 0, result.output
    assert "2 examples, frozen split" in " ".join(result.output.split())
    threat = next(line for line in result.output.splitlines() if line.startswith("threat "))
    assert threat.split()[1:4] == ["1.000", "1.000", "1.000"]


def test_eval_rejects_bad_input_with_one_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "text": "x"\n')
    result = invoke("eval", "--file", str(bad))
    assert result.exit_code == 2 and "is not JSON" in result.output
    missing = invoke("eval", "--file", str(tmp_path / "nope.jsonl"))
    assert missing.exit_code == 2 and "no labelled file" in missing.output
    assert "unknown dataset" in invoke("eval", "--dataset", "imdb").output


def test_eval_shared_sets_read_from_the_shared_folder(monkeypatch, tmp_path):
    """Tiny files in the shared sets' own formats, written here, through the real readers."""
    base = tmp_path / "eval"
    (base / "vader-ground-truth").mkdir(parents=True)
    (base / "vader-ground-truth" / "tweets_GroundTruth.txt").write_text(
        "1\t2.5\tI love this, brilliant day\n2\t-3.1\tThis is awful and I hate it\n"
        "3\t0.2\tThe bus came\n"
    )
    (base / "davidson-offensive").mkdir()
    lines = [",count,hate_speech,offensive_language,neither,class,tweet"]
    for i in range(40):
        lines.append(f"{i},3,0,3,0,1,you stupid bitch number {i}")
        lines.append(f"{i + 100},3,0,0,3,2,lovely weather for a walk {i}")
    (base / "davidson-offensive" / "labeled_data.csv").write_text("\n".join(lines) + "\n")
    monkeypatch.setenv(eval_data.SHARED_ENV, str(tmp_path))
    vader = invoke("eval", "--dataset", "vader")
    assert vader.exit_code == 0, vader.output
    assert "tweets (3)" in vader.output and "plain VADER (baseline)" in vader.output
    dav = invoke("eval", "--dataset", "davidson")
    assert dav.exit_code == 0, dav.output
    assert "gpwatch offensive model" in dav.output and "held-out fold" in dav.output
    absent = invoke("eval", "--dataset", "hatecheck")
    assert absent.exit_code == 2 and "HateCheck is not here" in absent.output


# ---- reclassify -------------------------------------------------------------------------------


@pytest.fixture
def stored(tmp_path: Path) -> tuple[Path, Store]:
    """A demo config with its own database holding three items and an old version's verdicts."""
    cfg = tmp_path / "gpwatch.toml"
    cfg.write_text(
        (DEMO / "gpwatch.toml")
        .read_text()
        .replace('path = "data/gpwatch.duckdb"', f'path = "{tmp_path / "db.duckdb"}"')
    )
    store = Store(tmp_path / "db.duckdb")
    payload = Payload(b"{}", "application/json", "test://", utcnow())
    texts = [
        "@ElmTreeSurgery tell Jade I know which school her kids go to. just saying",
        "Elm Tree Surgery: four weeks for a blood test, still waiting",
        "lovely weather in Sheffield today",
    ]
    items = [
        RawItem("x", f"i{n}", f"https://x.test/{n}", t, payload, source_name="x")
        for n, t in enumerate(texts)
    ]
    store.save_batch(Batch(items, {}), "x", "x")
    # what an older classifier said: nothing but a low alert on the first, nothing on the rest
    old = [
        Verdict(
            "x",
            it.external_id,
            -0.4,
            "negative",
            dict.fromkeys(
                ("abuse", "threat", "staff_targeted", "personal_data", "safeguarding"), 0.0
            ),
            dict.fromkeys(
                ("abuse", "threat", "staff_targeted", "personal_data", "safeguarding"), False
            ),
            [],
            {},
            "gpwatch-rules-0",
        )
        for it in items
    ]
    from alerts.guidance import load_guidance
    from gpwatch.models import Alert

    low = Alert(
        "x",
        "i0",
        "X99001",
        "low",
        "negative_comment",
        "reply",
        ["negative comment"],
        load_guidance().for_category("negative_comment", "x"),
        "gpwatch-rules-0",
    )
    store.save_results([], old, [low])
    return cfg, store


def test_reclassify_stores_new_verdicts_escalates_and_reports_what_changed(stored):
    cfg, store = stored
    result = invoke("reclassify", "--config", str(cfg))
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"Reclassified 3 stored items with {CLASSIFIER_VERSION}" in out
    assert "gpwatch-rules-0 x3" in out
    threat_row = next(line for line in out.splitlines() if line.startswith("threat "))
    assert threat_row.split()[1:] == ["0", "1"]
    assert "existing alerts escalated: 1" in out
    assert "x:i0 - -> threat" in out
    with store.db.read() as con:
        versions = con.execute(
            "SELECT classifier_version, count(*) FROM verdicts GROUP BY 1 ORDER BY 1"
        ).fetchall()
        alert = con.execute(
            "SELECT severity, category, classifier_version FROM alerts WHERE external_id = 'i0'"
        ).fetchone()
        events = con.execute("SELECT note FROM alert_events ORDER BY changed_at").fetchall()
    assert versions == sorted([(CLASSIFIER_VERSION, 3), ("gpwatch-rules-0", 3)])
    assert alert == ("critical", "threat", CLASSIFIER_VERSION)
    assert "escalated to critical" in events[-1][0]


def test_reclassify_twice_raises_nothing_twice(stored):
    cfg, store = stored
    first = invoke("reclassify", "--config", str(cfg))
    assert first.exit_code == 0, first.output
    alerts_after_first = store.count("alerts")
    again = invoke("reclassify", "--config", str(cfg))
    assert again.exit_code == 0, again.output
    said = " ".join(again.output.split())  # the console wraps long lines
    assert "0 new verdicts stored" in said
    assert "new alerts raised: 0; existing alerts escalated: 0" in said
    assert store.count("alerts") == alerts_after_first


def test_reclassify_without_a_database_fails_with_one_line(tmp_path):
    cfg = tmp_path / "gpwatch.toml"
    cfg.write_text(
        (DEMO / "gpwatch.toml")
        .read_text()
        .replace('path = "data/gpwatch.duckdb"', f'path = "{tmp_path / "none.duckdb"}"')
    )
    result = invoke("reclassify", "--config", str(cfg))
    assert result.exit_code == 2 and "no database" in result.output
