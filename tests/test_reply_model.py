"""The reply model (classifiers/reply_model.py): whether a post about a practice needs a reply,
asked only of posts that name a practice and raise no flag, and the alert rules that read it.
Every text here is written for this file and is in no data file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from alerts.rules import decide, needs_reply, suggested_action
from classifiers import eval_data
from classifiers.evaluate import _as_item
from classifiers.model import feature_id, load, save
from classifiers.reply_model import decision, practice_sentences, reply_names, reply_tokens
from gpwatch.models import Mention, Verdict
from tests.support.train_script import train_module

SHIPPED = Path(__file__).resolve().parent.parent / "classifiers" / "models" / "reply.json.gz"


def _result(classifier, text: str, source: str = "x"):
    return classifier.classify(_as_item({"source": source, "id": "t1", "text": text}))


@pytest.mark.parametrize(
    "text",
    [
        "Lovely receptionists at Elm Tree Surgery but I've now waited nine days for a call back"
        " about my results",
        "Third time Elm Tree Surgery has lost my repeat prescription this year. Who do I speak to?",
        "Elm Tree Surgery cancelled my appointment by text an hour before. No reason, no new date.",
    ],
)
def test_a_complaint_needs_a_reply(classifier, text: str) -> None:
    result = _result(classifier, text)
    assert result.verdict.scores["reply"] >= 0.5, text
    assert result.action == "reply", text


@pytest.mark.parametrize(
    "text",
    [
        "Elm Tree Surgery, the nurse was brilliant with my little boy today, thank you",
        "Does anyone know what time Elm Tree Surgery opens on Saturdays?",
        "Elm Tree Surgery flu clinic this Saturday, bring your booking text",
    ],
)
def test_praise_and_notices_need_none(classifier, text: str) -> None:
    result = _result(classifier, text)
    assert result.verdict.scores["reply"] < 0.5, text
    assert result.action == "none", text


def test_only_unflagged_posts_about_a_practice_are_asked(classifier) -> None:
    assert "reply" not in _result(classifier, "lovely weather in Sheffield today").verdict.scores
    flagged = _result(classifier, "@ElmTreeSurgery I know where Jade lives. Watch your back.")
    assert flagged.verdict.flags["threat"]
    assert "reply" not in flagged.verdict.scores
    assert flagged.action == "police"


def _verdict(compound: float, label: str, reply: float | None) -> Verdict:
    scores = dict.fromkeys(("abuse", "threat", "staff_targeted", "personal_data"), 0.0)
    if reply is not None:
        scores["reply"] = reply
    return Verdict("x", "1", compound, label, scores, dict.fromkeys(scores, False), [], {}, "t")


def test_the_rules_follow_the_reply_score_over_the_sentiment(classifier) -> None:
    mention = Mention("x", "1", "C84001", ["Elm Tree Surgery"], ["name"], 1.0)
    guidance = classifier.guidance
    warm_complaint = _verdict(0.4, "positive", 0.8)
    assert needs_reply(warm_complaint) is True
    assert suggested_action(warm_complaint, "x") == "reply"
    alert = decide(mention, warm_complaint, "x", guidance)
    assert alert is not None and alert.action == "reply"
    weary_joke = _verdict(-0.6, "negative", 0.2)
    assert suggested_action(weary_joke, "x") == "none"
    assert decide(mention, weary_joke, "x", guidance) is None


def test_without_a_reply_score_the_sentiment_decides() -> None:
    old = _verdict(-0.6, "negative", None)  # a verdict stored before the model, or flagged
    assert needs_reply(old) is None
    assert suggested_action(old, "x") == "reply"
    assert suggested_action(replace(old, compound=0.3, sentiment_label="positive"), "x") == "none"


def test_training_rows_keep_out_the_frozen_split_holdouts_and_held_out_halves() -> None:
    train = train_module()
    files = set(train.REPLY_FILES)
    assert eval_data.FROZEN_SPLIT.name not in files
    assert not any(n.startswith("holdout_probe") for n in files)
    assert "domain_dev_extra.jsonl" not in files
    rows = train.reply_rows(["sentiment_probe.jsonl"])
    probe = eval_data.load_jsonl(eval_data.DEV_SPLIT.parent / "sentiment_probe.jsonl")
    odd = {f"sentiment_probe.jsonl:{ex['id']}" for ex in probe[0::2]}
    assert rows and {r.key for r in rows} <= odd


def test_shipped_model_is_what_the_training_script_makes(tmp_path: Path) -> None:
    """Same data, same code, same bytes: `scripts/train_model.py --only reply`."""
    train = train_module()
    model = train.fit_reply(train.reply_rows())
    out = tmp_path / "reply.json.gz"
    save(model, str(out))
    assert out.read_bytes() == SHIPPED.read_bytes(), "retrain: scripts/train_model.py --only reply"


@pytest.mark.parametrize(
    "text",
    [
        "Elm Tree Surgery cancelled my appointment by text an hour before. No reason, no new date.",
        "ANYONE know if Castle Hill GP do travel jabs?? off to Peru in May!",
        "Thanks @RiversideMC_Leeds, the call-back came at 10:15 as promised",
        "",
    ],
)
@pytest.mark.parametrize("compound", [-0.7, -0.1, 0.0, 0.3, 0.8])
@pytest.mark.parametrize("local", [None, -0.6, 0.0, 0.7])
def test_scoring_sums_exactly_the_features_training_reads(
    text: str, compound: float, local: float | None
) -> None:
    # scoring reads cached tokens and weights; training reads reply_tokens: the same float
    model = load("reply")
    assert model is not None
    rows = [model.weights.get(feature_id(t)) for t in reply_tokens(text, compound, local)]
    expected = model.bias[0] + sum(r[0] for r in rows if r is not None)
    assert decision(model, text, compound, local) == expected


NAMES = reply_names(["Castle Hill Practice", "Castle Hill GP"], ["Dr Helen Morris", "Sam Price"])


def test_the_sentences_that_name_the_practice_or_its_staff() -> None:
    text = "The hospital lost my referral twice. Castle Hill GP resent it. Dr Morris rang me!"
    assert practice_sentences(text, NAMES) == "Castle Hill GP resent it. Dr Morris rang me!"
    # nothing to tell apart: every sentence names it, or none does
    assert practice_sentences("Castle Hill GP resent it. Sam Price rang me.", NAMES) is None
    assert practice_sentences("The hospital lost my referral twice.", NAMES) is None
    assert practice_sentences("Castle Hill GP resent it. The bus was late.", []) is None


def test_the_local_sentiment_is_read_only_when_it_can_differ() -> None:
    assert "__l<=-0.5" in reply_tokens("a b", -0.9, -0.8)
    assert not any(t.startswith("__l") for t in reply_tokens("a b", -0.9))


def test_a_post_negative_about_someone_else_is_read_for_the_practice(classifier) -> None:
    """The verdict's reply score is the model's reading with the sentiment of the sentences that
    name the practice, worked out here on its own."""
    from classifiers.reply_model import reply_probability
    from classifiers.sentiment import score_sentiment

    text = (
        "The bus was cancelled again and I got soaked. Elm Tree Surgery still saw me, lovely nurse."
    )
    verdict = _result(classifier, text).verdict
    local = score_sentiment("Elm Tree Surgery still saw me, lovely nurse.", domain=True)[0]
    assert local > 0 > verdict.compound or local > verdict.compound  # warm where it names them
    with_local = reply_probability(text, verdict.compound, local=local)
    without = reply_probability(text, verdict.compound)
    assert with_local is not None and with_local != without
    assert verdict.scores["reply"] == round(with_local, 3)
