"""The morning digest's content, sent through a real SMTP server (aiosmtpd on 127.0.0.1) and
parsed back: multipart text + HTML, the right recipients, the right alerts, links, hostile
posts as inert text, reviews waiting for a reply, sentiment, failed sources, the screenshot.

Test data comes from the real pipeline (connectors -> DuckDB -> classifiers -> alerts) over the
demo's feeds and pages, or over feeds written here from the shared sanitize corpus.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import textwrap
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape as xml_escape

import pytest
from selectolax.lexbor import LexborHTMLParser

from alerts import dispatch
from alerts.digest import build_digest, safe_url, segments_for
from alerts.email_render import render_digest
from gpwatch.config import load_config
from gpwatch.models import utcnow
from storage.store import Store
from tests.conftest import DEMO, shared_path
from tests.support.pipeline import run_demo_pipeline, run_pipeline
from tests.support.smtp import SmtpServer

KAREN = "karen.holt@elmtree.example.nhs.uk"
LMC = "office@lmc.example.org"


@pytest.fixture(scope="module")
def demo_built(tmp_path_factory) -> Path:
    """The demo folder after one real monitoring run (built once for this module)."""
    target = tmp_path_factory.mktemp("demo-built") / "demo"
    shutil.copytree(DEMO, target, ignore=shutil.ignore_patterns("data", "outbox"))
    summary = run_demo_pipeline(target / "gpwatch.toml")
    assert summary["status"] == "ok", summary
    return target


@pytest.fixture
def demo_cfg(demo_built: Path, tmp_path: Path) -> Path:
    """A private copy of the built demo (config, database) for one test."""
    target = tmp_path / "demo"
    shutil.copytree(demo_built, target)
    return target / "gpwatch.toml"


def with_smtp(cfg: Path, port: int, extra: str = "") -> Path:
    cfg.write_text(
        cfg.read_text()
        + textwrap.dedent(
            f"""
            [smtp]
            host = "127.0.0.1"
            port = {port}
            security = "none"
            from = "gpwatch <alerts@elmtree.example.nhs.uk>"
            """
        )
        + extra
    )
    return cfg


def parts(msg: EmailMessage) -> tuple[str, str]:
    assert msg.get_content_type() == "multipart/alternative"
    types = [p.get_content_type() for p in msg.iter_parts()]
    assert types == ["text/plain", "text/html"]
    text = msg.get_body(preferencelist=("plain",)).get_content()
    html = msg.get_body(preferencelist=("html",)).get_content()
    return text, html


def store_of(cfg: Path) -> Store:
    return Store(load_config(cfg).database_path)


def alerts_of(cfg: Path, practices: list[str] | None = None) -> list[tuple]:
    with store_of(cfg).db.read() as con:
        rows = con.execute(
            "SELECT a.alert_id, a.practice_id, a.severity, r.url FROM alerts a "
            "JOIN raw_items r USING (source, external_id) ORDER BY a.alert_id"
        ).fetchall()
    return [r for r in rows if practices is None or r[1] in practices]


def alert_ids_in(text: str) -> set[int]:
    return {int(x) for x in re.findall(r"gpwatch export --alert (\d+)", text)}


def test_digest_reaches_each_recipient_as_multipart_with_their_alerts_and_links(demo_cfg):
    with SmtpServer() as srv:
        cfg = load_config(with_smtp(demo_cfg, srv.port))
        report = dispatch.send_digests(cfg, store_of(demo_cfg))
    assert [o.status for o in report.outcomes] == ["sent", "sent"], report
    by_rcpt = {tuple(m.rcpt_tos): m for m in srv.received}
    assert set(by_rcpt) == {(KAREN,), (LMC,)}

    karen = by_rcpt[(KAREN,)].message
    assert karen["To"].addresses[0].addr_spec == KAREN
    assert karen["From"].addresses[0].addr_spec == "alerts@elmtree.example.nhs.uk"
    text, html = parts(karen)
    elm = alerts_of(demo_cfg, ["X99001"])
    n_critical = sum(1 for a in elm if a[2] == "critical")
    assert n_critical >= 1
    assert karen["Subject"] == (
        f"{n_critical} critical, {len(elm)} new — Elm Tree Surgery, "
        f"{report.outcomes[0].period_key[8:].lstrip('0')} "
        f"{utcnow().strftime('%b')}"
    )
    # exactly Elm Tree's alerts, in both parts, critical first
    assert alert_ids_in(text) == alert_ids_in(html) == {a[0] for a in elm}
    assert text.index("==== CRITICAL") < text.index("==== HIGH") < text.index("==== MEDIUM")
    tree = LexborHTMLParser(html)
    hrefs = {a.attributes.get("href") for a in tree.css("a")}
    for _, _, _, url in elm:
        if url.startswith("https://"):
            assert url in hrefs and url in text
    # the guidance's links: police for the threat, the NHS moderator for reviews
    assert "https://www.police.uk/pu/contact-the-police/report-a-crime-incident/" in hrefs
    assert any("nhs.uk" in (h or "") for h in hrefs)
    assert "Why it was flagged" in text and "What to do" in text

    lmc_text, _ = parts(by_rcpt[(LMC,)].message)
    assert alert_ids_in(lmc_text) == {a[0] for a in alerts_of(demo_cfg)}
    assert "5 practices" in by_rcpt[(LMC,)].message["Subject"]


def test_flagged_spans_are_marked_and_times_are_uk_local(demo_cfg):
    cfg = load_config(demo_cfg)
    digest = build_digest(store_of(demo_cfg), cfg, cfg.recipients[0], utcnow())
    threat = next(a for a in digest.alerts if a.severity == "critical")
    flagged = [s.text for s in threat.segments if s.flag]
    assert flagged and all(f in "".join(s.text for s in threat.segments) for f in flagged)
    assert any(t.flag == "threat" for t in threat.flagged)
    # the demo's threat post is dated 23 Nov 2026 19:40 GMT (UTC+0 in November)
    assert re.match(r"^\w{3} \d{1,2} \w{3} \d{4}, \d{2}:\d{2}$", threat.when)
    html = render_digest(digest).html
    for term in flagged:
        assert f'font-weight:bold;">{term}</span>' in html


def test_reviews_waiting_for_a_reply_and_sentiment_summary(demo_cfg):
    cfg = load_config(demo_cfg)
    store = store_of(demo_cfg)
    text = render_digest(build_digest(store, cfg, cfg.recipients[0], utcnow())).text
    section = text.split("==== NHS WEBSITE REVIEWS WAITING FOR A REPLY ====")[1].split("====")[0]
    with store.db.read() as con:
        rows = con.execute(
            "SELECT title, extras FROM raw_items WHERE source = 'nhs_reviews'"
            " AND practice_hint = 'X99001'"
        ).fetchall()
    reviews = [(t, json.loads(e)) for t, e in rows]
    replied = [t for t, e in reviews if e.get("reply")]
    waiting_low = [t for t, e in reviews if not e.get("reply") and (e.get("rating") or 5) <= 3]
    assert replied and waiting_low
    for title in waiting_low:
        assert f"- {title}" in section
        assert re.search(re.escape(title) + r".*waiting \d+ days?", section)
    for title in replied:
        assert f"- {title}" not in section
    unreplied = sum(1 for _, e in reviews if not e.get("reply"))
    assert f"{unreplied} NHS website reviews without a reply" in text
    sentiment = text.split("==== SENTIMENT THIS WEEK ====")[1]
    assert re.search(r"- Elm Tree Surgery: (\d+ mentions? this week|no mentions)", sentiment)


def hostile_markup() -> list[str]:
    """Hostile HTML from feedparser's sanitize corpus: <script>, <img onerror>, javascript:."""
    corpus = shared_path("feeds", "feedparser-corpus", "wellformed", "sanitize")
    out = []
    for name in (
        "item_description_script.xml",
        "entry_content_onerror.xml",
        "feed_title_unacceptable_uri.xml",
        "entry_content_script_inline.xml",
    ):
        root = ElementTree.parse(corpus / name).getroot()
        for el in root.iter():
            value = (el.text or "").strip()
            if "<" in value and ("script" in value or "onerror" in value or "javascript:" in value):
                out.append(value)
    assert any("<script" in v for v in out) and any("onerror" in v for v in out)
    assert any("javascript:" in v for v in out)
    return out


