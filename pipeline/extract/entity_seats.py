"""Seats after a body's own name: a body named in full and then its town are two mentions (GUIDELINE.md
§2: `[Museo di Storia Naturale] di [Venezia]`, `[Policlinico Gemelli] di [Roma]`, `[Scuola Superiore
Sant'Anna] di [Pisa]`, `[Corte d'Appello] di [Reggio Calabria]`), where the recognizer read one.

The name before the seat opens with a capital and has two words or more (`Università di Pisa` is a
name, the place its part); the seat is a town or a city of the gazetteers after a link in lower case.
Some bodies take their place into their name, and stay whole: territorial bodies, universities,
chambers of commerce, health authorities, banks and churches (`Provincia autonoma di Trento`, `Camera di
Commercio di Napoli`, `Università degli Studi di Padova`, `Azienda sanitaria provinciale di Catanzaro`,
`Banca Popolare di Milano`), and so does a name holding such a body (`Fondazione Politecnico di
Milano`). In the corpus's train and dev splits, of the capitalised names of two words or more before a
town or a city, those holding a `WHOLE_HEADS` word keep their place 42 times and never give it apart;
the others give it apart 99 times and keep it 6 times. Exact names of the gazetteers and the registry
stay as they are.
"""

from __future__ import annotations

from pipeline.extract.entity_merge import KNOWN_NAME_PRIORITIES
from pipeline.extract.entity_patterns import EntityPatterns
from pipeline.extract.entity_tokens import RuleSpan, Toks, plain_lower, span_text

SEAT_LINKS = frozenset({"di", "del", "della", "dello", "dell'", "d'"})
WHOLE_HEADS = frozenset(
    {
        "provincia",
        "camera",
        "città",
        "comune",
        "regione",
        "università",
        "universita",
        "ateneo",
        "politecnico",
        "sapienza",
        "azienda",
        "associazione",
        "chiesa",
        "diocesi",
        "arcidiocesi",
        "stato",
        "stati",
        "banca",
        "cassa",
        "unione",
        "accademia",
        "ordine",
    }
)
# a seat is a town or a city (`Centro Islamico Culturale d'Italia` keeps its country)
SEAT_KINDS = frozenset({"municipality", "city"})


def _link(toks: Toks, k: int) -> bool:
    return plain_lower(toks[k].lower_) in SEAT_LINKS


def seat_start(toks: Toks, cand: RuleSpan, patterns: EntityPatterns) -> int | None:
    """The link before the seat that ends the body's mention, or None."""
    if cand.label != "ORG" or cand.priority in KNOWN_NAME_PRIORITIES:
        return None
    if not toks[cand.start].is_cap:
        return None
    for j in range(cand.end - 2, cand.start, -1):
        if _link(toks, j):
            words_before = [t for t in toks[cand.start : j] if not t.is_space]
            if any(t.lower_ in WHOLE_HEADS for t in words_before):
                # the seat of a body inside the name (`Fondazione Politecnico di Milano`, `I3P del
                # Politecnico di Torino`)
                return None
            kind = patterns.places.get(span_text(toks, j + 1, cand.end))
            if len(words_before) >= 2 and kind in SEAT_KINDS and toks[j].is_lower and toks[j + 1].is_cap:
                return j
            return None
    return None


def seats_apart(toks: Toks, chosen: list[RuleSpan], patterns: EntityPatterns) -> list[RuleSpan]:
    """The mentions with every body named in full and then its seat given as a body and a place."""
    out = []
    for cand in chosen:
        j = seat_start(toks, cand, patterns)
        if j is None:
            out.append(cand)
            continue
        end = j
        while end > cand.start and toks[end - 1].is_space:
            end -= 1
        out.append(RuleSpan(cand.start, end, "ORG", cand.priority))
        out.append(RuleSpan(j + 1, cand.end, "LOC", cand.priority))
    return out
