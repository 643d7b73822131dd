"""Evidence packs: what goes in them, for every source kind, from real stored items.

Social items are stored through Store.save_batch exactly as their connectors build them; RSS
and NHS website items come through the real connectors over the loopback HTTP server; the
demo test runs the real Prefect flow. Every pack is checked with verify_pack.
"""

from __future__ import annotations

import hashlib
import html.parser
import json
import re
import shutil
import subprocess
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alerts.evidence import (
    EvidenceError,
    export_alert,
    export_author,
    export_practice,
)
from alerts.verify import verify_pack
from gpwatch.cli import app
from gpwatch.config import load_config
from gpwatch.models import Batch
from storage.store import Store
from tests.support.evidence_items import (
    FEED_PATH,
    HOSTILE,
    REVIEWS_PATH,
    X_AUTHOR,
    X_AUTHOR_ID,
    fetch_loopback_items,
    flip,
    reddit_items,
    rewrite,
    store_for,
    store_social,
    write_config,
    x_items,
)
from tests.support.loopback import LoopbackServer

runner = CliRunner()
SOURCE_KINDS = ("rss", "nhs_reviews", "reddit", "x", "bluesky")
PDFTOPPM = shutil.which("pdftoppm")
PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture(scope="module")
def _everything_once(tmp_path_factory):
    """Stored, classified items of every source kind (built once: classification is slow)."""
    site = tmp_path_factory.mktemp("evidence") / "site"
    cfg = write_config(site)
    social = store_social(cfg)
    with LoopbackServer() as srv:
        served = fetch_loopback_items(cfg, srv)
    return site, {**social.payloads, **served.payloads}


@pytest.fixture
def everything(_everything_once, tmp_path):
    """A private copy of that database (tests add custody events and holds to it)."""
    site, payloads = _everything_once
    shutil.copytree(site, tmp_path / "site")
    return load_config(tmp_path / "site" / "gpwatch.toml"), payloads


def alert_of(cfg, source: str, external_id: str | None = None) -> int:
    store = Store(cfg.database_path)
    with store.db.read() as con:
        rows = con.execute(
            "SELECT alert_id, external_id FROM alerts WHERE source = ? ORDER BY "
            "CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 "
            "ELSE 3 END, alert_id",
            [source],
        ).fetchall()
    assert rows, f"no alert for {source}"
    if external_id is not None:
        return next(r[0] for r in rows if r[1] == external_id)
    return rows[0][0]