def hostile_config(tmp_path: Path) -> Path:
    """A practice and a feed whose posts carry the corpus's hostile markup as plain text, each
    also abusive towards the practice's receptionist so that it raises an alert."""
    entries = []
    for i, markup in enumerate(hostile_markup()):
        body = f"{markup} Elm Tree Surgery in Sheffield: the receptionist is a stupid cow"
        entries.append(
            f'<entry><id>tag:hostile.example,2026:{i}</id><title type="text">'
            f"{xml_escape(markup)}</title>"
            f'<link href="javascript:alert({i})"/>'
            f"<author><name>{xml_escape(markup)}</name></author>"
            f"<updated>2026-11-30T21:0{i}:00Z</updated>"
            f'<content type="text">{xml_escape(body)}</content></entry>'
        )
    feed = tmp_path / "hostile.xml"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Hostile</title><id>tag:hostile.example,2026:feed</id>"
        "<updated>2026-11-30T21:00:00Z</updated>" + "".join(entries) + "</feed>",
        encoding="utf-8",
    )
    cfg = tmp_path / "gpwatch.toml"
    cfg.write_text(
        textwrap.dedent(
            """
        [database]
        path = "data/gpwatch.duckdb"
        [[practices]]
        ods = "X99001"
        name = "Elm Tree Surgery"
        town = "Sheffield"
        staff = [{ name = "Jade Wilson", role = "receptionist" }]
        [[sources]]
        name = "hostile"
        kind = "rss"
        url = "hostile.xml"
        [[recipients]]
        name = "Karen Holt"
        email = "karen.holt@elmtree.example.nhs.uk"
        """
        )
    )
    return cfg


