"""`gpwatch eval` (how good the classifiers are, measured) and `gpwatch reclassify`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gpwatch.cli import ConfigOption, app, console, fail, load_cli_config

DATASETS = ("domain", "vader", "davidson", "hatecheck", "all")
ACTIONS = ("police", "report_to_platform", "report_to_moderator", "reply", "none")
ACTION_SHORT = ("police", "platform", "moderator", "reply", "none")
SENTIMENTS = ("negative", "neutral", "positive")
REPO_ROOT = Path(__file__).resolve().parent.parent.parent
DEMO_CONFIG = REPO_ROOT / "demo" / "gpwatch.toml"


@app.command(name="eval")
def eval_command(
    config: ConfigOption = None,
    dataset: Annotated[
        str,
        typer.Option(
            "--dataset",
            "-d",
            help="domain (the labelled GP posts), vader (VADER's human-rated tweets), davidson "
            "(offensive-language tweets), hatecheck (functional tests), or all.",
        ),
    ] = "domain",
    frozen: Annotated[
        bool, typer.Option("--frozen", help="Score the frozen test split instead of the dev split.")
    ] = False,
    labelled_file: Annotated[
        Path | None,
        typer.Option("--file", "-f", help="Another labelled JSON-lines file (domain format)."),
    ] = None,
    misses: Annotated[
        int, typer.Option("--misses", "-m", help="How many of the worst misses to print.")
    ] = 15,
) -> None:
    """Score the classifiers on labelled data and print the figures beside the baselines.

    For the domain set: precision, recall and F1 per flag with their counts, practice
    attribution, action and sentiment accuracy, confusion tables, items a second, plain VADER
    and a profanity-list model (alt-profanity-check) on the same examples, and the worst misses
    with their text. The domain labels name the demo practices, so the demo config is used
    unless --config is given. The shared sets are read from ../shared/data/eval (or
    $GPWATCH_SHARED_DATA/eval), never copied.
    """
    from classifiers import eval_data

    if dataset not in DATASETS:
        raise fail(f"unknown dataset {dataset!r}: choose one of {', '.join(DATASETS)}")
    if dataset in ("domain", "all"):
        _eval_domain(config, frozen, labelled_file, misses)
    wanted = ("vader", "davidson", "hatecheck") if dataset == "all" else (dataset,)
    for name in wanted:
        if name == "domain":
            continue
        try:
            _eval_shared(name)
        except eval_data.DatasetMissing as exc:
            if dataset == "all":
                console.print(f"{name}: skipped, {exc}")
            else:
                raise fail(str(exc)) from None


def _eval_domain(config: Path | None, frozen: bool, labelled: Path | None, misses: int) -> None:
    from classifiers import eval_data
    from classifiers.evaluate import LabelScore, confusion, evaluate_domain, format_scores
    from classifiers.evaluate_shared import MISSING_BASELINE, profanity_baseline
    from classifiers.model import load
    from classifiers.sentiment import label_for, plain_analyser
    from flows.steps import build_classifier

    path = labelled or (eval_data.FROZEN_SPLIT if frozen else eval_data.DEV_SPLIT)
    if frozen and not path.is_file():
        raise fail(f"the frozen test split is absent ({path}); nothing to score", code=1)
    try:
        examples = eval_data.load_jsonl(path)
    except eval_data.DatasetMissing as exc:
        raise fail(str(exc)) from None
    if not examples:
        raise fail(f"{path} holds no examples")
    needed = {"id", "text", "source", "action"}
    bad = [i for i, ex in enumerate(examples, 1) if not needed <= ex.keys()]
    if bad:
        raise fail(f"{path}: line {bad[0]} lacks one of id, text, source, action")
    cfg_path = config or DEMO_CONFIG
    cfg = load_cli_config(cfg_path)
    classifier = build_classifier(cfg)
    report = evaluate_domain(classifier, examples)
    split = "frozen" if frozen else ("file" if labelled else "dev")
    console.print(
        f"Domain examples: {path} ({len(examples)} examples, {split} split; "
        f"classifier {classifier.version}; practices from {cfg_path})"
    )
    console.print(format_scores(report.labels), markup=False)
    console.print(f"practice attribution accuracy {report.practice_accuracy:.3f}")
    console.print(f"expected-action accuracy      {report.action_accuracy:.3f}")
    console.print(f"sentiment label accuracy      {report.sentiment_accuracy:.3f}")
    console.print(
        f"throughput: {report.items_per_second:.0f} items/s "
        "(matching + sentiment + flags + alert rules, one core)"
    )
    console.print("\nAction (rows expected, columns got)")
    console.print(confusion(report.action_pairs, ACTIONS, ACTION_SHORT), markup=False)
    console.print("\nSentiment (rows expected, columns got)")
    console.print(confusion(report.sentiment_pairs, SENTIMENTS), markup=False)

    console.print("\nBaselines on the same examples")
    plain = plain_analyser()
    texts = [ex["text"] for ex in examples]
    vader_hits = sum(
        1
        for ex in examples
        if label_for(plain.polarity_scores(ex["text"])["compound"]) == ex["sentiment"]
    )
    console.print(
        f"sentiment label accuracy: gpwatch {report.sentiment_accuracy:.3f}, "
        f"plain VADER {vader_hits / len(examples):.3f}"
    )
    rows: list[tuple[str, LabelScore]] = [("gpwatch abuse flag", report.label("abuse"))]
    from classifiers.evaluate import score_label

    truth = [bool(ex.get("abuse")) for ex in examples]
    base = profanity_baseline()
    if base is not None:
        probs = base(texts)
        rows.append(
            (
                "alt-profanity-check",
                score_label("abuse", zip(truth, [p >= 0.5 for p in probs], strict=True)),
            )
        )
    off = load("offensive")
    if off is not None:
        rows.append(
            (
                "gpwatch offensive model",
                score_label(
                    "abuse",
                    zip(truth, [off.proba(t)["offensive"] >= 0.5 for t in texts], strict=True),
                ),
            )
        )
    console.print("abuse (insults aimed at people), per system:")
    table = format_scores([r[1] for r in rows], width=26).splitlines()
    console.print(table[0].replace("label", "system", 1), markup=False)
    for (name, _), line in zip(rows, table[1:], strict=True):
        console.print(f"{name:<26}{line[26:]}", markup=False)
    if base is None:
        console.print(MISSING_BASELINE)

    shown = report.misses[:misses]
    console.print(f"\nWorst misses ({len(shown)} of {len(report.misses)}; missed threats first)")
    for ex_id, what, text in shown:
        console.print(f"- {ex_id} {what}: {text[:200]!r}", markup=False, soft_wrap=True)


def _eval_shared(name: str) -> None:
    from classifiers import evaluate_shared

    if name == "vader":
        report = evaluate_shared.evaluate_vader()
    elif name == "davidson":
        report = evaluate_shared.evaluate_davidson()  # type: ignore[assignment]
    else:
        report = evaluate_shared.evaluate_hatecheck()  # type: ignore[assignment]
    console.print("")
    console.print(report.format(), markup=False)


@app.command()
def reclassify(
    config: ConfigOption = None,
    show: Annotated[int, typer.Option("--show", "-n", help="How many changed items to list.")] = 20,
) -> None:
    """Re-run the current classifiers over every stored item (no fetching) and show what changed.

    Verdicts are stored under the current classifier version beside the old ones; alerts that
    did not exist are raised (running it twice raises nothing twice); an existing alert is
    escalated when the new version finds something worse. Prints flag and severity counts
    before and after, and the items whose flags changed.
    """
    from classifiers.reclassify import SEVERITIES
    from classifiers.reclassify import reclassify as run_reclassify
    from flows.monitor import open_store
    from flows.steps import build_classifier
    from storage.db import DatabaseLocked

    cfg = load_cli_config(config)
    if not cfg.database_path.exists():
        raise fail(f"no database at {cfg.database_path}: run `gpwatch run` first")
    classifier = build_classifier(cfg)
    try:
        report = run_reclassify(open_store(cfg), classifier)
    except DatabaseLocked as exc:
        raise fail(f"database busy ({exc}); try again when the run has finished") from None
    before = ", ".join(f"{v} x{n}" for v, n in sorted(report.versions_before.items())) or "none"
    # one fact a line: a long version name must not push the rest past the terminal's edge
    console.print(f"Reclassified {report.items} stored items with {report.version}.")
    console.print(f"Earlier verdicts: {before}; {report.verdicts_stored} new verdicts stored.")
    console.print(f"{'flag':<16}{'before':>8}{'after':>8}")
    for flag in ("threat", "abuse", "staff_targeted", "personal_data", "safeguarding"):
        console.print(f"{flag:<16}{report.flags_before[flag]:>8}{report.flags_after[flag]:>8}")
    console.print(f"{'alert severity':<16}{'before':>8}{'after':>8}{'new':>6}")
    for sev in SEVERITIES:
        console.print(
            f"{sev:<16}{report.severity_before[sev]:>8}{report.severity_after[sev]:>8}"
            f"{report.new_alerts[sev]:>6}"
        )
    console.print(
        f"new alerts raised: {sum(report.new_alerts.values())}; "
        f"existing alerts escalated: {report.escalated}"
    )
    if report.changes:
        console.print(f"Items whose flags changed ({len(report.changes)}):")
        for c in report.changes[:show]:
            was = ",".join(k for k, v in (c.before or {}).items() if v) or "-"
            now = ",".join(k for k, v in c.after.items() if v) or "-"
            console.print(
                f"- {c.source}:{c.external_id} {was} -> {now}: {c.text[:120]!r}",
                markup=False,
                soft_wrap=True,
            )
    else:
        console.print("No item's flags changed.")
