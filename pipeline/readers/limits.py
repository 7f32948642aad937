"""Per-document limits shared by the readers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Per-document limits, so one hostile file cannot exhaust memory or hang a run."""

    max_bytes: int = 50 * 2**20
    max_pages: int = 500
    max_seconds: float = 120.0
    # address space of the worker process that reads one document (pipeline.stages.isolation)
    max_memory: int = 4 * 2**30
