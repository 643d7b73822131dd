"""Doxxing with a plain call to contact is personal data aimed at staff, not a threat
(tests/data/README.md): every threat hit, the learned scorer's and the rules', is discounted
there unless the post adds a turn of menace (a time, a missile, a mob, the target's routine or
family, presence, a hint). These drive the discount with hits of a given strength, so they hold
whatever the shipped model happens to score."""

from __future__ import annotations

import pytest

from classifiers import flags
from classifiers.flags import _DOXXING_FACTOR, THRESHOLD, _Hit, _threat_in_doxxing

MODEL_HIT = 0.6  # a learned hit a little over the line (p about 0.7)


def _discounted(text: str, *, rule_score: float = 0.0, exposed: str = "address") -> bool:
    ctx = flags._context(text)
    threat = [_Hit(0, len(ctx.s), MODEL_HIT, "model")]
    if rule_score:
        threat.append(_Hit(0, 5, rule_score, "some_rule"))
    pii = [_Hit(0, 5, 0.8, exposed)]
    out = _threat_in_doxxing(ctx, threat, pii)
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
        # contact redirected from work, the call left implied
        "16 Southgate Lane, Norwich. Dr Helen Morris, since she won't answer letters at work.",
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


def test_the_rules_locating_pieces_are_discounted_alike() -> None:
    """domain_day_2 (dz011, dz088): "the one with the green door ... go and tell him yourself"
    and "I've found out where she lives: 7 Loxley Gardens ... go and knock" were police alerts
    from rule pieces alone, which stop 15's discount (the model's hit only) left standing."""
    ctx = flags._context("Dr Rob Ellis lives at 5 Haddon Road. Go and knock and ask him yourself.")
    threat = [_Hit(0, 4, 0.6, "findwhere"), _Hit(5, 9, 0.3, "housedesc")]
    out = _threat_in_doxxing(ctx, threat, [_Hit(0, 4, 0.8, "address")])
    assert [h.score for h in out] == [
        pytest.approx(0.6 * _DOXXING_FACTOR),
        pytest.approx(0.3 * _DOXXING_FACTOR),
    ]
    assert flags._combine(h.score for h in out) < THRESHOLD


def test_a_strong_rule_threat_survives_the_discount() -> None:
    ctx = flags._context("Tell her what you think: 22 Ranmoor Crescent.")
    out = _threat_in_doxxing(ctx, [_Hit(0, 4, 0.8, "h_rule")], [_Hit(0, 4, 0.8, "address")])
    assert out[0].score >= THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        "Mandy Cole lives at 19 Millstone Croft. Best time to have a word is after 11 when the"
        " street's dead. I'll be there.",
        "Sam Price, 8 Wensum Lock Court. He's on his own now. Go and ask him why.",
    ],
)
def test_presence_or_a_deserted_time_is_added_menace(text: str) -> None:
    assert not _discounted(text)


def test_a_real_post_of_plain_doxxing_is_not_a_threat() -> None:
    text = (
        "Every time I ring, the same receptionist, Sam Price, tells me it's with the hospital. So"
        " since he won't take it seriously at work: he lives at 23 Wensum Row in Lakenham, the one"
        " with the green door. If anyone else has been fobbed off by him, go and tell him yourself"
        " what you think of the way he treats people."
    )
    result = flags.detect_flags(text)
    assert result.flags["personal_data"]
    assert not result.flags["threat"]


def test_the_discount_leaves_a_post_without_exposed_contact_alone() -> None:
    ctx = flags._context("Tell her what you think of her, Karen.")
    threat = [_Hit(0, 4, 0.7, "h_rule")]
    assert _threat_in_doxxing(ctx, threat, [_Hit(0, 4, 0.8, "health")]) == threat


STAFF = ["Sam Price", "Dr Amira Patel", "Jade Wilson", "Dr Fiona Grant", "Lisa Grant"]


@pytest.mark.parametrize(
    "text",
    [
        # the label rules' own examples of menace beside an address or number (pii_probe_3)
        "Sam Price from Castle Hill GP lives at 3 Fennel Court. Just saying.",
        "Dr Fiona Grant told me I was overreacting. She lives at 18 Abbotsfield Walk. Curtains"
        " twitching yet Fiona?",
        "Jade Wilson - Elm Tree GP - 07700 900733 - tell her we're coming. All of us.",
        "Dr Amira Patel, Elm Tree Surgery. Been sat outside 2 Oakhurst Rise for an hour.",
    ],
)
def test_an_address_with_a_turn_of_menace_is_a_threat(text: str) -> None:
    result = flags.detect_flags(text, STAFF)
    assert result.flags["personal_data"], text
    assert result.flags["threat"], text


def test_the_turn_of_menace_needs_an_exposed_address_or_number() -> None:
    ctx = flags._context("Sam Price on reception. Just saying.")
    assert flags._doxxing_with_menace(ctx, []) == []
    assert flags._doxxing_with_menace(ctx, [_Hit(0, 5, 0.8, "health")]) == []
    hit = flags._doxxing_with_menace(ctx, [_Hit(0, 5, 0.8, "address")])
    assert [h.label for h in hit] == ["doxx_menace"]


@pytest.mark.parametrize(
    "text",
    [
        "Sam Price from Castle Hill GP lives at 3 Fennel Court. Sorry, had to say it.",
        "Lisa Grant at Riverside, 14 Tempest Road. Her car's always dirty lol.",
    ],
)
def test_an_ordinary_word_beside_an_address_is_no_turn_of_menace(text: str) -> None:
    ctx = flags._context(text)
    assert flags._doxxing_with_menace(ctx, [_Hit(0, 5, 0.8, "address")]) == []
