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
from itertools import chain
from typing import Protocol

from classifiers.model import (
    LinearModel,
    features,
    hashed_id,
    ids_of,
    load,
    shared_tokens,
    tokens,
)

DEFAULT_THRESHOLD = 0.5  # used only when a model file carries no threshold of its own
# Words of practice names that are wording too ("the surgery", "Dr", "medical"): training keeps
# them when it leaves names out (scripts/train_model.py name_words), and so does scoring.
KEPT_NAME_WORDS = frozenset(
    {"the", "surgery", "practice", "medical", "centre", "gp", "dr", "nurse"}
)
_RULE_BUCKETS = (0.15, 0.3, 0.5)


# Scoring needs no ids at all: each model keeps a token -> weight cache, so a post costs one
# dict lookup per token per model, made in C by `map` (no Python loop, no hashing of a token
# seen before). The threat and abuse scorers read the same normalised text one after the other:
# the last text's tokens and their set (for the shape cues) are kept for the second, in one
# tuple replaced whole, so a reader never sees one text's tokens with another's set.
_last_tokens: tuple[str, list[str], frozenset[str]] = ("", [], frozenset())
_CACHE_MAX = 300_000  # tokens per model; words repeat, word pairs grow without end
_FOUND_MAX = 16_384  # cue-word sets per model (1,200-1,500 over 15,000 labelled and shared posts)


def tokens_and_set(s: str) -> tuple[list[str], frozenset[str]]:
    """The model tokens of normalised text `s` and their set, shared by every scorer that reads
    the same text in turn (the last text's are kept)."""
    global _last_tokens
    last = _last_tokens
    if last[0] == s:
        return last[1], last[2]
    toks = shared_tokens(s)  # most often those the sentiment model just read
    present = frozenset(toks)
    _last_tokens = (s, toks, present)
    return toks, present


# A word's character n-grams: "<word>" cut into n-letter pieces, each marked with "#" so that it
# never meets a word or a word pair as a token. They let the threat scorer read spellings and
# forms its training never saw ("battr", "watchin", "wen") through the pieces they share with
# ones it did. Kept per word (words repeat): a post costs one dict lookup per word.
_GRAMS: dict[tuple[str, int], tuple[str, ...]] = {}
_GRAMS_MAX = 200_000


def _grams_of(word: str, n: int) -> tuple[str, ...]:
    padded = f"<{word}>"
    grams = tuple(["#" + padded[i : i + n] for i in range(len(padded) - n + 1)])
    if len(_GRAMS) >= _GRAMS_MAX:
        _GRAMS.clear()
    _GRAMS[word, n] = grams
    return grams


def char_grams(words: Sequence[str], n: int) -> list[str]:
    """The character n-grams of `words` (those of at least 3 letters), word by word in order;
    none when `n` is 0."""
    if not n:
        return []
    get = _GRAMS.get
    out: list[str] = []
    for w in words:
        if len(w) >= 3:
            grams = get((w, n))
            out.extend(grams if grams is not None else _grams_of(w, n))
    return out


class _TokenWeights(dict[str, float]):
    """token -> one model's weight for its hashed feature, 0.0 when the model has none.

    0.0 in place of a missing weight leaves every sum bit for bit as it was: a running float
    sum that starts at 0 is never -0.0, and x + 0.0 is x for every other x."""

    __slots__ = ("weights",)

    def __init__(self, weights: dict[int, tuple[float, ...]]) -> None:
        super().__init__()
        self.weights = weights

    def __missing__(self, token: str) -> float:
        if len(self) >= _CACHE_MAX:
            self.clear()
        # feature_id's hash, without filling its id cache with tokens this cache now holds
        w = self.weights.get(hashed_id(token))
        value = self[token] = w[0] if w is not None else 0.0
        return value


