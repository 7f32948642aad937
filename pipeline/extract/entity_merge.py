"""How rule candidates and the statistical model's mentions combine into one set of mentions.

Overlapping candidates give way to the longest, then to the one of higher priority
(`entity_priorities`); rules at or above `strong_rule` beat the model, exact gazetteer names beat both.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate

from pipeline.extract.entity_model_checks import is_dictionary_word
from pipeline.extract.entity_names import previous_word
from pipeline.extract.entity_patterns import AND_WORDS, NAME_CONNECTORS, PROSE_WORDS, EntityPatterns
from pipeline.extract.entity_priorities import PRIORITY
from pipeline.extract.entity_spans import is_full_person_name
from pipeline.extract.entity_tokens import RuleSpan, Toks, in_capital_lines, span_text

# the fewest letters of a body's name that is repeated where the document writes it again
MIN_REPEATED_NAME = 3
# exact names from the gazetteers (known bodies and their short forms, the IPA registry, programmes)
KNOWN_NAME_PRIORITIES = frozenset({PRIORITY.known_org, PRIORITY.known_programme})
INDEFINITE_ARTICLES = frozenset({"un", "uno", "una", "un'", "un\u2019"})
# the rules that give a body and its seat as two mentions (`entity_rules._heads`)
SEAT_PRIORITIES = frozenset({PRIORITY.head_with_name, PRIORITY.name_after_common_head})
# the longest bracketed acronym after a name that is taken for a mention of it
MAX_BRACKETED_ACRONYM = 12
# the words that make a known name after or before them a body of its own (`SOLARIS` dell'`Unione europea`)
OF_WORDS = frozenset({"di", "del", "della", "dello", "dei", "degli", "delle", "d'", "dell'", "of"})
# marks inside one name (`Agenzia delle Entrate - Riscossione`, `Politiche Agricole, Alimentari e Forestali`);
# not an en dash or a slash, which part a heading (`Horizon Europe Framework Programme`, dash, `Cluster`)
NAME_MARKS = frozenset({",", "-", "+", "&"})
# a line in capitals with this many words of running text (`PROSE_WORDS`) is prose
PROSE_LINE_WORDS = 1


def select_outermost(candidates: Iterable[RuleSpan]) -> list[RuleSpan]:
    """Keep the longest, then most trusted, candidates that do not overlap (ANNOTATION decision 1)."""
    chosen: list[RuleSpan] = []
    taken: set[int] = set()
    for cand in sorted(candidates, key=lambda c: (-(c.end - c.start), -c.priority, c.start)):
        if not taken.intersection(range(cand.start, cand.end)):
            chosen.append(cand)
            taken.update(range(cand.start, cand.end))
    return sorted(chosen, key=lambda c: c.start)


def merge_candidates(rules: list[RuleSpan], model: list[RuleSpan]) -> list[RuleSpan]:
    """Strong rules first; then the model and the weak rules where no strong rule is."""
    strong = select_outermost(c for c in rules if c.priority >= PRIORITY.strong_rule)
    taken = {i for c in strong for i in range(c.start, c.end)}
    weak = [c for c in rules if c.priority < PRIORITY.strong_rule] + model
    rest = [c for c in select_outermost(weak) if not taken.intersection(range(c.start, c.end))]
    return sorted(strong + rest, key=lambda c: c.start)


def _known_names_held(known: list[RuleSpan], covering: dict[int, RuleSpan]) -> dict[RuleSpan, int]:
    """How many known names, not overlapping one another, each model mention holds whole."""
    held: dict[RuleSpan, int] = {m: 0 for m in covering.values()}
    for c in select_outermost(known):
        outer = covering.get(c.start)
        if outer is not None and c.end <= outer.end:
            held[outer] += 1
    return held


def _after_indefinite(toks: Toks, cand: RuleSpan) -> bool:
    k = previous_word(toks, cand.start)
    return k is not None and toks[k].lower_ in INDEFINITE_ARTICLES


def _is_one_plain_word(toks: Toks, cand: RuleSpan) -> bool:
    text = span_text(toks, cand.start, cand.end)
    return cand.end - cand.start == 1 and not text.isupper()


def _continues_name(toks: Toks, outer: RuleSpan, inner: RuleSpan) -> bool:
    """Whether the model's longer mention `outer` reads one name around the known name `inner`
    (`BBC News`, `MoVimento 5 Stelle`, `ERC Starting Grant`, `Agenzia delle Entrate - Riscossione`): its
    other words are capitalised words, numbers, marks inside a name, or connectors before a capitalised
    word, and no `di`/`del`... sits next to the known name, which makes it a body of its own."""
    if outer.label == "PER" or not (outer.start <= inner.start and inner.end <= outer.end):
        return False
    if outer.end - outer.start == inner.end - inner.start:
        return False
    if (inner.start > outer.start and toks[inner.start - 1].lower_ in OF_WORDS) or (
        inner.end < outer.end and toks[inner.end].lower_ in OF_WORDS
    ):
        return False
    for i in (*range(outer.start, inner.start), *range(inner.end, outer.end)):
        t = toks[i]
        joins = t.lower_ in NAME_CONNECTORS or t.lower_ in AND_WORDS or t.text in NAME_MARKS
        if not (t.is_cap or t.text[:1].isdigit() or (joins and i + 1 < outer.end and toks[i + 1].is_cap)):
            return False
    return True


def _inside_a_longer(spans: list[RuleSpan]) -> Callable[[RuleSpan], bool]:
    """Whether a candidate lies inside one of `spans` longer than itself.

    One that holds it and is longer starts before it and ends at or after its end, or starts with it and
    ends after it.
    """
    by_start = sorted(spans, key=lambda o: o.start)
    starts = [o.start for o in by_start]
    # the furthest end of the spans up to each one of `by_start`
    reach = list(accumulate((o.end for o in by_start), max))
    end_at: dict[int, int] = {}
    for o in spans:
        end_at[o.start] = max(end_at.get(o.start, o.end), o.end)

    def inside(c: RuleSpan) -> bool:
        before = bisect_left(starts, c.start)
        return (before > 0 and reach[before - 1] >= c.end) or end_at.get(c.start, c.end) > c.end

    return inside


def merge_model_first(
    toks: Toks, rules: list[RuleSpan], model: list[RuleSpan], *, mode: str
) -> list[RuleSpan]:
    """Known names first (exact gazetteer matches), then by `mode`: "model" (the model, then the strong
    rules where it found nothing), "longest" (the longest of the model's and the strong rules' mentions)
    or "model-only"."""
    # a known body's name after an indefinite article is one thing of its make (`una Renault Clio`)
    rules = [c for c in rules if not (c.priority == PRIORITY.known_org and _after_indefinite(toks, c))]
    # a known name of one capitalised word (`Sapienza`, `Bocconi`) may be a surname or a place: it
    # competes with the model on length instead of overriding it; longer names and acronyms override.
    # A longer strong rule's mention (a head word before the name) keeps the name whole
    longer = [c for c in rules if c.priority >= PRIORITY.strong_rule]
    inside_longer = _inside_a_longer(longer)
    # the model's mention over each token (its mentions do not overlap)
    covering = {i: m for m in model for i in range(m.start, m.end)}
    known = [
        c
        for c in rules
        if c.priority in KNOWN_NAME_PRIORITIES
        and not _is_one_plain_word(toks, c)
        # the whole name wins: `Politecnico di Milano` inside `Fondazione Politecnico di Milano`
        and not inside_longer(c)
    ]
    # a model mention over two known names side by side (`MEF RGS`) reads no longer name around them
    holding = _known_names_held(known, covering)
    sure = [
        c
        for c in known
        if not (
            c.start in covering
            and holding[covering[c.start]] < 2
            and _continues_name(toks, covering[c.start], c)
        )
    ]
    outermost = select_outermost(sure)
    chosen = list(outermost)
    taken = {i for c in outermost for i in range(c.start, c.end)}
    sure_set = set(sure)
    strong = [c for c in longer if c not in sure_set]
    # the weak rules (acronyms, gazetteer places) are left out: on the dev split they take the platforms
    # and codes of public-administration text for organisations and cost more than they add on news
    # a bare head noun (`la Regione`) fills in last: it only stands for a body the document names
    bare_heads = [c for c in rules if c.bare_head]
    layers = {
        "model": [model, strong, bare_heads],
        "longest": [model + strong, bare_heads],
        "model-only": [model],
    }[mode]
    for layer in layers:
        # a candidate over a known name gives way to the others of its layer, not only to the name
        free = [c for c in layer if not taken.intersection(range(c.start, c.end))]
        for c in select_outermost(free):
            chosen.append(c)
            taken.update(range(c.start, c.end))
    # a bare head noun the model also found (`la Regione`), as a body or as a place, keeps the rule's
    # mark, so that it points to the named body of the document, or is dropped when there is none
    bare = {(c.start, c.end): c for c in rules if c.bare_head}
    chosen = [bare.get((c.start, c.end), c) if c.label in ("ORG", "LOC") else c for c in chosen]
    return sorted(chosen, key=lambda c: c.start)


def split_at_seats(toks: Toks, rules: list[RuleSpan], chosen: list[RuleSpan]) -> list[RuleSpan]:
    """A generic body and its seat are two mentions also where the model read them as one (`Tribunale`
    di `Catania`): the head rule's pair (`entity_parts.seat_start`) replaces a mention over both."""
    heads = [c for c in rules if c.priority in SEAT_PRIORITIES]
    bodies = {(c.end, c.priority): c for c in heads if c.label == "ORG"}
    pairs = {}
    for seat in (c for c in heads if c.label == "LOC"):
        k = seat.start
        while k > 0 and toks[k - 1].lower_ in NAME_CONNECTORS:
            k -= 1
        body = bodies.get((k, seat.priority))
        if body is not None and k < seat.start:
            pairs[(body.start, seat.end)] = (body, seat)
    if not pairs:
        return chosen
    return [part for c in chosen for part in pairs.get((c.start, c.end), (c,))]


