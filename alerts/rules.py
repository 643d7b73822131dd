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

from typing import Any

from alerts.guidance import Guidance
from gpwatch.models import Alert, Mention, Verdict

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
    negative = verdict.compound <= negative_threshold or verdict.sentiment_label == "negative"
    if source == "nhs_reviews" and names_staff and negative:
        return "report_to_moderator"
    if negative:
        return "reply"
    return "none"


def _is_negative(verdict: Verdict, threshold: float) -> bool:
    return verdict.sentiment_label == "negative" and verdict.compound <= threshold


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
    elif source == "nhs_reviews" and names_staff and negative:
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
    steps = guidance.for_category(category, source)
    if category == "abuse" and f.get("personal_data"):
        known = {s.id for s in steps}
        steps += [s for s in guidance.for_category("personal_data", source) if s.id not in known]
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