def test_hostile_markup_in_posts_arrives_as_inert_text(tmp_path):
    cfg_path = hostile_config(tmp_path)
    markup = hostile_markup()
    run_pipeline(cfg_path)
    stored = alerts_of(cfg_path)
    assert len(stored) == len(markup), "each hostile post should raise an alert"
    with SmtpServer() as srv:
        cfg = load_config(with_smtp(cfg_path, srv.port))
        report = dispatch.send_digests(cfg, store_of(cfg_path))
    assert report.outcomes[0].status == "sent"
    text, html = parts(srv.received[0].message)
    tree = LexborHTMLParser(html)
    assert not tree.css("script, iframe, object, embed, img, form, base, meta[http-equiv]")
    for node in tree.css("*"):
        for attr, value in node.attributes.items():
            assert not attr.lower().startswith("on"), (node.tag, attr)
            if attr.lower() in ("href", "src", "action", "background"):
                assert safe_url(value or "") == value, (node.tag, attr, value)
    assert "javascript:" not in " ".join(a.attributes.get("href") or "" for a in tree.css("a"))
    # the markup is still there for the reader, as text
    body_text = tree.body.text()
    flat_html_text, flat_text = " ".join(body_text.split()), " ".join(text.split())
    for m in markup:
        assert " ".join(m.split()) in flat_html_text
        assert " ".join(m.split()) in flat_text
    assert "&lt;script" in html and "<script" not in html
    assert "onerror=" in body_text and "onerror=" in text


def test_only_http_links_become_links():
    assert safe_url("https://www.nhs.uk/x") == "https://www.nhs.uk/x"
    for bad in (
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>",
        "vbscript:x",
        "//evil.example/x",
        "/relative",
        "",
    ):
        assert safe_url(bad) == ""


def test_spans_that_do_not_match_the_text_are_ignored():
    segs, truncated = segments_for("abc idiot def", {"abuse": [[4, 9, "idiot"], [0, 3, "zzz"]]})
    assert [(s.text, s.flag) for s in segs] == [("abc ", None), ("idiot", "abuse"), (" def", None)]
    assert not truncated


