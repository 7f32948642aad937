"""The "new cases" section of `pipeline bench accuracy` scores hand-written cases by kind."""

from __future__ import annotations

import json

from pipeline.bench.cases import CASES_FILE, format_cases, score_cases


def test_the_cases_file_notes_a_source_for_every_case() -> None:
    cases = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]
    assert len(cases) >= 10 and all(case["source"] for case in cases)


def test_a_wrong_value_is_a_miss_and_an_unexpected_date_a_false_positive(tmp_path) -> None:
    cases = {
        "cases": [
            {
                "source": "written for this test",
                "name": "a.md",
                "text": "Il bando mette a disposizione 2 milioni di euro entro il 31/12/2024.\n",
                "expect": [
                    {"kind": "money", "text": "2 milioni di euro", "value": "3000000", "currency": "EUR"}
                ],
            }
        ]
    }
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(cases), encoding="utf-8")
    report = score_cases(path)
    assert report["kinds"]["money"] == {"fn": 1, "fp": 1}  # found with another value
    assert report["kinds"]["date"] == {"fp": 1}
    assert "missed money 2 milioni di euro" in format_cases(report)
