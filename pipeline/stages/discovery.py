"""Discovery: what in raw/ is new, changed, unchanged or gone, by content hash."""

from __future__ import annotations

import logging
from typing import Literal

from pipeline import files, store
from pipeline.stages.events import log_event
from pipeline.stages.model import Candidate, Plan, Settings


def discover(settings: Settings) -> Plan:
    """Compare raw/ with what the warehouse has loaded, by content hash; nothing is parsed.

    Call it under `run_lock`: it also clears what a killed run left half-written in out_dir.
    """
    partial = files.remove_partial(settings.out_dir)
    leftovers = store.remove_leftovers(settings.db_path)
    if partial or leftovers:
        log_event(logging.INFO, "cleanup", partial_records=partial or None, staging=len(leftovers) or None)
    known: dict[str, tuple[str, str]] = {}
    if settings.db_path.exists():
        con = store.open_reader(settings.db_path)
        try:
            known = store.known_files(con)
        finally:
            con.close()
    todo: list[Candidate] = []
    unchanged: list[str] = []
    seen: set[str] = set()
    for raw in files.scan_raw(settings.raw_dir):
        seen.add(raw.rel)
        previous = known.get(raw.rel)
        if raw.outside or raw.problem is not None:
            # nothing is read: the entry fails on its metadata, once (until it changes)
            if previous == ("", "failed"):
                unchanged.append(raw.rel)
            else:
                todo.append(Candidate(raw, "", 0, "changed" if raw.rel in known else "new"))
            continue
        try:
            # the size from the metadata first: a sparse 2 GB file is refused without reading it
            too_big = raw.path.stat().st_size > settings.limits.max_bytes
            hashed = None if too_big else files.hash_file(raw.path, settings.limits.max_bytes)
        except OSError:
            hashed = ("", 0)  # the read stage says why (E111)
        if hashed is None:  # over the size limit: the read stage refuses it without reading
            todo.append(
                Candidate(raw, "", settings.limits.max_bytes + 1, "changed" if raw.rel in known else "new")
            )
            continue
        doc_id, size = hashed
        if previous is not None and doc_id and previous[0] == doc_id and previous[1] != "removed":
            unchanged.append(raw.rel)
        else:
            reason: Literal["new", "changed"] = "changed" if previous and previous[1] != "removed" else "new"
            todo.append(Candidate(raw, doc_id, size, reason))
    removed = sorted(p for p, (_, status) in known.items() if p not in seen and status != "removed")
    current = {c.doc_id for c in todo} | {known[p][0] for p in unchanged}
    replaced = {known[c.file.rel][0] for c in todo if c.file.rel in known} | {known[p][0] for p in removed}
    return Plan(todo, unchanged, removed, sorted(replaced - current))
