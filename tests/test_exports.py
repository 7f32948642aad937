from __future__ import annotations

import importlib
import types

import pytest

PACKAGES = ["schemas", "pipeline.readers", "pipeline.extract", "pipeline.stages"]


@pytest.mark.parametrize("name", PACKAGES)
def test_all_is_sorted_and_complete(name):
    module = importlib.import_module(name)
    exported = list(module.__all__)
    # the order ruff's RUF022 keeps: CONSTANTS, then Classes, then functions
    assert exported == sorted(exported, key=lambda n: (0 if n.isupper() else 1 if n[0].isupper() else 2, n))
    public = {
        n
        for n in dir(module)
        if not n.startswith("_")
        and n != "annotations"
        and not isinstance(getattr(module, n), types.ModuleType)
    }
    assert set(exported) == public
