"""Doxxing with a plain call to contact is personal data aimed at staff, not a threat
(tests/data/README.md): the learned threat scorer's hit is discounted there unless the rules
found menace of their own or the post adds a turn of menace (a time, a missile, a mob, the
target's routine or family, a hint). These drive the discount with hits of a given strength, so
they hold whatever the shipped model happens to score."""

from __future__ import annotations

import pytest

from classifiers import flags
from classifiers.flags import _DOXXING_FACTOR, _Hit, _model_threat_in_doxxing

MODEL_HIT = 0.6  # a learned hit a little over the line (p about 0.7)


def _discounted(text: str, *, rule_score: float = 0.0, exposed: str = "address") -> bool:
    ctx = flags._context(text)
    threat = [_Hit(0, len(ctx.s), MODEL_HIT, "model")]
    if rule_score:
        threat.append(_Hit(0, 5, rule_score, "some_rule"))
    pii = [_Hit(0, 5, 0.8, exposed)]
    out = _model_threat_in_doxxing(ctx, threat, pii)
    model = next(h for h in out if h.label == "model")
    assert model.score in (MODEL_HIT, pytest.approx(MODEL_HIT * _DOXXING_FACTOR))
    return model.score < MODEL_HIT


@pytest.mark.parametrize(
    "text",
    [
        "Karen Holt at Elm Tree binned my complaint. She lives at 22 Ranmoor Crescent. Pop round"
        " and tell her what you think of that.",
        "Sam Price on reception, mobile 07700 900377. Give him a ring, tell him how rude he was.",
        "Lisa Grant, 14 Cardigan Lane LS11. Write to her at home and ask why my letter was binned.",
        "Dr Rob Ellis lives at 5 Haddon Road. Go and knock and ask him yourself why dad waited.",
    ],
)
def test_a_plain_call_to_contact_discounts_the_model(text: str) -> None:
    assert _discounted(text)


@pytest.mark.parametrize(
    "text",
    [
        # a time
        "Jade Wilson lives at 8 Blake Grove. Pop round after dark and tell her what you think.",
        "She lives at 3 Lumford Close. Go and knock at 3am and ask her why.",
        # a missile
        "He lives at 5 Haddon Road. Tell him yourself. A letter's fine. So's a brick.",
        # a mob, or contact that never stops
        "Priya Shah, 07700 900215. Ring her, everyone, every hour.",
        # routine or family
        "Tell him what you think, 5 Haddon Road. His kids walk home past the park.",
        # a hint
        "She lives at 41 Hawthorn Rise. Tell her what you think. Lovely glass front door.",
        "KNOW U LIVE AT 9 ASHBRIDGE CLOSE. KNOCK KNOCK",
    ],
)
def test_added_menace_keeps_the_model_hit(text: str) -> None:
    assert not _discounted(text)


def test_no_call_to_contact_or_no_exposed_contact_keeps_the_model_hit() -> None:
    assert not _discounted("Karen Holt lives at 22 Ranmoor Crescent. Funny how things turn out.")
    # health details are personal data but not a way to reach anyone
    assert not _discounted("Karen Holt has depression. Tell her what you think.", exposed="health")


def test_a_rule_piece_of_menace_keeps_the_model_hit() -> None:
    text = "Dr Rob Ellis lives at 5 Haddon Road. Go and knock and ask him yourself."
    assert _discounted(text)
    assert not _discounted(text, rule_score=0.4)


def test_the_discount_leaves_a_post_without_a_model_hit_alone() -> None:
    ctx = flags._context("Tell her what you think: 22 Ranmoor Crescent.")
    threat = [_Hit(0, 4, 0.7, "h_rule")]
    assert _model_threat_in_doxxing(ctx, threat, [_Hit(0, 4, 0.8, "address")]) == threat
