"""Domain sentiment: VADER plus GP-surgery phrases and star ratings."""

from __future__ import annotations

import pytest

from classifiers.sentiment import analyser, score_sentiment


@pytest.mark.parametrize(
    "text",
    [
        "Waited 3 weeks for an appointment",
        "on hold for 45 minutes at 8am",
        "No appointments again. Great.",
        "couldn't get through, 27th in the queue",
        "The practice is a joke",
        "Reception were dismissive and unhelpful",
    ],
)
def test_gp_complaints_are_negative(text):
    compound, label = score_sentiment(text)
    assert label == "negative", (text, compound)
    # plain VADER misses these: the domain layer is what makes them negative
    assert compound < analyser().polarity_scores(text)["compound"] or compound < -0.3


@pytest.mark.parametrize(
    "text",
    [
        "Thank you to Dr Patel, brilliant care",
        "Nurse was thorough and reassuring",
        "Got a same-day appointment, really efficient",
    ],
)
def test_praise_is_positive(text):
    assert score_sentiment(text)[1] == "positive"


def test_star_rating_weighs_in():
    assert score_sentiment("It was fine", 1)[1] == "negative"
    assert score_sentiment("It was fine", 5)[1] == "positive"
    assert score_sentiment("It was fine", None)[1] == "positive"


def test_compound_is_bounded():
    c, _ = score_sentiment("waited 3 weeks, no appointments, on hold for ages, fobbed off " * 5, 1)
    assert -1.0 <= c <= 1.0


def test_analyser_is_built_once():
    assert analyser() is analyser()
