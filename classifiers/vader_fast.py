"""VADER's `polarity_scores`, the same algorithm made fast: identical floats, far less time.

Why it exists: issue 4 wants the whole classification at half the speed of plain VADER, and
VADER itself is most of the sentiment cost. Plain vaderSentiment 3.3.2 rebuilds the lower-cased
word list several times for every sentiment word (each negation check and the idiom check make
their own copy), walks the text character by character for emojis, concatenating strings, and
rounds through decimal strings. This module runs the same rules over one lower-cased word list:
the lexicon is looked up once per word and stripped tokens are memoised; the emoji pass is one
precompiled regex, skipped outright for ASCII text (VADER's emoji keys are all non-ASCII); a
sentiment word with no booster, negation or idiom word within reach skips the window rules it
cannot trigger; the idioms are tuple look-ups, tried only when the text holds the first and
second word of one; and the scores are rounded by exact arithmetic (round() itself decides
the near-ties).

It is not a re-tuning: the lexicon and emoji files and every constant (B_INCR, C_INCR,
N_SCALAR, NEGATE, BOOSTER_DICT, SPECIAL_CASES) come from the installed vaderSentiment package
(the tables at import, the two files when a FastVader is built), and every quirk is kept bit
for bit (the "but" rule's `list.index` on equal values, "kind of", "least", "no" up to three
words back, "never so/this", "without doubt", the idioms, the ALL-CAPS differential, "!"/"?"
amplification). `tests/test_vader_fast.py` proves it: the result dicts compare equal (`==`,
exact floats, and their reprs too) with vaderSentiment's on every sentence of VADER's four
ground-truth files, the Davidson and HateCheck sets, the project's labelled posts, random
mixtures of the rule words, and hand-written cases for each rule.
`benchmarks/bench_vader_fast.py` measures the speed.
"""

from __future__ import annotations

import math
import re
import string
import threading
from functools import lru_cache

from vaderSentiment import vaderSentiment as _vs  # noqa: N813  (the module, kept short)

__all__ = ["FastVader", "get_fast_vader"]

