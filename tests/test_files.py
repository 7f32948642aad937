from __future__ import annotations

import os
from decimal import Decimal

import pytest

from pipeline import files
from schemas import Amount, Document


def test_scan_raw_lists_files_sorted_and_skips_hidden(tmp_path):
    (tmp_path / "b.md").write_text("b")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.md").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.md").write_text("x")
    (tmp_path / ".gitkeep").write_text("")
    assert [f.rel for f in files.scan_raw(tmp_path)] == ["b.md", "sub/a.pdf"]


def test_scan_raw_flags_symlinks_that_point_outside(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (tmp_path / "secret.txt").write_text("outside")
    (raw / "inside.txt").write_text("in")
    os.symlink(tmp_path / "secret.txt", raw / "link-out.txt")
    os.symlink(raw / "inside.txt", raw / "link-in.txt")
    flags = {f.rel: f.outside for f in files.scan_raw(raw)}
    assert flags == {"inside.txt": False, "link-in.txt": False, "link-out.txt": True}


def test_hash_bytes_is_sha256_hex():
    assert files.hash_bytes(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_write_records_round_trips(tmp_path):
    doc = Document(
        id="a" * 64, path="x.md", format="markdown", size_bytes=1, text="1 euro", pipeline_version="1"
    )
    amount = Amount(
        doc_id="a" * 64,
        start=0,
        end=6,
        text="1 euro",
        value=Decimal(1),
        currency="EUR",
        explicit_currency=True,
    )
    path = files.write_records(tmp_path, "a" * 64, [doc, amount])
    assert list(files.read_records(path)) == [doc, amount]
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind


def test_write_records_keeps_the_previous_file_when_writing_fails(tmp_path):
    doc = Document(id="a" * 64, path="x.md", format="markdown", size_bytes=1, text="x", pipeline_version="1")
    path = files.write_records(tmp_path, "d", [doc])

    def broken():
        yield doc
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        files.write_records(tmp_path, "d", broken())
    assert list(files.read_records(path)) == [doc]
    assert [p.name for p in tmp_path.iterdir()] == ["d.jsonl"]