class _GramWeights(dict[str, tuple[float, ...]]):
    """word -> the weights of its character n-grams (`char_grams` of the word alone), in order:
    a post costs one lookup per word instead of one per n-gram, and no list of n-grams."""

    __slots__ = ("n", "tokens")

    def __init__(self, tokens: _TokenWeights, n: int) -> None:
        super().__init__()
        self.tokens = tokens
        self.n = n

    def __missing__(self, word: str) -> tuple[float, ...]:
        if len(self) >= _GRAMS_MAX:
            self.clear()
        value = self[word] = tuple(map(self.tokens.__getitem__, char_grams([word], self.n)))
        return value


class _Weights:
    """One model's weights as a scorer reads them: per token, per word's n-grams, per rule
    bucket, per shape cue."""

    __slots__ = ("buckets", "cues", "found", "grams", "labels", "model", "tokens")

    def __init__(self, scorer: HitScorer, model: LinearModel) -> None:
        def weight(fid: int) -> float:
            w = model.weights.get(fid)
            return w[0] if w is not None else 0.0

        self.model = model
        self.tokens = _TokenWeights(model.weights)
        self.grams = _GramWeights(self.tokens, scorer.char_grams)
        self.buckets = [(b, weight(i)) for b, i in scorer._bucket_ids]
        self.cues = [weight(i) for _, _, i in scorer._cue_ids]
        self.labels: dict[str, float] = {}
        self.found: dict[frozenset[str], list[float]] = {}  # see cue_weights

    def cue_weights(self, scorer: HitScorer, found: frozenset[str]) -> list[float]:
        """The weights of the cues that the cue words `found` in a post switch on, in cue
        order. Kept per set of words: few sets occur, and a post's cost is then one lookup."""
        weights = self.found.get(found)
        if weights is None:
            if len(self.found) >= _FOUND_MAX:
                self.found.clear()
            on = set().union(*map(scorer._cue_of.__getitem__, found))
            weights = self.found[found] = [wc for i, wc in enumerate(self.cues) if i in on]
        return weights

    def label(self, label: str) -> float:
        w = self.labels.get(label)
        if w is None:
            fid = ids_of([f"__rulelab:{label}"])[0]
            w = self.labels[label] = (self.model.weights.get(fid) or (0.0,))[0]
        return w


class RuleHit(Protocol):
    """What a scorer reads of a rule hit (flags._Hit has these fields)."""

    @property
    def score(self) -> float: ...
    @property
    def label(self) -> str: ...