_C_INCR = _vs.C_INCR
_N_SCALAR = _vs.N_SCALAR
_PUNCT = string.punctuation
_NEGATE = frozenset(_vs.NEGATE)
_BOOSTERS = dict(_vs.BOOSTER_DICT)
# Multi-word keys can only ever match VADER's space-joined n-grams. Tokens hold no whitespace
# (they come from str.split()), so comparing word tuples is the same test as comparing
# "a b" strings, without building the strings.
_SPECIAL_NGRAMS = {tuple(k.split(" ")): v for k, v in _vs.SPECIAL_CASES.items() if " " in k}
_BOOSTER_NGRAMS = {tuple(k.split(" ")): v for k, v in _vs.BOOSTER_DICT.items() if " " in k}
# every n-gram VADER builds around word i starts at one of words i-3 .. i: if none of those is
# the first word of a multi-word key, the idiom check cannot change anything
_NGRAM_FIRST_WORDS = frozenset(k[0] for k in (*_SPECIAL_NGRAMS, *_BOOSTER_NGRAMS))
_NGRAM_SECOND_WORDS = frozenset(k[1] for k in (*_SPECIAL_NGRAMS, *_BOOSTER_NGRAMS))
# Words that can change a lexicon word's valence from up to three places before it: the
# boosters, the negations (and any word with "n't"), "no", "never so/this", "without doubt",
# "least". A word with none of these in its window keeps its lexicon valence (and the caps
# rule); the idioms' first words join the set when the text could hold an idiom at all.
_CONTEXT_WORDS = frozenset(
    {*_NEGATE, *_BOOSTERS, "no", "never", "so", "this", "without", "doubt", "least"}
)
_CONTEXT_WORDS_IDIOMS = _CONTEXT_WORDS | _NGRAM_FIRST_WORDS
_EMPTY = {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
_NEUTRAL = {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": 0.0}
_LOCK = threading.Lock()


def _negated(word: str) -> bool:
    # vaderSentiment.negated() on a one-word list (lower() is idempotent, checked in the tests)
    return word in _NEGATE or "n't" in word


def _strip_punc_if_word(raw: str) -> str:
    # SentiText._strip_punc_if_word: a word loses its edge punctuation; an emoticon (two or
    # fewer characters left once stripped) keeps it
    stripped = raw.strip(_PUNCT)
    return raw if len(stripped) <= 2 else stripped


# Raw token -> _strip_punc_if_word(token). Words repeat (Zipf), so most tokens cost one
# C-level dict hit instead of a Python call; cleared past _TOKEN_CACHE_MAX to bound memory.
_TOKENS: dict[str, str] = {}
_TOKEN_CACHE_MAX = 50_000


def _tokens(raw_tokens: list[str]) -> list[str]:
    out: list[str | None] = list(map(_TOKENS.get, raw_tokens))
    if None in out:
        if len(_TOKENS) > _TOKEN_CACHE_MAX:
            _TOKENS.clear()
        for k, word in enumerate(out):
            if word is None:
                out[k] = _TOKENS[raw_tokens[k]] = _strip_punc_if_word(raw_tokens[k])
    return out  # type: ignore[return-value]  # no None is left


def _round(x: float, scale: float, digits: int) -> float:
    # round(x, digits) without the decimal-string round trip CPython makes (a third of the
    # scoring time). round() is the double nearest K / 10**digits, K the exact x * 10**digits
    # rounded half-even; x * scale errs by under 1e-12 here (|x| <= 1), so K is unambiguous
    # unless that product sits within 1e-6 of a half, where round() itself decides. K / scale
    # is IEEE-correctly rounded, so it is that nearest double.
    y = x * scale
    k = math.floor(y)
    frac = y - k
    if 0.499999 < frac < 0.500001:
        return round(x, digits)
    if frac > 0.5:
        k += 1
    if k == 0:
        # round() keeps the sign of a zero result
        return 0.0 if x > 0 else (x if x == 0 else -0.0)
    return k / scale


class FastVader:
    """VADER's `SentimentIntensityAnalyzer.polarity_scores`, bit for bit, several times faster.

    Built from an analyser (a fresh plain one by default) whose lexicon and emoji table it
    snapshots: pass `classifiers.sentiment.analyser()` to get the domain-tuned variant. Changes
    made to that analyser's lexicon afterwards are not seen; build a new FastVader instead.
    """

    def __init__(self, analyser: _vs.SentimentIntensityAnalyzer | None = None) -> None:
        sia = analyser if analyser is not None else _vs.SentimentIntensityAnalyzer()
        self.lexicon: dict[str, float] = dict(sia.lexicon)
        self.emojis: dict[str, str] = dict(sia.emojis)
        # VADER's emoji loop visits one character at a time, so only one-character keys can
        # ever match; none of VADER's is ASCII, so ASCII text skips the pass (unless a custom
        # table adds an ASCII one)
        singles = sorted(k for k in self.emojis if len(k) == 1)
        self._ascii_emoji = any(k.isascii() for k in singles)
        self._emoji_re = (
            re.compile("[" + "".join(re.escape(k) for k in singles) + "]") if singles else None
        )
        # VADER's "least" rule asks that "least" is not itself a lexicon word
        self._least_rule = "least" not in self.lexicon

    def _replace_emojis(self, text: str) -> str:
        # polarity_scores' first loop: each emoji becomes its description, preceded by a space
        # unless it opens the text or follows a plain " "; nothing is added after it
        if self._emoji_re is None:
            return text
        parts: list[str] = []
        pos = 0
        for m in self._emoji_re.finditer(text):
            at = m.start()
            parts.append(text[pos:at])
            if at > 0 and text[at - 1] != " ":
                parts.append(" ")
            parts.append(self.emojis[m.group()])
            pos = at + 1
        if not parts:
            return text
        parts.append(text[pos:])
        # VADER strips the result; no effect here: split() and the !/? counts ignore edge space
        return "".join(parts)

    def polarity_scores(self, text: str) -> dict[str, float]:
        """VADER's neg, neu, pos and compound for `text`: exactly what vaderSentiment returns."""
        if not text.isascii() or self._ascii_emoji:
            text = self._replace_emojis(text)
        if text.isascii():
            # ASCII lower() maps letters only, so it commutes with the punctuation strip: the
            # lower-cased words come straight from the lower-cased text
            low_text = text.lower()
            lows = _tokens(low_text.split())
            has_upper = low_text != text
            # a word with "n't" negates: if the text has none, no window needs looking at
            has_nt = "n't" in low_text
        else:
            lows = list(map(str.lower, _tokens(text.split())))
            has_upper = True
            has_nt = True
        n = len(lows)
        if not n:
            return dict(_EMPTY)
        vals = list(map(self.lexicon.get, lows))
        hits = [i for i, v in enumerate(vals) if v is not None]
        if not hits:
            # no lexicon word: every slot is VADER's int 0 whatever the other rules say
            return dict(_NEUTRAL)
        # The ALL-CAPS tests only need isupper(), and the punctuation strip removes ASCII
        # punctuation, which has no case: a raw token is upper exactly when its word is.
        cap_diff = False
        raw: list[str] = lows
        if has_upper:
            raw = text.split()
            caps = sum(map(str.isupper, raw))
            cap_diff = 0 < caps < n
        # an idiom or two-word booster needs its first and second word somewhere in the text
        idioms = not (_NGRAM_FIRST_WORDS.isdisjoint(lows) or _NGRAM_SECOND_WORDS.isdisjoint(lows))
        context = _CONTEXT_WORDS_IDIOMS if idioms else _CONTEXT_WORDS
        least_rule = self._least_rule
        sentiments: list[float] = [0] * n
        last = n - 1
        for i in hits:
            low = lows[i]
            if low in _BOOSTERS or (low == "kind" and i < last and lows[i + 1] == "of"):
                continue
            window = lows[i - 3 if i > 3 else 0 : i + 1]
            if context.isdisjoint(window) and not (has_nt and "n't" in " ".join(window)):
                # nothing within reach modifies this word: only the caps rule applies
                valence: float = vals[i]  # type: ignore[assignment]  # i is a hit
                if cap_diff and raw[i].isupper():
                    valence = valence + _C_INCR if valence > 0 else valence - _C_INCR
                sentiments[i] = valence
            else:
                sentiments[i] = _valence(i, raw, lows, vals, cap_diff, least_rule)
        if "but" in lows:
            _but_rule(sentiments, lows.index("but"))
        # only lexicon slots can be non-zero (the "but" rule rescales non-zero slots only)
        scored = [s for s in map(sentiments.__getitem__, hits) if s != 0]
        if not scored:
            return dict(_NEUTRAL)
        return _score(scored, n - len(scored), text)


def _valence(
    i: int,
    raw: list[str],
    lows: list[str],
    vals: list[float | None],
    cap_diff: bool,
    least_rule: bool,
) -> float:
    # SentimentIntensityAnalyzer.sentiment_valence for the lexicon word at i, rule for rule;
    # `raw` only answers isupper() (see polarity_scores)
    base = vals[i]
    assert base is not None
    low = lows[i]
    valence = base
    if low == "no" and i != len(lows) - 1 and vals[i + 1] is not None:
        valence = 0.0
    if (
        (i > 0 and lows[i - 1] == "no")
        or (i > 1 and lows[i - 2] == "no")
        or (i > 2 and lows[i - 3] == "no" and lows[i - 1] in ("or", "nor"))
    ):
        valence = base * _N_SCALAR
    if cap_diff and raw[i].isupper():
        if valence > 0:
            valence += _C_INCR
        else:
            valence -= _C_INCR
    boosters = _BOOSTERS
    # one word back (start_i == 0); a word found in the lexicon neither boosts nor negates
    if i > 0 and vals[i - 1] is None:
        prev = lows[i - 1]
        b = boosters.get(prev)
        if b is not None:
            s = -b if valence < 0 else b
            if cap_diff and raw[i - 1].isupper():
                s = s + _C_INCR if valence > 0 else s - _C_INCR
            valence = valence + s
        if _negated(prev):
            valence = valence * _N_SCALAR
    # two words back (start_i == 1)
    if i > 1 and vals[i - 2] is None:
        prev = lows[i - 2]
        b = boosters.get(prev)
        if b is not None:
            s = -b if valence < 0 else b
            if cap_diff and raw[i - 2].isupper():
                s = s + _C_INCR if valence > 0 else s - _C_INCR
            if s != 0:
                s = s * 0.95
            valence = valence + s
        one = lows[i - 1]
        if prev == "never" and (one == "so" or one == "this"):
            valence = valence * 1.25
        elif prev == "without" and one == "doubt":
            pass
        elif _negated(prev):
            valence = valence * _N_SCALAR
    # three words back (start_i == 2), then the idioms
    if i > 2 and vals[i - 3] is None:
        prev = lows[i - 3]
        b = boosters.get(prev)
        if b is not None:
            s = -b if valence < 0 else b
            if cap_diff and raw[i - 3].isupper():
                s = s + _C_INCR if valence > 0 else s - _C_INCR
            if s != 0:
                s = s * 0.9
            valence = valence + s
        two = lows[i - 2]
        one = lows[i - 1]
        # VADER's own precedence: (never and (so or this)) or (so or this)
        if (prev == "never" and (two == "so" or two == "this")) or (one == "so" or one == "this"):
            valence = valence * 1.25
        elif prev == "without" and (two == "doubt" or one == "doubt"):
            pass
        elif _negated(prev):
            valence = valence * _N_SCALAR
        first = _NGRAM_FIRST_WORDS
        if low in first or one in first or two in first or prev in first:
            valence = _idioms(valence, lows, i)
    # _least_check
    if least_rule and i > 0 and lows[i - 1] == "least":
        if i > 1:
            if lows[i - 2] != "at" and lows[i - 2] != "very":
                valence = valence * _N_SCALAR
        else:
            valence = valence * _N_SCALAR
    return valence


def _idioms(valence: float, lows: list[str], i: int) -> float:
    # SentimentIntensityAnalyzer._special_idioms_check, on word tuples instead of joined strings
    l0, l1, l2, l3 = lows[i], lows[i - 1], lows[i - 2], lows[i - 3]
    special = _SPECIAL_NGRAMS
    for seq in ((l1, l0), (l2, l1, l0), (l2, l1), (l3, l2, l1), (l3, l2)):
        hit = special.get(seq)
        if hit is not None:
            valence = hit
            break
    n = len(lows)
    if n - 1 > i:
        hit = special.get((l0, lows[i + 1]))
        if hit is not None:
            valence = hit
    if n - 1 > i + 1:
        hit = special.get((l0, lows[i + 1], lows[i + 2]))
        if hit is not None:
            valence = hit
    for gram in ((l3, l2, l1), (l3, l2), (l2, l1)):
        b = _BOOSTER_NGRAMS.get(gram)
        if b is not None:
            valence = valence + b
    return valence


def _but_rule(sentiments: list[float], bi: int) -> None:
    # SentimentIntensityAnalyzer._but_check, quirk kept: each value is looked up with
    # list.index, so a value equal to an earlier one scales that earlier slot instead (and
    # can scale it twice). Zeros are skipped: their first equal slot is a zero and stays one,
    # and the sign of a zero cannot reach the scores.
    for k in range(len(sentiments)):
        value = sentiments[k]
        if value == 0:
            continue
        si = sentiments.index(value)
        if si < bi:
            sentiments[si] = value * 0.5
        elif si > bi:
            sentiments[si] = value * 1.5


def _score(scored: list[float], neu_count: int, text: str) -> dict[str, float]:
    # SentimentIntensityAnalyzer.score_valence and _punctuation_emphasis. `scored` holds the
    # non-zero sentiments in order, `neu_count` counts the zeros. Summing without the zeros
    # gives the same float: adding 0 to a partial sum changes nothing (a sum that starts at
    # int 0 is never -0.0).
    sum_s = float(sum(scored))
    punct: float = 0.0
    if "!" in text or "?" in text:
        ep_count = text.count("!")
        if ep_count > 4:
            ep_count = 4
        qm_count = text.count("?")
        qm_amplifier: float = 0
        if qm_count > 1:
            qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
        punct = ep_count * 0.292 + qm_amplifier
    if sum_s > 0:
        sum_s += punct
    elif sum_s < 0:
        sum_s -= punct
    compound = sum_s / math.sqrt((sum_s * sum_s) + 15)
    if compound < -1.0:
        compound = -1.0
    elif compound > 1.0:
        compound = 1.0
    pos_sum = 0.0
    neg_sum = 0.0
    for s in scored:
        if s > 0:
            pos_sum += float(s) + 1
        else:
            neg_sum += float(s) - 1
    if pos_sum > math.fabs(neg_sum):
        pos_sum += punct
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= punct
    total = pos_sum + math.fabs(neg_sum) + neu_count
    return {
        "neg": _round(math.fabs(neg_sum / total), 1000.0, 3),
        "neu": _round(math.fabs(neu_count / total), 1000.0, 3),
        "pos": _round(math.fabs(pos_sum / total), 1000.0, 3),
        "compound": _round(compound, 10000.0, 4),
    }


@lru_cache(maxsize=1)
def get_fast_vader() -> FastVader:
    """The process's FastVader over plain VADER's lexicon (built once: it reads two files)."""
    with _LOCK:
        return FastVader()
