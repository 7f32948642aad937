"""Benchmarks: `pipeline bench accuracy` (the gold) and `pipeline bench speed` (a corpus).

Every report starts with the machine, the versions and the git commit.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import resource
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from pipeline import stages
from pipeline.extract.amounts import find_amounts
from pipeline.extract.dates import find_dates
from pipeline.extract.percents import find_percents

PACKAGES = ("spacy", "pdfplumber", "pypdfium2", "pydantic", "duckdb", "prefect", "trafilatura")
SPEED_CORPUS_MIN_BYTES = 1_000_000
GOLD_DIR = Path("tests/gold")
PDF_DIR = Path("tests/fixtures/pdf-it")


def machine() -> dict[str, Any]:
    """Cores, memory, Python, package versions, git commit."""
    try:
        commit = (
            subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
            ).stdout.strip()
            or "unknown"
        )
    except OSError:
        commit = "unknown"
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "-"
    return {
        "cores": os.cpu_count(),
        "ram_gib": round(mem, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": commit,
        "packages": versions,
    }


def format_machine(info: dict[str, Any]) -> str:
    """The header line of every report."""
    pkgs = " ".join(f"{k}={v}" for k, v in info["packages"].items())
    return (
        f"machine: {info['cores']} cores, {info['ram_gib']} GiB, Python {info['python']}, "
        f"commit {info['commit']}\npackages: {pkgs}"
    )


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def build_corpus(source: Path, target: Path, min_bytes: int) -> tuple[int, int, bool]:
    """Copy the documents of `source` into `target` (again and again, under new names, until `min_bytes`).

    Returns:
        (files, bytes, copied): copied is True when the corpus repeats documents.
    """
    docs = sorted(p for p in source.rglob("*") if p.is_file() and not p.name.startswith("."))
    if not docs:
        raise FileNotFoundError(f"no documents in {source}")
    total, n, rounds = 0, 0, 0
    while total < min_bytes or rounds == 0:
        for p in docs:
            data = p.read_bytes()
            # a marker line makes each copy a new document by hash, as real distinct files would be
            extra = f"\n\n{rounds}\n".encode() if rounds and p.suffix != ".pdf" else b""
            dest = target / f"{rounds:03d}-{p.name}"
            dest.write_bytes(data + extra)
            total += len(data) + len(extra)
            n += 1
        rounds += 1
        if all(p.suffix == ".pdf" for p in docs):
            break  # copies of a pdf are one document by hash; time the originals
    return n, total, rounds > 1


def _best_of(repeat: int, work: Callable[[], object]) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds of `repeat` runs of `work` (CPU time is this process's only)."""
    wall, cpu = float("inf"), float("inf")
    for _ in range(max(1, repeat)):
        w0, c0 = time.perf_counter(), time.process_time()
        work()
        wall, cpu = min(wall, time.perf_counter() - w0), min(cpu, time.process_time() - c0)
    return wall, cpu


def bench_extractors(text: str, repeat: int) -> dict[str, float]:
    """MB/s of the money, percent and date finders together, on one core (wall-clock and CPU time)."""

    def work() -> None:
        find_amounts(text)
        find_percents(text)
        find_dates(text)

    wall, cpu = _best_of(repeat, work)
    mb = len(text.encode()) / 1e6
    return {
        "mb": round(mb, 2),
        "seconds": round(wall, 3),
        "mb_per_s": round(mb / wall, 2),
        "mb_per_cpu_s": round(mb / cpu, 2),
    }


def bench_entities(nlp: Any, texts: list[str], repeat: int) -> dict[str, float]:
    """Words per second of nlp.pipe + find_entities, on one core (wall-clock and CPU time)."""
    from pipeline.extract.entities import find_entities

    def work() -> None:
        for doc in nlp.pipe(texts):
            find_entities(doc)

    words = sum(len(t.split()) for t in texts)
    wall, cpu = _best_of(repeat, work)
    return {
        "words": words,
        "seconds": round(wall, 3),
        "words_per_s": round(words / wall),
        "words_per_cpu_s": round(words / cpu),
    }


def speed(corpus: Path | None, repeat: int, nlp_factory: Callable[[], Any]) -> dict[str, Any]:
    """Time whole-pipeline runs (read, extract, write) over a corpus, after a warm-up."""
    report: dict[str, Any] = {"machine": machine()}
    with tempfile.TemporaryDirectory(prefix="pipeline-bench-") as tmp:
        corpus_dir = Path(tmp) / "corpus"
        corpus_dir.mkdir()
        n_files, n_bytes, copied = build_corpus(
            corpus or Path("raw"), corpus_dir, SPEED_CORPUS_MIN_BYTES if corpus is None else 0
        )
        report["corpus"] = {
            "source": str(corpus or "raw"),
            "files": n_files,
            "bytes": n_bytes,
            "copies_of_seeds": copied,
        }
        t0 = time.perf_counter()
        nlp = nlp_factory()
        report["load_nlp_s"] = round(time.perf_counter() - t0, 2)
        runs = []
        per_doc: list[float] = []
        stage_ms: dict[str, float] = {}
        for i in range(max(1, repeat) + 1):  # the first pass is the warm-up
            settings = stages.Settings(
                raw_dir=corpus_dir, out_dir=Path(tmp) / f"out{i}", db_path=Path(tmp) / f"db{i}.duckdb"
            )
            plan = stages.discover(settings)
            t0 = time.perf_counter()
            outcomes = stages.process(plan, settings, nlp)
            elapsed = time.perf_counter() - t0
            if i == 0:
                continue
            runs.append(elapsed)
            pages = sum(getattr(o.records[0], "pages", None) or 0 for o in outcomes)
            per_doc += [sum(o.ms.values()) for o in outcomes]
            for o in outcomes:
                for k, v in o.ms.items():
                    stage_ms[k] = stage_ms.get(k, 0.0) + v / max(1, repeat)
        best = min(runs)
        report["pipeline"] = {
            "runs": len(runs),
            "best_s": round(best, 3),
            "docs_per_s": round(n_files / best, 1),
            "pages_per_s": round(pages / best, 1) if pages else None,
            "mb_per_s": round(n_bytes / 1e6 / best, 2),
            "median_ms_per_doc": round(statistics.median(per_doc), 1),
            "p95_ms_per_doc": round(_percentile(per_doc, 0.95), 1),
            "stage_s": {k: round(v / 1000, 3) for k, v in stage_ms.items()},
        }
        texts = [
            p.read_text(encoding="utf-8", errors="replace")
            for p in sorted(corpus_dir.iterdir())
            if p.suffix in (".md", ".txt")
        ]
        if texts:
            report["numeric_finders"] = bench_extractors("\n\n".join(texts), repeat)
            report["entity_stage"] = bench_entities(nlp, texts, repeat)
    if PDF_DIR.is_dir():
        from pipeline.readers.pdf import compare_pdf_speed

        report["pdf_readers"] = compare_pdf_speed(sorted(PDF_DIR.glob("*.pdf")))
    report["peak_rss_mib"] = round(peak_rss_mib(), 1)
    return report


