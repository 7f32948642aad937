"""A light view of a document's tokens, one shared Tok per word and trailing space, and RuleSpan."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.attrs import ORTH, SPACY
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.extract.entity_patterns import TITLE_WORDS

# the most words a TokenTable keeps before it starts afresh
MAX_TABLE_WORDS = 100_000
# a line written in capitals: at least this many words of two letters or more, this share of them in
# capitals, and that many of four letters or more (not a run of acronyms alone)
CAPITAL_LINE_WORDS = 4
CAPITAL_LINE_SHARE = 0.8
CAPITAL_LINE_LONG_WORDS = 2
# a line in title case has this many articles or prepositions written with a capital
TITLE_CASE_WORDS = 2


@dataclass(frozen=True, slots=True)
class Tok:
    """The token attributes the rules read: those of its vocabulary entry and its trailing space.

    spaCy's Token is costly to make; a Tok is made once per word and trailing space (`TokenTable`) and
    shared by every token of that word.
    """

    text: str
    lower_: str
    whitespace_: str
    is_space: bool
    is_punct: bool
    is_alpha: bool
    is_title: bool
    is_lower: bool
    # starts with a capital letter
    is_cap: bool
    # capitalised word, upper-case code (`LE2C`) or a number glued to a name (`Cluster 6`)
    is_name_word: bool


# a number glued to its scale word is an amount, not part of a name (`al Comune 450mila euro`)
GLUED_AMOUNT_RE = re.compile(r"\d[\d.,]*(?:mila|milion[ei]|miliard[oi]|mln|mld|mrd|bn)", re.IGNORECASE)


def _is_name_word(text: str, is_space: bool, is_punct: bool) -> bool:
    if not text or is_space or is_punct:
        return text == "&"
    if text[0].isdigit():
        return any(c.isalpha() for c in text) and not GLUED_AMOUNT_RE.fullmatch(text)
    return text[0].isupper()


def _make_tok(vocab: Vocab, orth: int, space: int) -> Tok:
    lex = vocab[orth]
    text = lex.orth_
    return Tok(
        text,
        lex.lower_,
        " " if space else "",
        lex.is_space,
        lex.is_punct,
        lex.is_alpha,
        lex.is_title,
        lex.is_lower,
        is_cap=text[:1].isupper(),
        is_name_word=_is_name_word(text, lex.is_space, lex.is_punct),
    )


Toks = list[Tok]


@dataclass(frozen=True)
class RuleSpan:
    """A proposed entity mention: token span, label, and how sure its source is (higher wins ties).

    `priority` is one of `entity_priorities.PRIORITY`; `bare_head` marks a head word alone (`la Regione`)
    that stands for the body of its kind the document names.
    """

    start: int
    end: int
    label: str
    priority: int
    bare_head: bool = False


class TokenTable:
    """The Tok of each word and trailing space seen so far, from spaCy's vocabulary entry of the word.

    A Tok holds nothing of the document it is read from, so one table serves every document of a
    vocabulary.
    """

    def __init__(self) -> None:
        self._toks: tuple[dict[int, Tok], dict[int, Tok]] = ({}, {})

    def view(self, doc: Doc) -> Toks:
        """The Toks of the document's tokens, in order."""
        if len(self._toks[0]) + len(self._toks[1]) > MAX_TABLE_WORDS:
            self._toks = ({}, {})
        vocab = doc.vocab
        made = self._toks
        return [
            made[space].get(orth) or made[space].setdefault(orth, _make_tok(vocab, orth, space))
            for orth, space in zip(doc.to_array(ORTH).tolist(), doc.to_array(SPACY).tolist(), strict=True)
        ]


def view_tokens(doc: Doc, table: TokenTable | None = None) -> Toks:
    """Plain copies of the document's tokens (through `table` when there is one)."""
    return (table or TokenTable()).view(doc)


def span_text(doc: Toks, start: int, end: int) -> str:
    """The text of tokens start..end, as spaCy's Span.text gives it."""
    if end <= start:
        return ""
    return "".join(t.text + t.whitespace_ for t in doc[start : end - 1]) + doc[end - 1].text


# what ends a name before it: a date (`Commissione Europea 19.2.2020`), an act's code (`COM(2020`), a
# number before a share or a code's slash (`Partito Popolare 9%`, `Commissione 2014/C`)
_DATE_RE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}")
_ACT_CODE_RE = re.compile(r"[A-Z]+\(\d+")
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_AFTER_NUMBER = frozenset({"%", "/"})
# a reference code with a digit (`CAP8.PA.LA21`, `OB.7.1`), and the dashes that set it off from a name
_REF_CODE_RE = re.compile(r"(?=[A-Z.]*\d)[A-Z]+\d*(?:\.[A-Za-z0-9]+)+")
_DASHES = frozenset({"-", "\u2013", "\u2014"})