def test_a_failed_source_gets_one_line(tmp_path, loopback):
    from tests.support.loopback import Route

    loopback.routes["/broken.xml"] = Route(b"server on fire", status=500)
    cfg_path = hostile_config(tmp_path)
    cfg_path.write_text(
        cfg_path.read_text()
        + textwrap.dedent(
            f"""
        [[sources]]
        name = "broken-news"
        kind = "rss"
        url = "{loopback.url("/broken.xml")}"
        [http]
        retries = 0
        """
        )
    )
    run_pipeline(cfg_path)
    cfg = load_config(cfg_path)
    digest = build_digest(store_of(cfg_path), cfg, cfg.recipients[0], utcnow())
    assert [p.source_name for p in digest.source_problems] == ["broken-news"]
    text = render_digest(digest).text
    lines = [ln for ln in text.splitlines() if ln.startswith("- broken-news")]
    assert len(lines) == 1 and "500" in lines[0]


def test_next_digest_has_only_what_is_new_and_a_quiet_day_says_so(demo_cfg):
    with SmtpServer() as srv:
        cfg = load_config(with_smtp(demo_cfg, srv.port))
        store = store_of(demo_cfg)
        dispatch.send_digests(cfg, store, only=KAREN)
        tomorrow = utcnow() + timedelta(days=1)
        report = dispatch.send_digests(cfg, store, only=KAREN, now=tomorrow)
    assert [o.status for o in report.outcomes] == ["sent"]
    quiet = srv.received[1].message
    assert quiet["Subject"].startswith("Nothing new — Elm Tree Surgery")
    text, _ = parts(quiet)
    assert "Nothing new about Elm Tree Surgery" in text and not alert_ids_in(text)


def test_send_empty_off_sends_nothing_on_a_quiet_day(demo_cfg):
    with SmtpServer() as srv:
        cfg = load_config(with_smtp(demo_cfg, srv.port, "\n[digest]\nsend_empty = false\n"))
        store = store_of(demo_cfg)
        dispatch.send_digests(cfg, store, only=KAREN)
        report = dispatch.send_digests(cfg, store, only=KAREN, now=utcnow() + timedelta(days=1))
    assert [o.status for o in report.outcomes] == ["not_sent_empty"]
    assert len(srv.received) == 1


def test_new_alert_after_a_digest_is_in_the_next_one_only(tmp_path):
    cfg_path = hostile_config(tmp_path)
    run_pipeline(cfg_path)
    first_ids = {a[0] for a in alerts_of(cfg_path)}
    feed = tmp_path / "hostile.xml"
    with SmtpServer() as srv:
        cfg = load_config(with_smtp(cfg_path, srv.port))
        dispatch.send_digests(cfg, store_of(cfg_path))
        # a new post appears in the feed; the next run raises one more alert
        feed.write_text(
            feed.read_text().replace(
                "</feed>",
                "<entry><id>tag:hostile.example,2026:new</id><title>New</title>"
                '<updated>2026-12-01T05:00:00Z</updated><content type="text">Elm Tree Surgery '
                "Sheffield: I know where you park, watch yourself</content></entry></feed>",
            )
        )
        run_pipeline(cfg_path)
        new_ids = {a[0] for a in alerts_of(cfg_path)} - first_ids
        assert len(new_ids) == 1
        dispatch.send_digests(cfg, store_of(cfg_path), now=utcnow() + timedelta(days=1))
    first_text, _ = parts(srv.received[0].message)
    second_text, _ = parts(srv.received[1].message)
    assert alert_ids_in(first_text) == first_ids
    assert alert_ids_in(second_text) == new_ids
    assert srv.received[1].message["Subject"].startswith("1 critical, 1 new")


def test_dry_run_prints_and_sends_nothing(demo_cfg):
    from typer.testing import CliRunner

    from gpwatch.cli import app

    with SmtpServer() as srv:
        with_smtp(demo_cfg, srv.port)
        result = CliRunner().invoke(
            app, ["digest", "-c", str(demo_cfg), "--dry-run", "--to", "Karen Holt"]
        )
    assert result.exit_code == 0, result.output
    assert "Subject: " in result.output and "critical" in result.output
    assert LMC not in result.output
    assert srv.received == []
    with store_of(demo_cfg).db.read() as con:
        assert con.execute("SELECT count(*) FROM digest_sends").fetchone()[0] == 0


