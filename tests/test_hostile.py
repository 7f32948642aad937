"""Hostile and odd entries in raw/, each beside a good control file: a failure record, never a stopped run."""

from __future__ import annotations

import errno
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from pipeline import cli, store

REPO = Path(__file__).resolve().parent.parent
CONTROL = "# Bando\n\nRegione Lombardia stanzia 4.163.400 euro il 9 luglio 2021.\n"


def _run(tmp_path: Path, *extra: str) -> tuple[int, float]:
    started = time.perf_counter()
    paths = [
        "--raw",
        str(tmp_path / "raw"),
        "--out",
        str(tmp_path / "out"),
        "--db",
        str(tmp_path / "w.duckdb"),
    ]
    code = cli.main(["run", *paths, *extra])
    return code, time.perf_counter() - started


def _rows(tmp_path: Path, sql: str) -> list[tuple[Any, ...]]:
    con = store.open_reader(tmp_path / "w.duckdb")
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _failures(tmp_path: Path) -> dict[str, str]:
    return dict(_rows(tmp_path, "SELECT path, code FROM failures"))


def _control_loaded(tmp_path: Path) -> bool:
    rows = _rows(tmp_path, "SELECT count(*) FROM amounts_by_document WHERE path = 'control.md'")
    return rows == [(1,)]


@pytest.fixture
def raw(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "control.md").write_text(CONTROL, encoding="utf-8")
    return folder


def test_markdown_and_text_of_brackets_load_in_seconds(raw: Path, tmp_path: Path) -> None:
    # reading took 282 s and extraction 225 s with the quadratic patterns and tokenizer
    (raw / "brackets.md").write_text("[" * 60_000)
    (raw / "brackets.txt").write_text("[" * 30_000)
    code, seconds = _run(tmp_path, "--max-seconds", "5")
    assert seconds < 60
    assert code == cli.EXIT_OK
    assert _control_loaded(tmp_path)
    assert _rows(tmp_path, "SELECT count(*) FROM files WHERE status = 'loaded'") == [(3,)]


def test_odd_names_and_links_fail_alone_and_later_runs_go_on(raw: Path, tmp_path: Path) -> None:
    (raw / b"z\xe8.txt".decode("utf-8", "surrogateescape")).write_text("testo")
    (raw / "dangling.txt").symlink_to(raw / "nowhere.txt")
    (raw / "loop.txt").symlink_to(raw / "loop.txt")
    (raw / "riga\nnuova.md").write_text(CONTROL.replace("4.163.400", "12.000"))
    code, _ = _run(tmp_path)
    assert code == cli.EXIT_DOC_FAILURES
    assert _failures(tmp_path) == {"z\\xe8.txt": "E114", "dangling.txt": "E116", "loop.txt": "E116"}
    assert _control_loaded(tmp_path)
    # a newline in a name is data, not a second log line: the file loads under its name
    assert _rows(tmp_path, "SELECT status FROM files WHERE path = 'riga\nnuova.md'") == [("loaded",)]
    # the next run does not stop on them either, and a new file loads
    (raw / "nuovo.md").write_text(CONTROL.replace("4.163.400", "99.000"))
    code, _ = _run(tmp_path)
    assert code == cli.EXIT_OK
    assert _rows(tmp_path, "SELECT status FROM files WHERE path = 'nuovo.md'") == [("loaded",)]
    assert set(_failures(tmp_path)) == {"z\\xe8.txt", "dangling.txt", "loop.txt"}


def test_newline_in_a_name_keeps_the_log_line_whole(raw: Path, tmp_path: Path, capsys: Any) -> None:
    (raw / "riga\nnuova.txt").write_bytes(b"")
    assert _run(tmp_path)[0] == cli.EXIT_DOC_FAILURES
    [line] = [ln for ln in capsys.readouterr().err.splitlines() if "code=E100" in ln]
    assert 'src="riga\\nnuova.txt"' in line


