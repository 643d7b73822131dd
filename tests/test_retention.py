"""Retention (`gpwatch purge`) and legal hold: old items go, held evidence never does."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from alerts.evidence import export_alert
from alerts.retention import RetentionError, hold_alert, list_holds, purge, release_alert
from gpwatch.cli import app
from gpwatch.config import ConfigError, load_config
from storage.store import Store
from tests.support.evidence_items import store_social, write_config

runner = CliRunner()
NOW = datetime.now(UTC)
OLD = NOW - timedelta(days=400)


def keys(store: Store, table: str) -> set[tuple[str, str]]:
    with store.db.read() as con:
        return {
            (r[0], r[1]) for r in con.execute(f"SELECT source, external_id FROM {table}").fetchall()
        }


def alert_id(store: Store, external_id: str) -> int:
    with store.db.read() as con:
        row = con.execute(
            "SELECT alert_id FROM alerts WHERE external_id = ?", [external_id]
        ).fetchone()
    assert row, external_id
    return int(row[0])


@pytest.fixture
def old_site(tmp_path):
    """Every social item captured 400 days ago, with a 365-day retention period."""
    cfg = write_config(tmp_path / "site", days=365)
    stored = store_social(cfg, fetched=OLD)
    return cfg, Store(cfg.database_path), stored


def resolve_all(store: Store) -> None:
    with store.db.read() as con:
        ids = [r[0] for r in con.execute("SELECT alert_id FROM alerts").fetchall()]
    for i in ids:
        store.set_alert_status(i, "resolved", "Karen Holt", "dealt with")


def test_purge_deletes_old_items_but_never_held_evidence(old_site, tmp_path):
    cfg, store, _ = old_site
    resolve_all(store)
    threat = alert_id(store, "1860000000000000002")  # shares its API page with ...0001
    reddit = alert_id(store, "t1_kq0abc1")
    export_alert(cfg, threat, tmp_path / "threat.zip", "Karen Holt")
    hold_alert(cfg, reddit, by="Karen Holt", reason="police report 14/1234")
    before_items = keys(store, "raw_items")
    assert len(before_items) == 5

    dry = purge(cfg, by="Karen Holt", dry_run=True)
    assert keys(store, "raw_items") == before_items  # a dry run deletes nothing
    assert dry.deleted_items == 3 and dry.kept_held == 2 and dry.kept_open_alert == 0
    assert "Would delete 3 items" in "\n".join(dry.lines())

    done = purge(cfg, by="Karen Holt")
    assert done.counts == dry.counts
    assert keys(store, "raw_items") == {("x", "1860000000000000002"), ("reddit", "t1_kq0abc1")}
    for table in ("mentions", "verdicts", "alerts"):
        assert keys(store, table) <= keys(store, "raw_items"), table
    with store.db.read() as con:
        # the API page of the held post is kept, though the other post on it was deleted
        held_payloads = con.execute(
            "SELECT count(*) FROM raw_items r JOIN payloads p ON p.sha256 = r.payload_sha256"
        ).fetchone()[0]
        payloads = con.execute("SELECT count(*) FROM payloads").fetchone()[0]
        orphan_events = con.execute(
            "SELECT count(*) FROM alert_events WHERE alert_id NOT IN (SELECT alert_id FROM alerts)"
        ).fetchone()[0]
        custody = con.execute(
            "SELECT action, who, items FROM custody_events ORDER BY event_id"
        ).fetchall()
    assert held_payloads == 2 and payloads == 2 and orphan_events == 0
    assert done.counts["delete_payloads"] == 2  # x page 2 and the Bluesky response
    assert custody == [
        ("export", "Karen Holt", 1),
        ("hold", "Karen Holt", 1),
        ("purge", "Karen Holt", 3),
    ]
    # the pack still verifies against the database it came from: its items are all there
    assert purge(cfg, by="Karen Holt").deleted_items == 0


def test_unresolved_alerts_are_kept_and_the_reason_given(old_site):
    cfg, store, _ = old_site
    report = purge(cfg, by="tester")
    # every item raised an alert that nobody has resolved
    assert report.deleted_items == 0 and report.kept_open_alert == 5
    assert any("5 old items whose alert is not resolved" in line for line in report.lines())
    assert len(keys(store, "raw_items")) == 5


def test_recent_items_are_kept_whatever_their_status(tmp_path):
    cfg = write_config(tmp_path / "site", days=365)
    store_social(cfg, fetched=NOW - timedelta(days=10))
    store = Store(cfg.database_path)
    resolve_all(store)
    report = purge(cfg, by="tester")
    assert report.deleted_items == 0 and report.counts["items_recent"] == 5


def test_release_lets_the_next_purge_delete_and_is_on_record(old_site):
    cfg, store, _ = old_site
    resolve_all(store)
    reddit = alert_id(store, "t1_kq0abc1")
    hold_alert(cfg, reddit, by="Karen Holt", reason="police report 14/1234")
    assert [(r[0], r[1]) for r in list_holds(cfg)] == [("reddit", "t1_kq0abc1")]
    with pytest.raises(RetentionError, match="why"):
        release_alert(cfg, reddit, by="Karen Holt", reason=" ")
    release_alert(cfg, reddit, by="Karen Holt", reason="case closed by police")
    assert list_holds(cfg) == []
    with pytest.raises(RetentionError, match="not on hold"):
        release_alert(cfg, reddit, by="Karen Holt", reason="again")
    assert purge(cfg, by="tester").deleted_items == 5
    with store.db.read() as con:
        hold = con.execute(
            "SELECT held_by, reason, released_by, release_reason FROM legal_holds"
        ).fetchall()
    assert hold == [("Karen Holt", "police report 14/1234", "Karen Holt", "case closed by police")]


def test_hold_needs_a_real_alert_and_a_reason(old_site):
    cfg, _, _ = old_site
    with pytest.raises(RetentionError, match="no alert 999"):
        hold_alert(cfg, 999, by="tester", reason="x")
    with pytest.raises(RetentionError, match="why"):
        hold_alert(cfg, 1, by="tester", reason="")


def test_retention_days_come_from_the_config(tmp_path):
    cfg = write_config(tmp_path / "site", days=30)
    assert cfg.retention.days == 30
    store_social(cfg, fetched=NOW - timedelta(days=45))
    resolve_all(Store(cfg.database_path))
    assert purge(cfg, by="tester", dry_run=True).deleted_items == 5
    longer = write_config(tmp_path / "other", days=60)
    store_social(longer, fetched=NOW - timedelta(days=45))
    resolve_all(Store(longer.database_path))
    assert purge(longer, by="tester", dry_run=True).deleted_items == 0
    bad = tmp_path / "bad.toml"
    bad.write_text(
        (tmp_path / "site" / "gpwatch.toml").read_text().replace("days = 30", "days = 0")
    )
    with pytest.raises(ConfigError, match=r"retention\.days"):
        load_config(bad)


def test_cli_hold_and_purge(old_site):
    cfg, store, _ = old_site
    config = str(cfg.base_dir / "gpwatch.toml")
    resolve_all(store)
    reddit = alert_id(store, "t1_kq0abc1")
    res = runner.invoke(
        app,
        [
            "hold",
            "--alert",
            str(reddit),
            "--reason",
            "PC asked",
            "-c",
            config,
            "--by",
            "Karen Holt",
        ],
    )
    assert res.exit_code == 0, res.output
    listed = runner.invoke(app, ["hold", "--list", "-c", config])
    assert "t1_kq0abc1" in listed.output and "PC asked" in listed.output
    dry = runner.invoke(app, ["purge", "--dry-run", "-c", config])
    assert dry.exit_code == 0, dry.output
    assert "Would delete 4 items" in dry.output and "Kept 1 old items on legal hold" in dry.output
    assert "nothing was deleted" in dry.output
    assert len(keys(store, "raw_items")) == 5
    res = runner.invoke(app, ["purge", "-c", config, "--by", "Karen Holt"])
    assert res.exit_code == 0 and "Deleted 4 items" in res.output
    assert keys(store, "raw_items") == {("reddit", "t1_kq0abc1")}
    sql = runner.invoke(
        app,
        [
            "sql",
            "SELECT action, detail FROM custody_events WHERE action = 'purge'",
            "-c",
            config,
            "-f",
            "json",
        ],
    )
    (row,) = [json.loads(line) for line in sql.output.splitlines()]
    assert json.loads(row["detail"])["keep_held"] == 1
    for args in (["hold", "-c", config], ["hold", "--alert", str(reddit), "-c", config]):
        res = runner.invoke(app, args)  # no alert; no reason
        assert res.exit_code == 2 and len(res.output.strip().splitlines()) == 1, res.output


def test_purge_clears_old_email_copies_but_keeps_the_record_that_they_were_sent(old_site):
    from alerts.dispatch import send_digests

    cfg, store, _ = old_site
    toml = cfg.base_dir / "gpwatch.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        + '\n[[recipients]]\nname = "Karen Holt"\nemail = "karen@example.nhs.uk"\n',
        encoding="utf-8",
    )
    cfg = load_config(toml)
    resolve_all(store)
    first = send_digests(cfg, store, now=NOW)
    assert [o.status for o in first.outcomes] == ["sent"]
    with store.db.read() as con:
        (size,) = con.execute("SELECT octet_length(message) FROM digest_sends").fetchone()
    assert size > 1000  # the email, quoting the posts, is kept while it is recent

    report = purge(cfg, by="Karen Holt", now=NOW + timedelta(days=400))
    assert report.counts["clear_email_copies"] == 1
    assert any("Cleared the stored copies of 1 emails" in line for line in report.lines())
    with store.db.read() as con:
        rows = con.execute("SELECT status, octet_length(message) FROM digest_sends").fetchall()
        left = con.execute("SELECT count(*) FROM digest_items").fetchone()[0]
    assert rows == [("sent", 0)] and left == 0
    # the record stays, so the same period is never sent again
    again = send_digests(cfg, store, now=NOW)
    assert all(o.status != "sent" or o.attempts == 1 for o in again.outcomes)
    with store.db.read() as con:
        assert con.execute("SELECT count(*), max(attempts) FROM digest_sends").fetchone() == (1, 1)
