"""Sentiment: VADER, taught the GP-surgery vocabulary, and blended with a review's stars.

VADER is built once per process (it re-reads its lexicon files when built). It has no idea that
"waited 3 weeks", "no appointments" or "on hold for 40 minutes" are complaints, and it scores
sarcasm ("No appointments again. Great.") as positive, so phrases of the domain pull the
compound down; a review's own star rating is the reviewer's own verdict and weighs in too.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from importlib import resources

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

POSITIVE_AT = 0.05
NEGATIVE_AT = -0.05

# Each hit pulls the compound down by PHRASE_PULL; written for the complaints practices get.
_COMPLAINT_PHRASES = re.compile(
    r"""\b(?:
        (?:waited|waiting|wait)\s+(?:for\s+)?(?:over\s+|nearly\s+|almost\s+)?
            (?:\d+|a|an|two|three|four|five|six|several)\s+(?:weeks?|months?|hours?)
      | no\s+(?:appointments?|one\s+(?:answers|answered|picks?\s+up)|call\s*back|reply|response)
      | (?:couldn'?t|could\s+not|can'?t|cannot|never)\s+(?:get\s+through|get\s+an?\s+appointment
            |get\s+a\s+call\s*back|see\s+a\s+(?:gp|doctor))
      | on\s+hold\s+for
      | (?:\d+(?:st|nd|rd|th)?|number\s+\d+)\s+in\s+(?:the\s+)?queue
      | (?:phone|phones|lines?)\s+(?:at\s+)?8\s*(?:am|o'?clock)
      | 8\s*am\s+(?:scramble|lottery|rush|free\s+for\s+all|phone)
      | (?:prescription|repeat)s?\s+(?:not\s+ready|lost|wrong|missing|delayed)
      | (?:lost|wrong|missing)\s+(?:my\s+)?prescriptions?
      | (?:e-?consult|online\s+form)\S*\s+(?:closed|shut|switched\s+off|full|ignored)
      | fobbed\s+off
      | (?:struck|kicked|removed)\s+off\s+(?:the|their)\s+(?:list|register)
      | no\s+(?:appointments?\s+)?(?:left|available|until)
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
PHRASE_PULL = 0.35
_SARCASM_TAIL = re.compile(
    r"\b(?:great|brilliant|fantastic|lovely|perfect|cheers|thanks)\s*(?:\.|!|…|\.\.\.)?\s*(?:not\b)?",
    re.IGNORECASE,
)
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _domain_lexicon() -> dict[str, float]:
    text = resources.files("classifiers").joinpath("lexicons/gp_sentiment.txt").read_text("utf-8")
    out: dict[str, float] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, value = line.split("\t")
            out[word.strip()] = float(value)
    return out


@lru_cache(maxsize=1)
def analyser() -> SentimentIntensityAnalyzer:
    """The process's one VADER analyser, with the domain lexicon added."""
    with _LOCK:
        sia = SentimentIntensityAnalyzer()
        sia.lexicon.update(_domain_lexicon())
        return sia


def label_for(compound: float) -> str:
    """VADER's usual thresholds."""
    if compound >= POSITIVE_AT:
        return "positive"
    if compound <= NEGATIVE_AT:
        return "negative"
    return "neutral"


def score_sentiment(text: str, rating: int | None = None) -> tuple[float, str]:
    """(compound in [-1, 1], label) for a text, with an optional 1-5 star rating."""
    compound = analyser().polarity_scores(text)["compound"]
    complaints = len(_COMPLAINT_PHRASES.findall(text))
    if complaints:
        # a complaint phrase with a cheerful word is sarcasm far more often than praise
        if compound > 0 and _SARCASM_TAIL.search(text):
            compound = -compound * 0.5
        compound -= PHRASE_PULL * complaints
    if rating is not None and 1 <= rating <= 5:
        stars = (rating - 3) / 2  # 1 star -> -1, 3 -> 0, 5 -> +1
        compound = 0.4 * compound + 0.6 * stars
    compound = max(-1.0, min(1.0, compound))
    return round(compound, 4), label_for(compound)
