"""The shared fixtures: the language pipeline, an in-memory warehouse, and copies of the seeds."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline import stages, store

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "raw"
CASES = Path(__file__).resolve().parent / "cases"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """OCR tests need Tesseract with its Italian model: skipped on a machine without it, never in CI."""
    from pipeline.readers.ocr import find_tesseract

    if os.environ.get("CI") or find_tesseract() is not None:
        return
    skip = pytest.mark.skip(
        reason="needs tesseract-ocr and tesseract-ocr-ita (apt-get install them); CI runs it"
    )
    for item in items:
        if "ocr" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def nlp() -> Any:
    from pipeline.extract.nlp import build_nlp

    return build_nlp()


@pytest.fixture
def db() -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(":memory:")
    store.ensure_schema(con)
    yield con
    con.close()


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    target = tmp_path / "raw"
    target.mkdir()
    for path in sorted(SEEDS.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            shutil.copy(path, target / path.name)
    return target


@pytest.fixture
def settings(tmp_path: Path, raw_dir: Path) -> stages.Settings:
    return stages.Settings(raw_dir=raw_dir, out_dir=tmp_path / "extracted", db_path=tmp_path / "w.duckdb")


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[stages.Settings, stages.RunSummary]:
    """One real run over the seeds, shared by the tests that only read its results."""
    base = tmp_path_factory.mktemp("seed-run")
    raw = base / "raw"
    shutil.copytree(SEEDS, raw, ignore=shutil.ignore_patterns(".*"))
    settings = stages.Settings(raw_dir=raw, out_dir=base / "extracted", db_path=base / "w.duckdb")
    return settings, stages.run(settings)


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect API for the whole session, started only by the tests that need it."""
    # flows first: it sets prefect's logging environment before prefect is imported
    import flows  # noqa: F401, I001
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