def test_fifo_and_socket_are_refused_without_reading(raw: Path, tmp_path: Path) -> None:
    # a character device is not created here: if the guard failed it would exhaust the machine
    os.mkfifo(raw / "x.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(raw / "z.txt"))
    try:
        code, seconds = _run(tmp_path)
    finally:
        sock.close()
    assert seconds < 60
    assert code == cli.EXIT_DOC_FAILURES
    assert _failures(tmp_path) == {"x.txt": "E115", "z.txt": "E115"}
    assert "named pipe" in _rows(tmp_path, "SELECT message FROM failures WHERE path = 'x.txt'")[0][0]
    assert _control_loaded(tmp_path)


def test_hard_link_to_a_file_outside_raw_is_refused(raw: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("Regione Lombardia, riservato")
    os.link(outside, raw / "link.txt")
    os.link(raw / "control.md", raw / "same.md")  # two names inside raw/ are fine
    assert _run(tmp_path)[0] == cli.EXIT_DOC_FAILURES
    assert _failures(tmp_path) == {"link.txt": "E117"}
    assert _rows(tmp_path, "SELECT count(*) FROM files WHERE status = 'loaded'") == [(2,)]


@pytest.mark.slow
def test_sparse_huge_file_is_refused_by_its_size_without_reading_it(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "control.md").write_text(CONTROL)
    with (raw / "huge.txt").open("wb") as fh:
        fh.truncate(2 * 2**30)  # sparse: no disk space used
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    args = ["--raw", str(raw), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "w.duckdb")]
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", *args], cwd=REPO, capture_output=True)
    seconds = time.perf_counter() - started
    peak_mib = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    assert proc.returncode == cli.EXIT_DOC_FAILURES, proc.stderr
    assert b"FAILED huge.txt: E108" in proc.stdout
    assert peak_mib < 1500  # the whole file would be 2 GiB
    assert seconds < 120
    assert _failures(tmp_path) == {"huge.txt": "E108"}
    assert _control_loaded(tmp_path)


HANG_SCRIPT = """
import sys, time
from pipeline.readers import Limits
from pipeline.stages import DocumentWorker

def hang(data, name, limits):
    while True:
        time.sleep(0.1)

if __name__ == "__main__":
    with DocumentWorker(Limits(max_seconds=600), read=hang, extract=None) as reader:
        reader._start()
        print(reader.worker_pid, flush=True)
        reader.read(b"x", "x.pdf")
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead: it only waits for its parent to read its status
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        return fh.read().rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_reader_worker_dies_with_a_killed_run(tmp_path: Path) -> None:
    script = tmp_path / "hang.py"
    script.write_text(HANG_SCRIPT)
    env = os.environ | {"PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    worker = int(proc.stdout.readline())
    assert _alive(worker)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    deadline = time.monotonic() + 10
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(worker)


def _no_space(*args: Any, **kwargs: Any) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_full_disk_when_writing_records_fails_that_file_and_the_run_reports(
    raw: Path, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline import files

    real = files.write_records
    monkeypatch.setattr(
        files,
        "write_records",
        lambda out, name, records: _no_space() if records[0].path == "big.md" else real(out, name, records),
    )
    (raw / "big.md").write_text(CONTROL.replace("4.163.400", "7.000"))
    assert _run(tmp_path)[0] == cli.EXIT_DOC_FAILURES
    assert "FAILED big.md: E303" in capsys.readouterr().out
    assert _failures(tmp_path) == {"big.md": "E303"}
    assert _control_loaded(tmp_path)


def test_full_disk_when_loading_keeps_the_warehouse_and_frees_the_records(
    raw: Path, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _run(tmp_path)[0] == cli.EXIT_OK
    before = (tmp_path / "w.duckdb").read_bytes()
    (raw / "nuovo.md").write_text(CONTROL.replace("4.163.400", "7.000"))
    monkeypatch.setattr(store.connection.shutil, "copyfile", _no_space)
    assert _run(tmp_path)[0] == cli.EXIT_DOC_FAILURES  # a summary, not an abort
    assert "FAILED nuovo.md: E301" in capsys.readouterr().out
    assert (tmp_path / "w.duckdb").read_bytes() == before
    assert not (tmp_path / "w.duckdb.staging").exists()
    assert len(list((tmp_path / "out").glob("*.jsonl"))) == 1  # only the control's, from the first run


def test_a_run_removes_what_a_killed_run_left(raw: Path, tmp_path: Path) -> None:
    assert _run(tmp_path)[0] == cli.EXIT_OK
    left = [
        tmp_path / "w.duckdb.staging",
        tmp_path / "w.duckdb.staging.wal",
        tmp_path / "out" / ".abc.123.tmp",
    ]
    for path in left:
        path.write_bytes(b"\0" * 4096)
    (tmp_path / "w.duckdb.staging.tmp").mkdir()
    (tmp_path / "w.duckdb.staging.tmp" / "spill.block").write_bytes(b"\0" * 4096)
    assert _run(tmp_path)[0] == cli.EXIT_OK
    assert [p for p in [*left, tmp_path / "w.duckdb.staging.tmp"] if p.exists()] == []
    assert _control_loaded(tmp_path)


def test_a_text_whose_extraction_is_slow_fails_at_the_time_limit(raw: Path, tmp_path: Path) -> None:
    # 60 KB of amounts: read at once, then spaCy and the finders take far longer than the limit
    (raw / "euro.txt").write_text("€1 " * 20_000)
    code, seconds = _run(tmp_path, "--max-seconds", "3")
    assert code == cli.EXIT_DOC_FAILURES
    assert _rows(tmp_path, "SELECT stage, code FROM failures WHERE path = 'euro.txt'") == [
        ("extract", "E109")
    ]
    assert _control_loaded(tmp_path)
    assert seconds < 90  # the worker is killed at the limit (model load and the control aside)
