"""Sending each digest and urgent email once: the states of a send record.

A message is identified by (kind, recipient, period): a digest's period is the recipient's local
date, an urgent email's is the alert. For each:

1. a record already `sent` -> nothing to do (running the digest twice sends one email);
2. a record still `sending` -> the last attempt stopped between handing the message over and
   recording the outcome (a crash, a kill, the database locked at that moment). It may have
   been delivered, so it counts as an unconfirmed attempt. After the first such attempt the
   stored message is sent again, byte for byte with the same Message-ID; after a second one
   the record becomes `unconfirmed` and is never sent automatically again. So at most one
   duplicate can ever go out, and a mail client that de-duplicates by Message-ID shows one;
3. otherwise the message is built, recorded as `sending` with its deterministic Message-ID,
   handed over, then marked `sent`, or `failed` (retried on the next run, never marked sent).

An older digest that never went out is `superseded`: the new one covers what it held, because
a digest leaves out only the alerts that a *sent* digest carried.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from email import policy
from email.utils import parseaddr
from typing import Any
from zoneinfo import ZoneInfo

from alerts.delivery import DeliveryError, deliver, slug, uses_smtp
from alerts.digest import Digest, build_digest, build_urgent, recipient_practices
from alerts.email_render import RenderedEmail, build_message, render_digest, render_urgent
from gpwatch.config import Config, Recipient
from gpwatch.models import utcnow
from storage import digest_queries as q
from storage.db import DatabaseLocked
from storage.store import Store

log = logging.getLogger("gpwatch.digest")

# Unconfirmed attempts (no recorded outcome) allowed per message; each may have been delivered.
MAX_UNCONFIRMED = 2
DEFAULT_FROM = "gpwatch <gpwatch@localhost>"


@dataclass(slots=True)
class SendOutcome:
    """What happened to one message in this run."""

    kind: str  # digest | urgent
    recipient: str
    email: str
    period_key: str
    status: str  # sent | resent | already_sent | failed | unconfirmed | not_sent_empty | unrecorded
    subject: str = ""
    where: str | None = None
    error: str | None = None
    alerts: int = 0
    message_id: str = ""

    @property
    def ok(self) -> bool:
        return self.status in ("sent", "resent", "already_sent", "not_sent_empty")

    def line(self) -> str:
        """One line for the console and the run summary."""
        who = f"{self.recipient} <{self.email}>"
        what = f"{self.kind} {self.period_key}" if self.kind == "urgent" else self.kind
        if self.status in ("sent", "resent"):
            again = " again (the last attempt was interrupted)" if self.status == "resent" else ""
            return f"{what} sent{again} to {who}: {self.subject!r} -> {self.where}"
        if self.status == "already_sent":
            return f"{what} for {self.period_key} already sent to {who}; nothing to do"
        if self.status == "not_sent_empty":
            return f"nothing new for {who}; no email ([digest] send_empty = false)"
        if self.status == "unconfirmed":
            return (
                f"{what} to {who} was interrupted twice and may have arrived; not sent "
                "again (see v_digest_sends)"
            )
        if self.status == "unrecorded":
            return f"{what} sent to {who} but not recorded: {self.error}"
        return f"{what} to {who} NOT sent: {self.error}; it will be retried next run"


@dataclass(slots=True)
class DispatchReport:
    outcomes: list[SendOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[SendOutcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def sent(self) -> list[SendOutcome]:
        return [o for o in self.outcomes if o.status in ("sent", "resent")]

    def as_dict(self) -> dict[str, Any]:
        return {
            "sent": len(self.sent),
            "failed": len(self.failed),
            "outcomes": [asdict(o) for o in self.outcomes],
        }


@dataclass(slots=True)
class Built:
    subject: str
    data: bytes
    message_id: str
    alert_ids: list[int]
    window_start: datetime | None
    window_end: datetime | None


def from_address(config: Config) -> str:
    """The From: address: [smtp] from, else the login if it is an address, else a local one."""
    if config.smtp.from_address:
        return config.smtp.from_address
    if "@" in config.smtp.username:
        return config.smtp.username
    return DEFAULT_FROM


def message_id_for(kind: str, email: str, period_key: str, sender: str) -> str:
    """The same Message-ID on every attempt of one message (so a duplicate is recognisable)."""
    digest = hashlib.sha256(f"{kind}|{email.lower()}|{period_key}".encode()).hexdigest()[:16]
    addr = parseaddr(sender)[1]
    domain = addr.rsplit("@", 1)[1] if "@" in addr else "gpwatch.invalid"
    safe_period = "".join(c for c in period_key if c.isalnum() or c == "-")
    return f"<gpwatch.{kind}.{safe_period}.{digest}@{domain}>"


def period_key_for(now: datetime, tz: str) -> str:
    """A digest's period: the local date it is sent on."""
    return now.astimezone(ZoneInfo(tz)).date().isoformat()


