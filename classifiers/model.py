"""Small linear text models shipped with the package: hashed word n-grams, pure-Python scoring.

Trained by `scripts/train_model.py` (scikit-learn, reproducible: fixed split and seed) and stored
as gzipped JSON in `classifiers/models/`; see classifiers/MODEL_CARD.md for data, metrics and
limits. Scoring needs no numpy or scikit-learn: a post's features are its lower-cased words and
word pairs, hashed (CRC-32) into a fixed space, and a score is a sum of the stored weights, so a
model costs a few microseconds a post on one core and runs offline.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import zlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise

N_FEATURES = 1 << 18
# Character n-grams (tokens that start with "#", see classifiers/learned_hits.py) hash into a
# space of their own above the words', so a gram never shares a weight with a word or a pair.
GRAM_MARK = "#"


def hashed_id(token: str) -> int:
    """The feature id of one token: CRC-32 into the words' space, or the grams' above it."""
    fid = zlib.crc32(token.encode()) & (N_FEATURES - 1)
    return fid + N_FEATURES if token[:1] == GRAM_MARK else fid


_WORD = re.compile(r"[a-z0-9']+|[!?]")


_IDS: dict[str, int] = {}  # word or pair -> feature id; words repeat, hashing them does not
_IDS_MAX = 500_000


def _id(token: str) -> int:
    fid = _IDS.get(token)
    if fid is None:
        if len(_IDS) >= _IDS_MAX:
            _IDS.clear()
        fid = _IDS[token] = hashed_id(token)
    return fid


def tokens(text: str) -> list[str]:
    """The words of `text` and its adjacent word pairs, as `features` hashes them (training uses
    this to leave tokens out, such as practice and staff names)."""
    words = _WORD.findall(text.lower())
    return words + list(map(" ".join, pairwise(words)))  # "a b" for each pair, built in C


_last_tokens: tuple[str, list[str]] = ("", [])  # the last text read, lower-cased, and its tokens


def shared_tokens(text: str) -> list[str]:
    """`tokens(text)`, kept for the last text (by its lower-cased form, in one tuple replaced
    whole). The sentiment model and then the learned flag scorers read the same post (the
    scorers its normalised text: for most posts the same lower-cased words), so it is tokenised
    once. The list is shared: callers must not change it."""
    global _last_tokens
    low = text.lower()
    last = _last_tokens
    if last[0] == low:
        return last[1]
    words = _WORD.findall(low)
    toks = words + list(map(" ".join, pairwise(words)))
    _last_tokens = (low, toks)
    return toks


def feature_id(token: str) -> int:
    """The hashed feature id of one token of `tokens`."""
    return _id(token)


def ids_of(toks: list[str]) -> list[int]:
    """The hashed feature ids of tokens from `tokens` (what `feature_id` gives, one call)."""
    get = _IDS.get
    return [f if (f := get(t)) is not None else _id(t) for t in toks]


def features(text: str) -> list[int]:
    """The hashed feature ids of `text`: words and adjacent word pairs (duplicates kept)."""
    get = _IDS.get
    return [f if (f := get(t)) is not None else _id(t) for t in tokens(text)]


@dataclass(frozen=True)
class LinearModel:
    """A one-vs-rest (or binary) logistic model over hashed features."""

    name: str
    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[int, tuple[float, ...]]  # feature id -> one weight per class (or one)
    meta: dict[str, object]

    def decision(self, text: str) -> list[float]:
        """Raw scores, one per class (binary: one score for the positive class)."""
        # one dict lookup per token (its weights, cached: no hashing of a token seen before),
        # then the columns summed in C (zip and sum, no Python loop)
        # (a row is a non-empty tuple: `filter(None, ...)` drops exactly the Nones, in C)
        rows = list(filter(None, map(_rows_of(self).__getitem__, shared_tokens(text))))
        if not rows:
            return list(self.bias)
        return [b + s for b, s in zip(self.bias, map(sum, zip(*rows, strict=True)), strict=True)]

    def proba(self, text: str) -> dict[str, float]:
        """Class probabilities: a sigmoid for a binary model, a softmax otherwise."""
        z = self.decision(text)
        if len(self.classes) == 2 and len(z) == 1:
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z[0]))))
            return {self.classes[0]: 1.0 - p, self.classes[1]: p}
        top = max(z)
        exps = [math.exp(v - top) for v in z]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "classes": list(self.classes),
            "bias": list(self.bias),
            "weights": {str(k): list(v) for k, v in self.weights.items()},
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> LinearModel:
        weights = data["weights"]
        assert isinstance(weights, dict)
        return cls(
            name=str(data["name"]),
            classes=tuple(data["classes"]),  # type: ignore[arg-type]
            bias=tuple(float(b) for b in data["bias"]),  # type: ignore[attr-defined]
            weights={int(k): tuple(float(x) for x in v) for k, v in weights.items()},
            meta=dict(data.get("meta") or {}),  # type: ignore[call-overload]
        )


class _TokenRows(dict[str, tuple[float, ...] | None]):
    """token -> a model's weights for its hashed feature (None: it has none), filled on demand;
    the same rows, in the same order, as looking up `features(text)`."""

    __slots__ = ("weights",)

    def __init__(self, weights: dict[int, tuple[float, ...]]) -> None:
        super().__init__()
        self.weights = weights

    def __missing__(self, token: str) -> tuple[float, ...] | None:
        if len(self) >= _IDS_MAX:
            self.clear()
        row = self[token] = self.weights.get(_id(token))
        return row


_ROWS: dict[int, tuple[LinearModel, _TokenRows]] = {}  # id(model) -> (model kept, its cache)


def token_rows(model: LinearModel) -> dict[str, tuple[float, ...] | None]:
    """token -> `model`'s weights for its hashed feature (None: it has none), cached per model:
    what scoring code looks tokens up in. Read only."""
    return _rows_of(model)


def _rows_of(model: LinearModel) -> _TokenRows:
    entry = _ROWS.get(id(model))
    if entry is None or entry[0] is not model:
        if len(_ROWS) >= 8:  # models trained in a loop (evaluation) come and go
            _ROWS.clear()
        entry = _ROWS[id(model)] = (model, _TokenRows(model.weights))
    return entry[1]


def save(model: LinearModel, path: str) -> None:
    """Write a model as gzipped JSON (mtime 0, so the same model gives the same bytes)."""
    raw = json.dumps(model.to_json(), sort_keys=True, separators=(",", ":")).encode()
    with open(path, "wb") as fh:
        fh.write(gzip.compress(raw, mtime=0))


@cache
def load(name: str) -> LinearModel | None:
    """The shipped model `classifiers/models/<name>.json.gz`, or None when it is not shipped."""
    res = resources.files("classifiers").joinpath(f"models/{name}.json.gz")
    if not res.is_file():
        return None
    return LinearModel.from_json(json.loads(gzip.decompress(res.read_bytes())))


def offensive_score(text: str) -> float | None:
    """P(offensive or hateful language) from the shipped `offensive` model; None if absent."""
    model = load("offensive")
    return None if model is None else model.proba(text)[model.classes[-1]]
