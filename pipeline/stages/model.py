"""What the stages pass to each other: settings, the plan, outcomes and summaries."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Literal

from pipeline import files, store
from pipeline.readers import Limits
from schemas import Document, Failure, Record

MODEL_META = Path(__file__).resolve().parent.parent / "extract" / "model" / "meta.json"


def _pipeline_version() -> str:
    """The package version and the entity model's: records made by another pair are re-extracted."""
    try:
        package = version("pipeline")
    except PackageNotFoundError:  # running from a source tree that was not installed
        package = "0+unknown"
    try:
        model = str(json.loads(MODEL_META.read_text(encoding="utf-8")).get("version", "0"))
    except (OSError, ValueError):
        model = "none"
    return f"{package}+model.{model}"


PIPELINE_VERSION = _pipeline_version()

# documents loaded in one transaction by a run in one process
BATCH_SIZE = 64
# documents in one Dask task of the flow: small enough to keep every worker busy to the end
TASK_SIZE = 16


@dataclass(frozen=True)
class Settings:
    """Where a run reads and writes, and its per-document limits."""

    raw_dir: Path = Path("raw")
    out_dir: Path = Path("extracted")
    db_path: Path = store.DEFAULT_DB
    limits: Limits = field(default_factory=Limits)
    batch_size: int = BATCH_SIZE
    retry_failed: bool = False  # extract again the files that failed, though their bytes did not change
    allow_removals: bool = False  # let one run mark more than half of the loaded files removed


@dataclass(frozen=True)
class Candidate:
    """A file in raw/ that needs extracting."""

    file: files.RawFile
    doc_id: str
    size: int
    # new: never loaded (or back after removal); changed: other bytes; retry: failed before, retried on
    # request; outdated: loaded by another pipeline, model or schema version
    reason: Literal["new", "changed", "retry", "outdated"]
    # the bytes discovery read and hashed into doc_id, kept so that the file is read once; None when
    # discovery did not keep them (over its memory budget, or unreadable): the read stage reads them
    data: bytes | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Plan:
    """What discovery found: files to extract, unchanged files, and paths gone from raw/."""

    todo: list[Candidate]
    unchanged: list[str]
    removed: list[str]
    stale: list[str] = field(default_factory=list)  # doc ids whose extracted/ files go once loaded

    @property
    def new(self) -> int:
        """Files never seen before."""
        return sum(1 for c in self.todo if c.reason == "new")

    @property
    def changed(self) -> int:
        """Files whose bytes changed since the last load."""
        return sum(1 for c in self.todo if c.reason == "changed")

    @property
    def reextracted(self) -> int:
        """Unchanged files extracted again: failed before (--retry-failed) or made by an older version."""
        return sum(1 for c in self.todo if c.reason in ("retry", "outdated"))


@dataclass(frozen=True)
class Outcome:
    """One document's result: its records (a Document and facts, or one Failure) and timings."""

    path: str
    doc_id: str
    records: list[Record]
    ms: dict[str, float] = field(default_factory=dict)
    counted: dict[str, int] | None = None  # kind counts of a slimmed outcome

    def slim(self) -> Outcome:
        """This outcome without its facts or text, once loaded: what the summary needs, in little memory."""
        first = self.records[0]
        if isinstance(first, Document):
            first = first.model_copy(update={"text": ""})
        return replace(self, records=[first], counted=self.kind_counts)

    @property
    def failure(self) -> Failure | None:
        """The failure record, if the document failed."""
        first = self.records[0]
        return first if isinstance(first, Failure) else None

    @property
    def pages(self) -> int:
        """Pages of the document (0 for unpaged text and failures)."""
        first = self.records[0]
        return (first.pages or 0) if isinstance(first, Document) else 0

    @property
    def kind_counts(self) -> dict[str, int]:
        """How many facts of each record kind ('entity', 'amount', ...) the document has."""
        return self.counted if self.counted is not None else count_kinds(self.records[1:])


def count_kinds(records: Iterable[Record]) -> dict[str, int]:
    """Records counted by their `kind` field."""
    return dict(Counter(getattr(r, "kind", type(r).__name__) for r in records))


@dataclass(frozen=True)
class LoadInfo:
    """What loading did."""

    loaded: int
    removed: int
    failed: list[Failure]


@dataclass(frozen=True)
class RunSummary:
    """The numbers a run reports."""

    new: int
    changed: int
    unchanged: int
    removed: int
    reextracted: int
    ok: int
    failed: int
    failures: list[Failure]
    seconds: float
    stage_seconds: dict[str, float]
    pages: int
    counts: dict[str, int]
