"""Does a post about a practice need a reply from it? A small learned scorer for the `reply`
action (a complaint or a question left unanswered) against `none` (praise, chat, news, a
neutral question someone else can answer).

Sentiment alone was the rule until stop 12: a post that reads negative needs a reply. But
"negative" is not what the writers of the labelled files asked for: a warm complaint ("lovely
staff, but three weeks for a call back") needs a reply, a weary joke about the phone queue may
not, and a post defending the staff reads negative. This model reads the post's words and word
pairs (hashed as `classifiers/model.py` hashes them) plus four pseudo-words for where the domain
sentiment put it (its compound below -0.5, below -0.05, above 0.05, above 0.5), so the sentiment
stays one piece of evidence among others. It is asked only about posts that name a practice and
raise no flag (a threat, abuse, personal data or safeguarding has its own action).

Trained by `scripts/train_model.py --only reply` on the action labels of the labelled files
(never the frozen split or the held-out probes), measured leave-one-file-out by
`scripts/eval_reply.py`; see classifiers/MODEL_CARD.md.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from operator import itemgetter

from classifiers.model import LinearModel, load, shared_tokens, token_rows, tokens
from classifiers.sentiment import score_sentiment

_FIRST = itemgetter(0)
NAME = "reply"
DEFAULT_THRESHOLD = 0.5
_BUCKETS = (
    (lambda c: c <= -0.5, "__c<=-0.5"),
    (lambda c: c <= -0.05, "__c<=-0.05"),
    (lambda c: c >= 0.05, "__c>=0.05"),
    (lambda c: c >= 0.5, "__c>=0.5"),
)


# Where the sentiment of the sentences that name the practice (or its staff) lies, when the post
# has other sentences too: "The hospital lost my referral twice. Castle Hill GP resent it the
# same afternoon" reads negative as a whole and needs no reply from the practice.
_LOCAL_BUCKETS = (
    (lambda c: c <= -0.5, "__l<=-0.5"),
    (lambda c: c <= -0.05, "__l<=-0.05"),
    (lambda c: c >= 0.05, "__l>=0.05"),
    (lambda c: c >= 0.5, "__l>=0.5"),
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")


def practice_sentences(text: str, names: Sequence[str]) -> str | None:
    """The sentences of `text` that name one of `names` (the practice's names, its staff),
    joined; None when every sentence names one or none does (nothing to tell apart)."""
    low_names = [n.lower() for n in names if n]
    if not low_names:
        return None
    sentences = _SENTENCE.findall(text)
    named = [s for s in sentences if any(n in s.lower() for n in low_names)]
    if not named or len(named) == len(sentences):
        return None
    return " ".join(s.strip() for s in named)


def reply_names(practice_names: Sequence[str], staff_names: Sequence[str]) -> list[str]:
    """The words that make a sentence one about the practice: its names and handles, its staff's
    full names and their surnames ("Dr Patel")."""
    return [*practice_names, *staff_names, *(n.split()[-1] for n in staff_names if n.split())]


def practice_compound(
    text: str, practice_names: Sequence[str], staff_names: Sequence[str]
) -> float | None:
    """The domain sentiment of the sentences of `text` that name the practice or its staff, or
    None when there is nothing to tell apart (`practice_sentences`): what `local` is, for scoring
    (classifiers/pipeline.py) and training (scripts/train_model.py) alike."""
    named = practice_sentences(text, reply_names(practice_names, staff_names))
    return score_sentiment(named, domain=True)[0] if named is not None else None


def _pseudo_words(compound: float, local: float | None) -> list[str]:
    out = [name for test, name in _BUCKETS if test(compound)]
    if local is not None:
        out += [name for test, name in _LOCAL_BUCKETS if test(local)]
    return out


def reply_tokens(text: str, compound: float, local: float | None = None) -> list[str]:
    """What the reply model reads of a post: its tokens, its sentiment's pseudo-words and, when
    `local` is given, those of the sentiment of the sentences that name the practice."""
    return tokens(text) + _pseudo_words(compound, local)


def decision(model: LinearModel, text: str, compound: float, local: float | None = None) -> float:
    """The model's raw score for `text` with domain compound `compound` (and `local`, see
    `reply_tokens`): the weights of `reply_tokens(text, compound, local)` summed in their order
    (the same float, bit for bit)."""
    # the tokens the sentiment model has just read of the same text, and the model's own
    # token -> weights cache: no tokenising or hashing again
    toks = shared_tokens(text) + _pseudo_words(compound, local)
    rows = filter(None, map(token_rows(model).__getitem__, toks))
    return model.bias[0] + sum(map(_FIRST, rows))  # each row's weight, in order, taken in C


def threshold(model: LinearModel) -> float:
    """The probability at which a post needs a reply (stored in the model file)."""
    value = model.meta.get("threshold", DEFAULT_THRESHOLD)
    return float(value) if isinstance(value, int | float) else DEFAULT_THRESHOLD


def reply_probability(
    text: str, compound: float, model: LinearModel | None = None, local: float | None = None
) -> float | None:
    """P(the post needs a reply), or None when no reply model is shipped."""
    model = model or load(NAME)
    if model is None:
        return None
    z = decision(model, text, compound, local)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
