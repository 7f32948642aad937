"""A capitalised article inside a sentence, right before a body's name, is part of the name: `il
quotidiano [Il Giornale]`, `su [Il Giornale] e [Libero]`, `l'associazione culturale [La Maiella]`,
`della società «[La Recuperi s.r.l.]»`. The recognizer drops the article. Not at a sentence's start
(after a stop, a colon, a dash or a line break, quotes aside: `ROMA - Il Senato`, `ha detto: «Il
governo ...»`), nor in lines in capitals or title case, where every word is capitalised. In the
corpus's train, dev and reserve sentences, 39 bodies' names open with a capitalised article, 38 of
them where this reads one (the other after an ellipsis), and of the 758 whose capitalised article
stays out none stands where this reads one.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.extract.entity_datelines import OPENING_QUOTES
from pipeline.extract.entity_tokens import RuleSpan, Toks, in_capital_lines

ARTICLES = frozenset({"Il", "Lo", "La", "I", "Gli", "Le"})
# a token after which a word opens a sentence or a clause of its own
_OPENERS = frozenset({".", "!", "?", ":", ";", "-", "\u2013", "\u2014", "(", "[", "..."})


def articles_in_names(
    toks: Toks, chosen: list[RuleSpan], capitals: Sequence[tuple[int, int]] | None = None
) -> list[RuleSpan]:
    """The mentions, each body's name taking the capitalised article right before it inside a
    sentence."""
    shouted = in_capital_lines(toks, capitals)
    ends = {c.end for c in chosen}
    out = []
    for c in chosen:
        a = c.start - 1
        if (
            c.label == "ORG"
            and a > 0
            and toks[a].text in ARTICLES
            and toks[a].whitespace_
            and a not in shouted
            and a not in ends
            and _inside_sentence(toks, a)
        ):
            c = RuleSpan(a, c.end, c.label, c.priority, c.bare_head)
        out.append(c)
    return out


def _inside_sentence(toks: Toks, a: int) -> bool:
    """Whether the word at `a` follows a word of its own sentence, quotes aside."""
    k = a - 1
    while k >= 0 and toks[k].text in OPENING_QUOTES:
        k -= 1
    if k < 0 or toks[k].is_space or "\n" in toks[k].whitespace_:
        return False
    return toks[k].text not in _OPENERS
