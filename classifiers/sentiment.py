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

from classifiers import model

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
      | on\s+hold\s+(?:to|with|again|all)
      | still\s+(?:waiting|no\s+(?:word|reply|call|answer))
      | (?:never|haven'?t|hasn'?t|not)\s+(?:received|rung\s+back|called\s+back|heard\s+back|
            seen\s+an?\s+(?:actual\s+)?(?:gp|doctor))
      | (?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:days?|weeks?|months?)\s+
            (?:wait|waiting|for\s+a\s+(?:call|reply|response|callback|prescription))
      | stopped\s+(?:answering|doing|offering|seeing)
      | (?:reporting|report)\s+(?:you|them|the\s+practice|the\s+surgery)\s+to
      | (?:formal|official|another|second)\s+complaint
      | (?:making|put\s+in|lodged|filed)\s+a\s+complaint
      | requires\s+improvement | special\s+measures | rated\s+inadequate | told\s+to\s+improve
      | round\s+in\s+circles | hangs?\s+up\s+on\s+me | cut\s+off
      | (?:deregistered|de-registered|struck\s+off)
    )\b""",
    re.VERBOSE,  # matched on lower-cased text: IGNORECASE makes this regex three times slower
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
    """The process's VADER analyser for posts about primary care: the domain lexicon added."""
    with _LOCK:
        sia = SentimentIntensityAnalyzer()
        sia.lexicon.update(_domain_lexicon())
        return sia


@lru_cache(maxsize=1)
def plain_analyser() -> SentimentIntensityAnalyzer:
    """Plain VADER, for text that is not about primary care (and as the eval baseline)."""
    with _LOCK:
        return SentimentIntensityAnalyzer()


def label_for(compound: float) -> str:
    """VADER's usual thresholds."""
    if compound >= POSITIVE_AT:
        return "positive"
    if compound <= NEGATIVE_AT:
        return "negative"
    return "neutral"


# Words that say a post is about primary care; elsewhere the domain model stays out of it.
_DOMAIN_WORDS = re.compile(
    r"\b(?:gp|gps|surgery|doctor|doctors|nurse|receptionist|reception|appointments?|appt|"
    r"prescriptions?|e-?consult|nhs|clinic|referral|medication|surgery's|health\s+cent(?:re|er)|"
    r"medical\s+cent(?:re|er)|medical\s+practice|gp\s+practice|pharmacy|a&e|sick\s+note|"
    r"fit\s+note|blood\s+tests?|jab|(?:the|our|my|this|that|your)\s+practice)\b"
)
MODEL_WEIGHT = 0.5  # measured on the dev split and the GP Friends and Family answers
MODEL_CONFIDENT = 0.3
VADER_SURE = 0.75  # when VADER is this sure the model rarely changes the label: save its time


def is_domain_text(text: str) -> bool:
    """True when the text speaks about GP or NHS care (so the domain model applies): its
    vocabulary, or one of the complaints practices get ("on hold for 40 minutes")."""
    low = text.lower()
    return _DOMAIN_WORDS.search(low) is not None or _COMPLAINT_PHRASES.search(low) is not None


def score_sentiment(
    text: str, rating: int | None = None, *, domain: bool | None = None, news: bool = False
) -> tuple[float, str]:
    """(compound in [-1, 1], label) for a text, with an optional 1-5 star rating.

    `domain` says the post is about a practice (the pipeline knows: it matched one); None
    decides from the words. In the domain, the sentiment model trained on NHS patient
    feedback (classifiers/models/sentiment.json.gz) adds its view to VADER's. `news` (an RSS
    news item) damps VADER's view instead: factual reporting is neutral unless it criticises.
    """
    low = text.lower()
    about_care = domain if domain is not None else (news or _DOMAIN_WORDS.search(low) is not None)
    complaints = len(_COMPLAINT_PHRASES.findall(low))
    if not about_care and not complaints:
        # "sick", "cancer", "joke" mean what VADER thinks they mean outside a surgery
        compound = plain_analyser().polarity_scores(text)["compound"]
        if rating is not None and 1 <= rating <= 5:
            compound = 0.4 * compound + 0.6 * (rating - 3) / 2
        return round(compound, 4), label_for(compound)
    compound = analyser().polarity_scores(text)["compound"]
    if news:
        # news is written to be neutral and VADER over-reads it; the model never saw any
        compound *= 0.35
    elif about_care and abs(compound) < VADER_SURE:
        m = model.load("sentiment")
        if m is not None:
            p = m.proba(text)
            lean = p["positive"] - p["negative"]
            if abs(lean) >= MODEL_CONFIDENT:  # an unsure model only adds noise
                compound += MODEL_WEIGHT * lean
    if complaints:
        # a complaint phrase with a cheerful word is sarcasm far more often than praise
        if about_care and compound > 0 and _SARCASM_TAIL.search(text):
            compound = -compound * 0.5
        compound -= PHRASE_PULL * complaints
    if rating is not None and 1 <= rating <= 5:
        stars = (rating - 3) / 2  # 1 star -> -1, 3 -> 0, 5 -> +1
        compound = 0.4 * compound + 0.6 * stars
    compound = max(-1.0, min(1.0, compound))
    return round(compound, 4), label_for(compound)