def select_recipients(config: Config, only: str | None = None) -> list[Recipient]:
    """All recipients, or the one whose name or email is `only` (KeyError if none)."""
    if not only:
        return list(config.recipients)
    wanted = only.strip().lower()
    found = [r for r in config.recipients if wanted in (r.name.lower(), r.email.lower())]
    if not found:
        raise KeyError(only)
    return found


def _as_bytes(
    rendered: RenderedEmail,
    config: Config,
    recipient: Recipient,
    message_id: str,
    now: datetime,
    kind: str,
) -> bytes:
    msg = build_message(
        rendered,
        from_address=from_address(config),
        to_name=recipient.name,
        to_email=recipient.email,
        message_id=message_id,
        date=now,
        kind=kind,
    )
    return msg.as_bytes(policy=policy.SMTP)  # CRLF line ends, as SMTP and .eml readers expect


def send_once(
    store: Store,
    config: Config,
    *,
    kind: str,
    recipient: Recipient,
    period_key: str,
    build: Callable[[], Built | None],
    filename: str,
) -> SendOutcome:
    """Send one message at most once (see the module docstring for the states)."""
    out = SendOutcome(kind, recipient.name, recipient.email, period_key, "failed")
    rec = q.get_send(store, kind, recipient.email, period_key)
    if rec is not None:
        out.subject, out.message_id = rec.subject, rec.message_id
        if rec.status == "sent":
            out.status, out.where = "already_sent", rec.delivered_to
            return out
        if rec.status in ("unconfirmed", "superseded"):
            out.status = "unconfirmed"
            return out
        if rec.status == "sending":
            rec.interrupted += 1
            give_up = rec.interrupted >= MAX_UNCONFIRMED
            q.record_interrupted(
                store,
                rec.send_id,
                give_up=give_up,
                note="the previous attempt stopped before its outcome was recorded",
            )
            if give_up:
                out.status = "unconfirmed"
                return out
    transport = "smtp" if uses_smtp(config.smtp) else "outbox"
    resend = rec is not None and rec.interrupted > 0
    if resend:
        assert rec is not None
        # it may already be in the inbox: send exactly the same bytes, same Message-ID
        q.begin_resend(store, rec.send_id, transport)
        send_id, data = rec.send_id, rec.message
    else:
        built = build()
        if built is None:
            out.status = "not_sent_empty"
            return out
        out.subject, out.message_id, out.alerts = (
            built.subject,
            built.message_id,
            len(built.alert_ids),
        )
        send_id = q.begin_send(
            store,
            kind=kind,
            recipient_email=recipient.email,
            recipient_name=recipient.name,
            period_key=period_key,
            window_start=built.window_start,
            window_end=built.window_end,
            message_id=built.message_id,
            subject=built.subject,
            message=built.data,
            transport=transport,
            alert_ids=built.alert_ids,
        )
        data = built.data
    try:
        delivered = deliver(
            data,
            from_address=parseaddr(from_address(config))[1],
            to_address=recipient.email,
            settings=config.smtp,
            outbox=config.outbox_path,
            filename=filename,
        )
    except DeliveryError as exc:
        out.error = str(exc)
        q.mark_failed(store, send_id, str(exc), ambiguous=exc.ambiguous)
        return out
    out.where = delivered.where
    try:
        q.mark_sent(store, send_id, delivered.where)
    except DatabaseLocked as exc:
        # the record stays 'sending': the next run sends these same bytes once more
        out.status = "unrecorded"
        out.error = f"{exc}; it will be sent once more (same Message-ID) next run"
        return out
    out.status = "resent" if resend else "sent"
    return out


def _guarded(
    out_kind: str, recipient: Recipient, period_key: str, fn: Callable[[], SendOutcome]
) -> SendOutcome:
    """Run one send; a busy database or a bug fails this message only, never the others."""
    try:
        return fn()
    except DatabaseLocked as exc:
        error = f"database busy ({exc})"
    except Exception as exc:
        log.exception("%s for %s failed", out_kind, recipient.email)
        error = f"unexpected {type(exc).__name__}: {exc} (a bug: please report it)"
    return SendOutcome(out_kind, recipient.name, recipient.email, period_key, "failed", error=error)


def send_digests(
    config: Config, store: Store, *, now: datetime | None = None, only: str | None = None
) -> DispatchReport:
    """Each recipient's digest for today, once. `only`: one recipient (name or email)."""
    now = now or utcnow()
    report = DispatchReport()
    for recipient in select_recipients(config, only):
        period = period_key_for(now, config.digest.timezone)
        filename = f"{period}-digest-{slug(recipient.email)}.eml"

        def one(
            r: Recipient = recipient, period: str = period, filename: str = filename
        ) -> SendOutcome:
            q.supersede_unsent_digests(store, r.email, period)
            return send_once(
                store,
                config,
                kind="digest",
                recipient=r,
                period_key=period,
                build=lambda: _build_digest(store, config, r, now, period),
                filename=filename,
            )

        report.outcomes.append(_guarded("digest", recipient, period, one))
    return report


