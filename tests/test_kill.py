"""A run killed with SIGKILL at any point, then run again, leaves every document exactly once."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import store

REPO = Path(__file__).resolve().parent.parent
COPIES = 4

pytestmark = pytest.mark.slow


def _corpus(raw: Path) -> int:
    raw.mkdir()
    n = 0
    for i in range(COPIES):
        for path in sorted((REPO / "raw").iterdir()):
            if path.is_file() and not path.name.startswith(".") and "brochure" not in path.name:
                # each copy is a distinct document by content, as distinct press releases are
                (raw / f"{i}-{path.name}").write_bytes(path.read_bytes() + f"\n\n{i}\n".encode())
                n += 1
    return n


def _start(raw: Path, out: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "run", "--raw", str(raw), "--out", str(out), "--db", str(db)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        cwd=REPO,
    )


def _kill_after(proc: subprocess.Popen[str], done: int) -> None:
    """SIGKILL once the run reports `done` documents written (or at once if done is 0)."""
    assert proc.stderr is not None
    if done:
        for line in proc.stderr:
            if line.startswith(f"[{done}/"):
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()


@pytest.mark.parametrize("done", [0, 1, 7, 16], ids=lambda d: f"after-{d}-docs")
def test_run_killed_then_rerun_loads_every_document_once(tmp_path, done):
    raw, out, db = tmp_path / "raw", tmp_path / "extracted", tmp_path / "w.duckdb"
    n = _corpus(raw)
    # a first complete run of part of the corpus, so that a killed run has something to lose
    first = tmp_path / "first"
    first.mkdir()
    for path in sorted(raw.iterdir())[:3]:
        shutil.copy(path, first / path.name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "run",
            "--raw",
            str(first),
            "--out",
            str(out),
            "--db",
            str(db),
        ],
        check=True,
        capture_output=True,
        cwd=REPO,
    )

    _kill_after(_start(raw, out, db), min(done, n))

    # the killed run left the warehouse readable and whole: the previous run's state, or (killed after
    # its swap) the complete new one; never a part of it
    con = store.open_reader(db)
    assert con.execute("SELECT count(*) FROM active_documents").fetchone() in [(3,), (n,)]
    con.close()
    rerun = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "run", "--raw", str(raw), "--out", str(out), "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    con = store.open_reader(db)
    try:
        paths = [
            p
            for (p,) in con.execute("SELECT path FROM files WHERE status = 'loaded' ORDER BY path").fetchall()
        ]
        assert paths == sorted(p.name for p in raw.iterdir())
        assert con.execute("SELECT count(*), count(DISTINCT id) FROM documents").fetchone() == (n, n)
        # no document is half there: every loaded document has its facts, none has them twice
        dupes = con.execute(
            'SELECT count(*) FROM (SELECT doc_id, start, "end" FROM amounts GROUP BY ALL HAVING count(*) > 1)'
        ).fetchone()
        assert dupes == (0,)
        no_facts = con.execute(
            "SELECT count(*) FROM active_documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM entities e WHERE e.doc_id = d.id)"
        ).fetchone()
        assert no_facts == (0,)
    finally:
        con.close()
    assert not db.with_name(db.name + ".staging").exists()
    assert not list(out.glob(".*.tmp"))
