"""The pieces of `pipeline bench speed` that are cheap to run: the machine's ceiling, the entity
stage's words per CPU second and the report's rows (the whole benchmark runs in `pipeline bench speed`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.bench import parallel
from pipeline.bench.entity_speed import entity_speed
from pipeline.bench.speed import format_figures

TEXT = (
    "La Regione Lombardia ha stanziato 13,5 milioni di euro per il Politecnico di Milano.\n"
    "L'assessore Guido Guidesi ha presentato il bando a Bergamo il 3 marzo 2025.\n"
)


def test_busy_loop_is_pure_work() -> None:
    assert parallel.busy_loop(10) == sum(i * i % 7 for i in range(10))


def test_machine_ceiling_times_one_and_two_processes() -> None:
    found = parallel.machine_ceiling(rounds=1, steps=300_000)
    assert found["one_s"] > 0 and found["two_s"] > 0
    assert found["speedup_2"] == pytest.approx(2 * found["one_s"] / found["two_s"], abs=0.05)


def test_entity_speed_counts_whitespace_words_of_readable_documents(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    found = entity_speed(sorted(tmp_path.iterdir()), min_words=100, rounds=2)
    per_pass = len(TEXT.split())
    assert found["documents"] == 1
    assert len(found["rounds"]) == 2 and found["words_per_cpu_s"] == max(found["rounds"])
    assert found["words"] % per_pass == 0 and found["words"] >= 100
    assert found["words_per_cpu_s"] == pytest.approx(found["words"] / max(found["cpu_s"], 1e-9), rel=0.2)


def test_entity_speed_of_no_readable_text_is_empty(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    assert entity_speed(sorted(tmp_path.iterdir())) == {}


def _report(speedup_rounds: dict[str, list[float]], entity_rate: int) -> dict[str, object]:
    best = {k: max(v) for k, v in speedup_rounds.items()}
    return {
        "corpus": {"files": 10, "bytes": 1000, "source": "raw"},
        "load_average": [0.1, 0.1, 0.1],
        "load_average_after": [1.0, 1.0, 1.0],
        "startup": {
            "sql_ratio": 1.5,
            "help_ratio": 1.2,
            "version_ratio": 1.1,
            "bare_python_duckdb_s": 0.2,
            "sql_s": 0.3,
            "help_s": 0.25,
            "version_s": 0.22,
        },
        "run": {
            "docs_per_s": 4.0,
            "load_ms_per_doc": 9.0,
            "load_pct_of_extract": 4.0,
            "docs": 10,
            "peak_rss_mib": 400.0,
            "worker_peak_rss_mib": 380.0,
        },
        "noop": {"rerun_s": 0.3, "python_hash_script_s": 0.1, "rerun_over_hash": 3.0},
        "workers": {**best, "rounds": speedup_rounds, "speedup_2_workers": round(best["2"] / best["1"], 2)},
        "machine_ceiling": {"one_s": 1.0, "two_s": 1.2, "speedup_2": 1.67},
        "entities": {
            "documents": 1,
            "words": 100000,
            "cpu_s": 5.0,
            "words_per_cpu_s": entity_rate,
            "tokens_per_cpu_s": entity_rate + 3000,
            "rounds": [entity_rate - 900, entity_rate],
        },
        "pdf": {},
    }


def test_report_rows_show_rounds_ceiling_and_entity_target() -> None:
    text = format_figures(_report({"1": [4.0, 4.2, 4.1], "2": [7.0, 7.3, 7.2]}, 16000))
    lines = text.splitlines()
    assert any("documents/s with 1 worker(s) [4, 4.2, 4.1]" in line and "4.2" in line for line in lines)
    speedup = next(line for line in lines if "2 workers over 1" in line)
    assert "1.74" in speedup and speedup.endswith("met") and "NOT" not in speedup
    assert any("2 busy loops over 1" in line and "1.67" in line for line in lines)
    entity = next(line for line in lines if "entity stage: words per CPU second" in line)
    assert "16000" in entity and ">= 15000" in entity and "NOT" not in entity
    assert "best of [15100, 16000]" in entity


def test_report_marks_unmet_targets() -> None:
    text = format_figures(_report({"1": [4.0], "2": [6.0]}, 9000))
    assert "NOT MET" in next(line for line in text.splitlines() if "2 workers over 1" in line)
    assert "NOT MET" in next(line for line in text.splitlines() if "entity stage" in line)