def _build_digest(
    store: Store, config: Config, recipient: Recipient, now: datetime, period: str
) -> Built | None:
    digest = build_digest(store, config, recipient, now)
    if digest.is_empty and not config.digest.send_empty:
        return None
    message_id = message_id_for("digest", recipient.email, period, from_address(config))
    rendered = render_digest(digest)
    return Built(
        subject=rendered.subject,
        data=_as_bytes(rendered, config, recipient, message_id, now, "digest"),
        message_id=message_id,
        alert_ids=[a.alert_id for a in digest.alerts],
        window_start=digest.window_start,
        window_end=now,
    )


def preview_digests(
    config: Config, store: Store, *, now: datetime | None = None, only: str | None = None
) -> list[tuple[Digest, RenderedEmail]]:
    """What `send_digests` would send now, without sending or recording anything."""
    now = now or utcnow()
    return [
        (d, render_digest(d))
        for d in (build_digest(store, config, r, now) for r in select_recipients(config, only))
    ]


def send_urgent(config: Config, store: Store, *, now: datetime | None = None) -> DispatchReport:
    """Email each open critical alert to every urgent recipient of its practice, once."""
    now = now or utcnow()
    since = now - timedelta(hours=config.digest.urgent_lookback_hours)
    report = DispatchReport()
    for recipient in config.recipients:
        if not recipient.urgent:
            continue
        ids = [p[0] for p in recipient_practices(config, recipient)]
        try:
            pending = q.urgent_pending(store, recipient.email, ids, since)
        except DatabaseLocked as exc:
            report.outcomes.append(
                SendOutcome(
                    "urgent",
                    recipient.name,
                    recipient.email,
                    "",
                    "failed",
                    error=f"database busy ({exc})",
                )
            )
            continue
        for alert_id in pending:
            key = str(alert_id)

            def one(
                r: Recipient = recipient, alert_id: int = alert_id, key: str = key
            ) -> SendOutcome:
                return send_once(
                    store,
                    config,
                    kind="urgent",
                    recipient=r,
                    period_key=key,
                    build=lambda: _build_urgent(store, config, r, alert_id, now),
                    filename=f"urgent-alert-{alert_id}-{slug(r.email)}.eml",
                )

            report.outcomes.append(_guarded("urgent", recipient, key, one))
    return report


def _build_urgent(
    store: Store, config: Config, recipient: Recipient, alert_id: int, now: datetime
) -> Built | None:
    email = build_urgent(store, config, recipient, alert_id, now)
    if email is None:
        return None
    message_id = message_id_for("urgent", recipient.email, str(alert_id), from_address(config))
    rendered = render_urgent(email)
    return Built(
        subject=rendered.subject,
        data=_as_bytes(rendered, config, recipient, message_id, now, "urgent"),
        message_id=message_id,
        alert_ids=[alert_id],
        window_start=None,
        window_end=now,
    )


def report_markdown(report: DispatchReport, title: str) -> str:
    """The run's outcome as markdown (the Prefect artifact)."""
    lines = [f"# {title}", "", f"{len(report.sent)} sent, {len(report.failed)} failed.", ""]
    if report.outcomes:
        lines += [
            "| recipient | kind | period | status | subject | where / error |",
            "|---|---|---|---|---|---|",
        ]
        for o in report.outcomes:
            cells = [
                f"{o.recipient} ({o.email})",
                o.kind,
                o.period_key,
                o.status,
                o.subject,
                o.error or o.where or "",
            ]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    else:
        lines.append("No recipients to send to.")
    return "\n".join(lines)


def urgent_emails(config: Config, store: Store) -> dict[str, Any]:
    """send_urgent for the end of a monitoring run: never raises, so a mail or database
    problem cannot fail the run; returns what to put in the run summary."""
    if not any(r.urgent for r in config.recipients):
        return {"sent": 0, "failed": 0, "lines": []}
    try:
        report = send_urgent(config, store)
    except Exception as exc:
        log.exception("urgent emails failed")
        return {
            "sent": 0,
            "failed": 1,
            "lines": [f"urgent emails not sent: {type(exc).__name__}: {exc}"],
        }
    for o in report.outcomes:
        (log.info if o.ok else log.warning)("%s", o.line())
    return {
        "sent": len(report.sent),
        "failed": len(report.failed),
        "lines": [o.line() for o in report.outcomes if o.status != "already_sent"],
    }
