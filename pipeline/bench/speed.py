"""The figures of `pipeline bench speed`: start-up, throughput per worker count (beside the machine's
own ceiling), loading, memory, no-op rerun, the entity stage's words per CPU second, and the PDF
reader against pypdfium2's plain text and pdfplumber.

Each figure is measured on this machine as it is (other load included: the report prints the load
average) and set beside its target.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.bench import parallel
from pipeline.bench.entity_speed import entity_speed

DEFAULT_DOCS = 1000
PDF_DIR = Path("tests/fixtures/pdf-it")
TARGETS = {
    "startup_ratio": 3.0,  # pipeline sql / --help / --version over bare Python + DuckDB
    "load_pct_of_extract": 5.0,
    "peak_rss_mib": 600.0,
    "noop_over_hash": 4.0,
    "speedup_2_workers": 1.7,
    "entity_words_per_cpu_s": 15000.0,
    "pdf_over_pypdfium2": 0.25,
}


def build_corpus(source: Path, target: Path, docs: int) -> int:
    """Copy the documents of `source` into `target` under new names, each copy a new document by hash
    (a marker line; PDFs are copied once), until `docs` files; returns the number of files."""
    found = sorted(p for p in source.rglob("*") if p.is_file() and not p.name.startswith("."))
    if not found:
        raise FileNotFoundError(f"no documents in {source}")
    n, rounds = 0, 0
    while n < docs:
        for p in found:
            if n >= docs or (rounds and p.suffix.lower() == ".pdf"):
                continue
            extra = f"\n\n{rounds}\n".encode() if rounds else b""
            (target / f"{rounds:04d}-{p.name}").write_bytes(p.read_bytes() + extra)
            n += 1
        rounds += 1
        if all(p.suffix.lower() == ".pdf" for p in found):
            break
    return n


def _best(cmd: Sequence[str], repeat: int, cwd: Path | None = None) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, capture_output=True, check=False)
        best = min(best, time.perf_counter() - t0)
    return best


def startup(db: Path, repeat: int) -> dict[str, float]:
    """Best wall time of `pipeline sql "SELECT 1"`, `--help`, `--version`, and bare Python + DuckDB."""
    py = sys.executable
    bare = _best([py, "-c", "import duckdb; duckdb.connect().execute('SELECT 1').fetchall()"], repeat)
    out = {"bare_python_duckdb_s": round(bare, 3)}
    for name, args in (
        ("sql", ["sql", "SELECT 1", "--db", str(db)]),
        ("help", ["--help"]),
        ("version", ["--version"]),
    ):
        seconds = _best([py, "-m", "pipeline", *args], repeat)
        out[f"{name}_s"] = round(seconds, 3)
        out[f"{name}_ratio"] = round(seconds / bare, 2)
    return out


_STAGE = re.compile(r"(discover|extract|load) ([0-9.]+) s")
_PEAK = re.compile(r"PEAK_RSS_KIB (self|children) (\d+)")
# `pipeline run`, then the peak memory of its own process and of its worker process (stopped, so
# that it counts among the children)
_MEASURED_RUN = (
    "import resource, sys\n"
    "from pipeline.cli import main\n"
    "from pipeline.stages.workers import close_workers\n"
    "code = main(sys.argv[1:])\n"
    "close_workers()\n"
    "for who in ('self', 'children'):\n"
    "    kind = resource.RUSAGE_SELF if who == 'self' else resource.RUSAGE_CHILDREN\n"
    "    sys.stderr.write(f'PEAK_RSS_KIB {who} {resource.getrusage(kind).ru_maxrss}\\n')\n"
    "sys.exit(code)\n"
)


def pipeline_run(corpus: Path, out: Path, db: Path) -> dict[str, Any]:
    """One `pipeline run` (one process) over the corpus: documents/s, loading, peak memory."""
    cmd = [
        sys.executable,
        "-c",
        _MEASURED_RUN,
        "run",
        "--raw",
        str(corpus),
        "--out",
        str(out),
        "--db",
        str(db),
    ]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    stage = {k: float(v) for k, v in _STAGE.findall(done.stdout)}
    peaks = dict(_PEAK.findall(done.stderr))
    docs = sum(1 for _ in corpus.iterdir())
    return {
        "docs": docs,
        "wall_s": round(wall, 2),
        "docs_per_s": round(docs / max(stage.get("extract", wall), 1e-9), 2),
        "extract_s": stage.get("extract"),
        "load_s": stage.get("load"),
        "load_ms_per_doc": round(stage.get("load", 0.0) * 1000 / max(1, docs), 2),
        "load_pct_of_extract": round(100 * stage.get("load", 0.0) / max(stage.get("extract", 0.0), 1e-9), 2),
        "peak_rss_mib": round(int(peaks.get("self", 0)) / 1024, 1),
        "worker_peak_rss_mib": round(int(peaks.get("children", 0)) / 1024, 1),
        "exit_code": done.returncode,
    }


def noop_rerun(corpus: Path, out: Path, db: Path, repeat: int) -> dict[str, float]:
    """`pipeline run` with nothing new against reading and hashing the same files in Python."""
    cmd = [sys.executable, "-m", "pipeline", "run", "--raw", str(corpus), "--out", str(out), "--db", str(db)]
    rerun = _best(cmd, repeat)
    hash_s = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for p in sorted(corpus.iterdir()):
            hashlib.sha256(p.read_bytes()).hexdigest()
        hash_s = min(hash_s, time.perf_counter() - t0)
    # hashing alone takes milliseconds: compare with Python starting and hashing, as a script would
    script = _best([sys.executable, "-c", _HASH_SCRIPT, str(corpus)], repeat)
    return {
        "rerun_s": round(rerun, 3),
        "hash_in_process_s": round(hash_s, 4),
        "python_hash_script_s": round(script, 3),
        "rerun_over_hash": round(rerun / script, 2),
    }


_HASH_SCRIPT = (
    "import hashlib, pathlib, sys\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).iterdir()): hashlib.sha256(p.read_bytes()).hexdigest()"
)


def pdf_readers() -> dict[str, Any]:
    """Pages per CPU second of our reader, pypdfium2's plain text and pdfplumber, on tests/fixtures/pdf-it."""
    if not PDF_DIR.is_dir():
        return {}
    from pipeline.bench.pdf_speed import compare_pdf_speed

    found = compare_pdf_speed(sorted(PDF_DIR.glob("*.pdf")))
    ours = found["pipeline"]["pages_per_cpu_s"]
    return {
        "readers": found,
        "over_pypdfium2": round(ours / max(found["pypdfium2"]["pages_per_cpu_s"], 1e-9), 3),
        "over_pdfplumber": round(ours / max(found["pdfplumber"]["pages_per_cpu_s"], 1e-9), 2),
    }