def format_speed(report: dict[str, Any]) -> str:
    """The speed report as text."""
    c, p = report["corpus"], report["pipeline"]
    lines = [
        format_machine(report["machine"]),
        f"corpus: {c['files']} files, {c['bytes'] / 1e6:.2f} MB from {c['source']}"
        + (" (the seeds copied until 1 MB)" if c["copies_of_seeds"] else ""),
        f"load nlp: {report['load_nlp_s']} s (warm-up pass not timed)",
        f"read+extract+write (best of {p['runs']}): {p['docs_per_s']} docs/s, "
        f"{p['mb_per_s']} MB/s"
        + (f", {p['pages_per_s']} pages/s" if p["pages_per_s"] else "")
        + f"; per doc median {p['median_ms_per_doc']} ms, p95 {p['p95_ms_per_doc']} ms",
        "time per stage: " + ", ".join(f"{k} {v} s" for k, v in p["stage_s"].items()),
    ]
    if "numeric_finders" in report:
        n = report["numeric_finders"]
        lines.append(
            f"money+percent+date finders: {n['mb_per_s']} MB/s on one core, "
            f"{n['mb_per_cpu_s']} MB per CPU second ({n['mb']} MB)"
        )
    if "entity_stage" in report:
        e = report["entity_stage"]
        lines.append(
            f"entity stage (nlp.pipe + find_entities): {e['words_per_s']} words/s on one core, "
            f"{e['words_per_cpu_s']} words per CPU second ({e['words']} words)"
        )
    for name, r in report.get("pdf_readers", {}).items():
        lines.append(f"pdf reader {name}: " + ", ".join(f"{k}={v}" for k, v in r.items()))
    lines.append(f"peak RSS: {report['peak_rss_mib']} MiB")
    return "\n".join(lines)


def accuracy(nlp_factory: Callable[[], Any]) -> tuple[dict[str, Any], str]:
    """Scores on the seed gold (and Europarl-it for entities): a JSON-able report and its text."""
    from pipeline import evaluate

    nlp = nlp_factory()
    report = evaluate.evaluate_gold(GOLD_DIR, Path("raw"), nlp)
    text = evaluate.format_accuracy(report)
    data: dict[str, Any] = {"machine": machine(), "gold": evaluate.report_dict(report)}
    from pipeline.corpus import (
        EUROPARL_TEST,
        OWN_LABELS,
        OWN_TEST,
        format_conll_scores,
        read_annotated,
        score_conll,
        score_sentences,
    )

    if OWN_TEST.exists():  # the project's test split, never trained or tuned on
        sentences = read_annotated(OWN_TEST)
        for part, title in (("wikinews", "news"), ("pa-it", "public administration")):
            chosen = [s for s in sentences if s.source.split("/")[0] == part]
            scores = score_sentences(nlp, chosen, OWN_LABELS)
            data[f"test_{part}"] = scores
            text += "\n\n" + format_conll_scores(scores, f"Test split, {title} ({len(chosen)} sentences)")
    if EUROPARL_TEST.exists():  # the held-out part only: the model trains on the rest
        scores = score_conll(nlp, EUROPARL_TEST)
        data["europarl"] = scores
        text += "\n\n" + format_conll_scores(scores)
    from pipeline.bench_cases import CASES_FILE, format_cases, score_cases

    if CASES_FILE.exists():  # the forms of real documents beyond the seeds, scored apart
        data["new_cases"] = score_cases(CASES_FILE)
        text += "\n\n" + format_cases(data["new_cases"])
    from pipeline.funding_eval import evaluate_funding, format_funding, funding_dict

    funding = evaluate_funding(nlp)
    data["funding"] = funding_dict(funding)
    text += "\n\n" + format_funding(funding)
    return data, text


def main_bench(args: argparse.Namespace) -> int:
    """`pipeline bench accuracy|speed`."""
    from pipeline.extract.nlp import build_nlp

    logging.getLogger("pipeline").setLevel(logging.WARNING)  # the per-document lines would drown the report
    if args.what == "speed":
        report = speed(Path(args.corpus) if args.corpus else None, args.repeat, build_nlp)
        print(json.dumps(report, indent=1) if args.json else format_speed(report))
        return 0
    data, text = accuracy(build_nlp)
    print(
        json.dumps(data, indent=1, default=str)
        if args.json
        else format_machine(data["machine"]) + "\n" + text
    )
    return 0