class HitScorer:
    """One learned scorer: its model file's name and the shape cues it reads."""

    def __init__(self, name: str, cues: Mapping[str, frozenset[str]], char_grams: int = 0) -> None:
        self.name = name
        self.cues = dict(cues)
        self.char_grams = char_grams  # n of the words' character n-grams it reads (0: none)
        self._override: list[LinearModel | None] = []
        self._cue_ids = [(n, self.cues[n], ids_of([f"__shape:{n}"])[0]) for n in sorted(self.cues)]
        self._bucket_ids = list(
            zip(_RULE_BUCKETS, ids_of([f"__rule>={b}" for b in _RULE_BUCKETS]), strict=True)
        )
        self._label_ids: dict[str, int] = {}
        self._weights: dict[int, _Weights] = {}  # id(model) -> its weights (the model kept)
        cue_of: dict[str, set[int]] = {}  # cue word -> the indexes in _cue_ids of its cues
        for i, (_, cue, _) in enumerate(self._cue_ids):
            for word in cue:
                cue_of.setdefault(word, set()).add(i)
        self._cue_of = {k: frozenset(v) for k, v in cue_of.items()}
        self._cue_words = frozenset(cue_of)

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
        grams = char_grams([t for t in words if " " not in t], self.char_grams)
        return words + grams + self.shape_tokens(toks, rule_hits)

    def text_tokens(self, toks: list[str], names: frozenset[str] = frozenset()) -> list[str]:
        """The model tokens `toks` of a text, and the character n-grams of its words but `names`
        when this scorer reads them: what scoring sums, before the shape pseudo-words."""
        if not self.char_grams:
            return toks
        words = [t for t in toks if " " not in t and t not in names]
        return toks + char_grams(words, self.char_grams)

    def feature_ids(
        self, s: str, rule_hits: Sequence[RuleHit], names: frozenset[str] = frozenset()
    ) -> list[int]:
        """The hashed feature ids of normalised text `s` as scoring sees them (`names`: the
        words of the practice and staff names the post is read for, see `decision`)."""
        toks = tokens_and_set(s)[0]
        return ids_of(self.text_tokens(toks, names)) + self._shape_ids(toks, rule_hits)

    def _shape_ids(self, toks: Sequence[str], rule_hits: Sequence[RuleHit]) -> list[int]:
        # the ids of `shape_tokens`, in its (sorted) order so the sums come out bit for bit the
        # same, without building, sorting and hashing the strings: "__rule>=" sorts before
        # "__rulelab:", which sorts before "__shape:"
        best = max((h.score for h in rule_hits), default=0.0)
        out = [i for b, i in self._bucket_ids if best >= b]
        labels = {h.label for h in rule_hits if h.score >= 0.15}
        for label in sorted(labels):
            fid = self._label_ids.get(label)
            if fid is None:
                fid = self._label_ids[label] = ids_of([f"__rulelab:{label}"])[0]
            out.append(fid)
        present = set(toks)
        out += [i for n, cue, i in self._cue_ids if not cue.isdisjoint(present)]
        return out

    def probability(
        self,
        model: LinearModel,
        s: str,
        rule_hits: Sequence[RuleHit] = (),
        names: frozenset[str] = frozenset(),
    ) -> float:
        """P(label) of normalised text `s`, given the rules' hits in it."""
        z = self.decision(model, s, rule_hits, names)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def decision(
        self,
        model: LinearModel,
        s: str,
        rule_hits: Sequence[RuleHit] = (),
        names: frozenset[str] = frozenset(),
    ) -> float:
        """The raw score of normalised text `s`: the model's bias plus the weights of
        `feature_ids(s, rule_hits, names)` summed in their order (the same float, bit for bit).

        `names` are the words of the practice and staff names the post is read for. Training
        leaves names out (scripts/train_model.py), so their words carry no weight; their
        character n-grams would, borrowed from other words ("lisa" shares "#<lis" with
        "listen"), so a scorer that reads n-grams reads none of theirs."""
        w = self._weights.get(id(model))
        if w is None or w.model is not model:
            if len(self._weights) >= 8:  # the leave-one-file-out evaluation trains many
                self._weights.clear()
            w = self._weights[id(model)] = _Weights(self, model)
        toks, present = tokens_and_set(s)
        shape = self._shape_weights(w, present, rule_hits)
        if not self.char_grams:
            return model.bias[0] + sum(chain(map(w.tokens.__getitem__, toks), shape))
        # the weights of text_tokens(toks, names) in its order: the tokens', then each word's
        # n-grams' (words are the tokens without a space: the word pairs have one)
        words = [t for t in toks if " " not in t and t not in names]
        grams = chain.from_iterable(map(w.grams.__getitem__, words))
        return model.bias[0] + sum(chain(map(w.tokens.__getitem__, toks), grams, shape))

    def _shape_weights(
        self, w: _Weights, present: frozenset[str], rule_hits: Sequence[RuleHit]
    ) -> list[float]:
        # the weights of `_shape_ids`, in its order
        out: list[float] = []
        if rule_hits:
            best = max(h.score for h in rule_hits)
            out += [wb for b, wb in w.buckets if best >= b]
            out += [w.label(x) for x in sorted({h.label for h in rule_hits if h.score >= 0.15})]
        # which cues the post has: one set intersection with all cue words, not one per cue
        found = present & self._cue_words
        if found:
            out += w.cue_weights(self, found)
        return out

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
