"""Progress of a run: a live bar on a terminal, plain lines when the output is a file or a pipe."""

from __future__ import annotations

import io
import os
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.progress import RunProgress
from pipeline.stages import Outcome, make_failure

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "raw" / "2021-07-09-polimi-poliqu-accordo-regione.md"


def _failed(path: str) -> Outcome:
    return Outcome(path, "", [make_failure("", path, "read", "E100")])


def test_plain_lines_when_the_output_is_not_a_terminal():
    out = io.StringIO()
    with RunProgress(out) as progress:
        assert not progress.live
        progress(_failed("a.pdf"), 1, 3)
        progress(_failed("b.pdf"), 2, 3)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert re.fullmatch(r"\[2/3\] failed so far 2, [\d.]+ docs/s, \d+ s left: b\.pdf FAILED E100", lines[1])


@pytest.mark.slow
def test_pipeline_run_draws_a_bar_on_a_terminal_and_lines_on_a_pipe(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    (raw / "empty.txt").write_bytes(b"")
    cmd = [sys.executable, "-m", "pipeline.cli", "run", "--raw", str(raw)]

    def run(db: str, stderr: int) -> subprocess.Popen[bytes]:
        args = [*cmd, "--out", str(tmp_path / db), "--db", str(tmp_path / f"{db}.duckdb")]
        return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=stderr, cwd=tmp_path)

    piped = subprocess.run(
        [*cmd, "--out", str(tmp_path / "p"), "--db", str(tmp_path / "p.duckdb")],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert piped.returncode == 3
    plain = [line for line in piped.stderr.splitlines() if line.startswith("[")]
    assert len(plain) == 2 and "failed so far 1" in plain[-1] and "docs/s" in plain[-1]

    master, slave = os.openpty()  # stderr is a terminal: the bar
    proc = run("t", slave)
    os.close(slave)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([master], [], [], 300)
        try:
            chunk = os.read(master, 65536) if ready else b""
        except OSError:  # the terminal closes with the process
            chunk = b""
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait(60) == 3
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert "\x1b[" in screen  # drawn with terminal control sequences
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen)
    # documents go in path order: the seed (ok) before empty.txt (failed)
    assert re.search(r"documents [━╸]+ 1/2 failed 0 [\d.]+ docs/s left", text), text[-2000:]
    assert re.search(r"documents ━+ 2/2 failed 1 [\d.]+ docs/s left 0:00:00", text), text[-2000:]
    assert not re.search(r"^\[\d+/\d+\] failed so far", screen, re.M)
