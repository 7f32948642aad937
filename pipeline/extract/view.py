"""One view of a document's text for every finder: the text, its matching copy, and its sentences.

The finders match on a normalised copy of the document text (`normalize_text`): typographic spaces
become plain spaces, dashes become `-`, apostrophes become `'`, and zero-width characters, soft
hyphens and hyphenated line breaks are removed. The copy keeps a map back to the original offsets, so
every match is reported on the text as the reader produced it. `TextView` makes that copy once per
document and splits it into sentences once, for all the finders.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from pipeline.lang import load_json

# one-to-one replacements: offsets do not move
_SPACE_LIKE = (
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\r\f\v"
)
_DASH_LIKE = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_APOSTROPHE_LIKE = "\u2019\u2018\u02bc\u00b4`"
_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    *((c, " ") for c in _SPACE_LIKE),
    *((c, "-") for c in _DASH_LIKE),
    *((c, "'") for c in _APOSTROPHE_LIKE),
    # single markdown emphasis markers left by some readers sit inside datelines ('*Milano, 9 luglio 2021*')
    ("*", " "),
)
# characters removed from the matching view: zero-width marks, soft hyphens, and a hyphen that breaks
# a word across lines ('mi-\nlioni')
_DELETED_RE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]+|(?<=[^\W\d_])- *\n *(?=[a-zà-ÿ])")

# a full stop after an abbreviation or an initial ('n. XII/1234', 'art. 3', 'G. Colombo') ends no sentence
_ABBREVIATIONS: list[str] = load_json("sentences.json")["abbreviations"]
_NOT_ABBREVIATION = "".join(rf"(?<!\b{re.escape(a)}\.)" for a in _ABBREVIATIONS) + r"(?<!\b[A-Z]\.)"
# a sentence ends at '.', '!' or '?' before a capital, at a blank line, or before a list item
SENTENCE_BREAK_RE = re.compile(
    # the cheap checks first: a long run of '!' or '.' must not try every abbreviation at each character
    r"(?<=[.!?])(?=[\"”»)']?\s)"
    + _NOT_ABBREVIATION
    + r"[\"”»)']?\s+(?=[\"“«(']?[A-ZÀ-Ý])|\n *\n|\n(?= *(?:[-•]|[0-9]{1,2}[.)]) )"
)


@dataclass(frozen=True)
class NormalizedText:
    """A matching view of a text and the map from its offsets back to the original."""

    text: str
    original: str
    _norm_starts: tuple[int, ...] = (0,)
    _shifts: tuple[int, ...] = (0,)

    def to_original(self, index: int) -> int:
        """Offset in the original text of the character at `index` in the view."""
        i = bisect_right(self._norm_starts, index) - 1
        return index + self._shifts[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the view's [start, end) span."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1


def normalize_text(text: str) -> NormalizedText:
    """The matching view of `text`: plain spaces, dashes and apostrophes, invisible marks removed.

    >>> view = normalize_text("1.546\u200b.000 euro")
    >>> view.text
    '1.546.000 euro'
    >>> view.span(0, 9)
    (0, 10)
    """
    translated = text
    for old, new in _REPLACEMENTS:
        if old in translated:
            translated = translated.replace(old, new)
    if not _DELETED_RE.search(translated):
        return NormalizedText(translated, text)
    pieces: list[str] = []
    norm_starts = [0]
    shifts = [0]
    last = 0
    removed = 0
    norm_len = 0
    for m in _DELETED_RE.finditer(translated):
        pieces.append(translated[last : m.start()])
        norm_len += m.start() - last
        removed += m.end() - m.start()
        norm_starts.append(norm_len)
        shifts.append(removed)
        last = m.end()
    pieces.append(translated[last:])
    return NormalizedText("".join(pieces), text, tuple(norm_starts), tuple(shifts))


def sentence_breaks(norm: str) -> tuple[tuple[int, int], ...]:
    """The (start, end) of every sentence break of a matching view, in order.

    >>> sentence_breaks("Costa 5 euro. Il resto\\n\\nNuovo art. 3 comma")
    ((13, 14), (22, 24))
    """
    return tuple((m.start(), m.end()) for m in SENTENCE_BREAK_RE.finditer(norm))


@dataclass(frozen=True)
class TextView:
    """A document's text, its matching view and the view's sentences, made once for every finder.

    Offsets are in the view (`norm`) unless a name says `document`; `to_document` maps them back.

    >>> view = TextView.of("La Regione  stanzia\\n  13,5\\u00a0milioni. Poi altro.")
    >>> view.norm[22:34]
    '13,5 milioni'
    >>> view.sentence_at(22)
    (0, 35)
    >>> view.document_sentence_at(22)
    (0, 35)
    """

    normalized: NormalizedText
    breaks: tuple[tuple[int, int], ...] = field(default=())

    @classmethod
    def of(cls, text: str) -> TextView:
        """The view of a document text: one normalisation, one pass over its sentence breaks."""
        normalized = normalize_text(text)
        return cls(normalized, sentence_breaks(normalized.text))

    @property
    def text(self) -> str:
        """The document text, as the reader produced it."""
        return self.normalized.original

    @property
    def norm(self) -> str:
        """The matching view of the text."""
        return self.normalized.text

    def to_document(self, start: int, end: int) -> tuple[int, int]:
        """Document (start, end) of the view's [start, end) span."""
        return self.normalized.span(start, end)

    def sentences(self) -> list[tuple[int, int]]:
        """The (start, end) of every sentence of the view, breaks left out, in order."""
        bounds = [0, *(b for pair in self.breaks for b in pair), len(self.norm)]
        return list(zip(bounds[::2], bounds[1::2], strict=True))

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """View (start, end) of the sentence that holds `offset`: from the end of the last break at or
        before it to the start of the next break after it."""
        i = bisect_right(self.breaks, (offset, len(self.norm) + 1))
        while i > 0 and self.breaks[i - 1][1] > offset:
            i -= 1
        start = self.breaks[i - 1][1] if i > 0 else 0
        end = self.breaks[i][0] if i < len(self.breaks) else len(self.norm)
        return start, max(start, end)

    def sentence_around(self, start: int, end: int, window: int) -> tuple[int, int]:
        """View bounds of the sentence around [start, end), looking at most `window` characters each way.

        A break counts only when it is whole inside the window, what it looks ahead at included: the
        breaks found once over the text give the answer, and the few whose match the window cuts are
        matched again inside it.
        """
        lo = max(0, start - window)
        i = bisect_right(self.breaks, (start, len(self.norm) + 1))
        s_start = lo
        if i > 0 and self.breaks[i - 1][1] > start:
            s_start = self._last_end(lo, start)  # a break runs across the start
        elif i > 0 and self.breaks[i - 1][0] >= lo:
            b_start, b_end = self.breaks[i - 1]
            m = SENTENCE_BREAK_RE.match(self.norm, b_start, start)
            s_start = b_end if m is not None and m.end() == b_end else self._last_end(lo, start)
        elif i > 0 and self.breaks[i - 1][1] > lo:
            s_start = self._last_end(lo, start)
        hi = end + window
        j = bisect_right(self.breaks, (end, -1))
        if j < len(self.breaks) and self.breaks[j][0] < hi:
            b_start, b_end = self.breaks[j]
            m = SENTENCE_BREAK_RE.match(self.norm, b_start, hi)
            after = b_start if m is not None and m.end() == b_end else self._first_start(end, hi)
            if after is not None:
                return s_start, after
        return s_start, min(len(self.norm), hi)

    def _last_end(self, lo: int, hi: int) -> int:
        """End of the last break matched inside [lo, hi), else lo."""
        for m in SENTENCE_BREAK_RE.finditer(self.norm, lo, hi):
            lo = m.end()
        return lo

    def _first_start(self, lo: int, hi: int) -> int | None:
        """Start of the first break matched inside [lo, hi), if any."""
        m = SENTENCE_BREAK_RE.search(self.norm, lo, hi)
        return m.start() if m is not None else None

    def document_sentence_at(self, offset: int) -> tuple[int, int]:
        """Document (start, end) of the sentence that holds the view's `offset`."""
        return self.to_document(*self.sentence_at(offset))
