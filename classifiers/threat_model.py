"""A small learned threat scorer that backs up the threat rules (classifiers/flags.py, menace.py).

The rules are precise on wording they were written for and miss fresh wording of a veiled
threat. This model reads the same normalised text the rules read (lower-cased, masked words
restored) and scores it with a hashed logistic model: words and word pairs (as
`classifiers/model.py` hashes them) plus a few pseudo-words that describe the post's shape and
what the rules found in it (how strong their best threat piece was and which kinds of piece fired,
second-person address, a staff role, first-person future, an ultimatum, private-life knowledge,
a denial, a news/report cue; each a set of words and word pairs). Trained by
`scripts/train_model.py --only threat`, measured
leave-one-file-out by `scripts/eval_learned_hits.py --label threat`; see classifiers/MODEL_CARD.md.

Scoring is pure Python: one pass over the tokens, a few set tests, one dict lookup per token.
"""

from __future__ import annotations

from collections.abc import Sequence

from classifiers.learned_hits import HitScorer, RuleHit, strongest_span, threshold
from classifiers.model import LinearModel
from classifiers.personal_data import load_lexicon

NAME = "threat"
__all__ = [
    "NAME",
    "RuleHit",
    "current",
    "probability",
    "reset",
    "strongest_span",
    "threshold",
    "use",
]


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
# character 5-grams of the words as well (see learned_hits.char_grams), each counted at half a
# word (scripts/train_model.py GRAM_VALUE): measured leave-one-file-out at stop 14 over the
# twenty-one files of the time, 27 more left-out threats caught for 7 more false alarms; n = 4
# and n = 6 did less, and 3, 4 and 5 together less again
SCORER = HitScorer(NAME, _CUES, char_grams=5)


def probability(model: LinearModel, s: str, rule_hits: Sequence[RuleHit] = ()) -> float:
    """P(threat) of normalised text `s`, given the rules' threat hits in it."""
    return SCORER.probability(model, s, rule_hits)


def current() -> LinearModel | None:
    """The model in use: the shipped `threat` model, unless `use` set another (or none)."""
    return SCORER.current()


def use(model: LinearModel | None) -> None:
    """Score with `model` instead of the shipped one (None: rules only), until `reset`."""
    SCORER.use(model)


def reset() -> None:
    """Back to the shipped model."""
    SCORER.reset()
