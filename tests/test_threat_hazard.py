"""'Someone's going to get hurt' about a physical hazard, with a request to fix it, is a safety
report; with a time, a warning or "it won't be me" it is still menace. The sentences are written
for this test, not taken from the labelled data."""

from __future__ import annotations

import pytest

from classifiers.flags import detect_flags


@pytest.mark.parametrize(
    "text",
    [
        "The ramp at Riverside Medical Centre is cracked down the middle. Somebody's going to get"
        " hurt on it. Please can someone fix it",
        "Castle Hill Practice, the lights in the back car park are out again, someone will get hurt"
        " walking to their car. Reported it twice.",
        "Someone is going to get hurt on those icy steps at Elm Tree Surgery, grit them please",
    ],
)
def test_a_hazard_to_fix_is_not_a_threat(text: str) -> None:
    assert not detect_flags(text).flags["threat"], text


@pytest.mark.parametrize(
    "text",
    [
        "Fix my prescription by Friday, Elm Tree Surgery, or someone's going to get hurt. You've"
        " been warned.",
        "Broken door, broken phones, broken promises. Someone's going to get hurt at Castle Hill"
        " Practice and it won't be me.",
        "someone's getting hurt at riverside medical this time unless my mum gets seen, sort it",
    ],
)
def test_the_same_words_with_menace_are_still_a_threat(text: str) -> None:
    assert detect_flags(text).flags["threat"], text
