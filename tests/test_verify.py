"""`gpwatch verify`: a pack is intact, or every changed, missing or added file is named."""

from __future__ import annotations

import hashlib
import json
import shutil
import struct
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alerts.evidence import export_author
from alerts.verify import PackUnreadable, verify_pack
from gpwatch.cli import app
from tests.support.evidence_items import X_AUTHOR, flip, rewrite, store_social, write_config

runner = CliRunner()


@pytest.fixture(scope="module")
def _pack_once(tmp_path_factory):
    site = tmp_path_factory.mktemp("verify") / "site"
    cfg = write_config(site)
    store_social(cfg)
    result = export_author(cfg, X_AUTHOR, "x", site / "pack.zip", "tester")
    return site, result.path, result.manifest_sha256


@pytest.fixture
def pack(_pack_once, tmp_path) -> tuple[Path, str, Path]:
    """(a private copy of the pack, its manifest SHA-256, the config file)."""
    site, path, sha = _pack_once
    shutil.copytree(site, tmp_path / "site")
    return tmp_path / "site" / path.name, sha, tmp_path / "site" / "gpwatch.toml"


def test_an_untouched_pack_is_intact(pack):
    path, sha, _ = pack
    result = verify_pack(path, sha)
    assert result.intact and not result.problems
    assert result.manifest_sha256 == sha
    assert result.items == 3 and result.exported_by == "tester"
    with zipfile.ZipFile(path) as zf:
        assert result.files_checked == len(zf.namelist()) - 1


def test_one_changed_byte_in_any_file_is_detected_and_the_file_named(pack, tmp_path):
    path, sha, _ = pack
    with zipfile.ZipFile(path) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    assert any(n.startswith("raw/") for n in files)
    for name, data in files.items():
        for at in sorted({0, len(data) // 2, len(data) - 1}):
            bad = tmp_path / "bad.zip"
            rewrite(path, bad, change={name: flip(data, at)})
            result = verify_pack(bad, sha)
            assert not result.intact, (name, at)
            assert name in result.bad_files, (name, at, result.problems)
            if name != "manifest.json":
                # nothing else is blamed: the other files still match
                assert result.bad_files == [name], result.problems
            bad.unlink()


def test_a_changed_manifest_is_caught_by_the_log_book_hash_even_when_consistent(pack, tmp_path):
    """Someone edits a report and updates its hash in manifest.json: only the detached hash
    (the log book's, or the custody record's) can tell."""
    path, sha, _ = pack
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        report = zf.read("report.html").replace(b"Evidence statement", b"Evidence statemenT")
    for entry in manifest["files"]:
        if entry["path"] == "report.html":
            entry["sha256"] = hashlib.sha256(report).hexdigest()
    forged = tmp_path / "forged.zip"
    rewrite(
        path, forged, change={"report.html": report, "manifest.json": json.dumps(manifest).encode()}
    )
    assert verify_pack(forged).intact  # self-consistent...
    result = verify_pack(forged, sha)  # ...but not the manifest that was exported
    assert not result.intact and result.bad_files == ["manifest.json"]


def _entry_data_offset(path: Path, name: str) -> tuple[int, int]:
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    raw = path.read_bytes()
    header = info.header_offset
    name_len, extra_len = struct.unpack("<HH", raw[header + 26 : header + 30])
    return header + 30 + name_len + extra_len, info.compress_size


@pytest.mark.parametrize("name", ["evidence.json", "report.pdf", "raw"])
def test_a_damaged_byte_inside_the_zip_container_names_the_file(pack, tmp_path, name):
    path, sha, _ = pack
    if name == "raw":
        with zipfile.ZipFile(path) as zf:
            name = next(n for n in zf.namelist() if n.startswith("raw/"))
    start, size = _entry_data_offset(path, name)
    raw = bytearray(path.read_bytes())
    raw[start + size // 2] ^= 0xFF
    bad = tmp_path / "damaged.zip"
    bad.write_bytes(bytes(raw))
    result = verify_pack(bad, sha)
    assert not result.intact and result.bad_files == [name], result.problems


def test_missing_added_and_duplicated_files_are_named(pack, tmp_path):
    path, sha, _ = pack
    with zipfile.ZipFile(path) as zf:
        raw_name = next(n for n in zf.namelist() if n.startswith("raw/"))
    missing = tmp_path / "missing.zip"
    rewrite(path, missing, drop=("report.pdf",))
    result = verify_pack(missing, sha)
    assert not result.intact and result.bad_files == ["report.pdf"]
    assert "missing" in str(result.problems[0])

    added = tmp_path / "added.zip"
    rewrite(path, added, add={"raw/9999-x-extra.json": b"{}"})
    result = verify_pack(added, sha)
    assert result.bad_files == ["raw/9999-x-extra.json"] and "added" in str(result.problems[0])

    shutil.copy(path, tmp_path / "dup.zip")
    with pytest.warns(UserWarning), zipfile.ZipFile(tmp_path / "dup.zip", "a") as zf:
        zf.writestr(raw_name, b'{"data": []}')  # a second entry of the same name, appended
    result = verify_pack(tmp_path / "dup.zip", sha)
    assert not result.intact and raw_name in result.bad_files

    no_manifest = tmp_path / "nomanifest.zip"
    rewrite(path, no_manifest, drop=("manifest.json",))
    result = verify_pack(no_manifest)
    assert not result.intact and result.bad_files == ["manifest.json"]


def test_not_a_pack_is_one_clear_error(tmp_path):
    (tmp_path / "notes.zip").write_text("not a zip")
    with pytest.raises(PackUnreadable, match="not a ZIP"):
        verify_pack(tmp_path / "notes.zip")
    with pytest.raises(PackUnreadable, match="no such file"):
        verify_pack(tmp_path / "absent.zip")
    res = runner.invoke(app, ["verify", str(tmp_path / "notes.zip")])
    assert res.exit_code == 2 and len(res.output.strip().splitlines()) == 1


def test_cli_verify_exit_codes_name_the_file_and_record_custody(pack, tmp_path, monkeypatch):
    path, sha, config = pack
    monkeypatch.chdir(tmp_path)  # no gpwatch.toml here: verifying still works, unrecorded
    ok = runner.invoke(app, ["verify", str(path)])
    assert ok.exit_code == 0 and "INTACT" in ok.output and sha in ok.output
    assert "custody" not in ok.output
    with zipfile.ZipFile(path) as zf:
        evidence = zf.read("evidence.json")
    bad = tmp_path / "bad.zip"
    rewrite(path, bad, change={"evidence.json": evidence.replace(b"useless", b"USELESS", 1)})
    res = runner.invoke(app, ["verify", str(bad), "-c", str(config), "--by", "PC Smith"])
    assert res.exit_code == 1, res.output
    assert "NOT INTACT" in res.output and "evidence.json: has changed" in res.output
    # the manifest is the exported one, so the custody record still recognises the pack
    assert "Matches the export recorded" in res.output
    wrong = runner.invoke(app, ["verify", str(path), "--expect", "0" * 64])
    assert wrong.exit_code == 1 and "manifest.json" in wrong.output
    sql = runner.invoke(
        app,
        [
            "sql",
            "SELECT who, action, outcome, detail FROM custody_events WHERE action = 'verify'",
            "-c",
            str(config),
            "-f",
            "json",
        ],
    )
    (row,) = [json.loads(line) for line in sql.output.splitlines()]
    assert row["who"] == "PC Smith" and row["outcome"] == "not intact"
    assert any("evidence.json" in p for p in json.loads(row["detail"])["problems"])
