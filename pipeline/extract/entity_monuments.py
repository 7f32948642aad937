"""Churches, abbeys, castles and palaces named with `di` are one place, head noun and all (GUIDELINE.md
§0, §3, §6: `[Basilica di San Pietro]`, `[chiesa di Sant'Andrea]`; `[Duomo di Milano]`, `[abbazia di
Westminster]`, `[Santuario di Nostra Signora di Bonaria]`), where the recognizer reads the place after
`di` alone, a body, or two mentions. In the corpus's train split, of the 43 names this reads that no
longer mention holds, 40 are one place, one a body (`Palazzo di Giustizia`) and two annotated
otherwise; the 6 heads in lower case it leaves (`la cattedrale di Palermo`) are the place alone.
Airports, hospitals, ports, stations and stadiums keep only their place (`aeroporto di [Fiumicino]`,
GUIDELINE.md §3) and are not read here.

A building of state or a venue right after a preposition of place is where something happens, a place
(GUIDELINE.md §3: `riunito a [Palazzo Chigi]`, `trasmesso al [Quirinale]`, `il recital al [Teatro La
Fenice]`), where the recognizer reads the body it houses (`venues_as_places`). In the corpus's train, dev
and reserve sentences, 127 of the 129 names with these heads after such a preposition are places.

A `chiesa` before a country or a town is the church of that place as a body (`la Chiesa di
Inghilterra`), so a church's name must be none of the gazetteers' places. A longer mention that holds
the name stays.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.extract.entity_names import previous_word
from pipeline.extract.entity_patterns import EntityPatterns
from pipeline.extract.entity_priorities import PRIORITY
from pipeline.extract.entity_seats import SEAT_KINDS, SEAT_LINKS
from pipeline.extract.entity_tokens import RuleSpan, Toks, plain_lower, span_text

MONUMENT_HEADS = frozenset(
    {"duomo", "cattedrale", "basilica", "santuario", "abbazia", "chiesa", "castello", "palazzo", "pieve"}
    | {"convento", "monastero", "collegiata", "battistero", "certosa", "cappella", "eremo", "rocca"}
)
# heads that make a monument's name in lower case too (`il castello di Gorzone`, `l'abbazia di Westminster`)
_WHOLE_IN_LOWER_CASE = frozenset({"castello", "abbazia"})
# a palace may stand for the government it houses (`Palazzo d'Accursio`, `Palazzo Chigi`)
_SEATS_OF_POWER = frozenset({"palazzo"})
# the heads that also name a body after a place (`la Chiesa di Inghilterra`)
_BODY_TOO = frozenset({"chiesa"})
LINKS = SEAT_LINKS | {"dei", "degli", "delle"}
# the words inside a saint's name (`San Nicola da Tolentino`)
_NAME_LINKS = LINKS | {"da"}
# a name in honour of a saint, the Virgin or Christ (`chiesa di Sant'Andrea`, `di Nostra Signora`)
SAINT_WORDS = frozenset(
    {"san", "santo", "santa", "sant'", "santi", "sante", "santissimo", "santissima", "santissimi"}
    | {"madonna", "nostra", "beata", "beato", "gesù", "cristo", "maria", "dio"}
)


def _is_name_word(toks: Toks, k: int) -> bool:
    return k < len(toks) and toks[k].text[:1].isupper() and any(ch.isalpha() for ch in toks[k].text)


def monument_end(toks: Toks, k: int, patterns: EntityPatterns) -> int | None:
    """The end of the monument's name whose head is token k, or None: the head, a link and capitalised
    words, joined by links (`Nostra Signora di Bonaria`)."""
    if toks[k].lower_ not in MONUMENT_HEADS or k + 2 >= len(toks):
        return None
    if plain_lower(toks[k + 1].lower_) not in LINKS or not _is_name_word(toks, k + 2):
        return None
    end = k + 3
    while True:
        if _is_name_word(toks, end):
            end += 1
        elif _linked_name(toks, end, patterns):
            end += 2
        else:
            return end


def _linked_name(toks: Toks, k: int, patterns: EntityPatterns) -> bool:
    """Whether a link at k and a name word after it go on with the monument's name (`di Bonaria`, `da
    Tolentino`): not `di` and a town, the monument's seat (`Palazzo dei Diamanti` di `Ferrara`,
    GUIDELINE.md §2)."""
    if k + 1 >= len(toks) or plain_lower(toks[k].lower_) not in _NAME_LINKS or not _is_name_word(toks, k + 1):
        return False
    after = k + 2
    while _is_name_word(toks, after):
        after += 1
    seat = (
        plain_lower(toks[k].lower_) in LINKS
        and patterns.places.get(span_text(toks, k + 1, after)) in SEAT_KINDS
    )
    return not seat


def _not_a_name(toks: Toks, k: int, end: int, patterns: EntityPatterns) -> bool:
    """Whether the head and what follows it are no monument's name: a head in lower case is a common
    noun (`la cattedrale di [Palermo]`, `il palazzo della [Regione]`, `un palazzo del Seicento`) unless
    a saint's name follows or it is a castle's or an abbey's; a head that also names a body is that body
    before a place (`la Chiesa di Inghilterra`)."""
    if toks[k].is_lower and toks[k].lower_ not in _WHOLE_IN_LOWER_CASE:
        return plain_lower(toks[k + 2].lower_) not in SAINT_WORDS
    return toks[k].lower_ in _BODY_TOO and span_text(toks, k + 2, end) in patterns.places


def whole_monuments(toks: Toks, chosen: list[RuleSpan], patterns: EntityPatterns) -> list[RuleSpan]:
    """The mentions with each monument named with `di` one place, in place of what the mentions found
    inside it, or in place of a body read on the whole name; a palace read as a body keeps its label
    (`Palazzo d'Accursio` as the city's government)."""
    out = list(chosen)
    k = 0
    while k < len(toks):
        end = monument_end(toks, k, patterns)
        if end is None or _not_a_name(toks, k, end, patterns):
            k += 1
            continue
        inside = [c for c in out if c.start < end and k < c.end]
        kept = toks[k].lower_ in _SEATS_OF_POWER and any((c.start, c.end) == (k, end) for c in inside)
        if all(k <= c.start and c.end <= end for c in inside) and not kept:
            out = [c for c in out if c not in inside] + [RuleSpan(k, end, "LOC", PRIORITY.strong_rule)]
        k = end
    return sorted(out, key=lambda c: c.start)


# buildings of state and venues: a place after a preposition of place (`Casa` only in `Casa Bianca`;
# `Pala...` a sports hall: `PalaPanini`); hospitals, museums and research centres stay bodies there
VENUE_HEADS = frozenset(
    {"palazzo", "palazzetto", "quirinale", "montecitorio", "eliseo", "piazza", "stadio", "teatro", "villa"}
    | {"castello", "arena", "auditorium", "foro", "autodromo", "stazione", "reggia"}
)
PLACE_PREPOSITIONS = frozenset(
    {"a", "al", "alla", "allo", "all'", "nel", "nella", "nello", "nell'", "in", "presso", "sul", "sulla"}
)


def _is_venue(toks: Toks, c: RuleSpan) -> bool:
    head = toks[c.start].lower_
    if head == "casa":
        return c.end - c.start == 2 and toks[c.start + 1].lower_ == "bianca"
    return head in VENUE_HEADS or (head.startswith("pala") and len(head) > len("pala") + 2)


def venues_as_places(toks: Toks, chosen: list[RuleSpan]) -> list[RuleSpan]:
    """The mentions with a building of state or a venue read as a body made a place when a preposition of
    place comes right before it (`si è riunito a Palazzo Chigi`, `presentata al PalaPanini`)."""
    out = []
    for c in chosen:
        before = previous_word(toks, c.start)
        if (
            c.label == "ORG"
            and before is not None
            and plain_lower(toks[before].lower_) in PLACE_PREPOSITIONS
            and _is_venue(toks, c)
        ):
            c = replace(c, label="LOC")
        out.append(c)
    return out
