"""Loading outcomes into the warehouse, one transaction per document."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from pipeline import files, store
from pipeline.stages.events import log_event, make_failure
from pipeline.stages.model import LoadInfo, Outcome, Plan, Settings
from schemas import Document, Failure

log = logging.getLogger("pipeline.stages")
RELOAD_BATCH = 64


def load(outcomes: Sequence[Outcome], removed: Sequence[str], con: store.Connection) -> LoadInfo:
    """Load outcomes in bulk, one transaction per batch, then mark removed paths.

    If a batch fails, its documents are loaded one transaction each, so that only the bad one fails
    (and keeps its previous version).
    """
    batch = [o for o in outcomes if o.records]
    if len({o.path for o in batch}) == len(batch):
        try:
            store.load_documents(con, [(o.path, o.records) for o in batch])
            batch = []
        except store.LoadError:
            log.warning("bulk load of %d documents failed; loading them one by one", len(batch))
    loaded = len(outcomes) - len(batch)
    failed: list[Failure] = []
    for outcome in batch:
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
    drop_stale(plan, settings)
    return info


def drop_stale(plan: Plan, settings: Settings) -> None:
    """extracted/ mirrors raw/: old versions go once the new ones are loaded."""
    for doc_id in plan.stale:
        files.extracted_path(settings.out_dir, doc_id).unlink(missing_ok=True)


def prepare(settings: Settings) -> None:
    """Under the run lock, before discovery: a warehouse in a file format this DuckDB cannot read
    (DuckDB 2.0's, written by release 0.1.0) is set aside and rebuilt from extracted/."""
    backup = store.set_aside_if_unreadable(settings.db_path)
    if backup is None:
        return
    log_event(
        logging.WARNING,
        "warehouse",
        db=str(settings.db_path),
        status="unreadable-format",
        kept=str(backup),
        action="rebuild-from-extracted",
    )
    info = _reload(settings)
    log_event(logging.INFO, "warehouse", db=str(settings.db_path), status="rebuilt", docs=info.loaded)


def reload_extracted(settings: Settings) -> LoadInfo:
    """(Re)load every document in extracted/ into the warehouse, in bulk batches."""
    with store.run_lock(settings.db_path):
        store.set_aside_if_unreadable(settings.db_path)
        return _reload(settings)


def _reload(settings: Settings) -> LoadInfo:
    # batch by batch: memory holds one batch of records, whatever the size of extracted/
    loaded, failures = 0, []
    with store.open_writer(settings.db_path) as con:
        batch: list[Outcome] = []
        paths = files.list_extracted(settings.out_dir)
        for i, path in enumerate(paths):
            try:
                records = list(files.read_records(path))
            except (OSError, ValueError) as exc:
                detail = str(exc).splitlines()[0]
                failures.append(make_failure(path.stem, path.name, "load", "E302", detail=detail))
                records = []
            first = records[0] if records else None
            if isinstance(first, Document):
                batch.append(Outcome(first.path, first.id, records))
            elif isinstance(first, Failure):
                batch.append(Outcome(first.path, first.doc_id, records))
            if len(batch) >= RELOAD_BATCH or (i == len(paths) - 1 and batch):
                info = load(batch, [], con)
                loaded += info.loaded
                failures += info.failed
                batch = []
    return LoadInfo(loaded, 0, failures)
