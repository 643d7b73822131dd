"""From (mention, verdict, source) to an alert: severity, category, action and next steps.

The rules, worst first:
- a threat is `critical`, police step first;
- a safeguarding concern (suicidal thoughts, self-harm) is `high`, a category of its own;
- abuse or exposed personal data is `high`, with the platform's reporting route;
- an NHS website review that names or identifies staff breaches the reviews policy: `medium`,
  report to the moderator;
- a negative NHS website review is `medium`: reply professionally and factually;
- any other negative mention is `low`.
Positive and neutral mentions raise no alert.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from alerts.guidance import Guidance
from gpwatch.models import Alert, GuidanceStep, Mention, Verdict

NEGATIVE_THRESHOLD = -0.3


def suggested_action(
    verdict: Verdict,
    source: str,
    negative_threshold: float = NEGATIVE_THRESHOLD,
    names_staff: bool = False,
) -> str:
    """The one action a person should take first (the `action` of `gpwatch classify`)."""
    f = verdict.flags
    if f.get("threat"):
        return "police"
    if f.get("abuse") or f.get("personal_data"):
        return "report_to_moderator" if source == "nhs_reviews" else "report_to_platform"
    if f.get("safeguarding"):
        return "none"  # the safeguarding procedure, not a reply: the alert says so
    # either reading of the sentiment will do here (decide's alerts want both: _reads_negative)
    tone_negative = verdict.compound <= negative_threshold or verdict.sentiment_label == "negative"
    # a review that criticises a named member of staff goes to the moderator whether or not
    # a reply is also due: the sentiment answers that, not the reply model
    if source == "nhs_reviews" and names_staff and tone_negative:
        return "report_to_moderator"
    reply = needs_reply(verdict)
    return "reply" if (tone_negative if reply is None else reply) else "none"


_StepKey = tuple[str, str, bool]
# by id() of a catalogue: (the catalogue, its entries list, their count, steps by _StepKey);
# a plain dict, as a weak one costs more per look-up than the selection it saves. A run uses
# one or two catalogues; the cache is emptied if ever more pile up.
_STEP_CACHE: dict[
    int, tuple[Guidance, Sequence[object] | None, int, dict[_StepKey, list[GuidanceStep]]]
] = {}


def _next_steps(
    guidance: Guidance, category: str, source: str, with_personal_data: bool
) -> list[GuidanceStep]:
    """The guidance steps of an alert, each a fresh copy (an alert owns its steps).

    Which entries apply depends only on the catalogue, the category and the source, so the
    selection is made once per combination; a catalogue whose entries list is replaced or grows
    is selected afresh.
    """
    entries = getattr(guidance, "entries", None)
    cached = _STEP_CACHE.get(id(guidance))
    if (
        cached is None
        or cached[0] is not guidance
        or cached[1] is not entries
        or cached[2] != len(entries or ())
    ):
        if len(_STEP_CACHE) >= 8:
            _STEP_CACHE.clear()
        cached = _STEP_CACHE[id(guidance)] = (guidance, entries, len(entries or ()), {})
    key = (category, source, with_personal_data)
    chosen = cached[3].get(key)
    if chosen is None:
        chosen = cached[3][key] = _select_steps(guidance, category, source, with_personal_data)
    return [GuidanceStep(s.id, s.title, s.url, list(s.steps)) for s in chosen]


def _select_steps(
    guidance: Guidance, category: str, source: str, with_personal_data: bool
) -> list[GuidanceStep]:
    steps = guidance.for_category(category, source)
    if category == "abuse" and with_personal_data:
        known = {s.id for s in steps}
        steps += [s for s in guidance.for_category("personal_data", source) if s.id not in known]
    return steps


REPLY_AT = 0.5  # scores["reply"] from classifiers/reply_model.py (its model's threshold)


def needs_reply(verdict: Verdict) -> bool | None:
    """Whether the reply model says the practice should reply; None when it was not asked (a
    flagged post, no practice named, or a verdict from before it was shipped)."""
    p = verdict.scores.get("reply")
    return None if p is None else p >= REPLY_AT


def _reads_negative(verdict: Verdict, threshold: float) -> bool:
    return verdict.sentiment_label == "negative" and verdict.compound <= threshold


def _is_negative(verdict: Verdict, threshold: float) -> bool:
    """Whether a mention is a complaint to answer: the reply model's call where it gave one."""
    reply = needs_reply(verdict)
    return _reads_negative(verdict, threshold) if reply is None else reply


def decide(
    mention: Mention,
    verdict: Verdict,
    source: str,
    guidance: Guidance,
    *,
    extras: dict[str, Any] | None = None,
    negative_threshold: float = NEGATIVE_THRESHOLD,
) -> Alert | None:
    """The alert this mention needs, or None when nobody needs to act."""
    f = verdict.flags
    rating = (extras or {}).get("rating")
    low_stars = isinstance(rating, int) and rating <= 2
    negative = _is_negative(verdict, negative_threshold) or low_stars
    # a review naming staff is judged on its tone (see suggested_action)
    criticises = _reads_negative(verdict, negative_threshold) or low_stars
    names_staff = bool(verdict.staff_names)
    reasons: list[str] = []
    if f.get("threat"):
        severity, category = "critical", "threat"
        reasons.append("threat of violence or intimidation")
    elif f.get("safeguarding"):
        severity, category = "high", "safeguarding"
        reasons.append("mentions suicidal thoughts or self-harm")
    elif f.get("abuse") or f.get("personal_data"):
        severity = "high"
        category = "abuse" if f.get("abuse") else "personal_data"
        if f.get("abuse"):
            reasons.append("abusive or demeaning language")
        if f.get("personal_data"):
            reasons.append("personal data exposed")
    elif source == "nhs_reviews" and names_staff and criticises:
        severity, category = "medium", "review_breach"
        reasons.append("review names or identifies a member of staff")
    elif source == "nhs_reviews" and negative:
        severity, category = "medium", "negative_review"
        reasons.append(
            "negative review on the NHS website" + (f" ({rating} stars)" if rating else "")
        )
    elif negative:
        severity, category = "low", "negative_comment"
        reasons.append("negative comment")
    else:
        return None
    if f.get("staff_targeted"):
        who = ", ".join(verdict.staff_names) or "a member of staff"
        reasons.append(f"aimed at {who}")
    steps = _next_steps(
        guidance, category, source, category == "abuse" and bool(f.get("personal_data"))
    )
    action = suggested_action(verdict, source, negative_threshold, names_staff)
    return Alert(
        source=mention.source,
        external_id=mention.external_id,
        practice_id=mention.practice_id,
        severity=severity,
        category=category,
        action=action,
        reasons=reasons,
        next_steps=steps,
        classifier_version=verdict.classifier_version,
    )