def test_unknown_recipient_and_no_recipients_fail_with_one_line(demo_cfg, tmp_path):
    from typer.testing import CliRunner

    from gpwatch.cli import app

    result = CliRunner().invoke(app, ["digest", "-c", str(demo_cfg), "--to", "nobody"])
    assert result.exit_code == 2
    assert "'nobody' is not a recipient" in result.output and "Karen Holt" in result.output
    bare = tmp_path / "bare.toml"
    bare.write_text('[[practices]]\nods = "X99001"\nname = "Elm Tree Surgery"\n')
    result = CliRunner().invoke(app, ["digest", "-c", str(bare)])
    assert result.exit_code == 2 and "no [[recipients]]" in result.output


def test_recipient_config_errors_name_the_key(tmp_path):
    from gpwatch.config import ConfigError

    base = '[[practices]]\nods = "X99001"\nname = "Elm Tree Surgery"\n'
    cases = {
        '[[recipients]]\nname = "A"\nemail = "a@b.org"\npractices = ["X99009"]\n': (
            "recipients[0]: practice 'X99009' is not in [[practices]]"
        ),
        '[[recipients]]\nname = "A"\nemail = "not-an-address"\n': (
            "recipients[0].email: 'not-an-address' is not an email address"
        ),
        '[schedule]\ndigest_time = "7am"\n': "schedule.digest_time: '7am' is not a time of day",
        '[schedule]\ntimezone = "Europe/Londn"\n': "schedule.timezone: 'Europe/Londn' is not a",
        '[smtp]\nsecurity = "tls"\n': "smtp.security",
        '[[recipients]]\nname = "A"\nemail = "a@b.org"\n[[recipients]]\nname = "B"\n'
        'email = "A@b.org"\n': "recipients[1].email: A@b.org is listed twice",
    }
    for extra, expected in cases.items():
        path = tmp_path / "gpwatch.toml"
        path.write_text(base + extra)
        with pytest.raises(ConfigError) as exc:
            load_config(path)
        assert expected in str(exc.value), str(exc.value)


def test_demo_digest_renders_in_headless_chromium(demo_cfg, tmp_path):
    """Render the demo digest's HTML to a PNG and check it is a real, non-blank page."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    from PIL import Image

    cfg = load_config(demo_cfg)
    html = render_digest(build_digest(store_of(demo_cfg), cfg, cfg.recipients[0], utcnow())).html
    page = tmp_path / "digest.html"
    page.write_text(html, encoding="utf-8")
    png = tmp_path / "digest.png"
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--screenshot={png}",
            "--window-size=900,1600",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=90,
    )
    image = Image.open(png).convert("RGB")
    assert image.size == (900, 1600)
    # the NHS-blue header band is there, and the page is not one flat colour
    colours = image.resize((90, 160)).getcolors(maxcolors=100_000) or []
    assert len(colours) > 50
    header = image.getpixel((450, 40))
    assert header == (0, 94, 184), header


@pytest.mark.slow
def test_gpwatch_demo_ends_by_writing_the_digests_to_the_outbox(prefect_api, demo_copy):
    from typer.testing import CliRunner

    from gpwatch.cli import app

    result = CliRunner().invoke(app, ["demo", "--config", str(demo_copy)])
    assert result.exit_code == 0, result.output
    tail = result.output.split("The morning digests")[1]
    outbox = load_config(demo_copy).outbox_path
    emls = sorted(outbox.glob("*-digest-*.eml"))
    assert len(emls) == 2
    for eml in emls:
        assert str(eml) in tail and eml.with_suffix(".html").exists()
        html = eml.with_suffix(".html").read_text()
        assert html.startswith("<!DOCTYPE html>") and "gpwatch export --alert" in html
    # the threat went out at once to the urgent recipient, during the run
    assert list(outbox.glob("urgent-alert-*-karen-holt-*.eml"))
