"""Fixed-date holidays written with their year: 'Natale 2016', 'vigilia di Capodanno 2016'.

Without a year a holiday name is too often something else ('Natale Rossi', 'ogni anno a Natale'), so
only the name followed by a year is a date. The names and the words before the year are data
(lang/it/holidays.json).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from pipeline.extract.date_grammar import words_in_order
from pipeline.extract.numbers import trie_pattern
from pipeline.lang import load_json

_HOLIDAYS: dict[str, Any] = load_json("holidays.json")
DAYS: dict[str, tuple[int, int]] = {
    name: (int(md[:2]), int(md[3:])) for name, md in _HOLIDAYS["days"].items()
}
_HOLIDAY_RE = re.compile(
    r"(?i)(?<![^\W\d_])(?P<eve>"
    + trie_pattern(_HOLIDAYS["eve_prefixes"])
    + r"[ ]*)?(?P<name>"
    + trie_pattern(list(DAYS)).replace(r"\ ", "[ ]+")
    + r")(?![^\W\d_])[ ]+(?:"
    + words_in_order(_HOLIDAYS["year_links"])
    + r"[ ]+)?(?P<year>(?:1[6-9]|20)[0-9]{2})(?![0-9])(?![.,]?[0-9])"
    + r"(?![ ]*[-/][ ]*[0-9])"
)


def find_holidays(text: str) -> Iterator[tuple[int, int, date]]:
    """(start, end, day) of each holiday with its year in the matching view `text`.

    >>> [(text, d.isoformat()) for text, d in ((t[s:e], d) for t in ["la vigilia di Capodanno 2016"]
    ...  for s, e, d in find_holidays(t))]
    [('vigilia di Capodanno 2016', '2015-12-31')]
    """
    for m in _HOLIDAY_RE.finditer(text):
        month, day = DAYS[" ".join(m.group("name").lower().split())]
        try:
            when = date(int(m.group("year")), month, day)
        except ValueError:
            continue
        yield m.start(), m.end(), when - timedelta(days=1 if m.group("eve") else 0)
