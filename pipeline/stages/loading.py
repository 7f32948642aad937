"""Loading outcomes into the warehouse, one transaction per document."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from pipeline import files, store
from pipeline.stages.events import log_event, make_failure
from pipeline.stages.model import LoadInfo, Outcome, Plan, Settings
from schemas import Document, Failure


def load(outcomes: Iterable[Outcome], removed: Sequence[str], con: store.Connection) -> LoadInfo:
    """Load each outcome in its own transaction, then mark removed paths; a failed load keeps the old one."""
    loaded = 0
    failed: list[Failure] = []
    for outcome in outcomes:
        try:
            store.load_document(con, outcome.path, outcome.records)
            loaded += 1
        except store.LoadError as exc:
            failure = make_failure(
                outcome.doc_id, outcome.path, "load", "E301", detail=str(exc).splitlines()[0]
            )
            log_event(
                logging.ERROR,
                "document",
                doc=outcome.doc_id[:16],
                src=outcome.path,
                status="failed",
                stage="load",
                code="E301",
            )
            failed.append(failure)
    for path in removed:
        store.mark_removed(con, path)
    return LoadInfo(loaded, len(removed), failed)


def load_outcomes(outcomes: Sequence[Outcome], removed: Sequence[str], settings: Settings) -> LoadInfo:
    """Open the warehouse for writing (a private copy, swapped in at the end) and load."""
    with store.open_writer(settings.db_path) as con:
        return load(outcomes, removed, con)


def finish(plan: Plan, outcomes: Sequence[Outcome], settings: Settings) -> LoadInfo:
    """Load outcomes and removals (making the warehouse if missing), then drop stale extracted/ files."""
    needs_load = bool(outcomes or plan.removed) or not settings.db_path.exists()
    try:
        info = load_outcomes(outcomes, plan.removed, settings) if needs_load else LoadInfo(0, 0, [])
    except OSError as exc:  # a full disk: the previous warehouse stays, the run still reports
        detail = exc.strerror or str(exc)
        log_event(logging.ERROR, "load", status="failed", code="E301", detail=detail)
        for outcome in outcomes:  # what this run wrote to extracted/ would only keep the disk full
            if "reused" not in outcome.ms:
                files.extracted_path(settings.out_dir, outcome.doc_id).unlink(missing_ok=True)
        failed = [make_failure(o.doc_id, o.path, "load", "E301", detail=detail) for o in outcomes]
        return LoadInfo(0, 0, failed)
    for doc_id in plan.stale:  # extracted/ mirrors raw/: old versions go once the new ones are loaded
        files.extracted_path(settings.out_dir, doc_id).unlink(missing_ok=True)
    return info


def reload_extracted(settings: Settings) -> LoadInfo:
    """(Re)load every document in extracted/ into the warehouse, one transaction each."""
    outcomes: list[Outcome] = []
    failed: list[Failure] = []
    for path in files.list_extracted(settings.out_dir):
        try:
            records = list(files.read_records(path))
        except (OSError, ValueError) as exc:
            failed.append(make_failure(path.stem, path.name, "load", "E302", detail=str(exc).splitlines()[0]))
            continue
        if not records:
            continue
        first = records[0]
        if isinstance(first, Document):
            outcomes.append(Outcome(first.path, first.id, records))
        elif isinstance(first, Failure):
            outcomes.append(Outcome(first.path, first.doc_id, records))
    with store.run_lock(settings.db_path):
        info = load_outcomes(outcomes, [], settings)
    return LoadInfo(info.loaded, 0, info.failed + failed)
