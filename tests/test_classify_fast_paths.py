"""The speed-ups of the classifiers give exactly what the plain code gives.

- The learned scorers sum a token -> weight cache (and the threat scorer a word -> its n-grams'
  weights cache) instead of looking up hashed ids: the raw score must be the bias plus the
  weights of `feature_ids` (what training hashes), bit for bit, for the shipped models, with and
  without name words left out, and for a model swapped in with `use`.
- `LinearModel.decision` reads a token -> weights cache: the same floats as looking up
  `features(text)`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest

from classifiers import abuse_model, safeguarding_model, threat_model
from classifiers.flags import abuse_rule_view, safeguarding_rule_view, threat_rule_view
from classifiers.learned_hits import HitScorer, RuleHit
from classifiers.model import LinearModel, features, load, tokens

DATA = Path(__file__).parent / "data"


def _texts(every: int = 1) -> list[str]:
    out = []
    for path in sorted(DATA.glob("*.jsonl")):
        if path.name == "domain_frozen.jsonl":  # the held-out split is never read
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["text"])
    return out[::every]


def _reference(
    model: LinearModel,
    scorer: HitScorer,
    s: str,
    hits: Sequence[RuleHit],
    names: frozenset[str] = frozenset(),
) -> float:
    # the score as training hashes it: the bias plus the weight of every feature id, in order
    get = model.weights.get
    ids = scorer.feature_ids(s, hits, names)
    return model.bias[0] + sum(w[0] for w in map(get, ids) if w is not None)


# words of the demo practices' staff and names, which a scorer reading n-grams leaves out
_NAMES = frozenset({"amira", "patel", "karen", "holt", "jade", "wilson", "elm", "tree", "oakwood"})


@pytest.mark.parametrize("name", ["threat", "abuse", "safeguarding"])
def test_learned_scores_are_the_feature_sums_bit_for_bit(name: str) -> None:
    scorer, view = {
        "threat": (threat_model.SCORER, threat_rule_view),
        "abuse": (abuse_model.SCORER, abuse_rule_view),
        "safeguarding": (safeguarding_model.SCORER, safeguarding_rule_view),
    }[name]
    model = load(name)
    assert model is not None
    for text in _texts(every=2):
        s, hits = view(text)
        assert repr(scorer.decision(model, s, hits)) == repr(_reference(model, scorer, s, hits))
        got = scorer.decision(model, s, hits, _NAMES)
        assert repr(got) == repr(_reference(model, scorer, s, hits, _NAMES))


def test_a_model_swapped_in_is_scored_with_its_own_weights() -> None:
    """The token cache belongs to one model: `use` with another must not read stale weights."""
    shipped = load("threat")
    assert shipped is not None
    halved = replace(shipped, weights={k: (v[0] / 2,) for k, v in shipped.weights.items()})
    text = "I know which car is yours, Karen. Last warning."
    s, hits = threat_rule_view(text)
    before = threat_model.SCORER.decision(shipped, s, hits)
    threat_model.use(halved)
    try:
        model = threat_model.current()
        assert model is halved
        swapped = threat_model.SCORER.decision(model, s, hits)
        assert repr(swapped) == repr(_reference(halved, threat_model.SCORER, s, hits))
        assert swapped != before
    finally:
        threat_model.reset()
    assert threat_model.SCORER.decision(shipped, s, hits) == before


def test_tokens_are_words_then_word_pairs() -> None:
    for text in _texts(every=5):
        words = re.findall(r"[a-z0-9']+|[!?]", text.lower())
        assert tokens(text) == words + [f"{a} {b}" for a, b in pairwise(words)]


def test_linear_model_decision_is_the_feature_lookup() -> None:
    model = load("sentiment")
    if model is None:
        pytest.skip("the sentiment model is not shipped")
    for text in _texts(every=3):
        rows = [w for w in map(model.weights.get, features(text)) if w is not None]
        want = (
            list(model.bias)
            if not rows
            else [b + s for b, s in zip(model.bias, map(sum, zip(*rows, strict=True)), strict=True)]
        )
        assert repr(model.decision(text)) == repr(want)


def test_an_empty_flag_result_has_every_key_in_order() -> None:
    """`_empty` spells its keys out (faster than building them): FLAG_KEYS, in order."""
    from classifiers.flags import FLAG_KEYS, _empty

    empty = _empty()
    for part in (empty.scores, empty.flags, empty.spans):
        assert tuple(part) == FLAG_KEYS
    assert set(empty.scores.values()) == {0.0} and set(empty.flags.values()) == {False}
    assert all(v == [] for v in empty.spans.values()) and empty.staff_names == []
    assert _empty().spans["abuse"] is not empty.spans["abuse"]  # fresh lists every time
