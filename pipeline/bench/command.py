"""The `pipeline bench` command: `accuracy` (the gold) and `speed` (pipeline.bench.speed).

Every report starts with the machine, the versions and the git commit.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

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


def _test_split(nlp: Any, sentences: list[Any], data: dict[str, Any]) -> str:
    """The test split's scores per part, as written, in capitals (as headings, titles and acts' headers
    often are), with its lines broken as a PDF's are (`wrap_lines`), both, and in title case (as some
    sites write their headlines), into `data`; their text."""
    from pipeline.bench.corpus import OWN_LABELS, format_conll_scores, score_sentences, title_case, wrap_lines

    text = ""
    parts = (("wikinews", "news"), ("pa-it", "public administration"), ("written", "written press releases"))
    forms: tuple[tuple[str, str, Callable[[str], str]], ...] = (
        ("", "Test split", lambda t: t),
        ("_capitals", "Test split in capitals", str.upper),
        ("_wrapped", "Test split in broken lines", wrap_lines),
        ("_capitals_wrapped", "Test split in capitals and broken lines", lambda t: wrap_lines(t.upper())),
        ("_title", "Test split in title case", title_case),
    )
    for suffix, heading, form in forms:
        for part, title in parts:
            chosen = [
                replace(s, text=form(s.text))
                for s in sentences
                if s.source.split("/")[0] == part and len(form(s.text)) == len(s.text)
            ]
            scores = score_sentences(nlp, chosen, OWN_LABELS)
            data[f"test_{part}{suffix}"] = scores
            text += "\n\n" + format_conll_scores(scores, f"{heading}, {title} ({len(chosen)} sentences)")
    return text


def accuracy(nlp_factory: Callable[[], Any]) -> tuple[dict[str, Any], str]:
    """Scores on the seed gold (and Europarl-it for entities): a JSON-able report and its text."""
    from pipeline.bench.accuracy_report import format_accuracy, report_dict
    from pipeline.bench.scoring import evaluate_gold

    nlp = nlp_factory()
    report = evaluate_gold(GOLD_DIR, Path("raw"), nlp)
    text = format_accuracy(report)
    data: dict[str, Any] = {"machine": machine(), "gold": report_dict(report)}
    from pipeline.bench.corpus import (
        EUROPARL_TEST,
        OWN_TEST,
        format_conll_scores,
        read_annotated,
        score_conll,
    )

    if OWN_TEST.exists():  # the project's test split, never trained or tuned on
        text += _test_split(nlp, read_annotated(OWN_TEST), data)
    if EUROPARL_TEST.exists():  # the held-out part only: the model trains on the rest
        scores = score_conll(nlp, EUROPARL_TEST)
        data["europarl"] = scores
        text += "\n\n" + format_conll_scores(scores)
    from pipeline.bench.cases import CASES_FILE, format_cases, score_cases

    if CASES_FILE.exists():  # the forms of real documents beyond the seeds, scored apart
        data["new_cases"] = score_cases(CASES_FILE)
        text += "\n\n" + format_cases(data["new_cases"])
    from pipeline.bench.funding_scoring import evaluate_funding, format_funding, funding_dict

    funding = evaluate_funding(nlp)
    data["funding"] = funding_dict(funding)
    text += "\n\n" + format_funding(funding)
    return data, text


def main_bench(args: argparse.Namespace) -> int:
    """`pipeline bench accuracy|speed`."""
    from pipeline.extract.nlp import build_nlp

    logging.getLogger("pipeline").setLevel(logging.WARNING)  # the per-document lines would drown the report
    if args.what == "speed":
        from pipeline.bench import speed as bench_speed

        with tempfile.TemporaryDirectory(prefix="pipeline-bench-") as tmp:
            figures = bench_speed.speed_report(
                Path(args.corpus) if args.corpus else None, args.docs, args.repeat, Path(tmp)
            )
        if args.json:
            print(json.dumps({"machine": machine(), **figures}, indent=1))
        else:
            print(format_machine(machine()) + "\n" + bench_speed.format_figures(figures))
        return 0
    data, text = accuracy(build_nlp)
    print(
        json.dumps(data, indent=1, default=str)
        if args.json
        else format_machine(data["machine"]) + "\n" + text
    )
    return 0
