"""A small learned abuse scorer that backs up the abuse rules (classifiers/flags.py).

The abuse rules know insult words, slurs and demeaning patterns and the context that undoes them
(negation, quotation, self-aimed, said of the government). Fresh wording of a put-down ("a
goldfish would do a better job") slips past them. This scorer reads the same normalised text
and the rules' abuse hits, with the shape cues below, through `classifiers/learned_hits.py`.
Trained by `scripts/train_model.py --only abuse`, measured leave-one-file-out by
`scripts/eval_learned_hits.py --label abuse`; see classifiers/MODEL_CARD.md.
"""

from __future__ import annotations

from classifiers.learned_hits import HitScorer
from classifiers.personal_data import load_lexicon

NAME = "abuse"


def _words(*names: str) -> frozenset[str]:
    return frozenset(t for n in names for t in load_lexicon(n) if " " not in t)


_CUES: dict[str, frozenset[str]] = {
    "you": frozenset({"you", "u", "ur", "your", "ya", "you're", "youre"}),
    "third": frozenset({"she", "her", "he", "him", "they", "them", "she's", "he's"}),
    "role": _words("staff_roles"),
    "person": _words("person_nouns"),
    "is_a": frozenset({"is a", "is an", "are a", "you're a", "she's a", "he's a", "what a"}),
    "comparison": frozenset({"could do", "would do", "better job", "than her", "than him"}),
    "group": frozenset({"lot of", "bunch of", "pack of", "the lot", "all of"}),
    "self": frozenset({"i'm", "im", "i am", "myself", "me"}),
    "report": frozenset({"called", "said", "shouted", "screamed", "abused", "abuse", "police"}),
}
SCORER = HitScorer(NAME, _CUES)
