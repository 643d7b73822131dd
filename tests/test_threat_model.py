"""The learned threat scorer: the shipped model, how flags.py combines it with the rules, and
that its training data never includes the frozen split. Every text here is written for this test
and is in no data file."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from classifiers import eval_data, threat_model
from classifiers.flags import detect_flags, threat_rule_view
from tests.conftest import shared_path
from tests.support.train_script import train_module

ROOT = Path(__file__).resolve().parent.parent
STAFF = ["Jade Wilson", "Dr Tom Okafor", "Karen Holt"]

CLEAR_THREATS = [
    "Tell that receptionist to enjoy her walk to the bus stop while she still can.",
    "Keep ignoring me and see what happens to your nice little car, Karen.",
    "Dr Patel should watch her back. I know what time she finishes on Thursdays.",
    "Karen Holt had better enjoy Christmas, it might be her last one in that job or anywhere.",
]
HARD_NEGATIVES = [
    "The receptionist was lovely and sorted my repeat prescription in five minutes.",
    "Waited forty minutes on hold this morning, absolutely killing me this queue.",
    "My son is dying to see the new nurse about his asthma review",
    "The local paper says a man was jailed for threatening a receptionist at a Leeds surgery.",
    "Cant wait to get my flu jab, the nurses there are brilliant",
]
# veiled, with no phrase the rules know: only the model finds it
MODEL_ONLY = (
    "Riverside lot, sort my meds by Friday. After that I stop asking nicely and start visiting."
)


def _p(text: str) -> float:
    model = threat_model.current()
    assert model is not None
    return threat_model.probability(model, *threat_rule_view(text))


def test_shipped_model_loads_with_its_threshold() -> None:
    model = threat_model.current()
    assert model is not None, "classifiers/models/threat.json.gz is not shipped"
    assert model.name == "threat"
    assert 0.0 < threat_model.threshold(model) < 1.0
    assert "domain_frozen.jsonl" not in model.meta["files"]  # type: ignore[operator]


@pytest.mark.parametrize("text", CLEAR_THREATS)
def test_clear_threats_score_high(text: str) -> None:
    assert _p(text) >= 0.9
    assert detect_flags(text, STAFF).flags["threat"]


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negatives_score_low(text: str) -> None:
    assert _p(text) < 0.1
    assert not detect_flags(text, STAFF).flags["threat"]


def test_model_catches_what_the_rules_miss(threat_rules_only: None) -> None:
    assert not detect_flags(MODEL_ONLY, STAFF).flags["threat"]
    threat_model.reset()
    result = detect_flags(MODEL_ONLY, STAFF)
    assert result.flags["threat"]
    # the span shown is a sentence of the post
    (a, b, _), *_ = result.spans["threat"]
    assert MODEL_ONLY[a:b] in {s.strip() for s in MODEL_ONLY.split(".")}


def test_model_hit_is_linked_to_the_staff_member_it_names(threat_rules_only: None) -> None:
    text = "Jade Wilson, sort my meds by Friday. After that I stop asking nicely and start visiting"
    assert not detect_flags(text, STAFF).flags["threat"]
    threat_model.reset()
    result = detect_flags(text, STAFF)
    assert result.flags["threat"] and result.flags["staff_targeted"]
    assert "Jade Wilson" in result.staff_names


def test_quoted_and_condemned_threat_is_discounted() -> None:
    said = "After that I stop asking nicely and start visiting"
    assert detect_flags(f"{said}. Riverside lot, sort my meds by Friday.", STAFF).flags["threat"]
    reported = f'A man posted "{said}" about Riverside staff and the police have charged him.'
    assert not detect_flags(reported, STAFF).flags["threat"]


def test_training_loader_never_reads_the_frozen_split(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("sklearn")
    train = train_module()
    read: list[Path] = []
    real = eval_data.load_jsonl

    def spy(path: Path) -> list[dict]:
        read.append(Path(path))
        return real(path)

    monkeypatch.setattr(eval_data, "load_jsonl", spy)
    rows = train.label_rows(train.LEARNED["threat"], hatecheck=False, patients=0)  # type: ignore[attr-defined]
    assert rows and any(r.positive for r in rows)
    names = {p.name for p in read}
    assert eval_data.FROZEN_SPLIT.name not in names
    assert names == set(train.THREAT_FILES)  # type: ignore[attr-defined]
    # and a list that names it is refused outright
    spec = train.LEARNED["threat"]  # type: ignore[attr-defined]
    bad = dataclasses.replace(spec, files=(*spec.files, "domain_frozen.jsonl"))
    monkeypatch.setitem(train.LEARNED, "threat", bad)  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="held-out"):
        train.label_rows(train.LEARNED["threat"], hatecheck=False, patients=0)  # type: ignore[attr-defined]
    assert eval_data.FROZEN_SPLIT.name not in {p.name for p in read}


def test_patient_comments_train_on_one_half_and_measure_on_the_other() -> None:
    """Real patient comments are threat-free training negatives from one half (by id); the false
    alarm rate is measured on the other half, so the two must never share a comment."""
    pytest.importorskip("sklearn")
    shared_path("eval", "nhs-patient-feedback")
    train = train_module()
    train_half = train.patient_comments(0)  # type: ignore[attr-defined]
    held_out = train.patient_comments(1)  # type: ignore[attr-defined]
    assert train_half and held_out and not any(r.positive for r in train_half)
    assert not {r.key for r in train_half} & {r.key for r in held_out}
    rows = train.label_rows(train.LEARNED["threat"], hatecheck=False, patients=200)  # type: ignore[attr-defined]
    used = {r.key for r in rows if r.file == "patient_comments"}
    assert len(used) == 200 and used <= {r.key for r in train_half}


@pytest.mark.parametrize(
    "text",
    [
        "I know which car is yours, Karen. Last warning.",
        "Jade on reception is a thick cow and she knows it",
        "Lovely afternoon in Leeds",
        "",
    ],
)
def test_scoring_ids_are_the_training_tokens_ids(text: str) -> None:
    """Scoring builds the shape ids without strings (for speed); they must be exactly the ids of
    the pseudo-words training hashes, in the same order, or the shipped weights would not fit."""
    from classifiers import abuse_model
    from classifiers.flags import abuse_rule_view
    from classifiers.model import ids_of

    for scorer, view in (
        (threat_model.SCORER, threat_rule_view),
        (abuse_model.SCORER, abuse_rule_view),
    ):
        s, hits = view(text)
        assert scorer.feature_ids(s, hits) == ids_of(scorer.train_tokens(s, hits, frozenset()))


def test_the_threat_scorer_reads_character_grams_of_words_but_names() -> None:
    """The threat scorer reads the words' character 5-grams ("watchin" shares "#watch" with
    "watch"), but none of a practice's or its staff's names: training leaves names out, and
    their n-grams would borrow the weights of other words'."""
    from classifiers.learned_hits import char_grams

    assert char_grams(["watchin", "u", "ok"], 5) == [
        "#<watc",
        "#watch",
        "#atchi",
        "#tchin",
        "#chin>",
    ]
    s, hits = threat_rule_view("Lisa wants to watch herself")
    plain = threat_model.SCORER.feature_ids(s, hits)
    named = threat_model.SCORER.feature_ids(s, hits, frozenset({"lisa"}))
    assert len(plain) - len(named) == len(char_grams(["lisa"], 5))


