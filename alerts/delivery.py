"""Handing a finished message to the mail server (SMTP), or to the outbox folder.

SMTP: STARTTLS (port 587), SSL (465) or plain (`none`, for a relay on localhost), with login
when a username is configured. The password comes from the environment variable named in
`[smtp] password_env`, or the Prefect Secret block of the same name; it never appears in an
error. With no `[smtp] host`, messages are written as .eml files to the outbox folder.

`DeliveryError.ambiguous` tells the caller whether the message may have reached the server
despite the error (the connection dropped after the message was sent): alerts/dispatch.py counts
such an attempt as possibly delivered, so that at most one duplicate can ever go out.
"""

from __future__ import annotations

import os
import re
import smtplib
import ssl
from dataclasses import dataclass
from pathlib import Path

from connectors.credentials import get_secret, secret_block_name
from gpwatch.config import SmtpSettings


class DeliveryError(Exception):
    """The message was not accepted. One line, naming what to check; never a password."""

    def __init__(self, message: str, *, ambiguous: bool = False) -> None:
        super().__init__(message)
        self.ambiguous = ambiguous


@dataclass(slots=True)
class Delivered:
    transport: str  # smtp | outbox
    where: str  # host:port, or the .eml file


def uses_smtp(settings: SmtpSettings) -> bool:
    """True when a mail server is configured; otherwise messages go to the outbox."""
    return bool(settings.host)


def deliver(
    data: bytes,
    *,
    from_address: str,
    to_address: str,
    settings: SmtpSettings,
    outbox: Path,
    filename: str,
) -> Delivered:
    """Send `data` (a whole RFC 5322 message) to `to_address`, or write it to the outbox."""
    if uses_smtp(settings):
        send_smtp(data, from_address=from_address, to_address=to_address, settings=settings)
        return Delivered("smtp", f"{settings.host}:{settings.effective_port}")
    return Delivered("outbox", str(write_outbox(data, outbox, filename)))


def write_outbox(data: bytes, outbox: Path, filename: str) -> Path:
    """Write the message as `outbox/filename` atomically: a reader never sees half a file,
    and writing the same message again replaces it instead of adding a copy."""
    try:
        outbox.mkdir(parents=True, exist_ok=True)
        target = outbox / filename
        tmp = outbox / f".{filename}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError as exc:
        raise DeliveryError(
            f"could not write to the outbox {outbox}: {exc.strerror or exc}"
        ) from None
    return target


def _password(settings: SmtpSettings) -> str:
    password = get_secret(settings.password_env)
    if not password:
        raise DeliveryError(
            f"SMTP login as {settings.username!r}: password not set: set {settings.password_env} "
            f"in the environment (or a Prefect Secret block named "
            f"{secret_block_name(settings.password_env)})"
        )
    return password


def _context(settings: SmtpSettings) -> ssl.SSLContext:
    cafile = settings.ca_file or None
    if cafile and not Path(cafile).exists():
        raise DeliveryError(f"[smtp] ca_file {cafile}: no such file")
    return ssl.create_default_context(cafile=cafile)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = (
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else str(exc.smtp_error)
        )
        return f"the server answered {exc.smtp_code} {' '.join(text.split())}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [
            f"{code} {msg.decode('utf-8', 'replace') if isinstance(msg, bytes) else msg}"
            for code, msg in exc.recipients.values()
        ]
        return "the server refused the recipient: " + "; ".join(codes)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "the server closed the connection"
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed ({exc.reason or exc})"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (is the server running, and is the port right?)"
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc) or type(exc).__name__
    return str(exc) or type(exc).__name__


def send_smtp(data: bytes, *, from_address: str, to_address: str, settings: SmtpSettings) -> None:
    """One SMTP session: connect, TLS, login, MAIL, RCPT, DATA, QUIT. Raises DeliveryError."""
    host, port = settings.host, settings.effective_port
    where = f"{host}:{port}"
    password = _password(settings) if settings.username else ""
    context = _context(settings) if settings.security != "none" else None
    smtp: smtplib.SMTP | None = None
    try:
        if settings.security == "ssl":
            smtp = smtplib.SMTP_SSL(host, port, timeout=settings.timeout_seconds, context=context)
        else:
            smtp = smtplib.SMTP(host, port, timeout=settings.timeout_seconds)
        smtp.ehlo()
        if settings.security == "starttls":
            if not smtp.has_extn("starttls"):
                raise DeliveryError(
                    f'{where} does not offer STARTTLS; set [smtp] security = "ssl" (port 465) '
                    'or "none" only for a relay on this machine'
                )
            smtp.starttls(context=context)
            smtp.ehlo()
        if settings.username:
            try:
                smtp.login(settings.username, password)
            except smtplib.SMTPAuthenticationError as exc:
                raise DeliveryError(
                    f"{where} refused the login of {settings.username!r} ({exc.smtp_code}): "
                    f"check [smtp] username and {settings.password_env}"
                ) from None
        # MAIL and RCPT refusals are definite: nothing was handed over yet
        code, reply = smtp.mail(from_address)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, reply, from_address)
        code, reply = smtp.rcpt(to_address)
        if code not in (250, 251):
            raise smtplib.SMTPRecipientsRefused({to_address: (code, reply)})
        try:
            code, reply = smtp.data(data)
        except smtplib.SMTPDataError:
            raise  # the server answered and refused: definitely not accepted
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            # the message may have been received before the line dropped
            raise DeliveryError(
                f"could not send through {where}: {_reason(exc)} while sending the message",
                ambiguous=True,
            ) from None
        if code != 250:
            # data() returns a refusal of the finished message instead of raising it
            raise smtplib.SMTPDataError(code, reply)
    except DeliveryError:
        raise
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"could not send through {where}: {_reason(exc)}") from None
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()


_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """A file-name-safe form of a name or address: "Karen Holt" -> "karen-holt"."""
    return _SLUG.sub("-", text.lower()).strip("-")[:60] or "recipient"
