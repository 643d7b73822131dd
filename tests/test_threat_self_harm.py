"""Threats and self-harm in one post: a disclosure of harm to oneself is a safeguarding case, not
a threat, however the learned threat scorer reads its harm words; harm to staff bound up with
the author's own end is a threat as well as a safeguarding case (and goes to the police)."""

from __future__ import annotations

import pytest

from alerts.rules import suggested_action
from classifiers.flags import detect_flags
from gpwatch.models import Verdict

STAFF = ["Dr Amira Patel", "Jade Wilson"]


@pytest.mark.parametrize(
    "text",
    [
        # both read as threats by the learned scorer before its hit was discounted here
        "I've got enough tablets put by to do it properly this time. nobody at Elm Tree Surgery"
        " will notice",
        "I'm going to end it this weekend. Dr Patel won't have to see me again",
    ],
)
def test_a_self_harm_disclosure_is_safeguarding_not_a_threat(text: str) -> None:
    flags = detect_flags(text, STAFF).flags
    assert flags["safeguarding"], text
    assert not flags["threat"], text


@pytest.mark.parametrize(
    "text",
    [
        "I'm going to end it all this weekend and I'm taking Dr Patel with me",
        "ready to end my life, but first I'll make the receptionist at Elm Tree pay for what she"
        " did",
    ],
)
def test_harm_to_staff_with_the_authors_own_end_is_both(text: str) -> None:
    result = detect_flags(text, STAFF)
    assert result.flags["safeguarding"], text
    assert result.flags["threat"], text
    assert result.flags["staff_targeted"], text
    verdict = Verdict(
        source="x",
        external_id="1",
        compound=-0.8,
        sentiment_label="negative",
        scores=result.scores,
        flags=result.flags,
        staff_names=result.staff_names,
        spans=result.spans,
        classifier_version="test",
    )
    assert suggested_action(verdict, "x") == "police"


@pytest.mark.parametrize(
    "text",
    [
        "I'm taking that receptionist down with me",
        "I'll make the receptionist at Elm Tree pay for what she did",
        "gonna make them pay",
    ],
)
def test_taking_staff_down_and_making_them_pay_are_threats(text: str) -> None:
    assert detect_flags(text, STAFF).flags["threat"], text


@pytest.mark.parametrize(
    "text",
    [
        "I'll take my mum with me to the appointment",
        "can I bring her with me next time?",
        "taking the lot of them with me to the pharmacy, the kids all need their jabs",
        "I'll take the nurse's advice with me",
        "I'll make them pay for the parking at Elm Tree Surgery, £4 an hour is a disgrace",
        "gonna make the receptionist pay for the stamp lol",
        "I'm going to make the NHS pay for my private scan",
        "took the whole surgery down with me on that one, sorry folks",
    ],
)
def test_company_and_payment_are_not_threats(text: str) -> None:
    assert not detect_flags(text, STAFF).flags["threat"], text
