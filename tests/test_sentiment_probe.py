"""Domain sentiment and the expected action on tests/data/sentiment_probe.jsonl.

The probe's odd lines were developed against (and are in the sentiment model's training data);
its even lines are held out, so the floors below are on the even lines only, a little under the
figures reached (held-out half: sentiment 0.81, action 0.89). The other labelled files must not
fall below what they scored before this work.
"""

from __future__ import annotations

import sys

import pytest

from classifiers import eval_data
from classifiers.evaluate import evaluate_domain, score_label
from classifiers.model import feature_id, features, tokens
from classifiers.sentiment import score_sentiment
from flows.steps import build_classifier
from gpwatch.config import load_config

DATA = eval_data.DEV_SPLIT.parent
PROBE = DATA / "sentiment_probe.jsonl"
DEMO = eval_data.ROOT / "demo" / "gpwatch.toml"


@pytest.fixture(scope="module")
def classifier():
    return build_classifier(load_config(DEMO))


def _held_out() -> list[dict]:
    return eval_data.load_jsonl(PROBE)[1::2]


def _detail(report) -> str:
    return report.format() + "\n" + "\n".join(f"{m[0]} {m[1]}" for m in report.misses[:25])


def test_probe_file_is_well_formed():
    rows = eval_data.load_jsonl(PROBE)
    assert [r["id"] for r in rows] == [f"e{n:03d}" for n in range(1, 201)]
    for r in rows:
        assert r["sentiment"] in {"positive", "neutral", "negative"}
        assert ("rating" in r) == (r["source"] == "nhs_reviews")
        if r["practice"] is None:
            assert r["action"] == "none", r["id"]


def test_held_out_half_sentiment_and_action_floors(classifier):
    report = evaluate_domain(classifier, _held_out())
    detail = _detail(report)
    assert report.sentiment_accuracy >= 0.78, detail
    assert report.action_accuracy >= 0.86, detail
    neg = score_label(
        "negative", [(e == "negative", g == "negative") for e, g in report.sentiment_pairs]
    )
    assert neg.precision >= 0.82 and neg.recall >= 0.87, detail
    pos = score_label(
        "positive", [(e == "positive", g == "positive") for e, g in report.sentiment_pairs]
    )
    assert pos.precision >= 0.78 and pos.recall >= 0.75, detail
    reply = score_label("reply", [(e == "reply", g == "reply") for e, g in report.action_pairs])
    assert reply.precision >= 0.80 and reply.recall >= 0.86, detail
    mod = score_label(
        "moderator",
        [(e == "report_to_moderator", g == "report_to_moderator") for e, g in report.action_pairs],
    )
    assert mod.precision >= 0.95 and mod.recall >= 0.95, detail


@pytest.mark.parametrize(
    ("name", "sentiment_floor", "action_floor"),
    [
        # what each file scored before the probe work (sentiment, action): never below
        ("domain_examples.jsonl", 0.850, 0.957),
        ("domain_dev_extra.jsonl", 0.720, 0.880),
        ("threat_probe.jsonl", 0.652, 0.780),
        ("safeguarding_probe.jsonl", 0.562, 0.838),
    ],
)
def test_other_labelled_files_do_not_regress(classifier, name, sentiment_floor, action_floor):
    report = evaluate_domain(classifier, eval_data.load_jsonl(DATA / name))
    assert report.sentiment_accuracy >= sentiment_floor, _detail(report)
    assert report.action_accuracy >= action_floor, _detail(report)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a complaint with courtesy and no sentiment word
        (
            "@CastleHillGP sorry to bother you, still no call back about my bloods. Thanks",
            "negative",
        ),
        ("Was told to ring back tomorrow again by Elm Tree Surgery", "negative"),
        # an information question
        ("does Elm Tree Surgery do ear syringing or is it the pharmacy now?", "neutral"),
        # staff defended, government blamed
        ("Leave the receptionists at Riverside MC alone, the ICB cut their budget", "neutral"),
    ],
)
def test_domain_sentiment_reads_register(text, label):
    assert score_sentiment(text, domain=True)[1] == label


def test_news_is_factual_unless_it_criticises_or_praises():
    factual = "Car crashes into wall outside Castle Hill Practice. Nobody was hurt, police said."
    critical = "Elm Tree Surgery rated inadequate. Inspectors found unsafe prescribing."
    praise = "Riverside Medical Centre rated outstanding by inspectors."
    assert score_sentiment(factual, domain=True, news=True)[1] == "neutral"
    assert score_sentiment(critical, domain=True, news=True)[1] == "negative"
    assert score_sentiment(praise, domain=True, news=True)[1] == "positive"


def test_training_leaves_practice_and_staff_names_out():
    """Names say who a post is about, not how its writer feels: the sentiment model's training
    matrix drops every token holding a practice, place or staff name word."""
    pytest.importorskip("sklearn")
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "train_model", eval_data.ROOT / "scripts" / "train_model.py"
    )
    assert spec is not None and spec.loader is not None
    train = importlib.util.module_from_spec(spec)
    # registered first, as an import would: dataclasses in the script look their module up
    sys.modules[spec.name] = train
    try:
        spec.loader.exec_module(train)
    finally:
        del sys.modules[spec.name]
    drop = train.name_words()
    assert {"elm", "castlehillgp", "bakewell", "okafor", "mandy"} <= drop
    assert not {"surgery", "practice", "the"} & drop
    named = train.matrix(["Elm Tree Surgery was rude to Mandy Cole"], drop)
    plain = train.matrix(["Surgery was rude to"])
    assert (named != plain).nnz == 0
    text = "Rang Elm Tree at 8, nothing left"
    assert [feature_id(t) for t in tokens(text)] == features(text)
