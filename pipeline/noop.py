"""A run with nothing to do, answered from the files and the warehouse alone.

`pipeline run` and `flows.py run` ask this first: when every file in raw/ is already loaded with the
same bytes and none is gone, the answer needs no record model, reader, model or Prefect API, so a
rerun costs little more than hashing the files. Anything else (new, changed, removed, a symbolic
link, a warehouse to rebuild) goes to the full run, which decides.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from pipeline import files, lockfiles

log = logging.getLogger("pipeline.stages")


def unchanged(raw_dir: Path, db_path: Path) -> int | None:
    """How many files raw/ holds when all of them are loaded unchanged and none is gone, else None."""
    if not db_path.exists():
        return None
    with lockfiles.run_lock(db_path):
        if any(p.exists() or p.is_symlink() for p in lockfiles.leftover_paths(db_path)):
            return None  # a killed run left files: the full run removes them
        known = lockfiles.read_snapshot(db_path)
        if known is None:
            known = _known_files(db_path)
        if known is None:
            return None
        entries = files.scan_raw(raw_dir)
        for raw in entries:  # the metadata of every entry first: a new file costs no hashing
            previous = known.get(raw.rel)
            if raw.outside or raw.problem is not None or previous is None or previous[1] == "removed":
                return None  # odd entries (pipes, broken links, ...) are the full run's to report
        seen = {raw.rel for raw in entries}
        if any(status != "removed" and path not in seen for path, (_, status) in known.items()):
            return None
        for raw in entries:
            try:
                hashed = files.hash_file(raw.path, 1 << 62)
            except OSError:
                return None
            if hashed is None or hashed[0] != known[raw.rel][0]:
                return None
    return len(seen)


def _known_files(db_path: Path) -> dict[str, tuple[str, str]] | None:
    """The warehouse's files table, asked of DuckDB (when the snapshot beside it is not of this file)."""
    from pipeline import store

    try:
        con = store.open_reader(db_path, search=False)
    except (store.UnreadableFormat, store.LoadError):
        return None
    try:
        return store.known_files(con)
    finally:
        con.close()


def summary_if_nothing_to_do(raw_dir: Path, db_path: Path) -> str | None:
    """The run summary (as `pipeline run` prints it) when there is nothing to do, else None."""
    t0 = time.perf_counter()
    count = unchanged(raw_dir, db_path)
    if count is None:
        return None
    seconds = time.perf_counter() - t0
    log.info("run docs=0 new=0 changed=0 unchanged=%d removed=0 ok=0 failed=0 s=%s", count, round(seconds, 2))
    return (
        f"0 new, 0 changed, {count} unchanged, 0 removed\n"
        f"0 ok, 0 failed in {seconds:.1f} s (discover {seconds:.1f} s, extract 0.0 s, load 0.0 s)"
    )


def main() -> int:
    """`python -m pipeline.noop`: print the summary and exit 0 when raw/ has nothing new, else exit 1.

    `make run` asks this before starting the flow, whose imports (Prefect, Dask) take seconds; the
    paths come from PIPELINE_RAW / PIPELINE_DB or pipeline.toml, as for the flow.
    """
    from pipeline import config

    conf = config.defaults()
    summary = summary_if_nothing_to_do(Path(conf["raw"]), Path(conf["db"]))
    if summary is None:
        return 1
    print(summary)  # noqa: T201 (the run's summary is this command's output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
