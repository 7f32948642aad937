"""Discovery: what in raw/ is new, changed, unchanged or gone, by content hash."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Literal

from pipeline import files, store
from pipeline.stages.events import log_event
from pipeline.stages.model import PIPELINE_VERSION, Candidate, Plan, Settings
from schemas import SCHEMA_VERSION

# a run that would mark more than this share of the loaded files removed stops unless allowed
MAX_REMOVED_SHARE = 0.5
# the bytes of new and changed files that discovery keeps for the read stage, in all
KEEP_BYTES = 256 * 2**20


class RemovalRefused(RuntimeError):
    """The run would empty the warehouse: raw/ is missing or empty, or most of it vanished at once."""


def discover(settings: Settings) -> Plan:
    """Compare raw/ with what the warehouse has loaded, by content hash; nothing is parsed.

    Unchanged files are skipped, except documents made by another pipeline, model or schema version
    (extracted again, automatically) and, with `settings.retry_failed`, files that failed.
    Raises RemovalRefused, before anything is written, when raw/ is missing or empty while the
    warehouse has files, or when more than half of them would be marked removed without
    `settings.allow_removals`.

    Each file is read once: the bytes hashed here go with its Candidate to the read stage (up to
    KEEP_BYTES in all; the files past that budget are read again there and hashed again).

    Call it under `run_lock`: it also clears what a killed run left half-written in out_dir.
    """
    partial = files.remove_partial(settings.out_dir)
    leftovers = store.remove_leftovers(settings.db_path)
    if partial or leftovers:
        log_event(logging.INFO, "cleanup", partial_records=partial or None, staging=len(leftovers) or None)
    known: dict[str, tuple[str, str]] = {}
    versions: dict[str, tuple[str, int]] = {}
    if settings.db_path.exists():
        con = store.open_reader(settings.db_path)
        try:
            known = store.known_files(con)
            versions = store.document_versions(con)
        finally:
            con.close()
    todo: list[Candidate] = []
    unchanged: list[str] = []
    seen: set[str] = set()
    kept = 0
    for raw in files.scan_raw(settings.raw_dir):
        seen.add(raw.rel)
        candidate = _candidate(raw, known.get(raw.rel), raw.rel in known, versions, settings)
        if candidate is None:
            unchanged.append(raw.rel)
            continue
        if candidate.data is not None:
            kept += len(candidate.data)
            if kept > KEEP_BYTES:  # the read stage reads it again
                candidate = replace(candidate, data=None)
        todo.append(candidate)
    removed = sorted(p for p, (_, status) in known.items() if p not in seen and status != "removed")
    _check_removals(settings, len(seen), removed, sum(1 for _, s in known.values() if s != "removed"))
    current = {c.doc_id for c in todo} | {known[p][0] for p in unchanged}
    # a removed file's records stay in extracted/, so that the file is not extracted again if it comes back
    replaced = {known[c.file.rel][0] for c in todo if c.file.rel in known}
    return Plan(todo, unchanged, removed, sorted(replaced - current))


def _candidate(
    raw: files.RawFile,
    previous: tuple[str, str] | None,
    was_known: bool,
    versions: dict[str, tuple[str, int]],
    settings: Settings,
) -> Candidate | None:
    """The Candidate of one entry of raw/, or None when it is unchanged and stays as it is."""
    again: Literal["new", "changed"] = "changed" if was_known else "new"
    reason: Literal["new", "changed"] = "changed" if previous and previous[1] != "removed" else "new"
    if raw.outside or raw.problem is not None:
        # nothing is read: the entry fails on its metadata, once (until it changes)
        if previous == ("", "failed") and not settings.retry_failed:
            return None
        return Candidate(raw, "", 0, again)
    try:
        # the size from the metadata first: a sparse 2 GB file is refused without reading it
        too_big = raw.path.stat().st_size > settings.limits.max_bytes
        data = None if too_big else files.read_regular(raw.path, settings.limits.max_bytes)
    except OSError:
        return Candidate(raw, "", 0, reason)  # the read stage says why (E111)
    if data is None:  # over the size limit: the read stage refuses it without reading
        return Candidate(raw, "", settings.limits.max_bytes + 1, again)
    doc_id = files.hash_bytes(data)
    if previous is not None and previous[0] == doc_id and previous[1] != "removed":
        why = _again(previous[1], versions.get(doc_id), settings.retry_failed)
        return None if why is None else Candidate(raw, doc_id, len(data), why, data)
    return Candidate(raw, doc_id, len(data), reason, data)


def _again(
    status: str, version: tuple[str, int] | None, retry_failed: bool
) -> Literal["retry", "outdated"] | None:
    """Why an unchanged file is extracted again, or None when it stays as it is."""
    if status == "failed":
        return "retry" if retry_failed else None
    if version is not None and version != (PIPELINE_VERSION, SCHEMA_VERSION):
        return "outdated"
    return None


def _check_removals(settings: Settings, found: int, removed: list[str], tracked: int) -> None:
    if not tracked:
        return
    if not settings.raw_dir.is_dir():
        raise RemovalRefused(
            f"{settings.raw_dir} does not exist, but the warehouse has {tracked} files from a raw folder; "
            "check --raw (nothing was marked removed)"
        )
    if found == 0 and not settings.allow_removals:
        raise RemovalRefused(
            f"{settings.raw_dir} is empty, but the warehouse has {tracked} files from it; check --raw, "
            "or run with --allow-removals to mark them all removed"
        )
    if len(removed) > MAX_REMOVED_SHARE * tracked and not settings.allow_removals:
        raise RemovalRefused(
            f"{len(removed)} of the {tracked} files in the warehouse are gone from {settings.raw_dir}; "
            "nothing was marked removed: check --raw, or run with --allow-removals if they were deleted"
        )
