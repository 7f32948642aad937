"""Discovery: what in raw/ is new, changed, unchanged or gone, by content hash."""

from __future__ import annotations

from typing import Literal

from pipeline import files, store
from pipeline.stages.model import Candidate, Plan, Settings


def discover(settings: Settings) -> Plan:
    """Compare raw/ with what the warehouse has loaded, by content hash; nothing is parsed.

    Call it under `run_lock`: it also clears what a killed run left half-written in out_dir.
    """
    files.remove_partial(settings.out_dir)
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
        if raw.outside:
            todo.append(Candidate(raw, "", 0, "changed" if raw.rel in known else "new"))
            continue
        data = raw.path.read_bytes()
        doc_id = files.hash_bytes(data)
        previous = known.get(raw.rel)
        if previous is not None and previous[0] == doc_id and previous[1] != "removed":
            unchanged.append(raw.rel)
        else:
            reason: Literal["new", "changed"] = "changed" if previous and previous[1] != "removed" else "new"
            todo.append(Candidate(raw, doc_id, len(data), reason))
    removed = sorted(p for p, (_, status) in known.items() if p not in seen and status != "removed")
    current = {c.doc_id for c in todo} | {known[p][0] for p in unchanged}
    replaced = {known[c.file.rel][0] for c in todo if c.file.rel in known} | {known[p][0] for p in removed}
    return Plan(todo, unchanged, removed, sorted(replaced - current))