# Every labelled file in tests/data trains every learned scorer, but the frozen split, the
# held-out probes, and the two abuse probes that only the abuse and safeguarding scorers read.
# Each probe was measured on the models before they trained on it (tests/data/README.md).
NOT_FOR_EVERY_SCORER = (
    "domain_frozen",
    "holdout_probe_",
    "abuse_probe_2",
    "abuse_probe_3",
    # the nineteenth round, which every scorer but the threat scorer reads (train_model.py)
    "threat_probe_30",
    "safeguarding_probe_8",
    "sentiment_probe_16",
)


def test_the_nineteenth_round_is_read_by_every_scorer_but_the_threat_scorer() -> None:
    pytest.importorskip("sklearn")
    train = train_module()
    for name, spec in train.LEARNED.items():  # type: ignore[attr-defined]
        read = set(train.ROUND_19) <= set(spec.files)  # type: ignore[attr-defined]
        assert read == (name != "threat"), name
    assert set(train.ROUND_19) <= set(train.REPLY_FILES)  # type: ignore[attr-defined]


def test_every_labelled_probe_is_training_data_for_every_scorer() -> None:
    """A probe left out of a scorer's file list by mistake would silently shrink its data."""
    pytest.importorskip("sklearn")
    train = train_module()
    probes = {
        p.name
        for p in eval_data.DEV_SPLIT.parent.glob("*.jsonl")
        if not p.name.startswith(NOT_FOR_EVERY_SCORER)
    }
    assert {"threat_probe_19.jsonl", "sentiment_probe_5.jsonl"} <= probes  # the glob works
    for spec in train.LEARNED.values():  # type: ignore[attr-defined]
        assert probes <= set(spec.files), sorted(probes - set(spec.files))
        assert eval_data.FROZEN_SPLIT.name not in spec.files
        assert not any(n.startswith("holdout_probe_") for n in spec.files)


