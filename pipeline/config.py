"""Where things are: flags first, then PIPELINE_RAW / PIPELINE_OUT / PIPELINE_DB, then pipeline.toml.

`pipeline.toml` (in the working directory, or the file named by PIPELINE_CONFIG) may hold::

    raw = "raw"
    out = "extracted"
    db = "pipeline.duckdb"
    workers = 2                         # flows.py run: Dask workers (default: the number of cores)
    dask_address = "tcp://host:8786"    # flows.py run: an existing Dask cluster

Importing this module is cheap (standard library only): every command reads it before parsing flags.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

BUILT_IN: dict[str, Any] = {
    "raw": "raw",
    "out": "extracted",
    "db": "pipeline.duckdb",
    "workers": None,
    "dask_address": None,
}
ENV = {"raw": "PIPELINE_RAW", "out": "PIPELINE_OUT", "db": "PIPELINE_DB"}


class ConfigError(ValueError):
    """pipeline.toml is unreadable or names an unknown key."""


def defaults(env: dict[str, str] | None = None, cwd: Path | None = None) -> dict[str, Any]:
    """The values flags default to: environment over pipeline.toml over the built-in ones.

    >>> defaults(env={"PIPELINE_DB": "w.duckdb"}, cwd=Path("/nonexistent"))["db"]
    'w.duckdb'
    """
    env = dict(os.environ) if env is None else env
    path = (
        Path(env["PIPELINE_CONFIG"]) if env.get("PIPELINE_CONFIG") else (cwd or Path.cwd()) / "pipeline.toml"
    )
    values = dict(BUILT_IN)
    if path.is_file():
        try:
            found = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}") from exc
        unknown = sorted(set(found) - set(BUILT_IN))
        if unknown:
            raise ConfigError(f"{path}: unknown key(s) {', '.join(unknown)}; known: {', '.join(BUILT_IN)}")
        values |= found
    for key, name in ENV.items():
        if env.get(name):
            values[key] = env[name]
    return values
