"""The learned safeguarding scorer (classifiers/safeguarding_model.py): the shipped model, how
flags.py adds its hit to the safeguarding rules, what it trains on, and floors on the held-out
half of tests/data/safeguarding_probe_3.jsonl. Every text written here is in no data file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from classifiers import eval_data, safeguarding_model
from classifiers.evaluate import DomainReport, evaluate_domain
from classifiers.flags import detect_flags, safeguarding_rule_view
from classifiers.model import ids_of, save, tokens
from tests.conftest import shared_path
from tests.support.train_script import train_module

ROOT = Path(__file__).resolve().parent.parent
PROBE = eval_data.DEV_SPLIT.parent / "safeguarding_probe_3.jsonl"
SHIPPED = ROOT / "classifiers" / "models" / "safeguarding.json.gz"

# fresh wording with no phrase the rules know: only the model finds these
MODEL_ONLY = [
    "Not really sleeping since the GP stopped my tablets. I've kept the last two boxes somewhere"
    " safe, just in case I can't do this any more.",
    "my brother keeps saying everyone would be fine if he wasn't around and he's been giving his"
    " stuff away. Riverside won't see him for 3 weeks",
]
# the same words with an innocent meaning: must stay clean, with the model and without it
HARD_NEGATIVES = [
    "I want to die, this queue at Elm Tree has not moved in forty minutes",
    "Forty minutes on hold to Riverside again, honestly I want to die lol",
    "We're ending it with the cleaning firm, the contract runs out in March and the practice has"
    " found someone cheaper",
    "After 31 years at Castle Hill, this is my last week. Goodbye everyone, thank you for"
    " everything, I'll miss you all",
    "Nurse Sian is retiring on Friday, so this is goodbye from all of us on the Thursday clinic."
    " Cake in the staff room!",
    "Three months ago I was cutting most nights. Doing so much better now thanks to the nurse at"
    " Elm Tree, thank you",
    "The receptionist at Bakewell said I could kill myself laughing at the new phone system",
]


@pytest.fixture(scope="module")
def probe() -> list[dict]:
    return eval_data.load_jsonl(PROBE)


@pytest.fixture
def rules_only() -> Iterator[None]:
    safeguarding_model.SCORER.use(None)
    yield
    safeguarding_model.SCORER.reset()


def _flag(text: str) -> bool:
    return detect_flags(text).flags["safeguarding"]


def _detail(report: DomainReport) -> str:
    sg = report.label("safeguarding")
    return f"safeguarding P {sg.precision:.3f} R {sg.recall:.3f} (tp {sg.tp} fp {sg.fp} fn {sg.fn})"


def test_shipped_model_loads_with_its_threshold() -> None:
    model = safeguarding_model.SCORER.current()
    assert model is not None, "classifiers/models/safeguarding.json.gz is not shipped"
    assert model.name == "safeguarding"
    assert 0.5 <= float(model.meta["threshold"]) < 1.0  # type: ignore[arg-type]
    files = model.meta["files"]
    assert isinstance(files, list)
    assert "domain_frozen.jsonl" not in files
    assert not any(str(f).startswith("holdout_probe") for f in files)


def test_held_out_half_floors(classifier, probe) -> None:
    """The even lines: never trained on, never developed against. Measured P 0.800 R 0.400
    (the shipped classifier before this scorer: P 0.778 R 0.233)."""
    report = evaluate_domain(classifier, probe[1::2])
    sg = report.label("safeguarding")
    assert sg.precision >= 0.75 and sg.recall >= 0.36, _detail(report)


def test_development_half_floors(classifier, probe) -> None:
    """The odd lines are training data and the rules' development half: measured P 0.963
    R 0.867."""
    report = evaluate_domain(classifier, probe[0::2])
    sg = report.label("safeguarding")
    assert sg.precision >= 0.93 and sg.recall >= 0.83, _detail(report)


@pytest.mark.parametrize("text", MODEL_ONLY)
def test_model_catches_what_the_rules_miss(text: str, rules_only: None) -> None:
    assert not _flag(text)
    safeguarding_model.SCORER.reset()
    result = detect_flags(text)
    assert result.flags["safeguarding"]
    (a, b, _), *_ = result.spans["safeguarding"]
    assert 0 <= a < b <= len(text)  # the span shown is a piece of the post itself


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negatives_stay_clean(text: str) -> None:
    assert not _flag(text)
    safeguarding_model.SCORER.use(None)
    try:
        assert not _flag(text)
    finally:
        safeguarding_model.SCORER.reset()


def test_a_post_without_any_gate_word_is_never_scored() -> None:
    """The gate keeps the model off complaints that share its vocabulary of exhaustion."""
    text = "honestly so done with Castle Hill, not even cross anymore, just tired tonight"
    s, _ = safeguarding_rule_view(text)
    assert not safeguarding_model.worth_scoring(s.replace("anymore", "now"))
    assert safeguarding_model.worth_scoring(s)
    assert not _flag(text.replace("anymore", "now"))


def test_a_joke_taken_back_is_not_discounted() -> None:
    text = "lol not even joking, i've got the pills lined up, nobody at castle hill gp cares"
    assert _flag(text)


@pytest.mark.parametrize("text", [*MODEL_ONLY, HARD_NEGATIVES[0], ""])
def test_scoring_ids_are_the_training_tokens_ids(text: str) -> None:
    s, hits = safeguarding_rule_view(text)
    assert hits == []  # the scorer reads words, not the rules' hits (see flags.py)
    toks = tokens(s)
    scorer = safeguarding_model.SCORER
    assert scorer.feature_ids(s, hits) == ids_of(toks) + ids_of(scorer.shape_tokens(toks, hits))


def test_training_reads_only_the_development_half_of_probe_3() -> None:
    train = train_module()
    spec = train.LEARNED["safeguarding"]
    rows = train.label_rows(spec, patients=0)
    probe = eval_data.load_jsonl(PROBE)
    keys = {r.key for r in rows if r.file == PROBE.name}
    assert keys == {f"{PROBE.name}:{ex['id']}" for ex in probe[0::2]}
    assert eval_data.FROZEN_SPLIT.name not in spec.files
    assert {"safeguarding_probe.jsonl", "safeguarding_probe_2.jsonl"} <= set(spec.files)


def test_shipped_model_is_what_the_training_script_makes(tmp_path: Path) -> None:
    """Same data, same code, same bytes: `scripts/train_model.py --only safeguarding`."""
    shared_path("eval", "nhs-patient-feedback")
    train = train_module()
    spec = train.LEARNED["safeguarding"]
    model = train.fit_learned(spec, train.label_rows(spec))
    out = tmp_path / "safeguarding.json.gz"
    save(model, str(out))
    assert out.read_bytes() == SHIPPED.read_bytes(), (
        "retrain: scripts/train_model.py --only safeguarding"
    )
