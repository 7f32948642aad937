"""Files on disk: scanning raw/, hashing, and the JSON Lines in extracted/."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pydantic loads when records are read or written, not for scanning and hashing
    from schemas import Record

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".pdf", ".html", ".htm", ".md", ".markdown", ".txt")
IGNORED_NAMES = (".gitkeep", ".DS_Store", "Thumbs.db")


@dataclass(frozen=True)
class RawFile:
    """A file found in raw/."""

    path: Path
    rel: str  # path relative to raw/, with forward slashes
    outside: bool  # a symbolic link that resolves outside raw/


def scan_raw(raw_dir: Path) -> list[RawFile]:
    """Every file below `raw_dir`, sorted by relative path; hidden files and folders are skipped.

    Files whose type is not supported are listed too, so that they get a failure record.
    """
    root = raw_dir.resolve()
    found: list[RawFile] = []
    for dirpath, dirnames, filenames in os.walk(raw_dir, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name in IGNORED_NAMES:
                continue
            path = Path(dirpath) / name
            rel = path.relative_to(raw_dir).as_posix()
            outside = path.is_symlink() and not path.resolve().is_relative_to(root)
            found.append(RawFile(path, rel, outside))
    return sorted(found, key=lambda f: f.rel)


def hash_bytes(data: bytes) -> str:
    """The document id: SHA-256 of the raw bytes, in hex.

    >>> hash_bytes(b"")[:16]
    'e3b0c44298fc1c14'
    """
    return hashlib.sha256(data).hexdigest()


def extracted_path(out_dir: Path, doc_id: str) -> Path:
    """Where the records of one document are written."""
    return out_dir / f"{doc_id}.jsonl"


def write_records(out_dir: Path, name: str, records: Iterable[Record]) -> Path:
    """Write `records` as JSON Lines to `out_dir/<name>.jsonl` atomically (a temporary file, then rename).

    A reader never sees half a file, and a crash leaves the previous version in place.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{name}.jsonl"
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for record in records:
                fh.write(record.model_dump_json())
                fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def read_records(path: Path) -> Iterator[Record]:
    """The records of one JSON Lines file, validated against the schema models."""
    from schemas import RECORD_ADAPTER

    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield RECORD_ADAPTER.validate_json(line)


def remove_partial(out_dir: Path) -> int:
    """Delete temporary files that a killed run left in `out_dir`; returns how many."""
    partial = list(out_dir.glob(".*.tmp")) if out_dir.is_dir() else []
    for path in partial:
        path.unlink(missing_ok=True)
    return len(partial)


def list_extracted(out_dir: Path) -> list[Path]:
    """The JSON Lines files in `out_dir`, sorted."""
    return sorted(p for p in out_dir.glob("*.jsonl") if not p.name.startswith("."))
