"""Set-up of the flow's local Dask workers: the module is a Dask preload (`flows.task_runner`), run
in each worker process when it starts.

When a run ends, its local cluster closes: the nanny stops the worker while the scheduler closes its
connections. A heartbeat the worker sends in that moment finds the connection closed, and Dask logs it
as an error with a traceback ("Failed to communicate with scheduler during heartbeat"), though nothing
was lost: the run's results are already back. That record is dropped once the worker is closing; the
same failure while the worker runs is still logged in full.
"""

from __future__ import annotations

import logging
from typing import Any

HEARTBEAT_FAILED = "Failed to communicate with scheduler during heartbeat."
_CLOSING = {"closing", "closing_gracefully", "closed"}


class ClosingHeartbeat(logging.Filter):
    """Drops the failed-heartbeat record of a worker that is closing."""

    def __init__(self, worker: Any) -> None:
        super().__init__()
        self.worker = worker

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage() != HEARTBEAT_FAILED:
            return True
        status = getattr(getattr(self.worker, "status", None), "name", None)
        return status not in _CLOSING


def dask_setup(worker: Any) -> None:
    """Dask's preload hook: called with the worker when its process starts."""
    logging.getLogger("distributed.worker").addFilter(ClosingHeartbeat(worker))
