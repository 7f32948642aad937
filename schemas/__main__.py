"""Write the JSON Schema of every record model into schemas/json/: `python -m schemas`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from schemas.records import (
    Amount,
    DateMention,
    Document,
    Entity,
    Failure,
    FundingFact,
    Percent,
    Record,
    Table,
)

MODELS: tuple[type[Record], ...] = (
    Document,
    Entity,
    Amount,
    Percent,
    DateMention,
    FundingFact,
    Table,
    Failure,
)
JSON_DIR = Path(__file__).resolve().parent / "json"


def json_schemas() -> dict[str, str]:
    """File name -> JSON Schema text, for every record model."""
    return {
        f"{m.__name__}.schema.json": json.dumps(m.model_json_schema(), indent=2, ensure_ascii=False) + "\n"
        for m in MODELS
    }


def main() -> int:
    """Write the files; returns the exit code."""
    JSON_DIR.mkdir(exist_ok=True)
    for name, text in json_schemas().items():
        (JSON_DIR / name).write_text(text, encoding="utf-8")
    sys.stderr.write(f"wrote {len(MODELS)} schemas to {JSON_DIR}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
