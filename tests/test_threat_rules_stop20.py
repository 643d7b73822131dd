"""Threat false alarms fixed at stop 20 (`rules-22`), each beside the threat it must not cost.

- A formal route named in the sentence before a complaint's stock warning ("My solicitor will
  be in touch. You've been warned.") is escalation, not menace (tests/data/README.md).
- The stock phrase "I know where you live" quoted from a clinician on a home visit is the
  benign use the label rules name.
- A post the safeguarding flag reads as harm to the author discounts the rules' composed
  threat pieces as it already discounted the learned scorer's: in long posts of distress the
  author's own routine, days and family ("every morning", "three days", "my brother") sit within
  reach of words of harm by chance.

Every text is written for this test and is in no data file.
"""

from __future__ import annotations

import pytest

from classifiers.flags import THRESHOLD, _Hit, _model_threat_in_context, detect_flags

STAFF = ["Dr Helen Morris", "Sam Price", "Nurse Sian Roberts"]


@pytest.mark.parametrize(
    "text",
    [
        "Castle Hill Practice, my complaint goes to the Ombudsman tomorrow. You've been warned.",
        "Castle Hill GP, my solicitor has the letter and the dates. You have been warned.",
        "Sent it all to the CQC this morning. Consider yourselves warned, Castle Hill.",
    ],
)
def test_a_formal_route_in_the_sentence_before_a_warning_is_escalation(text: str) -> None:
    r = detect_flags(text, STAFF)
    assert not r.flags["threat"], (text, r.scores)


@pytest.mark.parametrize(
    "text",
    [
        "Castle Hill Practice, I know what car you drive. You've been warned.",
        # the practice manager is not a formal route: the menace before the warning stands
        "Sam Price ignored my complaint. The practice manager's house has no gate and no dog. "
        "You've been warned Sam.",
    ],
)
def test_a_warning_after_menace_is_still_a_threat(text: str) -> None:
    r = detect_flags(text, STAFF)
    assert r.flags["threat"], (text, r.scores)


def test_a_clinicians_joke_quoted_from_a_home_visit_is_not_a_threat() -> None:
    text = (
        "Nurse Sian Roberts on the home visit, to my grandad: 'Any nonsense and I know where "
        "you live!' He was in stitches."
    )
    r = detect_flags(text, STAFF)
    assert not r.flags["threat"], r.scores


def test_the_same_words_said_by_the_author_are_a_threat() -> None:
    r = detect_flags("Nurse Sian Roberts, any nonsense and I know where you live.", STAFF)
    assert r.flags["threat"], r.scores


def _hit(label: str, score: float) -> _Hit:
    return _Hit(0, 10, score, label)


@pytest.mark.parametrize("label", ["model", "compose", "compose_property"])
def test_a_disclosure_discounts_the_composed_and_learned_pieces(label: str) -> None:
    threat = [_hit(label, 0.62)]
    [out] = _model_threat_in_context(threat, [_hit("model", 0.85)])
    assert out.score < THRESHOLD <= threat[0].score


def test_a_disclosure_leaves_an_explicit_threat_alone() -> None:
    threat = [_hit("verb", 0.62), _hit("compose", 0.62)]
    out = _model_threat_in_context(threat, [_hit("model", 0.85)])
    assert out[0].score == 0.62 and out[1].score < THRESHOLD


def test_without_a_disclosure_nothing_is_discounted() -> None:
    threat = [_hit("compose", 0.62)]
    assert _model_threat_in_context(threat, [_hit("model", 0.3)]) == threat