def read_pack(path: Path) -> tuple[dict, dict, dict[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    return json.loads(files["manifest.json"]), json.loads(files["evidence.json"]), files


@pytest.mark.parametrize("kind", SOURCE_KINDS)
def test_alert_pack_for_every_source_kind_is_complete_and_verifies(everything, tmp_path, kind):
    cfg, payloads = everything
    alert_id = alert_of(cfg, kind)
    out = tmp_path / f"{kind}.zip"
    result = export_alert(cfg, alert_id, out, "Karen Holt")

    assert result.path == out and out.exists() and result.items == 1
    manifest, evidence, files = read_pack(out)
    assert result.manifest_sha256 == hashlib.sha256(files["manifest.json"]).hexdigest()
    names = set(files)
    assert {"manifest.json", "evidence.json", "report.html", "report.pdf", "README.txt"} <= names
    raw = [n for n in names if n.startswith("raw/")]
    assert len(raw) == 1
    # every file but the manifest is listed with its real hash and size
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == names - {"manifest.json"}
    for name, entry in listed.items():
        assert entry["sha256"] == hashlib.sha256(files[name]).hexdigest()
        assert entry["size"] == len(files[name])
    assert manifest["exported_by"] == "Karen Holt" and manifest["tool_version"]
    assert manifest["selection"] == {
        "kind": "alert",
        "description": f"alert {alert_id}",
        "alert_id": alert_id,
    }

    (item,) = evidence["items"]
    assert item["source"] == kind and item["raw_file"] == raw[0]
    # the payload in the pack is exactly what was stored (and, for rss/nhs, served)
    assert files[raw[0]] == payloads[(kind, item["external_id"])]
    assert item["payload"]["sha256"] == hashlib.sha256(files[raw[0]]).hexdigest()
    for key in (
        "platform",
        "url",
        "author",
        "title",
        "text",
        "published",
        "captured",
        "practices",
        "staff_named",
        "classifier",
        "alerts",
    ):
        assert key in item
    assert item["captured"]["utc"].endswith("Z") and item["captured"]["uk"]
    assert item["practices"][0]["practice_id"] == "X99001"
    assert item["classifier"]["version"] and "flags" in item["classifier"]
    (alert,) = item["alerts"]
    assert alert["alert_id"] == alert_id
    assert alert["history"][0]["status"] == "open"
    assert alert["history"][0]["changed_by"] == "gpwatch"

    checked = verify_pack(out, result.manifest_sha256)
    assert checked.intact, checked.problems
    assert checked.files_checked == len(listed)
    # one changed byte anywhere in any file: not intact, and that file is named
    for name, data in files.items():
        bad = tmp_path / "bad.zip"
        rewrite(out, bad, change={name: flip(data, len(data) // 2)})
        checked = verify_pack(bad, result.manifest_sha256)
        assert not checked.intact and name in checked.bad_files, (name, checked.problems)
        if name != "manifest.json":
            assert checked.bad_files == [name], checked.problems
        bad.unlink()


def test_raw_payload_is_byte_identical_to_what_the_loopback_server_served(tmp_path, loopback):
    cfg = write_config(tmp_path / "site")
    served = fetch_loopback_items(cfg, loopback)
    assert {"rss", "nhs_reviews"} <= set(served.keys)
    for kind in ("rss", "nhs_reviews"):
        key = served.keys[kind][0]
        out = tmp_path / f"{kind}.zip"
        export_practice(cfg, "X99001", date(2000, 1, 1), date(2100, 1, 1), out, "tester")
        _, evidence, files = read_pack(out)
        item = next(i for i in evidence["items"] if (i["source"], i["external_id"]) == key)
        assert files[item["raw_file"]] == served.payloads[key]
        out.unlink()
    # both documents really were fetched over HTTP from the loopback server
    paths = {r["path"] for r in loopback.requests}
    assert FEED_PATH in paths and REVIEWS_PATH in paths


def test_evidence_json_has_author_times_in_utc_and_uk_and_flags_with_spans(everything, tmp_path):
    cfg, _ = everything
    out = tmp_path / "x.zip"
    export_alert(cfg, alert_of(cfg, "x", "1860000000000000002"), out, "tester")
    _, evidence, _ = read_pack(out)
    (item,) = evidence["items"]
    assert item["author"] == {"handle": f"@{X_AUTHOR}", "id": X_AUTHOR_ID}
    assert item["url"] == f"https://x.com/{X_AUTHOR}/status/1860000000000000002"
    # 22 Nov 2026 14:30 UTC is 14:30 GMT; the UK time carries its own offset
    assert item["published"]["utc"] == "2026-11-22T14:30:00Z"
    assert item["published"]["uk"] == "2026-11-22T14:30:00+00:00"
    assert item["published"]["uk_zone"] == "GMT"
    assert HOSTILE in item["text"]  # quoted exactly, markup and all
    flags = item["classifier"]["flags"]
    assert flags["threat"] and flags["abuse"] and flags["staff_targeted"]
    spans = item["classifier"]["spans"]
    for flag in ("threat", "abuse"):
        for start, end, words in spans[flag]:
            assert item["text"][start:end] == words
    assert "Jade Wilson" in item["staff_named"]
    assert evidence["summary"]["flags"]["threat"] == 1


def test_summer_times_are_shown_in_bst(tmp_path):
    cfg = write_config(tmp_path / "site")
    store = store_for(cfg)
    when = datetime(2026, 7, 1, 8, 5, tzinfo=UTC)
    store.save_batch(Batch(reddit_items(when, when), {}), "reddit-sheffield", "reddit")
    from tests.support.evidence_items import classify

    classify(cfg, store)
    out = tmp_path / "r.zip"
    export_author(cfg, "throwaway_s10", "reddit", out, "tester")
    _, evidence, files = read_pack(out)
    assert evidence["items"][0]["published"]["uk"] == "2026-07-01T09:05:00+01:00"
    assert evidence["items"][0]["published"]["uk_zone"] == "BST"
    assert "09:05" in files["report.html"].decode() and "BST" in files["report.html"].decode()


def test_author_export_is_the_whole_course_of_conduct(everything, tmp_path):
    cfg, payloads = everything
    result = export_author(cfg, X_AUTHOR, "x", tmp_path / "author.zip", "tester")
    assert result.items == 3
    manifest, evidence, files = read_pack(result.path)
    ids = [i["external_id"] for i in evidence["items"]]
    assert ids == ["1860000000000000001", "1860000000000000002", "1860000000000000003"]  # by time
    assert {i["source"] for i in evidence["items"]} == {"x"}
    # two posts came in one API page: the page is in the pack once, named by both items
    raw = sorted(n for n in files if n.startswith("raw/"))
    assert len(raw) == 2
    first, second, third = evidence["items"]
    assert first["raw_file"] == second["raw_file"] != third["raw_file"]
    entry = next(f for f in manifest["files"] if f["path"] == first["raw_file"])
    assert sorted(entry["items"]) == ["x:1860000000000000001", "x:1860000000000000002"]
    assert files[first["raw_file"]] == payloads[("x", "1860000000000000001")]
    # the handle with @, and the numeric id, find the same posts
    again = export_author(cfg, f"@{X_AUTHOR.upper()}", "x", tmp_path / "a2.zip", "tester")
    by_id = export_author(cfg, X_AUTHOR_ID, "x", tmp_path / "a3.zip", "tester")
    assert again.items == by_id.items == 3
    assert verify_pack(result.path).intact


def test_practice_period_is_whole_uk_days(tmp_path):
    cfg = write_config(tmp_path / "site")
    store = store_for(cfg)
    fetched = datetime(2026, 7, 2, 12, 0, tzinfo=UTC)
    # 23:30 UTC on 30 June is 00:30 BST on 1 July: it belongs to 1 July in the UK
    posts = [
        ("1", "@ElmTreeSurgery useless idiots", datetime(2026, 6, 30, 23, 30, tzinfo=UTC)),
        ("2", "@ElmTreeSurgery useless idiots again", datetime(2026, 6, 30, 22, 30, tzinfo=UTC)),
    ]
    store.save_batch(Batch(x_items(fetched, posts), {}), "x-search", "x")
    from tests.support.evidence_items import classify

    classify(cfg, store)
    july = export_practice(
        cfg, "X99001", date(2026, 7, 1), date(2026, 7, 1), tmp_path / "july.zip", "tester"
    )
    june = export_practice(
        cfg, "X99001", date(2026, 6, 30), date(2026, 6, 30), tmp_path / "june.zip", "tester"
    )
    assert [i["external_id"] for i in read_pack(july.path)[1]["items"]] == ["1"]
    assert [i["external_id"] for i in read_pack(june.path)[1]["items"]] == ["2"]
    with pytest.raises(EvidenceError, match="nothing stored"):
        export_practice(
            cfg, "X99001", date(2025, 1, 1), date(2025, 1, 2), tmp_path / "n.zip", "tester"
        )
    with pytest.raises(EvidenceError, match="not a practice"):
        export_practice(
            cfg, "Y11111", date(2026, 1, 1), date(2026, 2, 1), tmp_path / "n.zip", "tester"
        )
    assert not (tmp_path / "n.zip").exists()


def test_export_is_recorded_puts_items_on_hold_and_never_overwrites(everything, tmp_path):
    cfg, _ = everything
    alert_id = alert_of(cfg, "reddit")
    out = tmp_path / "p.zip"
    result = export_alert(cfg, alert_id, out, "Karen Holt")
    with pytest.raises(EvidenceError, match="already exists"):
        export_alert(cfg, alert_id, out, "Karen Holt")
    with pytest.raises(EvidenceError, match="no alert 999"):
        export_alert(cfg, 999, tmp_path / "q.zip", "Karen Holt")
    assert not (tmp_path / "q.zip").exists() and not list(tmp_path.glob("*.partial"))
    store = Store(cfg.database_path)
    with store.db.read() as con:
        events = con.execute(
            "SELECT who, action, what, pack_path, pack_sha256, items, outcome FROM custody_events"
        ).fetchall()
        holds = con.execute(
            "SELECT source, external_id, alert_id, held_by, pack_sha256 FROM legal_holds"
        ).fetchall()
    assert events == [
        (
            "Karen Holt",
            "export",
            f"alert {alert_id}",
            str(out.resolve()),
            result.manifest_sha256,
            1,
            "ok",
        )
    ]
    assert holds == [("reddit", "t1_kq0abc1", alert_id, "Karen Holt", result.manifest_sha256)]
    assert result.held_items == 1 and result.custody_event_id is not None


def test_a_tampered_database_payload_is_refused(everything, tmp_path):
    cfg, _ = everything
    alert_id = alert_of(cfg, "bluesky")
    store = Store(cfg.database_path)
    with store.db.write() as con:
        con.execute(
            "UPDATE payloads SET data = CAST('{\"posts\": []}' AS BLOB) WHERE sha256 = "
            "(SELECT payload_sha256 FROM raw_items WHERE source = 'bluesky')"
        )
    with pytest.raises(EvidenceError, match="no longer matches the SHA-256"):
        export_alert(cfg, alert_id, tmp_path / "b.zip", "tester")
    assert not (tmp_path / "b.zip").exists()
    with store.db.read() as con:
        assert con.execute("SELECT count(*) FROM custody_events").fetchone()[0] == 0


# ---- hostile text ---------------------------------------------------------------------------


class _Elements(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_hostile_text_is_inert_in_report_html(everything, tmp_path):
    cfg, _ = everything
    store = Store(cfg.database_path)
    with store.db.write() as con:  # a permalink that is not a web address
        con.execute(
            "UPDATE raw_items SET url = 'javascript:alert(document.cookie)' "
            "WHERE external_id = '1860000000000000002'"
        )
    result = export_author(cfg, X_AUTHOR, "x", tmp_path / "x.zip", "tester")
    doc = read_pack(result.path)[2]["report.html"].decode("utf-8")
    parser = _Elements()
    parser.feed(doc)
    tags = {t for t, _ in parser.tags}
    assert "script" not in tags and "img" not in tags and "iframe" not in tags
    for tag, attrs in parser.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if tag == "a":
            href = attrs.get("href") or ""
            assert href.startswith(("#", "https://", "http://")), href
    text = "".join(parser.text)
    assert HOSTILE in text  # shown, exactly, as text
    assert "javascript:alert(document.cookie)" in text  # shown, not linked
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    assert "Content-Security-Policy" in doc and "script-src 'none'" in doc


@pytest.mark.skipif(
    PDFTOTEXT is None or PDFTOPPM is None,
    reason="poppler-utils (pdftotext, pdftoppm) is not installed: apt-get install -y poppler-utils",
)
def test_report_pdf_quotes_hostile_text_as_plain_text_and_renders(everything, tmp_path):
    cfg, _ = everything
    store = Store(cfg.database_path)
    with store.db.write() as con:
        con.execute(
            "UPDATE raw_items SET url = 'javascript:alert(document.cookie)' "
            "WHERE external_id = '1860000000000000002'"
        )
    result = export_author(cfg, X_AUTHOR, "x", tmp_path / "x.zip", "tester")
    pdf = read_pack(result.path)[2]["report.pdf"]
    (tmp_path / "report.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF-")
    for marker in (b"/JavaScript", b"/JS ", b"/JS(", b"/Launch", b"/AA ", b"/SubmitForm"):
        assert marker not in pdf
    # the only open action is fpdf2's "show page 1": a destination, not an action
    assert re.findall(rb"/OpenAction\s*(\S)", pdf) in ([], [b"["])
    uris = re.findall(rb"/URI \((.*?)\)", pdf)
    assert uris and all(u.startswith((b"https://", b"http://")) for u in uris), uris
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(tmp_path / "report.pdf"), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    flat = " ".join(text.split())
    assert "<script>alert(1)</script>" in flat
    assert "<img src=x onerror=alert(1)>" in flat
    assert "javascript:alert(document.cookie) (not a web address" in flat
    assert "“Sorry we're busy”" in flat  # curly quotes survive
    subprocess.run(
        [
            PDFTOPPM,
            "-r",
            "50",
            "-png",
            "-f",
            "1",
            "-l",
            "2",
            str(tmp_path / "report.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert pngs and all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)


def test_pdf_keeps_pound_signs_and_shows_missing_glyphs_as_code_points(everything, tmp_path):
    if PDFTOTEXT is None:
        pytest.skip("poppler-utils (pdftotext) is not installed: apt-get install -y poppler-utils")
    cfg, _ = everything
    result = export_alert(cfg, alert_of(cfg, "reddit"), tmp_path / "r.zip", "tester")
    pdf = read_pack(result.path)[2]["report.pdf"]
    (tmp_path / "r.pdf").write_bytes(pdf)
    text = subprocess.run(
        [PDFTOTEXT, str(tmp_path / "r.pdf"), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "£20 for a letter!" in " ".join(text.split())
    from alerts.evidence_report import pdf_text

    assert pdf_text("ok \U0001f9ff\x07é\tx") == "ok [U+1F9FF][U+0007]é    x"


# ---- the command line ------------------------------------------------------------------------


def test_cli_export_prints_the_manifest_hash_and_sql_shows_custody(everything, tmp_path):
    cfg, _ = everything
    config = str(cfg.base_dir / "gpwatch.toml")
    alert_id = alert_of(cfg, "x")
    out = tmp_path / "cli.zip"
    res = runner.invoke(
        app,
        [
            "export",
            "--alert",
            str(alert_id),
            "--out",
            str(out),
            "-c",
            config,
            "--by",
            "Karen Holt",
            "--reason",
            "police ref 14/1234",
        ],
    )
    assert res.exit_code == 0, res.output
    manifest_sha = hashlib.sha256(zipfile.ZipFile(out).read("manifest.json")).hexdigest()
    assert manifest_sha in res.output and "log book" in res.output
    ok = runner.invoke(app, ["verify", str(out), "-c", config, "--by", "PC Smith"])
    assert ok.exit_code == 0, ok.output
    assert "INTACT" in ok.output and "Matches the export recorded" in ok.output
    res = runner.invoke(
        app,
        [
            "sql",
            "SELECT who, action, outcome, pack_sha256 FROM custody_events ORDER BY event_id",
            "-c",
            config,
            "-f",
            "json",
        ],
    )
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert rows == [
        {"who": "Karen Holt", "action": "export", "outcome": "ok", "pack_sha256": manifest_sha},
        {"who": "PC Smith", "action": "verify", "outcome": "intact", "pack_sha256": manifest_sha},
    ]
    holds = runner.invoke(app, ["sql", "SELECT reason FROM legal_holds", "-c", config, "-f", "csv"])
    assert "police ref 14/1234" in holds.output


def test_cli_export_needs_exactly_one_selection_and_says_so_in_one_line(everything, tmp_path):
    cfg, _ = everything
    config = str(cfg.base_dir / "gpwatch.toml")
    for args in (
        [],
        ["--alert", "1", "--practice", "X99001"],
        ["--author", "x"],
        ["--practice", "X99001", "--since", "2026-01-01"],
        ["--practice", "X99001", "--since", "1/1/26", "--until", "2026-02-01"],
        ["--author", "a", "--source", "myspace"],
    ):
        res = runner.invoke(app, ["export", *args, "-c", config])
        assert res.exit_code == 2, (args, res.output)
        assert len(res.output.strip().splitlines()) == 1, res.output


def test_cli_default_pack_name_is_dated_in_the_current_folder(everything, tmp_path, monkeypatch):
    cfg, _ = everything
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(
        app,
        ["export", "--author", X_AUTHOR, "--source", "x", "-c", str(cfg.base_dir / "gpwatch.toml")],
    )
    assert res.exit_code == 0, res.output
    (pack,) = tmp_path.glob("evidence-*-author-x-angry_patient_99.zip")
    assert re.fullmatch(r"evidence-\d{8}-\d{6}-author-x-angry_patient_99\.zip", pack.name)
    assert verify_pack(pack).intact


# ---- the demo, through the real Prefect flow -----------------------------------------------


@pytest.mark.slow
def test_demo_run_top_alert_exports_byte_identical_to_the_served_file(
    prefect_api, demo_copy, monkeypatch, tmp_path
):
    from urllib.parse import urlparse

    from flows.monitor import monitor
    from gpwatch.demo import DEMO_URL_ENV, DemoServer

    with DemoServer(demo_copy.parent) as server:
        monkeypatch.setenv(DEMO_URL_ENV, server.url)
        summary = monitor(str(demo_copy))
        cfg = load_config(demo_copy)
    assert summary["status"] == "ok", summary
    store = Store(cfg.database_path)
    with store.db.read() as con:
        top = con.execute("SELECT alert_id, source FROM v_open_alerts LIMIT 1").fetchone()
        by_kind = con.execute(
            "SELECT source, min(alert_id) FROM v_open_alerts GROUP BY source"
        ).fetchall()
    assert top is not None
    for source, alert_id in by_kind:
        out = tmp_path / f"demo-{source}.zip"
        res = runner.invoke(
            app,
            [
                "export",
                "--alert",
                str(alert_id),
                "--out",
                str(out),
                "-c",
                str(demo_copy),
                "--by",
                "demo",
            ],
        )
        assert res.exit_code == 0, res.output
        _, evidence, files = read_pack(out)
        (item,) = evidence["items"]
        fetched_from = item["payload"]["fetched_from"]
        parsed = urlparse(fetched_from)
        if parsed.scheme == "file":
            served = Path(parsed.path)
        else:
            served = demo_copy.parent / parsed.path.lstrip("/")
            if served.is_dir() or not served.suffix:
                page = re.search(r"currentpage=(\d+)", parsed.query or "")
                served = served / f"page-{page.group(1) if page else 1}.html"
        assert files[item["raw_file"]] == served.read_bytes(), (source, fetched_from)
        ok = runner.invoke(app, ["verify", str(out), "-c", str(demo_copy)])
        assert ok.exit_code == 0, ok.output
