"""Real SMTP servers on 127.0.0.1 for delivery tests: aiosmtpd (plain, STARTTLS, SSL, login),
one that refuses messages, and one that drops the connection.

aiosmtpd cannot listen on port 0, so a free port is picked first.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        msg = message_from_bytes(self.data, policy=policy.default)
        assert isinstance(msg, EmailMessage)
        return msg


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        owner = self.server
        if owner.refuse_data:
            return "554 5.7.1 Message refused by policy"
        data = envelope.original_content or envelope.content
        owner.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(data)))
        if owner.on_data is not None:
            # e.g. kill the sending process, or lock its database, after the message arrived
            owner.on_data(session)
        if owner.drop_after_data:
            session_transport = server.transport
            session_transport.close()
            return "250 OK"
        return "250 OK: queued"


class SmtpServer:
    """`with SmtpServer() as srv: ...; srv.received[0].message`.

    tls: a server SSLContext for STARTTLS (required when given); implicit_tls: wrap the whole
    connection (SMTPS, port 465 style); users: {login: password} to require AUTH.
    """

    def __init__(
        self,
        *,
        tls: ssl.SSLContext | None = None,
        implicit_tls: ssl.SSLContext | None = None,
        users: dict[str, str] | None = None,
        refuse_data: bool = False,
        drop_after_data: bool = False,
        on_data: Callable[[Any], None] | None = None,
    ) -> None:
        self.port = free_port()
        self.received: list[Received] = []
        self.refuse_data = refuse_data
        self.drop_after_data = drop_after_data
        self.on_data = on_data
        self.logins: list[str] = []
        kwargs: dict[str, Any] = {}
        if tls is not None:
            kwargs.update(tls_context=tls, require_starttls=True)
        if users is not None:
            kwargs.update(
                authenticator=self._authenticator(users),
                auth_required=True,
                auth_require_tls=tls is not None or implicit_tls is not None,
            )
        self._controller = Controller(
            _Handler(self),
            hostname="127.0.0.1",
            port=self.port,
            ssl_context=implicit_tls,
            server_hostname="localhost",
            **kwargs,
        )

    def _authenticator(self, users: dict[str, str]) -> Callable[..., AuthResult]:
        def check(
            server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
        ) -> AuthResult:
            if not isinstance(auth_data, LoginPassword):
                return AuthResult(success=False, handled=False)
            login = auth_data.login.decode()
            ok = users.get(login) == auth_data.password.decode()
            if ok:
                self.logins.append(login)
            return AuthResult(success=ok, handled=False)

        return check

    def __enter__(self) -> SmtpServer:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()


class DroppingServer:
    """Accepts connections, greets, then hangs up at the first command: a server that drops."""

    def __init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(5)
        self._sock.settimeout(0.2)
        self.port = int(self._sock.getsockname()[1])
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            with conn:
                conn.sendall(b"220 localhost ESMTP\r\n")
                conn.settimeout(2)
                with contextlib.suppress(OSError):
                    conn.recv(1024)

    def __enter__(self) -> DroppingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._sock.close()


def self_signed(tmp: Path) -> tuple[Path, ssl.SSLContext]:
    """A certificate for localhost/127.0.0.1: (its PEM file, to trust as a CA; a server context)."""
    from ipaddress import IPv4Address

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(IPv4Address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp / "smtp-cert.pem", tmp / "smtp-key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert_file, key_file)
    return cert_file, ctx