def whole_place_names(toks: Toks, rules: list[RuleSpan], chosen: list[RuleSpan]) -> list[RuleSpan]:
    """A place of the gazetteers whose name joins its words with a preposition or `e` is one mention
    (`Castellammare di Stabia`, `Greve in Chianti`, `Cernusco sul Naviglio`, `Monza e Brianza`): it
    takes the place of the pieces the model found inside it, or is added where nothing was found. A
    longer mention holding it (`Comune di Casalecchio di Reno`) stays."""
    places = [
        c
        for c in rules
        if c.priority == PRIORITY.known_place
        and any(t.lower_ in NAME_CONNECTORS or t.lower_ in AND_WORDS for t in toks[c.start + 1 : c.end - 1])
    ]
    out = list(chosen)
    for place in select_outermost(places):
        inside = [c for c in out if c.start < place.end and place.start < c.end]
        if all(place.start <= c.start and c.end <= place.end for c in inside) and not any(
            (c.start, c.end) == (place.start, place.end) for c in inside
        ):
            out = [c for c in out if c not in inside] + [place]
    return sorted(out, key=lambda c: c.start)


def add_bracketed_acronyms(toks: Toks, chosen: list[RuleSpan], stoplist: frozenset[str]) -> list[RuleSpan]:
    """An acronym in brackets right after a name is a mention of the same kind (GUIDELINE.md §0):
    `Associazione Fabbrica Intelligente Lombardia (AFIL)` gives two ORG mentions; not a stop-listed
    acronym (`stoplist`: a platform or registry such as `(ANSC)`)."""
    taken = {i for c in chosen for i in range(c.start, c.end)}
    extra = []
    for c in chosen:
        if c.label not in ("ORG", "PROGRAMME") or c.end + 2 >= len(toks):
            continue
        open_, word, close = toks[c.end], toks[c.end + 1], toks[c.end + 2]
        if (
            open_.text == "("
            and close.text == ")"
            and c.end + 1 not in taken
            and 2 <= len(word.text) <= MAX_BRACKETED_ACRONYM
            and sum(ch.isupper() for ch in word.text) >= 2
            and word.text[:1].isupper()
            and not word.text.isdigit()
            and word.text not in stoplist
        ):
            extra.append(RuleSpan(c.end + 1, c.end + 2, c.label, PRIORITY.model))
    return sorted(chosen + extra, key=lambda c: c.start) if extra else chosen


