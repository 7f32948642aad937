"""Files on disk: scanning raw/, hashing, and the JSON Lines in extracted/."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pydantic loads when records are read or written, not for scanning and hashing
    from schemas import Record


SUPPORTED_SUFFIXES = (".pdf", ".html", ".htm", ".md", ".markdown", ".txt")
IGNORED_NAMES = (".gitkeep", ".DS_Store", "Thumbs.db")


@dataclass(frozen=True)
class RawFile:
    """An entry found in raw/."""

    path: Path
    rel: str  # path relative to raw/, with forward slashes (bytes that are not UTF-8 as \\xNN)
    outside: bool  # a symbolic link that resolves outside raw/
    # an entry that is not a readable regular file: (error code, message details)
    problem: tuple[str, dict[str, str]] | None = None


_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFDIR: "a folder",
}


def display_name(rel: str) -> str:
    """`rel` with the bytes of a name that is not UTF-8 shown as `\\xNN`, so that it can be stored.

    >>> display_name(b"z\\xe8.txt".decode("utf-8", "surrogateescape"))
    'z\\\\xe8.txt'
    """
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def check_entry(path: Path, root: Path) -> tuple[bool, tuple[str, dict[str, str]] | None]:
    """(outside, problem) of one directory entry, from its metadata alone: nothing is opened."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            try:
                target = path.resolve(strict=True)
            except RuntimeError:
                return False, ("E116", {"detail": "the link loops"})
            except FileNotFoundError:
                return False, ("E116", {"detail": "the link points to nothing"})
            if not target.is_relative_to(root):
                return True, None
            info = target.stat()
    except OSError as exc:
        return False, ("E111", {"detail": exc.strerror or str(exc)})
    kind = stat.S_IFMT(info.st_mode)
    if kind != stat.S_IFREG:
        return False, ("E115", {"kind": _KINDS.get(kind, "not a regular file")})
    return False, None


def scan_raw(raw_dir: Path) -> list[RawFile]:
    """Every entry below `raw_dir`, sorted by relative path; hidden files and folders are skipped.

    Files whose type is not supported are listed too, so that they get a failure record; so are
    entries that are not regular files (pipes, sockets, devices), broken or looping links, names that
    are not UTF-8, and hard links shared with a file outside raw/: each with its `problem`.
    """
    root = raw_dir.resolve()
    found: list[RawFile] = []
    links: dict[tuple[int, int], list[int]] = {}  # (device, inode) of files with several names
    for dirpath, dirnames, filenames in os.walk(raw_dir, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name in IGNORED_NAMES:
                continue
            path = Path(dirpath) / name
            raw_rel = path.relative_to(raw_dir).as_posix()
            rel = display_name(raw_rel)
            outside, problem = check_entry(path, root)
            if problem is None and rel != raw_rel:
                problem = ("E114", {})
            if problem is None and not outside and not path.is_symlink():
                info = path.lstat()
                if info.st_nlink > 1:
                    links.setdefault((info.st_dev, info.st_ino), []).append(len(found))
            found.append(RawFile(path, rel, outside, problem))
    for indices in links.values():
        # every name of a file inside raw/ is listed here; more names means one is outside
        if found[indices[0]].path.lstat().st_nlink > len(indices):
            for i in indices:
                found[i] = RawFile(found[i].path, found[i].rel, False, ("E117", {}))
    return sorted(found, key=lambda f: f.rel)


CHUNK_BYTES = 2**20


def read_regular(path: Path, max_bytes: int) -> bytes | None:
    """The bytes of a regular file, or None when it has more than `max_bytes`.

    The file is opened without blocking and checked to be a regular file before anything is
    read (a pipe swapped in after discovery would hang, a device would never end), then read in
    chunks so that a file growing meanwhile cannot go past the limit.

    Raises:
        OSError: the file cannot be opened or read, or it is not a regular file.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        chunks: list[bytes] = []
        size = 0
        while chunk := fh.read(CHUNK_BYTES):
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                return None
    return b"".join(chunks)


def hash_file(path: Path, max_bytes: int) -> tuple[str, int] | None:
    """(SHA-256, size) of a regular file, in chunks; None when it has more than `max_bytes`.

    Raises:
        OSError: as `read_regular`.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    digest = hashlib.sha256()
    size = 0
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        while chunk := fh.read(CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
            if size > max_bytes:
                return None
    return digest.hexdigest(), size


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
