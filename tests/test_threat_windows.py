"""A long post is also scored a few sentences at a time by the learned threat scorer: the one
menacing sentence of a long complaint is not outweighed by the paragraphs around it. These drive
the scorer with a small model of known weights (`threat_model.use`), so they hold whatever the
shipped model happens to score."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from classifiers import flags, threat_model
from classifiers.flags import _WINDOW_SENTENCES, _WINDOW_THRESHOLD, THRESHOLD, detect_flags
from classifiers.model import LinearModel, hashed_id

# one menacing word and one ordinary word the long posts repeat; the bias puts a post with the
# menacing word alone at p ~0.98 and every "queue" lowers it
MENACE, ORDINARY = "brickbat", "queue"


def _model() -> LinearModel:
    weights = {hashed_id(MENACE): (8.0,), hashed_id(ORDINARY): (-1.5,)}
    return LinearModel("threat", ("no", "threat"), (-4.0,), weights, {"threshold": 0.5})


@pytest.fixture
def known_model() -> Iterator[None]:
    threat_model.use(_model())
    yield
    threat_model.reset()


def _long_post(menace_at: int, sentences: int = 8) -> str:
    """Ordinary sentences near the menacing one, sentences heavy with grievance further off."""
    body = [
        "The phone line rang out again this morning"
        if abs(i - menace_at) < _WINDOW_SENTENCES
        else f"The {ORDINARY} and the {ORDINARY} and the {ORDINARY} again"
        for i in range(sentences)
    ]
    body[menace_at] = f"Next time it will be a {MENACE} for the desk"
    return ". ".join(body) + "."


def _model_hit(text: str) -> flags._Hit | None:
    ctx = flags._context(text)
    return flags._model_hit(ctx, [])


@pytest.mark.parametrize("menace_at", [0, 3, 7])
def test_one_menacing_sentence_in_a_long_post_is_a_hit(known_model: None, menace_at: int) -> None:
    text = _long_post(menace_at)
    ctx = flags._context(text)
    whole = threat_model.SCORER.probability(_model(), ctx.s)
    assert whole < 0.5  # the whole post reads as ordinary grievance
    hit = _model_hit(text)
    assert hit is not None and hit.score >= THRESHOLD
    assert MENACE in ctx.s[hit.start : hit.end]  # the span shown is the menacing sentence
    assert detect_flags(text).flags["threat"]


def test_a_short_post_is_never_windowed(known_model: None) -> None:
    # as many sentences as a window: the whole post is the only reading
    text = f"It will be a {MENACE}. " + " ".join(
        f"The {ORDINARY} and the {ORDINARY} and the {ORDINARY} again." for _ in range(2)
    )
    assert threat_model.SCORER.probability(_model(), flags._context(text).s) < 0.5
    assert _model_hit(text) is None


def test_a_window_must_be_all_but_certain(known_model: None) -> None:
    # the menacing sentence with an ordinary word of its own: p ~0.92, under the window's line
    text = _long_post(3).replace(f"a {MENACE}", f"a {MENACE} in the {ORDINARY}")
    ctx = flags._context(text)
    p, _, _ = flags._window_probability(ctx, threat_model.SCORER, _model(), [])
    assert 0.5 < p < _WINDOW_THRESHOLD
    assert _model_hit(text) is None


def test_a_quoted_menacing_sentence_in_a_long_post_is_discounted(known_model: None) -> None:
    text = _long_post(3).replace(
        f"Next time it will be a {MENACE} for the desk",
        f'A man shouted "next time it will be a {MENACE} for the desk" and was arrested',
    )
    hit = _model_hit(text)
    assert hit is None or hit.score < THRESHOLD