def add_surname_mentions(toks: Toks, chosen: list[RuleSpan], patterns: EntityPatterns) -> list[RuleSpan]:
    """A surname alone after a full name in the document is a person too (`Sala` after `Fabrizio Sala`).

    It also wins over a weak single-word guess: `Monti` after `Mario Monti` is not the town of Monti.
    """
    # only from a well-formed name: the last word of `Machine Learning` or `Sala Assessore` is no surname
    surnames = {
        toks[c.end - 1].text
        for c in chosen
        if c.label == "PER"
        and toks[c.end - 1].is_alpha
        and toks[c.end - 1].is_title
        and is_full_person_name([t.text for t in toks[c.start : c.end] if not t.is_space], patterns)
    }
    if not surnames:
        return chosen
    kept = [
        RuleSpan(c.start, c.end, "PER", c.priority)
        if c.end - c.start == 1 and c.priority < PRIORITY.strong_rule and toks[c.start].text in surnames
        else c
        for c in chosen
    ]
    taken = {i for c in kept for i in range(c.start, c.end)}
    extra = [
        RuleSpan(i, i + 1, "PER", PRIORITY.model)
        for i, t in enumerate(toks)
        if t.text in surnames and i not in taken
    ]
    return sorted(kept + extra, key=lambda c: c.start)


