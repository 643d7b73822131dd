"""Readers for the labelled sets that `gpwatch eval` and `scripts/train_model.py` use.

The shared sets live in `../shared/data/eval/` beside the checkout (or wherever
GPWATCH_SHARED_DATA points) and are read from there, never copied into the project. Each reader
raises DatasetMissing with a one-line reason when its files are absent.
"""

from __future__ import annotations

import csv
import json
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_SPLIT = ROOT / "tests" / "data" / "domain_examples.jsonl"
DEV_EXTRA = ROOT / "tests" / "data" / "domain_dev_extra.jsonl"
FROZEN_SPLIT = ROOT / "tests" / "data" / "domain_frozen.jsonl"
SHARED_ENV = "GPWATCH_SHARED_DATA"


class DatasetMissing(Exception):
    """A labelled set is not on this machine."""


def shared_eval_dir() -> Path:
    """Where the shared labelled sets are: $GPWATCH_SHARED_DATA/eval or ../shared/data/eval."""
    env = os.environ.get(SHARED_ENV)
    base = Path(env) if env else ROOT.parent / "shared" / "data"
    return base / "eval"


def _need(path: Path, what: str) -> Path:
    if not path.is_file():
        raise DatasetMissing(f"{what} is not here ({path}); set {SHARED_ENV} to the shared data")
    return path


def load_jsonl(path: Path) -> list[dict]:
    """Labelled domain examples, one JSON object a line (see tests/data/README.md)."""
    if not path.is_file():
        raise DatasetMissing(f"no labelled file at {path}")
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise DatasetMissing(f"{path}:{n} is not JSON ({exc.msg})") from None
    return out


def in_test_split(key: str, folds: int = 5) -> bool:
    """The fixed held-out fold (one in `folds`) by a stable hash of the row's key."""
    return zlib.crc32(key.encode()) % folds == 0


@dataclass(frozen=True, slots=True)
class Labelled:
    key: str
    text: str
    label: str


def davidson() -> list[Labelled]:
    """Davidson et al. tweets: label `offensive` (hate speech or offensive) or `neither`."""
    path = _need(shared_eval_dir() / "davidson-offensive" / "labeled_data.csv", "Davidson data")
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Labelled(
                row[""] if "" in row else row["Unnamed: 0"],
                row["tweet"],
                "neither" if row["class"] == "2" else "offensive",
            )
            for row in csv.DictReader(fh)
        ]


@dataclass(frozen=True, slots=True)
class Rated:
    key: str
    text: str
    valence: float  # mean human valence, -4 .. 4


def vader_tweets() -> list[Rated]:
    """VADER's human-rated tweets (Hutto & Gilbert 2014): id, mean valence, text."""
    path = _need(
        shared_eval_dir() / "vader-ground-truth" / "tweets_GroundTruth.txt", "VADER ground truth"
    )
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("\t", 2)
        if len(parts) == 3:
            try:
                out.append(Rated(parts[0], parts[2], float(parts[1])))
            except ValueError:
                continue
    return out


@dataclass(frozen=True, slots=True)
class Case:
    functionality: str
    text: str
    hateful: bool


def hatecheck() -> list[Case]:
    """HateCheck functional tests: functionality, test case, gold label."""
    path = _need(shared_eval_dir() / "hatecheck" / "test_suite_cases.csv", "HateCheck")
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Case(row["functionality"], row["test_case"], row["label_gold"] == "hateful")
            for row in csv.DictReader(fh)
        ]


def nhs_feedback() -> Iterator[Labelled]:
    """NHS patient-experience comments with a human sentiment: positive, neutral, negative.

    `v6framework_230831.csv` rates 1 (very positive) .. 5 (very negative);
    `phase_1_text_data.csv` has a criticality from -5 to +5 (junk values are skipped).
    """
    base = shared_eval_dir() / "nhs-patient-feedback"
    v6 = _need(base / "v6framework_230831.csv", "NHS patient feedback")
    with v6.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text, s = (row.get("FFT answer") or "").strip(), row.get("Comment sentiment") or ""
            if not text or not s:
                continue
            rating = int(float(s))
            label = "positive" if rating <= 2 else "neutral" if rating == 3 else "negative"
            yield Labelled(f"v6-{row['Comment ID']}", text, label)
    p1 = base / "phase_1_text_data.csv"
    if p1.is_file():
        with p1.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                text = (row.get("feedback") or "").strip()
                try:
                    crit = int(row.get("criticality") or "")
                except ValueError:
                    continue
                if not text or not -5 <= crit <= 5:
                    continue
                label = "positive" if crit > 0 else "neutral" if crit == 0 else "negative"
                yield Labelled(f"p1-{row['row_index']}", text, label)


def gp_friends_and_family() -> list[Labelled]:
    """London GP Friends and Family answers with free text, labelled by the patient's own rating."""
    path = _need(shared_eval_dir() / "gp-friends-and-family" / "data.csv", "GP FFT data")
    likely = {
        "extremely likely": "positive",
        "likely": "positive",
        "very good": "positive",
        "good": "positive",
        "neither likely nor unlikely": "neutral",
        "neither good nor poor": "neutral",
        "unlikely": "negative",
        "extremely unlikely": "negative",
        "poor": "negative",
        "very poor": "negative",
    }
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh)):
            text = (row.get("free_text") or "").strip()
            label = likely.get((row.get("rating") or "").strip().lower())
            if text and label:
                out.append(Labelled(f"fft-{n}", text, label))
    return out
