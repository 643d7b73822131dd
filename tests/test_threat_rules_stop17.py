"""Threat phrasings the rules learnt at stop 17 (`rules-19`), read with the learned scorer
switched off so the rules alone must find them: reach for the person ("wait till I get hold of
you"), a declared enemy, advice that is a warning ("I'd keep the doors locked tonight"), a body
disposed of ("put her in the canal"), leaving in a box, and a building's fate announced ("that
surgery will burn."). Beside each, the ordinary sentence built of the same words. Every text is
written for this test and is in no data file."""

from __future__ import annotations

import pytest

from classifiers import menace
from classifiers.flags import detect_flags

STAFF = ["Jade Wilson", "Dr Rob Ellis", "Karen Holt"]


@pytest.mark.parametrize(
    "text",
    [
        "Karen you absolute joke, just wait till I get hold of you",
        "Dr Ellis, you've made an enemy. I'm a patient man.",
        "If I were on reception at Elm Tree Surgery I'd keep the doors locked this week.",
        "Cancel my mum again and I'll throw him in the canal, Dr Ellis and his diary both.",
        "That receptionist will be leaving the building in a box if she laughs at me again.",
        "Elm Tree Surgery will burn to the ground. Mark my words.",
    ],
)
def test_the_rules_alone_read_these_as_threats(text: str, threat_rules_only: None) -> None:
    r = detect_flags(text, STAFF)
    assert r.flags["threat"], (text, r.scores)


@pytest.mark.parametrize(
    "text",
    [
        "When I finally get hold of the surgery I'll ask about my blood results",
        "Can't wait till I get hold of my new inhaler, the old one's empty",
        "You've made an enemy of my nan by moving the flu clinic to Tuesdays lol",
        "Keep the doors locked at night, there's been break-ins on Castle Hill again",
        "The new sharps bins are leaving the practice in a box every Friday, handy",
        "Don't leave the toast under the grill, it will burn.",
        "My ears will burn tonight, the whole street is talking about my new haircut",
        "Put him in the bath and give him Calpol, the nurse said, and it worked",
    ],
)
def test_the_same_words_in_ordinary_sentences_are_not(text: str, threat_rules_only: None) -> None:
    r = detect_flags(text, STAFF)
    assert not r.flags["threat"], (text, r.scores)


def test_a_building_announced_to_burn_is_not_a_threat_to_its_staff(threat_rules_only: None) -> None:
    r = detect_flags("Elm Tree Surgery will burn. Simple as.", STAFF)
    assert r.flags["threat"] and not r.flags["staff_targeted"], r.scores


@pytest.mark.parametrize("after", ["you've earned it after that shift", "well deserved x"])
def test_praise_after_menace_words_takes_the_menace_back(after: str) -> None:
    s = "enjoy your walk home tonight jade, "
    assert menace.benign_after(s + after, len(s) - 2)
    assert not menace.benign_after(s + "you'll see", len(s) - 2)