@pytest.mark.parametrize(
    ("name", "label", "precision", "recall"),
    [
        # in-sample now, so these guard against a regression, not a measure of fresh wording
        # (that is the leave-one-file-out table of scripts/eval_learned_hits.py); measured
        # threat 0.967 / 0.983, 0.966 / 0.950 (abuse 1.000 / 0.971), 0.975 / 0.988, 0.951 / 0.975
        ("threat_probe_7.jsonl", "threat", 0.93, 0.93),
        ("threat_probe_8.jsonl", "threat", 0.93, 0.90),
        ("threat_probe_8.jsonl", "abuse", 0.95, 0.93),
        ("threat_probe_9.jsonl", "threat", 0.93, 0.93),
        ("threat_probe_10.jsonl", "threat", 0.90, 0.93),
        # probes 11 (short replies) and 12 (abuse and complaints turning into intimidation):
        # measured threat 1.000 / 0.950 and 0.983 / 0.967 (abuse 1.000 / 1.000)
        ("threat_probe_11.jsonl", "threat", 0.93, 0.90),
        ("threat_probe_12.jsonl", "threat", 0.93, 0.93),
        ("threat_probe_12.jsonl", "abuse", 0.95, 0.95),
        # probe 13 (rants, insults and doxxing beside the same words with menace): measured
        # threat 0.932 / 0.917 and abuse 1.000 / 1.000 in-sample (first, before training on
        # it: 0.776 / 0.750 and 1.000 / 0.700); its twins in sentiment_probe_3 and
        # safeguarding_probe_3 raise no threat at all
        ("threat_probe_13.jsonl", "threat", 0.90, 0.88),
        ("threat_probe_13.jsonl", "abuse", 0.95, 0.95),
        ("sentiment_probe_3.jsonl", "threat", 1.0, 1.0),
        ("safeguarding_probe_3.jsonl", "threat", 1.0, 1.0),
        # the seventh round: short replies (first measured P 0.770 R 0.783) and menace dressed
        # as warmth (P 0.734 R 0.783); in-sample now threat 0.918 / 0.933 and 0.846 / 0.917
        ("threat_probe_14.jsonl", "threat", 0.88, 0.90),
        ("threat_probe_15.jsonl", "threat", 0.80, 0.88),
        ("safeguarding_probe_4.jsonl", "threat", 1.0, 1.0),
        # the eighth round (first measured: doxxing with and without menace P 0.862 R 0.747,
        # rarer wording P 0.881 R 0.656, everyday arrangements P 0.818 R 0.900); in-sample now
        # 1.000 / 0.987, 0.956 / 0.956 and 0.947 / 0.900, and the reply-or-none file raises no
        # threat at all
        ("threat_probe_16.jsonl", "threat", 0.95, 0.95),
        ("threat_probe_17.jsonl", "threat", 0.92, 0.92),
        ("sentiment_probe_4.jsonl", "threat", 1.0, 1.0),
        ("sentiment_probe_5.jsonl", "threat", 0.90, 0.85),
        # short menace under the practices' posts (first P 0.702 R 0.550) and dialect and
        # text-speak (P 0.879 R 0.850): in-sample 0.967 / 0.967 and 0.951 / 0.967
        ("threat_probe_18.jsonl", "threat", 0.93, 0.93),
        ("threat_probe_19.jsonl", "threat", 0.92, 0.93),
        # the ninth round (first measured: oblique menace P 0.818 R 0.797, friendly closers
        # P 0.740 R 0.925, words a detector over-reads P 0.458 R 1.000); in-sample now
        # 0.951 / 0.975, 0.886 / 0.975 and 0.786 / 1.000 (the reply-or-none file, with no
        # threat in it, raises one threat false alarm in 200 posts)
        ("threat_probe_20.jsonl", "threat", 0.93, 0.95),
        ("threat_probe_21.jsonl", "threat", 0.85, 0.95),
        ("sentiment_probe_7.jsonl", "threat", 0.75, 0.95),
        # the twelfth round (first measured: long posts built to tempt a reader of a few
        # sentences P 0.656 R 0.800; reply or none, one false threat); in-sample 0.762 / 0.960
        # (15 false alarms: the long rants stay the hardest kind) and no threat in 200 posts
        ("threat_probe_22.jsonl", "threat", 0.74, 0.94),
        ("threat_probe_22.jsonl", "safeguarding", 0.95, 0.95),
        ("sentiment_probe_9.jsonl", "threat", 1.0, 1.0),
        # the thirteenth round (first measured: short replies P 0.840 R 0.900, distress against
        # disclosure safeguarding P 0.923 R 0.857); in-sample 0.921 / 1.000, 1.000 / 1.000 and
        # safeguarding 0.958 / 0.971
        ("threat_probe_23.jsonl", "threat", 0.90, 0.97),
        ("sentiment_probe_10.jsonl", "threat", 1.0, 1.0),
        ("safeguarding_probe_5.jsonl", "safeguarding", 0.93, 0.95),
        # the fourteenth round (ordinary posts near the words of menace; first measured P 0.848
        # R 0.933): in-sample 0.938 / 1.000
        ("threat_probe_24.jsonl", "threat", 0.90, 0.96),
        # the fifteenth round (first measured: veiled threats beside twins P 0.902 R 0.822) and
        # the fourth mixed day (first measured P 0.680 R 0.944): in-sample 0.989 / 0.978 and
        # 0.900 / 1.000, and no threat in the reply-or-none file
        ("threat_probe_25.jsonl", "threat", 0.95, 0.95),
        ("domain_day_4.jsonl", "threat", 0.85, 0.94),
        ("sentiment_probe_11.jsonl", "threat", 1.0, 1.0),
        # the sixteenth round (first measured: short replies P 0.949 R 0.800) and the fifth mixed
        # day (P 0.783 R 1.000), and the seventeenth (long complaints with the threat buried, P
        # 0.953 R 0.586): in-sample 1.000 / 0.986, 0.947 / 1.000 and 0.985 / 0.957
        ("threat_probe_26.jsonl", "threat", 0.97, 0.97),
        ("domain_day_5.jsonl", "threat", 0.90, 0.94),
        ("threat_probe_27.jsonl", "threat", 0.95, 0.93),
        # the eighteenth round (stop 20; first measured on stop 19's release: two mixed days P
        # 0.895 R 0.944 and P 0.789 R 0.833, long posts P 0.867 R 0.743, long distress posts P
        # 0.423 with safeguarding P 0.831 R 0.817): in-sample 0.944 / 0.944, 0.857 / 1.000,
        # 0.928 / 0.914, and 0.688 / 1.000 with safeguarding 0.946 / 0.883; the two reply-or-none
        # files raise one threat in 400 posts
        ("domain_day_6.jsonl", "threat", 0.90, 0.94),
        ("domain_day_7.jsonl", "threat", 0.85, 0.97),
        ("threat_probe_28.jsonl", "threat", 0.90, 0.90),
        ("safeguarding_probe_6.jsonl", "threat", 0.65, 0.97),
        ("safeguarding_probe_6.jsonl", "safeguarding", 0.92, 0.86),
        ("sentiment_probe_14.jsonl", "threat", 1.0, 1.0),
        # the nineteenth round (stop 20; first measured on rules-22: oblique disclosures
        # safeguarding P 0.593 R 0.500): in-sample safeguarding 0.716 / 0.686, the weakest fit
        # of any file. The threat scorer does not read the round (train_model.ROUND_19): its
        # menace-against-distress probe stays at its first figures, P 0.773 R 0.850
        ("safeguarding_probe_8.jsonl", "safeguarding", 0.70, 0.66),
        ("threat_probe_30.jsonl", "threat", 0.75, 0.83),
    ],
)
def test_floors_on_the_fourth_round_threat_probes(
    name: str, label: str, precision: float, recall: float
) -> None:
    from classifiers.evaluate import evaluate_domain
    from flows.steps import build_classifier
    from gpwatch.config import load_config

    classifier = build_classifier(load_config(ROOT / "demo" / "gpwatch.toml"))
    report = evaluate_domain(classifier, eval_data.load_jsonl(eval_data.DEV_SPLIT.parent / name))
    score = report.label(label)
    assert score.precision >= precision and score.recall >= recall, report.format()


def test_the_classifier_tells_the_threat_scorer_the_names_it_matched(classifier) -> None:
    """The names come from the match: the practice's name, town, aliases and handles, and its
    staff. Without them the letters of "castlehillgp" would move the threat score."""
    from classifiers.evaluate import _as_item

    text = "@CastleHillGP Sam Price ur days on that front desk are numbered mate"
    result = classifier.classify(_as_item({"id": "n1", "source": "x", "text": text}))
    ids = [m.practice_id for m in result.mentions]
    assert ids == ["X99005"]
    staff = classifier.matcher.staff_of(ids)
    names = classifier.matcher.names_of(ids)
    assert "@CastleHillGP" in names and "Norwich" in names
    told = detect_flags(text, staff, practice_names=names).scores["threat"]
    untold = detect_flags(text, staff).scores["threat"]
    assert result.verdict.scores["threat"] == told != untold
