"""What the flow publishes to Prefect, read back through the Prefect API after a real run on the seeds."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pipeline import store

REPO = Path(__file__).resolve().parent.parent
BROKEN = REPO / "tests" / "fixtures" / "pdf-bad" / "password-example.pdf"
KEYS = ["ingest-summary", "ingest-new", "ingest-changed", "ingest-failed", "money-by-funder", "ingest-report"]
FACT_TABLES = {"entity": "entities", "amount": "amounts", "percent": "percents", "date": "dates"}

pytestmark = pytest.mark.slow


def _rows(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = store.open_reader(db)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _filter(route: str, body: dict[str, Any]) -> list[Any]:
    """Artifacts from the API's /artifacts/filter or /artifacts/latest/filter, with only `body` sent.

    The client's read_artifacts and read_latest_artifacts send a JSON null for each argument left
    out, which this API takes as a value and answers 422; an empty task-run filter instead would
    match only the artifacts made inside a task, and these are made by the flow.
    """
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.objects import Artifact, ArtifactCollection

    model = ArtifactCollection if route == "/artifacts/latest/filter" else Artifact
    with get_client(sync_client=True) as client:
        response = client.request("POST", route, json={"offset": 0, "limit": 50, **body})  # type: ignore[arg-type]
    return model.model_validate_list(response.json())


def _latest(keys: list[str]) -> dict[str, Any]:
    """The latest artifact of each key."""
    found = _filter("/artifacts/latest/filter", {"artifacts": {"key": {"any_": keys}}, "sort": "KEY_ASC"})
    return {a.key: a for a in found}


def _of_run(flow_run_id: Any) -> list[Any]:
    """Every artifact one flow run made, keyed or not."""
    return _filter("/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [str(flow_run_id)]}}})


@dataclass
class Published:
    params: dict[str, str]
    copied: list[str]
    flow_run_id: Any
    message: str
    artifacts: dict[str, Any]


@pytest.fixture(scope="module")
def published(prefect_harness: None, tmp_path_factory: pytest.TempPathFactory) -> Published:
    """The seeds and one encrypted PDF, ingested by one flow run; its artifacts read back."""
    import flows

    base = tmp_path_factory.mktemp("published")
    raw = base / "raw"
    shutil.copytree(REPO / "raw", raw, ignore=shutil.ignore_patterns(".*"))
    shutil.copy(BROKEN, raw / BROKEN.name)
    params = {"raw": str(raw), "out": str(base / "extracted"), "db": str(base / "w.duckdb")}
    state = flows.ingest(**params, return_state=True)
    assert state.is_failed(), state
    return Published(
        params=params,
        copied=sorted(p.name for p in raw.iterdir()),
        flow_run_id=state.state_details.flow_run_id,
        message=state.message or "",
        artifacts=_latest(KEYS),
    )


def test_the_run_publishes_tables_that_match_the_warehouse(published: Published) -> None:
    db = Path(published.params["db"])
    art = published.artifacts
    assert sorted(art) == sorted(KEYS)
    assert {a.flow_run_id for a in art.values()} == {published.flow_run_id}
    assert {k: a.type for k, a in art.items()} == {
        "ingest-summary": "markdown",
        "ingest-new": "table",
        "ingest-changed": "table",
        "ingest-failed": "table",
        "money-by-funder": "table",
        "ingest-report": "markdown",
    }
    tables = {
        k: json.loads(art[k].data)
        for k in ("ingest-new", "ingest-changed", "ingest-failed", "money-by-funder")
    }

    # every copied file is new; the encrypted PDF failed, the others are loaded with their facts
    new = {row["path"]: row for row in tables["ingest-new"]}
    assert sorted(new) == published.copied and len(new) == 6
    assert {p: r["status"] for p, r in new.items()} == {
        p: "failed" if p == BROKEN.name else "ok" for p in published.copied
    }
    docs = dict(_rows(db, "SELECT path, doc_id FROM files WHERE status = 'loaded'"))
    assert sorted(docs) == sorted(p for p in published.copied if p != BROKEN.name)
    for path, doc_id in docs.items():
        counted = {kind: n for kind, n in new[path].items() if kind in FACT_TABLES}
        assert counted, new[path]
        in_warehouse = {
            kind: _rows(db, f"SELECT count(*) FROM {table} WHERE doc_id = ?", [doc_id])[0][0]
            for kind, table in FACT_TABLES.items()
        }
        assert counted == {k: n for k, n in in_warehouse.items() if n}, path
    assert tables["ingest-changed"] == []

    # the failed table is the warehouse's failures, with the reader's error code
    failures = [
        dict(zip(("path", "stage", "code", "message"), row, strict=True))
        for row in _rows(db, "SELECT path, stage, code, message FROM failures")
    ]
    assert tables["ingest-failed"] == failures
    assert [(f["path"], f["code"]) for f in failures] == [(BROKEN.name, "E102")]
    assert f"{BROKEN.name} (E102)" in published.message

    # money per funder: the euro totals of the warehouse's money_by_funder view
    money = tables["money-by-funder"]
    view = _rows(db, "SELECT funder, sum(total) FROM money_by_funder WHERE currency = 'EUR' GROUP BY funder")
    assert money and len(view) <= 12
    assert {r["funder"]: Decimal(r["eur"]) for r in money} == dict(view)
    assert {r["source"] for r in money} == {"money_by_funder"}
    assert [Decimal(r["eur"]) for r in money] == sorted((Decimal(r["eur"]) for r in money), reverse=True)

    summary = art["ingest-summary"].data
    assert "| new | 6 |" in summary and "| ok | 5 |" in summary and "| failed | 1 |" in summary
    assert f"- `{BROKEN.name}`: E102" in summary


def test_the_report_link_points_to_the_written_report(published: Published) -> None:
    report = (Path(published.params["db"]).parent / "report.html").resolve()
    assert published.artifacts["ingest-report"].data == f"[{report}]({report.as_uri()})"
    html = report.read_text(encoding="utf-8")
    assert "<svg" in html and "E102" in html


def test_a_run_that_changes_nothing_leaves_the_last_summary_latest(published: Published) -> None:
    import flows

    # nothing changed: the failed file is skipped, the run completes and only leaves a note
    state = flows.ingest(**published.params, return_state=True)
    assert state.is_completed(), state
    [note] = _of_run(state.state_details.flow_run_id)
    assert note.key is None and note.type == "markdown"
    assert note.data.startswith("Nothing new: 6 unchanged files.")

    after = _latest(KEYS)
    assert {k: a.latest_id for k, a in after.items()} == {
        k: a.latest_id for k, a in published.artifacts.items()
    }
    assert after["ingest-summary"].flow_run_id == published.flow_run_id
    assert "| new | 6 |" in after["ingest-summary"].data