def speed_report(corpus: Path | None, docs: int, repeat: int, tmp: Path) -> dict[str, Any]:
    """Every figure, measured in this order so that the peak memory is the big run's."""
    corpus_dir = tmp / "corpus"
    corpus_dir.mkdir()
    n = build_corpus(corpus or Path("raw"), corpus_dir, docs)
    report: dict[str, Any] = {
        "corpus": {
            "source": str(corpus or "raw"),
            "files": n,
            "bytes": sum(p.stat().st_size for p in corpus_dir.iterdir()),
        },
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    out, db = tmp / "extracted", tmp / "w.duckdb"
    report["run"] = pipeline_run(corpus_dir, out, db)
    report["noop"] = noop_rerun(corpus_dir, out, db, repeat)
    report["startup"] = startup(db, max(3, repeat))
    cores = os.cpu_count() or 1
    report["workers"] = parallel.workers_throughput(corpus_dir, tmp, sorted({1, min(2, cores), cores}))
    report["machine_ceiling"] = parallel.machine_ceiling() if cores >= 2 else {}
    report["entities"] = entity_speed(
        sorted(p for p in (corpus or Path("raw")).rglob("*") if p.is_file()), rounds=max(3, repeat)
    )
    report["pdf"] = pdf_readers()
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return report


def _row(name: str, measured: float | None, target: str, ok: bool | None) -> str:
    mark = "-" if ok is None else ("met" if ok else "NOT MET")
    return f"{name:<44} {measured if measured is not None else '-':>10}  {target:<10} {mark}"


def format_figures(report: dict[str, Any]) -> str:
    """The figures beside their targets."""
    s, r, nop, w = report["startup"], report["run"], report["noop"], report["workers"]
    t = TARGETS
    worst = max(s["sql_ratio"], s["help_ratio"], s["version_ratio"])
    lines = [
        f"corpus: {report['corpus']['files']} files, {report['corpus']['bytes'] / 1e6:.2f} MB from "
        f"{report['corpus']['source']}; load average {report['load_average']}"
        f" -> {report['load_average_after']}",
        f"{'figure':<44} {'measured':>10}  {'target':<10} status",
        _row("bare python + duckdb SELECT 1 (s)", s["bare_python_duckdb_s"], "", None),
        _row("start-up: sql, --help, --version (s)", max(s["sql_s"], s["help_s"], s["version_s"]), "", None),
        _row("  worst of them over bare (x)", worst, f"<= {t['startup_ratio']}", worst <= t["startup_ratio"]),
    ]
    lines += _worker_rows(w, report.get("machine_ceiling", {}))
    lines += _entity_rows(report.get("entities", {}))
    lines += [
        _row("one process (pipeline run): documents/s", r["docs_per_s"], "", None),
        _row("load ms per document", r["load_ms_per_doc"], "", None),
        _row(
            "load time / extraction time (%)",
            r["load_pct_of_extract"],
            f"<= {t['load_pct_of_extract']}",
            r["load_pct_of_extract"] <= t["load_pct_of_extract"],
        ),
        _row(
            f"peak RSS over {r['docs']} documents (MiB)",
            r["peak_rss_mib"],
            f"<= {t['peak_rss_mib']:g}",
            r["peak_rss_mib"] <= t["peak_rss_mib"],
        ),
        _row(
            "  its worker process's peak RSS (MiB)",
            r["worker_peak_rss_mib"],
            f"<= {t['peak_rss_mib']:g}",
            r["worker_peak_rss_mib"] <= t["peak_rss_mib"],
        ),
        _row("no-op rerun (s)", nop["rerun_s"], "", None),
        _row("python hashing the same files (s)", nop["python_hash_script_s"], "", None),
        _row(
            "  rerun over hashing (x)",
            nop["rerun_over_hash"],
            f"<= {t['noop_over_hash']}",
            nop["rerun_over_hash"] <= t["noop_over_hash"],
        ),
    ]
    lines += _pdf_rows(report["pdf"])
    return "\n".join(lines)


def _worker_rows(w: dict[str, Any], ceiling: dict[str, float]) -> list[str]:
    """Documents/s per worker count (best of the alternating rounds), the speed-up, the machine's ceiling."""
    lines = []
    for key, value in w.items():
        if key.isdigit():
            rounds = ", ".join(f"{x:g}" for x in w.get("rounds", {}).get(key, []))
            lines.append(_row(f"documents/s with {key} worker(s) [{rounds}]", value, "", None))
    if "speedup_2_workers" in w:
        sp, target = w["speedup_2_workers"], TARGETS["speedup_2_workers"]
        lines.append(_row("  2 workers over 1 (x)", sp, f">= {target}", sp >= target))
    if ceiling:
        lines.append(_row("  this machine: 2 busy loops over 1 (x)", ceiling["speedup_2"], "", None))
    return lines


def _entity_rows(e: dict[str, Any]) -> list[str]:
    """The entity stage's words per CPU second; none when the corpus had no readable text."""
    if not e:
        return []
    target = TARGETS["entity_words_per_cpu_s"]
    return [
        _row(
            f"entity stage: words per CPU second ({e['words']} words, {e['tokens_per_cpu_s']} tokens/s; "
            f"best of {e.get('rounds', [])})",
            e["words_per_cpu_s"],
            f">= {target:g}",
            e["words_per_cpu_s"] >= target,
        )
    ]


def _pdf_rows(pdf: dict[str, Any]) -> list[str]:
    """The PDF readers' figures; none when the PDF fixtures were not there."""
    if not pdf:
        return []
    lines = [
        _row(f"pdf {name}: pages per CPU second", values["pages_per_cpu_s"], "", None)
        for name, values in pdf["readers"].items()
    ]
    lines.append(_row("  ours over pdfplumber (x)", pdf["over_pdfplumber"], "", None))
    target = TARGETS["pdf_over_pypdfium2"]
    ok = pdf["over_pypdfium2"] >= target
    lines.append(_row("  ours over pypdfium2 plain text (x)", pdf["over_pypdfium2"], f">= {target}", ok))
    return lines