def before_figures(doc: Toks, start: int, end: int) -> int:
    """Where a name of tokens start..end ends, less the dates, act codes, reference codes (with the dash
    before them: `Piano triennale - CAP8.PA.LA25`) and numbers of a share or a code the recognizer took in
    at its end (the first token always stays)."""
    while end - 1 > start:
        text = doc[end - 1].text
        after = doc[end].text if end < len(doc) else ""
        if not (
            _DATE_RE.fullmatch(text)
            or _ACT_CODE_RE.fullmatch(text)
            or _REF_CODE_RE.fullmatch(text)
            or (_NUMBER_RE.fullmatch(text) and after in _AFTER_NUMBER)
        ):
            break
        end -= 1
        while end - 1 > start and (doc[end - 1].is_space or doc[end - 1].text in _DASHES):
            end -= 1
    return end


def plain_lower(lower: str) -> str:
    """A word in lower case with its typographic apostrophe (U+2019) written plain."""
    return lower.replace("\u2019", "'")


def skip_spaces(toks: Toks, k: int, skipped: frozenset[str] = frozenset()) -> int:
    """The first token from k on that is neither a space within the line nor one of `skipped`."""
    while k < len(toks) and (toks[k].text in skipped or (toks[k].is_space and "\n" not in toks[k].text)):
        k += 1
    return k


def in_place_of_overlapped(chosen: list[RuleSpan], new: list[RuleSpan]) -> list[RuleSpan]:
    """The mentions with `new` in place of every one that overlaps them, in order."""
    if not new:
        return chosen
    kept = [c for c in chosen if not any(c.start < n.end and n.start < c.end for n in new)]
    return sorted(kept + new, key=lambda c: c.start)


def is_upper_word(token: Tok) -> bool:
    """All letters of the token are capitals, and it has some."""
    return token.text.isupper() and any(c.isalpha() for c in token.text)


def capital_lines(toks: Toks) -> list[tuple[int, int]]:
    """The token ranges of the text written in capitals (`REGIONE LOMBARDIA: 13,5 MILIONI PER LE
    UNIVERSITÀ`): headings, titles, the header of an act, a text typed in capitals. Lines in capitals
    (CAPITAL_LINE_SHARE of their words of two letters or more) with no blank line or other text between
    them are one range, a title wrapped over two lines; it counts when it has CAPITAL_LINE_WORDS such
    words and CAPITAL_LINE_LONG_WORDS in capitals of four letters or more (not a run of acronyms).

    A title with every word capitalised (`Il Politecnico Di Milano Vince Il Bando`) is read the same way:
    its capitals tell names from words no more than capitals do. It is told from a list of names
    (`Cluster Lombardo della Mobilità`) by TITLE_CASE_WORDS articles or prepositions written with a
    capital (`TITLE_WORDS`)."""
    out = []
    first: int | None = None  # the open range: its start, end, words and long words in capitals
    last = words_in = long_in = 0
    start = 0
    for i in range(len(toks) + 1):
        if i < len(toks) and not (toks[i].is_space and "\n" in toks[i].text):
            continue
        words = [t for t in toks[start:i] if t.is_alpha and len(t.text) >= 2]
        capitals = _line_capitals(words)
        if capitals:
            first = start if first is None else first
            last, words_in, long_in = i, words_in + len(words), long_in + sum(len(w) >= 4 for w in capitals)
        paragraph_end = i >= len(toks) or toks[i].text.count("\n") > 1
        if first is not None and (paragraph_end or (words and not capitals)):
            if words_in >= CAPITAL_LINE_WORDS and long_in >= CAPITAL_LINE_LONG_WORDS:
                out.append((first, last))
            first, words_in, long_in = None, 0, 0
        start = i + 1
    return out


def _line_capitals(words: list[Tok]) -> list[str]:
    """The words of a line in capitals or in title case that count as written in capitals; none when the
    line is neither."""
    upper = [t.text for t in words if t.text.isupper()]
    if words and len(upper) >= CAPITAL_LINE_SHARE * len(words):
        return upper
    titled = [t.text for t in words if t.is_cap]
    small_words = sum(t.is_cap and t.lower_ in TITLE_WORDS for t in words)
    if words and len(titled) >= CAPITAL_LINE_SHARE * len(words) and small_words >= TITLE_CASE_WORDS:
        return titled
    return []


def in_capital_lines(toks: Toks, capitals: Sequence[tuple[int, int]] | None = None) -> set[int]:
    """The tokens inside `capitals` (the document's `capital_lines`, made when not given)."""
    ranges = capital_lines(toks) if capitals is None else capitals
    return {i for start, end in ranges for i in range(start, end)}


# where the entity model leaves a document's Toks and lines in capitals for the rules, which run next
LINES_KEY = "pipeline_capital_lines"


def leave_lines(doc: Doc, table: TokenTable) -> list[tuple[int, int]]:
    """The document's `capital_lines`, left on it with its Toks for the rules (`take_lines`)."""
    toks = table.view(doc)
    lines = capital_lines(toks)
    doc.user_data[LINES_KEY] = (toks, lines)
    return lines


def take_lines(doc: Doc, table: TokenTable) -> tuple[Toks, list[tuple[int, int]]]:
    """The document's Toks and `capital_lines`: those the entity model left on it, taken off, or made."""
    kept: tuple[Toks, list[tuple[int, int]]] | None = doc.user_data.pop(LINES_KEY, None)
    if kept is not None and len(kept[0]) == len(doc):
        return kept
    toks = table.view(doc)
    return toks, capital_lines(toks)