def add_repeated_body_names(
    toks: Toks,
    chosen: list[RuleSpan],
    patterns: EntityPatterns,
    capitals: Sequence[tuple[int, int]] | None = None,
) -> list[RuleSpan]:
    """A body's one-word name that the document writes again, where nothing else was found, is that body
    again (`Round da 4,5 milioni per Nerovolt` over `La deeptech torinese Nerovolt ...`): one name, one
    meaning in a document. Only a capitalised word that is no dictionary word, place or first name, and
    not in lines in capitals or title case, where every word looks like a name."""
    shouted = in_capital_lines(toks, capitals)
    names = set()
    for c in chosen:
        tok = toks[c.start]
        if (
            c.label == "ORG"
            and c.end - c.start == 1
            and c.start not in shouted
            and tok.is_alpha
            and tok.is_title
            and len(tok.text) >= MIN_REPEATED_NAME
            and not is_dictionary_word(tok, patterns)
            and tok.text not in patterns.places
            and tok.text not in patterns.first_names
        ):
            names.add(tok.text)
    if not names:
        return chosen
    taken = {i for c in chosen for i in range(c.start, c.end)}
    extra = [
        RuleSpan(i, i + 1, "ORG", PRIORITY.model)
        for i, t in enumerate(toks)
        if t.text in names and i not in taken and i not in shouted
    ]
    return sorted(chosen + extra, key=lambda c: c.start) if extra else chosen


def _in_title_case(toks: Toks) -> bool:
    """A range of `capital_lines` in title case, not in capitals: a headline, never a list of names."""
    words = [t for t in toks if t.is_alpha and len(t.text) >= 2]
    return sum(t.text.isupper() for t in words) < len(words) / 2


def known_names_only_in_capitals(
    toks: Toks, rules: list[RuleSpan], capitals: list[tuple[int, int]]
) -> list[RuleSpan]:
    """In running text written in capitals every word looks like a name, so the rules that read capital
    letters run on (`AZIENDA SANITARIA PER 50MILA EURO PER AVER PUBBLICATO ...`): there only the exact
    names of the gazetteers stay, and the model decides the rest. A line in capitals without a word of
    running text (`PROSE_WORDS`: `IL`, `HA`, `CHE`, ...) is a heading or a list of names, where the rules
    stay (`CLUSTER LOMBARDO DELLA MOBILITÀ`, `BOCCONI, FONDAZIONE POLITECNICO DI MILANO, A2A`).
    A title in title case (`Il Politecnico Di Milano Vince Il Bando`) is running text too.
    `capitals` are the token ranges in capitals (`entity_tokens.capital_lines`)."""
    lines = [
        (lo, hi)
        for lo, hi in capitals
        if sum(t.lower_ in PROSE_WORDS for t in toks[lo:hi]) >= PROSE_LINE_WORDS
        or _in_title_case(toks[lo:hi])
    ]
    if not lines:
        return rules
    return [
        c
        for c in rules
        if c.priority in KNOWN_NAME_PRIORITIES or not any(lo < c.end and c.start < hi for lo, hi in lines)
    ]
