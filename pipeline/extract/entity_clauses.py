"""Where a clause starts inside a mention the model read: a clause word, a preposition before an
infinitive, a bare article after a body's head word. The mention ends before it."""

from __future__ import annotations

from pipeline.extract.entity_names import head_at, next_word, previous_word
from pipeline.extract.entity_parts import GENITIVE_LINKS
from pipeline.extract.entity_patterns import BARE_ARTICLES, CLAUSE_WORDS, EntityPatterns
from pipeline.extract.entity_tokens import RuleSpan, Tok, Toks, plain_lower

# an infinitive after a preposition ends a name (`per valutare`, `a definire`)
INFINITIVE_ENDINGS = ("are", "ere", "ire")
INFINITIVE_MIN = 5
# the prepositions that open a clause before an infinitive: `Ministero delle infrastrutture per valutare`,
# `Comune a definire`, `Regione di approvare`
_INFINITIVE_LINKS = frozenset({"per", "a", "ad", "da", "di"})


def _is_infinitive(token: Tok) -> bool:
    return token.is_lower and len(token.text) >= INFINITIVE_MIN and token.text.endswith(INFINITIVE_ENDINGS)


def cut_at_clause(toks: Toks, cand: RuleSpan) -> RuleSpan:
    """A name holds no clause word: the mention ends before one (`Gruppo di lavoro che`, `Garante
    medesimo`, `Dipartimento della funzione pubblica dovranno`, `Dipartimento per la Trasformazione
    tecnologica che ho l'onore dirigere, le Regioni`; no mention of the corpus holds one), and after its
    last capitalised word before `per`, `a`, `da` or `di` and a verb (`Ministero delle infrastrutture per
    valutare`, `il Rappresentante legale del Comune a definire`; of the corpus's mentions only `Nati per
    vivere` holds one, after a capitalised word). A programme's title may be a phrase and keeps it; a
    word glued to the one before it is part of that word (`Jong-un`)."""
    if cand.label == "PROGRAMME":
        return cand
    last_cap = max((k for k in range(cand.start, cand.end) if toks[k].is_cap), default=cand.start)
    for k in range(cand.start + 1, cand.end):
        if not toks[k - 1].whitespace_:
            continue
        if toks[k].text in CLAUSE_WORDS or (
            k > last_cap
            and toks[k].text in _INFINITIVE_LINKS
            and k + 1 < cand.end
            and _is_infinitive(toks[k + 1])
        ):
            return RuleSpan(cand.start, k, cand.label, cand.priority, cand.bare_head)
    return cand


def cut_after_head(toks: Toks, cand: RuleSpan, patterns: EntityPatterns) -> RuleSpan:
    """A body's head word is not followed by a bare article inside its name: the mention ends at the head
    (`Alla Fondazione il Comune di Torino ha versato`: `Fondazione`; no mention of the corpus holds one,
    while a verb opens names that do: `Salviamo il Castello`)."""
    if cand.label != "ORG":
        return cand
    for k in range(cand.start + 1, cand.end - 1):
        if toks[k].text in BARE_ARTICLES and toks[k + 1].is_cap and head_at(toks, k - 1, patterns) == 1:
            return RuleSpan(cand.start, k, cand.label, cand.priority, cand.bare_head)
    return cand


# a genitive link with an article after `e`: `e della`, `e dell'`
_GENITIVES = GENITIVE_LINKS - {"di", "d'"}


def split_coordinated_bodies(toks: Toks, chosen: list[RuleSpan], patterns: EntityPatterns) -> list[RuleSpan]:
    """Two bodies joined by `e` and a genitive link are two mentions, where the second opens with a body's
    head word (`Università di Pisa e della Scuola Superiore Sant'Anna`, `Banca Popolare Italiana e della
    Banca Antonveneta`), while a ministry's two domains stay one name (`Ministero dell'Economia e delle
    Finanze`). Of the corpus's train, dev and reserve sentences, no body's name holds such a join, and 17
    pairs of bodies stand so."""
    out: list[RuleSpan] = []
    for c in chosen:
        second = _second_body(toks, c, patterns) if c.label == "ORG" else None
        end = previous_word(toks, second[0]) if second is not None else None
        if second is None or end is None or end < c.start:
            out.append(c)
            continue
        out += [
            RuleSpan(c.start, end + 1, c.label, c.priority, c.bare_head),
            RuleSpan(second[1], c.end, c.label, c.priority),
        ]
    return out


def _second_body(toks: Toks, c: RuleSpan, patterns: EntityPatterns) -> tuple[int, int] | None:
    """(where `e` stands, where the second body's head word starts) inside a mention, or None."""
    for k in range(c.start + 1, c.end):
        if toks[k].lower_ != "e":
            continue
        link = next_word(toks, k + 1, False)
        second = next_word(toks, link + 1, False) if link is not None else None
        if (
            link is not None
            and second is not None
            and second < c.end
            and plain_lower(toks[link].lower_) in _GENITIVES
            and head_at(toks, second, patterns)
        ):
            return k, second
    return None
