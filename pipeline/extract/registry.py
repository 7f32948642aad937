"""The registry of finders: each named and versioned, all called the same way, run in order.

A finder is a function `(view, context) -> Sequence[match]` registered with `@finder(name,
version=...)`. It reads the document through its `TextView` and everything else through the
`FinderContext`: the publication date, the reader's tables and page starts, the spaCy Doc, and the
results of the finders registered before it (`context.results[name]`), which it names in `needs`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from pipeline.extract.source import TableText
from pipeline.extract.view import TextView

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class FinderContext:
    """What a finder may use besides the text: the document's facts and the earlier finders' results."""

    publication_date: date | None = None
    tables: Sequence[TableText] = ()
    page_starts: Sequence[int] = ()
    doc: Doc | None = None  # the spaCy Doc of the document text
    results: Mapping[str, Sequence[Any]] = field(default_factory=dict)


FinderFunction = Callable[[TextView, FinderContext], Sequence[Any]]


@dataclass(frozen=True)
class Finder:
    """A registered finder: its name, its version, the finders it reads the results of."""

    name: str
    version: int
    function: FinderFunction
    needs: tuple[str, ...] = ()


_FINDERS: dict[str, Finder] = {}


def finder(
    name: str, version: int = 1, needs: Sequence[str] = ()
) -> Callable[[FinderFunction], FinderFunction]:
    """Register the decorated function as the finder `name`, run after every finder it `needs`.

    Raises:
        ValueError: when `name` is taken or a finder it needs is not registered yet.
    """

    def register(function: FinderFunction) -> FinderFunction:
        if name in _FINDERS:
            raise ValueError(f"a finder named {name!r} is already registered")
        missing = [n for n in needs if n not in _FINDERS]
        if missing:
            raise ValueError(f"finder {name!r} needs {missing}, which are not registered before it")
        _FINDERS[name] = Finder(name, version, function, tuple(needs))
        return function

    return register


def registered_finders() -> list[tuple[str, int]]:
    """(name, version) of every registered finder, in the order they run.

    >>> import pipeline.extract.finders  # the document's finders register themselves on import
    >>> registered_finders()
    [('dates', 2), ('entities', 64), ('amounts', 2), ('percents', 1), ('funding', 32)]
    """
    return [(f.name, f.version) for f in _FINDERS.values()]


def run_finders(view: TextView, context: FinderContext, until: str | None = None) -> dict[str, Sequence[Any]]:
    """Run every registered finder over `view` in order, each seeing the results of those before it;
    with `until`, only the finders registered before that one."""
    results: dict[str, Sequence[Any]] = dict(context.results)
    for f in _FINDERS.values():
        if f.name == until:
            break
        results[f.name] = f.function(view, replace(context, results=dict(results)))
    return results
