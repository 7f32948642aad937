"""Words hyphenated across line ends: joined, unless the document shows a hyphenated compound."""

from __future__ import annotations

import re
from collections.abc import Sequence

# lines ending in these characters continue a hyphenated word on the next line; pdfium reports
# a hyphen at a line end as U+FFFE (older versions U+0002)
HYPHENS = "-\u00ad\u2010\x02\ufffe"
# both parts of a compound broken at its hyphen have at least this many letters
MIN_COMPOUND_PART = 4

_HYPHENATED = re.compile(rf"(\w+)[{HYPHENS}]$")
# the tail of a hyphenated word: lower case, then the rest of its token ("versità.")
_CONTINUATION = re.compile(r"^([a-zà-öø-ÿ]\w*)(\S*)(.*)$", re.DOTALL)
_VOCABULARY_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def join_hyphenated(lines: list[str], words: frozenset[str] = frozenset()) -> list[str]:
    """Join words hyphenated across line ends, moving the word's tail up to the first line.

    A break is joined when the next line starts in lower case. The hyphen stays when the
    document says the word is a compound: it is written with the hyphen elsewhere, or both of its
    parts are words of the document ("pubblico-privato") and the joined form is not.

    Args:
        lines: lines of text in reading order.
        words: the document's words in lower case (see `find_vocabulary`).

    Returns:
        The lines with each hyphenated word whole on the first of its lines.

    >>> join_hyphenated(["il finanzia-", "mento della Regione"])
    ['il finanziamento', 'della Regione']
    >>> join_hyphenated(["lo sviluppo socio-", "economico del Paese"], frozenset({"socio-economico"}))
    ['lo sviluppo socio-economico', 'del Paese']
    >>> join_hyphenated(["Innovazione -", "Regione"])
    ['Innovazione -', 'Regione']
    """
    result = list(lines)
    for index in range(len(result) - 1):
        head = _HYPHENATED.search(result[index])
        tail = _CONTINUATION.match(result[index + 1].lstrip())
        if head is None or tail is None:
            continue
        left, right = head.group(1), tail.group(1)
        joined = f"{left}-{right}" if _is_compound(left, right, words) else left + right
        result[index] = result[index][: head.start()] + joined + tail.group(2)
        result[index + 1] = tail.group(3).lstrip()
    # a line whose only word moved up disappears; lines that were blank stay
    return [line for line, original in zip(result, lines, strict=True) if line or not original]


def _is_compound(left: str, right: str, words: frozenset[str]) -> bool:
    """Whether a word broken at a line-end hyphen is a hyphenated compound, by the document's words."""
    left, right = left.lower(), right.lower()
    if left + right in words:
        return False
    if f"{left}-{right}" in words:
        return True
    return len(left) >= MIN_COMPOUND_PART and len(right) >= MIN_COMPOUND_PART and {left, right} <= words


def find_vocabulary(lines: Sequence[str]) -> frozenset[str]:
    """The words of a document in lower case, hyphenated compounds included, without the
    fragments of words broken at line ends.

    >>> sorted(find_vocabulary(["analisi socio-economica del finanzia-", "mento 2021-2027"]))
    ['analisi', 'del', 'socio-economica']
    """
    words: set[str] = set()
    broken = False
    for line in lines:
        tokens = list(_VOCABULARY_WORD.finditer(line))
        if broken and tokens and tokens[0].start() == len(line) - len(line.lstrip()):
            tokens = tokens[1:]
        broken = bool(_HYPHENATED.search(line))
        if broken and tokens and tokens[-1].end() == len(line) - 1:
            tokens = tokens[:-1]
        words.update(token.group().lower() for token in tokens)
    return frozenset(words)
