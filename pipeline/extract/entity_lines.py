"""The recognizers' view of a document's lines: the line breaks inside a sentence read as spaces by
every stage (`soft_breaks_as_spaces`, in the tokenizer's view of the text), the text written in capitals
read as documents of its own (`entity_model.EntityModel`)."""

from __future__ import annotations

import re

from spacy.lang.it.stop_words import STOP_WORDS
from spacy.tokens import Doc

# a line at least this long that ends in no punctuation was wrapped by the layout, not ended by the writer
WRAPPED_LINE = 30
# one line break between two words, with the spaces around it
_BREAK_RE = re.compile(r"(?<=\S)[ \t]*\n[ \t]*(?=\S)")
_WORD_RE = re.compile(r"[^\W\d_]+")
# words a title in title case capitalises that are no surname particle
_TITLE_WORDS = frozenset(
    {"il", "i", "gli", "le", "un", "una", "uno", "per", "con", "su", "sul", "sulla", "tra", "fra", "in"}
    | {"nel", "nella", "nei", "al", "alla", "ai", "agli", "alle", "e", "ed", "a", "che", "non"}
)


def soft_breaks_as_spaces(text: str) -> str:
    r"""`text` with each line break inside a sentence made a space, same length. A break is inside a
    sentence before a lower-case word, or where a line of WRAPPED_LINE characters or more that ends in a
    letter or digit runs on into a capitalised word that is no function word (`dall'aeroporto di
    Milano` | `Malpensa`): the layout wrapped it. A break after punctuation, before a capitalised article
    or preposition (`La`, `Dal`: the line before was a title), after a short line (a heading, an item of
    a list), a title in capitals or in title case (read as a range of its own: `capital_parts`), or
    between paragraphs stays. The recognizers were trained on sentences, where such a break is
    a space between two words.

    >>> soft_breaks_as_spaces("la Regione\nlombarda") == "la Regione lombarda"
    True
    >>> soft_breaks_as_spaces("Si è riunito ieri il consiglio della Regione\nLombardia.")
    'Si è riunito ieri il consiglio della Regione Lombardia.'
    >>> soft_breaks_as_spaces("Politecnico di Milano\nUniversità di Pavia")
    'Politecnico di Milano\nUniversità di Pavia'
    """
    if "\n" not in text:
        return text
    return _BREAK_RE.sub(lambda m: _soft(text, m), text)


def _soft(text: str, m: re.Match[str]) -> str:
    after = text[m.end()]
    if not after.islower():
        word = _WORD_RE.match(text, m.end())
        line_start = text.rfind("\n", 0, m.start()) + 1
        if (
            not after.isupper()
            or not text[m.start() - 1].isalnum()
            or word is None
            or word.group().lower() in STOP_WORDS
            or m.start() - line_start < WRAPPED_LINE
            or _is_title(text[line_start : m.start()])
        ):
            return m.group()
    return m.group().replace("\n", " ")


def _is_title(line: str) -> bool:
    """A line in capitals, or in title case: no word in lower case, and an article, a preposition or a
    conjunction capitalised after its first word (`Il Politecnico Di Torino Vince Il Bando`). A list of
    names has no such word (`Di` and `De` are also surname particles)."""
    words = _WORD_RE.findall(line)
    if line.isupper():
        return True
    return not any(w[0].islower() for w in words) and any(w.lower() in _TITLE_WORDS for w in words[1:])


def capital_parts(docs: list[Doc], ranges: list[tuple[int, int, int]]) -> tuple[list[Doc], list[list[int]]]:
    """A document of each (document, start, end) token range in capitals, without its line breaks (a
    title wrapped over two lines reads as one line, as the recognizer was trained), and the index in its
    document of each token kept."""
    read = [
        _without(
            docs[k],
            lo,
            hi,
            {i for i in range(lo, hi) if docs[k][i].is_space and "\n" in docs[k][i].text},
            upper=True,  # a title in title case is read in capitals too (`capital_lines`)
        )
        for k, lo, hi in ranges
    ]
    return [part for part, _ in read], [kept for _, kept in read]


def _without(doc: Doc, lo: int, hi: int, breaks: set[int], *, upper: bool = False) -> tuple[Doc, list[int]]:
    """The tokens lo..hi of `doc` but `breaks` as a document (a break leaves a space), and their indices;
    with `upper`, in capitals."""
    kept = [i for i in range(lo, hi) if i not in breaks]
    spaces = [bool(doc[i].whitespace_) or i + 1 in breaks for i in kept]
    words = [doc[i].text.upper() if upper else doc[i].text for i in kept]
    return Doc(doc.vocab, words=words, spaces=spaces), kept
