"""Language data: the words, cues, forms and gazetteers the finders use, as files under `lang/<code>/`.

Nothing Italian lives in code: months, scale words, currencies, connectors, range words, date cues,
legal forms, head words, rule priorities and the gazetteers are files in `lang/it/`, read once per
process through the loaders below. `lang/it/README.md` lists every file and what reads it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

LANG_DIR = Path(__file__).parent
LANGUAGE = "it"


def data_path(name: str, lang: str = LANGUAGE) -> Path:
    """The path of the data file `lang/<lang>/<name>`."""
    return LANG_DIR / lang / name


@cache
def load_json(name: str, lang: str = LANGUAGE) -> Any:
    """A JSON data file, parsed once per process; callers must not change what it returns."""
    with data_path(name, lang).open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def load_lines(name: str, lang: str = LANGUAGE) -> tuple[str, ...]:
    """A list file: one item per line, blank lines and `#` comments left out."""
    text = data_path(name, lang).read_text(encoding="utf-8")
    return tuple(line for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def load_table(name: str, lang: str = LANGUAGE) -> tuple[tuple[str, ...], ...]:
    """A tab-separated file as rows of fields, blank lines and `#` comments left out."""
    return tuple(tuple(line.split("\t")) for line in load_lines(name, lang))
