"""The set-up of the flow's local Dask workers (`pipeline.stages.dask_worker`)."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest
from distributed.core import Status

from pipeline.stages.dask_worker import HEARTBEAT_FAILED, ClosingHeartbeat


def _record(message: str) -> logging.LogRecord:
    return logging.LogRecord("distributed.worker", logging.ERROR, __file__, 1, message, None, None)


def test_a_closing_worker_drops_its_failed_heartbeat_and_nothing_else():
    worker = SimpleNamespace(status=Status.running)
    quiet = ClosingHeartbeat(worker)
    assert quiet.filter(_record(HEARTBEAT_FAILED))  # a running worker that cannot reach its scheduler
    worker.status = Status.closing
    assert not quiet.filter(_record(HEARTBEAT_FAILED))
    worker.status = Status.closing_gracefully
    assert not quiet.filter(_record(HEARTBEAT_FAILED))
    assert quiet.filter(_record("Unexpected exception during heartbeat. Closing worker."))


def _worker_filters() -> list[str]:
    return [type(f).__name__ for f in logging.getLogger("distributed.worker").filters]


@pytest.mark.slow
def test_the_flows_local_workers_run_the_set_up():
    from distributed import Client, LocalCluster

    import flows

    kwargs = flows.task_runner(workers=1).cluster_kwargs
    with LocalCluster(**kwargs) as cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        assert "ClosingHeartbeat" in client.submit(_worker_filters).result()
