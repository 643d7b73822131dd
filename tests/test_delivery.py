"""Delivery and idempotency: real SMTP servers on 127.0.0.1 (aiosmtpd; one that refuses, one
that drops), STARTTLS/SSL with login, the outbox, and crashes between sending and recording:
a `gpwatch digest` subprocess killed by SIGKILL, and a database locked by another process at
the moment the send is recorded. At most one duplicate, with the same Message-ID, ever.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alerts import dispatch
from gpwatch.cli import app
from gpwatch.config import load_config
from storage.store import Store
from tests.conftest import DEMO
from tests.support.pipeline import run_demo_pipeline
from tests.support.smtp import DroppingServer, SmtpServer, free_port, self_signed

KAREN = "karen.holt@elmtree.example.nhs.uk"
LMC = "office@lmc.example.org"


@pytest.fixture(scope="module")
def demo_built(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("demo-built") / "demo"
    shutil.copytree(DEMO, target, ignore=shutil.ignore_patterns("data", "outbox"))
    assert run_demo_pipeline(target / "gpwatch.toml")["status"] == "ok"
    return target


@pytest.fixture
def demo_cfg(demo_built: Path, tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(demo_built, target)
    cfg = target / "gpwatch.toml"
    # short lock waits: the lock test holds the file on purpose
    cfg.write_text(cfg.read_text().replace("lock_timeout_seconds = 10", "lock_timeout_seconds = 1"))
    return cfg


def set_smtp(cfg: Path, port: int, **extra: str) -> Path:
    lines = ['host = "127.0.0.1"', f"port = {port}", 'from = "alerts@elmtree.example.nhs.uk"']
    lines += [f"{k} = {v}" for k, v in extra.items()]
    if "security" not in extra:
        lines.append('security = "none"')
    text = cfg.read_text().split("\n[smtp]\n")[0]
    cfg.write_text(text + "\n[smtp]\n" + "\n".join(lines) + "\n")
    return cfg


def sends(cfg: Path) -> list[tuple]:
    with Store(load_config(cfg).database_path).db.read() as con:
        return con.execute(
            "SELECT recipient_email, kind, status, attempts, interrupted, message_id "
            "FROM digest_sends ORDER BY send_id"
        ).fetchall()


def send(cfg: Path, **kw) -> dispatch.DispatchReport:
    config = load_config(cfg)
    store = Store(config.database_path, lock_timeout=config.database.lock_timeout_seconds)
    return dispatch.send_digests(config, store, **kw)


def message_ids(srv: SmtpServer) -> list[str]:
    return [r.message["Message-ID"] for r in srv.received]


# ---- once per period ---------------------------------------------------------------------


def test_gpwatch_digest_twice_sends_one_email(prefect_api, demo_cfg):
    with SmtpServer() as srv:
        set_smtp(demo_cfg, srv.port)
        first = CliRunner().invoke(app, ["digest", "-c", str(demo_cfg), "--to", KAREN])
        second = CliRunner().invoke(app, ["digest", "-c", str(demo_cfg), "--to", KAREN])
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert len(srv.received) == 1 and srv.received[0].rcpt_tos == [KAREN]
    assert "already sent" in second.output
    assert [(e, s, a) for e, _, s, a, _, _ in sends(demo_cfg)] == [(KAREN, "sent", 1)]


def test_gpwatch_digest_exits_1_when_the_server_is_down_and_sends_on_the_next_run(
    prefect_api, demo_cfg
):
    set_smtp(demo_cfg, free_port())
    down = CliRunner().invoke(app, ["digest", "-c", str(demo_cfg), "--to", "Karen Holt"])
    assert down.exit_code == 1
    assert "NOT sent" in down.output and "retried next run" in down.output
    with SmtpServer() as srv:
        set_smtp(demo_cfg, srv.port)
        up = CliRunner().invoke(app, ["digest", "-c", str(demo_cfg), "--to", "Karen Holt"])
    assert up.exit_code == 0, up.output
    assert len(srv.received) == 1


def test_digest_flow_saves_its_summary_as_an_artifact(prefect_api, demo_cfg):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.digest import digest

    with SmtpServer() as srv:
        set_smtp(demo_cfg, srv.port)
        result = digest(str(demo_cfg))
    assert result["sent"] == 2 and len(srv.received) == 2
    with get_client(sync_client=True) as client:
        arts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["gpwatch-digest-summary"]))
        )
    subject = srv.received[0].message["Subject"]
    assert any(subject in (a.data or "") and LMC in (a.data or "") for a in arts)


# ---- refused and dropped connections -----------------------------------------------------


@pytest.mark.parametrize("failure", ["refuses_message", "drops_connection", "nobody_listening"])
def test_a_server_that_refuses_or_drops_leaves_it_unsent_and_retried(demo_cfg, failure):
    if failure == "refuses_message":
        bad = SmtpServer(refuse_data=True)
    elif failure == "drops_connection":
        bad = DroppingServer()
    else:
        bad = None
    port = bad.port if bad is not None else free_port()
    set_smtp(demo_cfg, port)
    if bad is not None:
        with bad:
            report = send(demo_cfg, only=KAREN)
    else:
        report = send(demo_cfg, only=KAREN)
    outcome = report.outcomes[0]
    assert outcome.status == "failed" and "retried next run" in outcome.line()
    assert f"127.0.0.1:{port}" in outcome.error
    assert [(s, i) for _, _, s, _, i, _ in sends(demo_cfg)] == [("failed", 0)]
    if failure == "refuses_message":
        assert "554" in outcome.error

    with SmtpServer() as good:
        set_smtp(demo_cfg, good.port)
        retry = send(demo_cfg, only=KAREN)
        again = send(demo_cfg, only=KAREN)
    assert retry.outcomes[0].status == "sent" and again.outcomes[0].status == "already_sent"
    assert len(good.received) == 1
    assert [(s, a) for _, _, s, a, _, _ in sends(demo_cfg)] == [("sent", 2)]


def test_connection_dropped_after_the_message_resends_the_same_message_once(demo_cfg):
    """The line drops after DATA: it may have arrived. The retry sends the same bytes with the
    same Message-ID; once accepted, nothing more."""
    with SmtpServer(drop_after_data=True) as flaky:
        set_smtp(demo_cfg, flaky.port)
        report = send(demo_cfg, only=KAREN)
    assert report.outcomes[0].status == "failed"
    assert [(s, i) for _, _, s, _, i, _ in sends(demo_cfg)] == [("failed", 1)]
    with SmtpServer() as good:
        set_smtp(demo_cfg, good.port)
        assert send(demo_cfg, only=KAREN).outcomes[0].status == "resent"
        assert send(demo_cfg, only=KAREN).outcomes[0].status == "already_sent"
    assert len(flaky.received) == 1 and len(good.received) == 1
    assert flaky.received[0].data == good.received[0].data
    assert message_ids(flaky) == message_ids(good)


# ---- a crash between sending and recording -------------------------------------------------


def gpwatch_digest(cfg: Path, prefect_api: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PREFECT_API_URL=prefect_api)
    return subprocess.Popen(
        [sys.executable, "-m", "gpwatch.cli", "digest", "--config", str(cfg), "--to", KAREN],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


class Killer:
    """on_data callback: SIGKILL the sending process once the server holds its message."""

    def __init__(self) -> None:
        self.pid: int | None = None
        self.killed = 0

    def __call__(self, session) -> None:
        if self.pid is not None:
            os.kill(self.pid, signal.SIGKILL)
            self.killed += 1
            self.pid = None


@pytest.mark.slow
def test_killed_between_send_and_record_sends_at_most_one_duplicate(prefect_api, demo_cfg):
    killer = Killer()
    with SmtpServer(on_data=killer) as srv:
        set_smtp(demo_cfg, srv.port)
        proc = gpwatch_digest(demo_cfg, prefect_api)
        killer.pid = proc.pid
        out, _ = proc.communicate(timeout=180)
        assert proc.returncode == -signal.SIGKILL, out
        assert killer.killed == 1 and len(srv.received) == 1
        # the message is in the server's hands but the record still says 'sending'
        assert [(s, a) for _, _, s, a, _, _ in sends(demo_cfg)] == [("sending", 1)]

        resent = send(demo_cfg, only=KAREN)
        third = send(demo_cfg, only=KAREN)
    assert resent.outcomes[0].status == "resent"
    assert third.outcomes[0].status == "already_sent"
    assert len(srv.received) == 2, "one duplicate at most"
    assert srv.received[0].data == srv.received[1].data
    assert len(set(message_ids(srv))) == 1
    assert [(s, a, i) for _, _, s, a, i, _ in sends(demo_cfg)] == [("sent", 2, 1)]


@pytest.mark.slow
def test_killed_twice_is_never_sent_a_third_time(prefect_api, demo_cfg):
    killer = Killer()
    with SmtpServer(on_data=killer) as srv:
        set_smtp(demo_cfg, srv.port)
        for _ in range(2):
            proc = gpwatch_digest(demo_cfg, prefect_api)
            killer.pid = proc.pid
            proc.communicate(timeout=180)
            assert proc.returncode == -signal.SIGKILL
        report = send(demo_cfg, only=KAREN)
        later = send(demo_cfg, only=KAREN)
    assert killer.killed == 2 and len(srv.received) == 2
    assert report.outcomes[0].status == later.outcomes[0].status == "unconfirmed"
    assert not report.outcomes[0].ok and "not sent again" in report.outcomes[0].line()
    assert len(set(message_ids(srv))) == 1
    assert [(s, a, i) for _, _, s, a, i, _ in sends(demo_cfg)] == [("unconfirmed", 2, 2)]


LOCK_HOLDER = textwrap.dedent(
    """
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    con.close()
    """
)


def test_database_locked_when_recording_the_send_resends_once_later(demo_cfg):
    """After the server accepted the message another process takes the database: the send
    cannot be recorded. The record stays 'sending'; the next run resends the same message once."""
    db = load_config(demo_cfg).database_path
    holders: list[subprocess.Popen[str]] = []

    def lock_database(session) -> None:
        proc = subprocess.Popen(
            [sys.executable, "-c", LOCK_HOLDER, str(db), "3"], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        holders.append(proc)

    with SmtpServer(on_data=lock_database) as srv:
        set_smtp(demo_cfg, srv.port)
        report = send(demo_cfg, only=KAREN)
        assert report.outcomes[0].status == "unrecorded"
        assert "sent once more" in report.outcomes[0].error
        holders[0].wait(timeout=30)
        srv.on_data = None
        assert [(s, a) for _, _, s, a, _, _ in sends(demo_cfg)] == [("sending", 1)]
        assert send(demo_cfg, only=KAREN).outcomes[0].status == "resent"
        assert send(demo_cfg, only=KAREN).outcomes[0].status == "already_sent"
    assert len(srv.received) == 2 and len(set(message_ids(srv))) == 1


# ---- TLS and login -------------------------------------------------------------------------


def test_starttls_with_login_password_from_the_environment(demo_cfg, tmp_path, monkeypatch):
    cert, server_ctx = self_signed(tmp_path)
    monkeypatch.setenv("GPWATCH_TEST_SMTP_PASSWORD", "correct horse")
    with SmtpServer(tls=server_ctx, users={"gpwatch": "correct horse"}) as srv:
        set_smtp(
            demo_cfg,
            srv.port,
            security='"starttls"',
            username='"gpwatch"',
            password_env='"GPWATCH_TEST_SMTP_PASSWORD"',
            ca_file=f'"{cert}"',
        )
        report = send(demo_cfg, only=KAREN)
        assert report.outcomes[0].status == "sent", report.outcomes[0].error
        assert srv.logins == ["gpwatch"] and len(srv.received) == 1

        monkeypatch.setenv("GPWATCH_TEST_SMTP_PASSWORD", "wrong battery")
        wrong = send(demo_cfg, only=LMC)
        monkeypatch.delenv("GPWATCH_TEST_SMTP_PASSWORD")
        unset = send(demo_cfg, only=LMC)
    assert wrong.outcomes[0].status == "failed"
    assert "refused the login of 'gpwatch'" in wrong.outcomes[0].error
    assert "wrong battery" not in wrong.outcomes[0].error
    assert "password not set: set GPWATCH_TEST_SMTP_PASSWORD" in unset.outcomes[0].error
    assert len(srv.received) == 1
    with Store(load_config(demo_cfg).database_path).db.read() as con:
        dumped = str(con.execute("SELECT * EXCLUDE (message) FROM digest_sends").fetchall())
    assert "correct horse" not in dumped and "wrong battery" not in dumped


def test_starttls_refuses_a_certificate_it_cannot_trust(demo_cfg, tmp_path):
    _, server_ctx = self_signed(tmp_path)
    with SmtpServer(tls=server_ctx) as srv:
        set_smtp(demo_cfg, srv.port, security='"starttls"')
        report = send(demo_cfg, only=KAREN)
    assert report.outcomes[0].status == "failed" and "TLS failed" in report.outcomes[0].error
    assert srv.received == []


def test_implicit_ssl(demo_cfg, tmp_path):
    cert, server_ctx = self_signed(tmp_path)
    with SmtpServer(implicit_tls=server_ctx) as srv:
        set_smtp(demo_cfg, srv.port, security='"ssl"', ca_file=f'"{cert}"')
        report = send(demo_cfg, only=KAREN)
    assert report.outcomes[0].status == "sent", report.outcomes[0].error
    assert len(srv.received) == 1


# ---- the outbox ----------------------------------------------------------------------------


def test_without_smtp_digests_are_eml_files_in_the_outbox_once(demo_cfg):
    cfg = load_config(demo_cfg)
    assert not cfg.smtp.host
    send(demo_cfg)
    send(demo_cfg)
    files = sorted(cfg.outbox_path.glob("*.eml"))
    assert [f.name.split("-digest-")[1] for f in files] == [
        "karen-holt-elmtree-example-nhs-uk.eml",
        "office-lmc-example-org.eml",
    ]
    msg = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert msg["To"].addresses[0].addr_spec == KAREN
    assert msg.get_content_type() == "multipart/alternative"
    assert not list(cfg.outbox_path.glob(".*.tmp"))
    assert [s for _, _, s, _, _, _ in sends(demo_cfg)] == ["sent", "sent"]


def test_an_outbox_that_cannot_be_written_is_a_failure_retried(demo_cfg):
    outbox = load_config(demo_cfg).outbox_path
    outbox.parent.mkdir(parents=True, exist_ok=True)
    outbox.write_text("a file where the folder should be")
    report = send(demo_cfg, only=KAREN)
    assert report.outcomes[0].status == "failed" and "outbox" in report.outcomes[0].error
    outbox.unlink()
    assert send(demo_cfg, only=KAREN).outcomes[0].status == "sent"


# ---- urgent alerts ---------------------------------------------------------------------------


def test_critical_alerts_go_to_urgent_recipients_once(demo_cfg):
    with Store(load_config(demo_cfg).database_path).db.read() as con:
        critical = [
            r[0]
            for r in con.execute(
                "SELECT alert_id FROM alerts WHERE severity = 'critical' AND practice_id = 'X99001'"
            ).fetchall()
        ]
    assert critical
    with SmtpServer() as srv:
        set_smtp(demo_cfg, srv.port)
        cfg = load_config(demo_cfg)
        store = Store(cfg.database_path)
        first = dispatch.send_urgent(cfg, store)
        second = dispatch.send_urgent(cfg, store)
    assert [o.status for o in first.outcomes] == ["sent"] * len(critical)
    assert second.outcomes == []
    assert {tuple(m.rcpt_tos) for m in srv.received} == {(KAREN,)}  # the LMC is not urgent
    msg = srv.received[0].message
    assert msg["Subject"].startswith("URGENT: threat of violence")
    text = msg.get_body(preferencelist=("plain",)).get_content()
    assert f"gpwatch export --alert {critical[0]}" in text and "999" in text


def test_monitor_run_emails_critical_alerts_and_a_mail_failure_never_fails_it(
    prefect_api, demo_copy, monkeypatch
):
    from flows.monitor import monitor
    from gpwatch.demo import DEMO_URL_ENV, DemoServer

    port = free_port()  # nothing listens: every urgent email fails
    set_smtp(demo_copy, port)
    with DemoServer(demo_copy.parent) as site:
        monkeypatch.setenv(DEMO_URL_ENV, site.url)
        summary = monitor(str(demo_copy))
        assert summary["status"] == "ok"
        assert summary["urgent"]["sent"] == 0 and summary["urgent"]["failed"] >= 1
        with SmtpServer() as srv:
            set_smtp(demo_copy, srv.port)
            again = monitor(str(demo_copy))
    assert again["status"] == "ok" and again["urgent"]["sent"] == summary["urgent"]["failed"]
    assert {tuple(m.rcpt_tos) for m in srv.received} == {(KAREN,)}
