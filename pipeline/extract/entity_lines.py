"""The recognizers' view of a document's lines: the line breaks inside a paragraph, the text written in
capitals read as documents of its own (`entity_model.EntityModel`)."""

from __future__ import annotations

from spacy.tokens import Doc


def without_line_breaks(doc: Doc) -> tuple[Doc, list[int]]:
    """The document without its line-break tokens inside a paragraph before a lower-case word, or
    before a capitalised word where a long line that ends in a word was wrapped (`dall'aeroporto di
    Milano` | `Malpensa`): to the recognizer, trained on sentences, such a break is a space between two
    words. Returns it with the index in `doc` of each token kept."""
    breaks = {t.i for t in doc[1:-1] if is_soft_break(doc, t.i)}
    if not breaks:
        return doc, list(range(len(doc)))
    return _without(doc, 0, len(doc), breaks)


def is_soft_break(doc: Doc, i: int) -> bool:
    """Whether token i is a line break inside a sentence (`without_line_breaks`): one line break,
    between two words, before a lower-case word or where a long line was wrapped before a name."""
    t = doc[i]
    return (
        0 < i < len(doc) - 1
        and t.is_space
        and t.text.count("\n") == 1
        and not t.text.strip()
        and (doc[i + 1].text[:1].islower() or _wrapped_before_name(doc, i))
    )


# a line at least this long that ends in no punctuation was wrapped by the layout, not ended by the writer
WRAPPED_LINE = 30
_LINE_ENDS = frozenset(".:;!?")


def _wrapped_before_name(doc: Doc, i: int) -> bool:
    """Whether the break at token i cuts a long line that ends in a word before a capitalised word that
    is no function word (`della Regione` | `Lombardia`): a line the layout wrapped, not a heading or an
    item of a list."""
    before, after = doc[i - 1], doc[i + 1]
    # a capitalised article or preposition opens a sentence: the line before was a title (`La`, `Dal`)
    if not before.text[-1:].isalnum() or not after.text[:1].isupper() or after.is_stop:
        return False
    line_start = doc.text.rfind("\n", 0, doc[i].idx) + 1
    return doc[i].idx - line_start >= WRAPPED_LINE and before.text[-1] not in _LINE_ENDS


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
