"""A light copy of a document's tokens, the shape tests the entity rules make on them, and RuleSpan."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc


@dataclass(slots=True)
class Tok:
    """The token attributes the rules read, copied once per document: spaCy's Token is costly to make."""

    i: int
    text: str
    lower_: str
    whitespace_: str
    is_space: bool
    is_punct: bool
    is_alpha: bool


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


def view_tokens(doc: Doc) -> Toks:
    """Plain copies of the document's tokens."""
    return [Tok(t.i, t.text, t.lower_, t.whitespace_, t.is_space, t.is_punct, t.is_alpha) for t in doc]


def span_text(doc: Toks, start: int, end: int) -> str:
    """The text of tokens start..end, as spaCy's Span.text gives it."""
    if end <= start:
        return ""
    return "".join(t.text + t.whitespace_ for t in doc[start : end - 1]) + doc[end - 1].text


def is_cap(token: Tok) -> bool:
    """The token starts with a capital letter."""
    text = token.text
    return bool(text) and text[0].isupper()


def is_name_word(token: Tok) -> bool:
    """Capitalised word, upper-case code (`LE2C`) or a number glued to a name (`Cluster 6`)."""
    text = token.text
    if not text or token.is_space or token.is_punct:
        return text in {"&"}
    return text[0].isupper() or (text[0].isdigit() and any(c.isalpha() for c in text))


def is_upper_word(token: Tok) -> bool:
    """All letters of the token are capitals, and it has some."""
    return token.text.isupper() and any(c.isalpha() for c in token.text)
