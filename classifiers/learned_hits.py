"""A learned scorer that backs up a family of rules (threats, abuse) in classifiers/flags.py.

Rules are precise on the wording they were written for and miss fresh wording. A `HitScorer`
reads the same normalised text the rules read (lower-cased, masked words restored) and scores it
with a hashed logistic model (`classifiers/model.py`): words and word pairs, plus pseudo-words
for the post's shape (its cues: sets of words and word pairs, one set intersection each) and for
what the rules found (how strong their best piece was, which kinds of piece fired). Each scorer
is trained by `scripts/train_model.py --only NAME` and measured leave-one-file-out by
`scripts/eval_learned_hits.py --label NAME`; see classifiers/MODEL_CARD.md.

Scoring is pure Python: one pass over the tokens, a few set tests, one dict lookup per token.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Protocol

from classifiers.model import LinearModel, features, ids_of, load, tokens

DEFAULT_THRESHOLD = 0.5  # used only when a model file carries no threshold of its own
_RULE_BUCKETS = (0.15, 0.3, 0.5)


class RuleHit(Protocol):
    """What a scorer reads of a rule hit (flags._Hit has these fields)."""

    @property
    def score(self) -> float: ...
    @property
    def label(self) -> str: ...


class HitScorer:
    """One learned scorer: its model file's name and the shape cues it reads."""

    def __init__(self, name: str, cues: Mapping[str, frozenset[str]]) -> None:
        self.name = name
        self.cues = dict(cues)
        self._override: list[LinearModel | None] = []

    def shape_tokens(self, toks: Sequence[str], rule_hits: Sequence[RuleHit]) -> list[str]:
        """The pseudo-words for the post's shape and the rules' findings."""
        present = set(toks)
        out = {f"__shape:{n}" for n, cue in self.cues.items() if not cue.isdisjoint(present)}
        best = max((h.score for h in rule_hits), default=0.0)
        out.update(f"__rule>={b}" for b in _RULE_BUCKETS if best >= b)
        out.update(f"__rulelab:{h.label}" for h in rule_hits if h.score >= 0.15)
        return sorted(out)

    def train_tokens(self, s: str, rule_hits: Sequence[RuleHit], drop: frozenset[str]) -> list[str]:
        """The tokens a model is trained on for normalised text `s`: words and word pairs
        without any word in `drop` (practice and staff names), then the shape pseudo-words."""
        toks = tokens(s)
        words = [t for t in toks if not any(w in drop for w in t.split(" "))]
        return words + self.shape_tokens(toks, rule_hits)

    def feature_ids(self, s: str, rule_hits: Sequence[RuleHit]) -> list[int]:
        """The hashed feature ids of normalised text `s` as scoring sees them."""
        toks = tokens(s)
        return ids_of(toks) + ids_of(self.shape_tokens(toks, rule_hits))

    def probability(self, model: LinearModel, s: str, rule_hits: Sequence[RuleHit] = ()) -> float:
        """P(label) of normalised text `s`, given the rules' hits in it."""
        get = model.weights.get
        ids = self.feature_ids(s, rule_hits)
        z = model.bias[0] + sum(w[0] for w in map(get, ids) if w is not None)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def current(self) -> LinearModel | None:
        """The model in use: the shipped one, unless `use` set another (or none)."""
        if self._override:
            return self._override[-1]
        return load(self.name)

    def use(self, model: LinearModel | None) -> None:
        """Score with `model` instead of the shipped one (None: rules only), until `reset`.
        For the leave-one-file-out evaluation, which trains a model per left-out file."""
        self._override.clear()
        self._override.append(model)

    def reset(self) -> None:
        """Back to the shipped model."""
        self._override.clear()


def threshold(model: LinearModel) -> float:
    """The probability at which a model's opinion becomes a hit (chosen on the
    leave-one-file-out figures and stored in the model file)."""
    value = model.meta.get("threshold", DEFAULT_THRESHOLD)
    return float(value) if isinstance(value, int | float) else DEFAULT_THRESHOLD


def strongest_span(
    model: LinearModel, s: str, bounds: Sequence[tuple[int, int]]
) -> tuple[int, int]:
    """The sentence (of `bounds`) whose words add most to the score: the span shown."""
    get = model.weights.get
    best, best_z = (0, len(s)), -math.inf
    for a, b in bounds:
        if b <= a:
            continue
        z = sum(w[0] for w in map(get, features(s[a:b])) if w is not None)
        if z > best_z:
            best, best_z = (a, b), z
    return best
