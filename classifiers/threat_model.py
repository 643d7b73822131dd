"""A small learned threat scorer that backs up the threat rules (classifiers/flags.py, menace.py).

The rules are precise on wording they were written for and miss fresh wording of a veiled
threat. This model reads the same normalised text the rules read (lower-cased, masked words
restored) and scores it with a hashed logistic model: words and word pairs (as
`classifiers/model.py` hashes them) plus a few pseudo-words that describe the post's shape and
what the rules found in it (how strong their best threat piece was and which kinds of piece fired,
second-person address, a staff role, first-person future, an ultimatum, private-life knowledge,
a denial, a news/report cue; each a set of words and word pairs). Trained by
`scripts/train_model.py --only threat`, measured
leave-one-file-out by `scripts/eval_threat_model.py`; see classifiers/MODEL_CARD.md.

Scoring is pure Python: one pass over the tokens, a few set tests, one dict lookup per token.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Protocol

from classifiers.model import LinearModel, features, ids_of, load, tokens
from classifiers.personal_data import load_lexicon

NAME = "threat"
DEFAULT_THRESHOLD = 0.5  # used only when a model file carries no threshold of its own


class RuleHit(Protocol):
    """What the scorer reads of a rule hit (flags._Hit has these fields)."""

    @property
    def score(self) -> float: ...
    @property
    def label(self) -> str: ...


def _words(*names: str) -> frozenset[str]:
    return frozenset(t for n in names for t in load_lexicon(n))


_OWNERS = ("your", "ur", "her", "his", "their")
# Shape cues as sets of words and word pairs: the tokens are computed for the model anyway, so a
# cue costs one set intersection (one big regex over the text cost more than the whole model).
_CUES: dict[str, frozenset[str]] = {
    "you": frozenset({"you", "u", "ur", "your", "ya", "yours"}),
    "third": frozenset({"she", "her", "him", "his", "they", "them"}),
    "role": frozenset(t for t in _words("staff_roles") if " " not in t),
    "future": frozenset(
        {"i'll", "ill", "gonna", "soon", "i will", "going to", "we'll", "we will", "next time"}
        | {"one day"}
    ),
    "ultimatum": frozenset(
        {"or else", "last warning", "final warning", "have until", "or i", "or we", "or you'll"}
        | {"been warned", "too late"}
    ),
    "private": frozenset(f"{o} {w}" for o in _OWNERS for w in _words("threat_private_life")),
    "know": frozenset(
        f"{p} {v}"
        for p in ("i", "we")
        for v in ("know", "found", "seen", "saw", "watched", "noticed", "clocked")
    ),
    "denial": frozenset({"a threat", "never hurt", "never touch", "never harm", "wouldn't"}),
    "report": frozenset(
        {"police", "arrested", "charged", "court", "jailed", "sentenced", "reported"}
        | {"threatened", "said", "told", "posted"}
    ),
}
_RULE_BUCKETS = (0.15, 0.3, 0.5)


def _shape_tokens(toks: Sequence[str], rule_hits: Sequence[RuleHit]) -> list[str]:
    present = set(toks)
    out = {f"__shape:{name}" for name, cue in _CUES.items() if not cue.isdisjoint(present)}
    best = max((h.score for h in rule_hits), default=0.0)
    out.update(f"__rule>={b}" for b in _RULE_BUCKETS if best >= b)
    out.update(f"__rulelab:{h.label}" for h in rule_hits if h.score >= 0.15)
    return sorted(out)


def train_tokens(s: str, rule_hits: Sequence[RuleHit], drop: frozenset[str]) -> list[str]:
    """The tokens the model is trained on for normalised text `s`: words and word pairs without
    any word in `drop` (practice and staff names), then the shape and rule pseudo-words."""
    toks = tokens(s)
    words = [t for t in toks if not any(w in drop for w in t.split(" "))]
    return words + _shape_tokens(toks, rule_hits)


def feature_ids(s: str, rule_hits: Sequence[RuleHit]) -> list[int]:
    """The hashed feature ids of normalised text `s` as scoring sees them."""
    toks = tokens(s)
    return ids_of(toks) + ids_of(_shape_tokens(toks, rule_hits))


def probability(model: LinearModel, s: str, rule_hits: Sequence[RuleHit] = ()) -> float:
    """P(threat) of normalised text `s`, given the rules' threat hits in it."""
    get = model.weights.get
    z = model.bias[0] + sum(w[0] for w in map(get, feature_ids(s, rule_hits)) if w is not None)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def threshold(model: LinearModel) -> float:
    """The probability at which the model's opinion becomes a threat hit (chosen on the
    leave-one-file-out figures and stored in the model file)."""
    value = model.meta.get("threshold", DEFAULT_THRESHOLD)
    return float(value) if isinstance(value, int | float) else DEFAULT_THRESHOLD


def strongest_span(
    model: LinearModel, s: str, bounds: Sequence[tuple[int, int]]
) -> tuple[int, int]:
    """The sentence (of `bounds`) whose words add most to the threat score: the span shown."""
    get = model.weights.get
    best, best_z = (0, len(s)), -math.inf
    for a, b in bounds:
        if b <= a:
            continue
        z = sum(w[0] for w in map(get, features(s[a:b])) if w is not None)
        if z > best_z:
            best, best_z = (a, b), z
    return best


_override: list[LinearModel | None] = []


def current() -> LinearModel | None:
    """The model in use: the shipped `threat` model, unless `use` set another (or none)."""
    if _override:
        return _override[-1]
    return load(NAME)


def use(model: LinearModel | None) -> None:
    """Score with `model` instead of the shipped one (None: rules only), until `reset`.

    For the leave-one-file-out evaluation, which trains a model per left-out file."""
    _override.clear()
    _override.append(model)


def reset() -> None:
    """Back to the shipped model."""
    _override.clear()
