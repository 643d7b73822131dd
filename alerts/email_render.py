"""Digest and urgent emails as one multipart/alternative message: plain text and HTML.

The HTML comes from Jinja2 templates with autoescape on, so post text, titles and author
handles are always text, never markup. Layout is tables with inline styles and no web fonts,
scripts or external images: what Outlook and Gmail render the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from alerts.digest import SEVERITIES, Digest, UrgentEmail, safe_url

# Colours with enough contrast on white for a badge's white text.
SEVERITY_COLOURS = {
    "critical": "#b3001b",
    "high": "#c2410c",
    "medium": "#8a6100",
    "low": "#4b5563",
}
FLAG_BACKGROUND = "#fff1a8"


@dataclass(slots=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def nl2br(text: str) -> Markup:
    """Escape `text` and keep its line breaks as <br> (the only markup added to post text)."""
    return Markup("<br>\n").join(escape(line) for line in str(text).split("\n"))


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("alerts", "templates"),
        # every .html.j2 template escapes; the .txt.j2 ones are plain text by nature
        autoescape=select_autoescape(
            enabled_extensions=("html.j2",),
            disabled_extensions=("txt.j2",),
            default_for_string=True,
            default=True,
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["nl2br"] = nl2br
    env.globals.update(
        severity_colours=SEVERITY_COLOURS,
        flag_background=FLAG_BACKGROUND,
        severities=SEVERITIES,
    )
    return env


_ENV = _environment()


def render_digest(digest: Digest) -> RenderedEmail:
    """The digest's subject, plain text and HTML."""
    context = {"d": digest, "counts": digest.counts}
    return RenderedEmail(
        subject=digest.subject,
        text=_ENV.get_template("digest.txt.j2").render(context),
        html=_ENV.get_template("digest.html.j2").render(context),
    )


def render_urgent(email: UrgentEmail) -> RenderedEmail:
    """An urgent email's subject, plain text and HTML."""
    context = {"u": email, "a": email.alert}
    return RenderedEmail(
        subject=email.subject,
        text=_ENV.get_template("urgent.txt.j2").render(context),
        html=_ENV.get_template("urgent.html.j2").render(context),
    )


def build_message(
    rendered: RenderedEmail,
    *,
    from_address: str,
    to_name: str,
    to_email: str,
    message_id: str,
    date: datetime,
    kind: str,
) -> EmailMessage:
    """One multipart/alternative message: text first, HTML second (the part clients prefer)."""
    msg = EmailMessage()
    msg["Subject"] = rendered.subject
    msg["From"] = from_address
    msg["To"] = Address(display_name=to_name, addr_spec=to_email)
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = message_id
    # tells mail servers and out-of-office replies that no person typed this
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Gpwatch-Kind"] = kind
    msg.set_content(rendered.text, subtype="plain", charset="utf-8")
    msg.add_alternative(rendered.html, subtype="html", charset="utf-8")
    return msg
