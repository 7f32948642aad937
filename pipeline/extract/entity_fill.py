"""Mentions the document itself vouches for: a gazetteer place after a postcode, an acronym whose body
the document names or whose office holder it names (`il presidente di AFIL`)."""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.extract.entity_model_checks import is_dictionary_word
from pipeline.extract.entity_names import next_word, previous_word
from pipeline.extract.entity_patterns import ACRONYM_SKIP_WORDS, NAME_CONNECTORS, OFFICE_LINKS, EntityPatterns
from pipeline.extract.entity_place_roles import acts_as_subject
from pipeline.extract.entity_priorities import PRIORITY
from pipeline.extract.entity_tokens import RuleSpan, Toks, is_upper_word, plain_lower, span_text

POSTCODE_RE = re.compile(r"\d{5}")
# the prepositions that put a place after them: `a Melfi`, `in Italia`
LOCATIVES = frozenset({"a", "ad", "in"})
# nouns of events named after their place (`il premio di Monza`, `il palio di Siena`)
EVENT_NOUNS = frozenset(
    {
        "premio",
        "festival",
        "giro",
        "rally",
        "torneo",
        "trofeo",
        "palio",
        "coppa",
        "maratona",
        "carnevale",
        "fiera",
    }
)


def address_places(toks: Toks, found: list[RuleSpan]) -> list[RuleSpan]:
    """A gazetteer place right after a postcode is a place: `20133 Milano`, `23900 Lecco`."""
    out = []
    for cand in found:
        if cand.priority != PRIORITY.known_place:
            continue
        k = previous_word(toks, cand.start)
        if k is not None and POSTCODE_RE.fullmatch(toks[k].text):
            out.append(RuleSpan(cand.start, cand.end, "LOC", PRIORITY.street))
    return out


def _locative_before(toks: Toks, before: int) -> bool:
    """`a`, `ad` or `in` at token `before`, or `di` after a word in lower case (`una discoteca di
    Riccione`, `lo stabilimento di Melfi`; not `Maria di Sora`, a name, nor `il premio di Monza`, where
    the place names an event, which is no entity: GUIDELINE.md §4)."""
    if toks[before].lower_ in LOCATIVES:
        return True
    if toks[before].lower_ != "di":
        return False
    word = previous_word(toks, before)
    return (
        word is not None
        and toks[word].is_lower
        and toks[word].is_alpha
        and toks[word].lower_ not in EVENT_NOUNS
    )


def located_places(toks: Toks, found: list[RuleSpan], chosen: list[RuleSpan]) -> list[RuleSpan]:
    """A gazetteer place nothing else was found on is a place after `a`, `ad` or `in` (`A Ragusa un
    uomo`, `a Melfi`), after `di` and a word in lower case (`la casa di Sora`) and alone in brackets
    (`Idrotech Sistemi Srl (Prato)`), and a body where, written with a capital, it is the subject of a
    verb of acting (`Riad ha accolto`, `Minsk ha annunciato`: `entity_place_roles.acts_as_subject`).
    One the model read as a person stays one: many towns are surnames too (`addio a Mango`, `vicini ad
    Alfano`)."""
    taken = {i for c in chosen for i in range(c.start, c.end)}
    extra = []
    for cand in found:
        if cand.priority != PRIORITY.known_place or taken.intersection(range(cand.start, cand.end)):
            continue
        if toks[cand.start].is_title and acts_as_subject(toks, cand.start, cand.end):
            extra.append(RuleSpan(cand.start, cand.end, "ORG", PRIORITY.model))
            taken.update(range(cand.start, cand.end))
            continue
        before, after = previous_word(toks, cand.start), next_word(toks, cand.end, allow_newline=True)
        if before is None:
            continue
        bracketed = toks[before].text == "(" and after is not None and toks[after].text == ")"
        name_goes_on = after is not None and toks[after].is_cap and toks[after].is_alpha
        if bracketed or (_locative_before(toks, before) and not name_goes_on):
            extra.append(RuleSpan(cand.start, cand.end, "LOC", PRIORITY.model))
            taken.update(range(cand.start, cand.end))
    return sorted(chosen + extra, key=lambda c: c.start) if extra else chosen


def _initials(toks: Toks, cand: RuleSpan) -> str:
    words = [
        t.text
        for t in toks[cand.start : cand.end]
        if t.is_alpha and t.lower_ not in NAME_CONNECTORS and t.lower_ not in ACRONYM_SKIP_WORDS
    ]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else ""


def spelled_out_acronyms(toks: Toks, found: list[RuleSpan], chosen: list[RuleSpan]) -> list[RuleSpan]:
    """An acronym is an organisation where the document names the body it stands for, or takes the
    same acronym for one elsewhere: `AFIL` after `Associazione Fabbrica Intelligente Lombardia`."""
    orgs = [c for c in chosen if c.label == "ORG"]
    known = {_initials(toks, c) for c in orgs} | {
        toks[c.start].text for c in orgs if c.end - c.start == 1 and is_upper_word(toks[c.start])
    }
    taken = {i for c in chosen for i in range(c.start, c.end)}
    extra = [
        RuleSpan(c.start, c.end, "ORG", PRIORITY.model)
        for c in found
        if c.priority == PRIORITY.acronym
        and toks[c.start].text in known
        and not taken.intersection(range(c.start, c.end))
    ]
    return sorted(chosen + extra, key=lambda c: c.start) if extra else chosen


def acronyms_after_roles(
    toks: Toks, found: list[RuleSpan], chosen: list[RuleSpan], titles: frozenset[str]
) -> list[RuleSpan]:
    """An acronym after an office and `di` is the body that office belongs to: `il presidente di AFIL`,
    `il direttore dell'ENEA` (the titles of `entity_person_titles.txt`)."""
    taken = {i for c in chosen for i in range(c.start, c.end)}
    extra = []
    for c in found:
        if c.priority != PRIORITY.acronym or taken.intersection(range(c.start, c.end)):
            continue
        k = previous_word(toks, c.start)
        link = plain_lower(toks[k].lower_) if k is not None else ""
        j = previous_word(toks, k) if k is not None and link in OFFICE_LINKS else None
        if j is not None and toks[j].lower_ in titles:
            extra.append(RuleSpan(c.start, c.end, "ORG", PRIORITY.model))
    return sorted(chosen + extra, key=lambda c: c.start) if extra else chosen


# the most tokens between the brackets of a person's affiliations: `(PD, SEL)`, `(FI, LN, FdI, AP)`
MAX_AFFILIATION_TOKENS = 12
AFFILIATION_SEPARATORS = frozenset({",", "e", "/"})


def affiliations_in_brackets(toks: Toks, chosen: list[RuleSpan], patterns: EntityPatterns) -> list[RuleSpan]:
    """Names alone in brackets right after a person's name are the bodies the person belongs to
    (GUIDELINE.md §2): `Paola Sapienza (Assogestioni)`, `Reinfried Pohl (DVAG)`, `Angelo Bonelli
    (Verdi)`, `(PD, SEL)`, also where a name is the person's own surname (`Vincent Bolloré (Bolloré)`,
    the company). A place of the gazetteers keeps its label (an athlete's country), and so does another
    person's name (a nickname). A lone capitalised word there that no mention took is a body too
    (`Petr Kellner (PPF)`)."""
    by_start = {c.start: i for i, c in enumerate(chosen)}
    out = list(chosen)
    for c in chosen:
        if c.label != "PER" or c.end >= len(toks) or toks[c.end].text != "(":
            continue
        k, inside = c.end + 1, []
        while k < len(toks) and k - c.end <= MAX_AFFILIATION_TOKENS and toks[k].text != ")":
            if k in by_start:
                inside.append(by_start[k])
                k = chosen[by_start[k]].end
            elif toks[k].text in AFFILIATION_SEPARATORS or toks[k].is_space:
                k += 1
            else:
                break
        if not inside and _lone_name(toks, c.end + 1, patterns):
            out.append(RuleSpan(c.end + 1, c.end + 2, "ORG", PRIORITY.model))
        if k >= len(toks) or toks[k].text != ")" or not inside:
            continue
        surname = toks[c.end - 1].text
        for i in inside:
            m = chosen[i]
            text = span_text(toks, m.start, m.end)
            # a person's name in brackets is a nickname (`Modesto Pellino (Modestino)`) unless it is the
            # surname (a family's company) or an acronym
            person_ok = m.label != "PER" or text == surname or is_upper_word(toks[m.start])
            if m.label in ("PER", "LOC") and person_ok and text not in patterns.places:
                out[i] = replace(m, label="ORG")
    return sorted(out, key=lambda m: m.start) if len(out) > len(chosen) else out


def _lone_name(toks: Toks, k: int, patterns: EntityPatterns) -> bool:
    """Token k is one capitalised word or acronym alone before `)`, no place and no dictionary word (a
    roster's `(L)` or `(CAP)`): `(PPF)`."""
    return (
        k + 1 < len(toks)
        and toks[k + 1].text == ")"
        and toks[k].is_cap
        and toks[k].is_alpha
        and len(toks[k].text) >= 2
        and toks[k].text not in patterns.places
        and not is_dictionary_word(toks[k], patterns)
    )


# the kinds of gazetteer place that are towns
TOWN_KINDS = frozenset({"municipality", "city"})


def places_read_as_people(toks: Toks, chosen: list[RuleSpan], patterns: EntityPatterns) -> list[RuleSpan]:
    """A person's mention that is exactly the name of a town, country, region or area of the gazetteers
    is that place (`il sindaco di Priolo Gargallo`, `a Fossano`, `la Pro Loco di Sauris`, `in Burkina
    Faso`), unless it is one word that is a first name or a word of people's names in the training text
    (`Monti`, `Alfano`: `entity_person_words.txt`), or it is the surname of a person the document names
    in full (`Paola Pisano` ... `Pisano`). A place of two words or more is a place even when it opens with
    a first name (`residente a Sesto Fiorentino`, `Santa Maria del Cedro`, `El Obeid`): of the corpus's
    train, dev and reserve sentences, all 18 such mentions are places."""
    surnames = {toks[c.end - 1].text for c in chosen if c.label == "PER" and c.end - c.start > 1}
    out = list(chosen)
    for i, c in enumerate(chosen):
        if c.label != "PER":
            continue
        text = span_text(toks, c.start, c.end)
        words = text.split()
        if (
            text in patterns.places
            and text not in surnames
            and (
                len(words) > 1
                or not any(w in patterns.person_words or w in patterns.first_names for w in words)
            )
        ):
            out[i] = replace(c, label="LOC")
    return out


# a road's code: a motorway (`A14`), a state, provincial or regional road (`SS121`, `Sp 35`, `S.S. 36`)
ROAD_CODE_RE = re.compile(r"(?:A\d{1,2}|(?:SS|SP|SR|Ss|Sp|Sr)\d{1,3})")
ROAD_PREFIX_RE = re.compile(r"(?:SS|SP|SR|Ss|Sp|Sr|S\.S\.|S\.P\.|S\.R\.)")
ROAD_NUMBER_RE = re.compile(r"\d{1,3}(?:bis|dir)?")
# what a road's code comes after: a feminine article (`la`, `sulla`, `lungo la`) or a road's kind
ROAD_LEADS = frozenset(
    {"la", "sulla", "della", "alla", "dalla", "nella", "autostrada", "statale", "provinciale", "regionale"}
)


def road_codes(toks: Toks, chosen: list[RuleSpan]) -> list[RuleSpan]:
    """A road written by its code after a feminine article or its kind is a place (GUIDELINE.md §3:
    named facilities): `lungo la Sp 35`, `sulla SS121`, `l'autostrada A14`; not `un airbus A320`."""
    taken = {i for c in chosen for i in range(c.start, c.end)}
    extra = []
    for k, tok in enumerate(toks):
        if k == 0 or toks[k - 1].lower_ not in ROAD_LEADS:
            continue
        if ROAD_CODE_RE.fullmatch(tok.text):
            end = k + 1
        elif (
            ROAD_PREFIX_RE.fullmatch(tok.text)
            and k + 1 < len(toks)
            and ROAD_NUMBER_RE.fullmatch(toks[k + 1].text)
        ):
            end = k + 2
        else:
            continue
        if not any(i in taken for i in range(k, end)):
            extra.append(RuleSpan(k, end, "LOC", PRIORITY.model))
    return sorted(chosen + extra, key=lambda c: c.start) if extra else chosen


def is_facility(name: str, patterns: EntityPatterns) -> bool:
    """A place's name that is a road or a street (`Sp 4`, `A14`, `Via Roma`, `piazza Garibaldi`): where
    money is spent, never who gets or gives it."""
    first = next(iter(name.split()), "")
    return (
        ROAD_CODE_RE.fullmatch(first) is not None
        or ROAD_PREFIX_RE.fullmatch(first) is not None
        or first.title() in patterns.street_heads
    )


SCORE_RE = re.compile(r"\d{1,3}[-\u2013]\d{1,3}")
NUMBER_RE = re.compile(r"\d{1,3}")
DASHES = frozenset({"-", "\u2013"})


def _is_score_at(toks: Toks, k: int) -> bool:
    """A match's score starts at token k: `2-1`, `2\u20131`, `2 - 1`."""
    if SCORE_RE.fullmatch(toks[k].text):
        return True
    return (
        NUMBER_RE.fullmatch(toks[k].text) is not None
        and k + 2 < len(toks)
        and toks[k + 1].text in DASHES
        and NUMBER_RE.fullmatch(toks[k + 2].text) is not None
    )


def scores_off_names(toks: Toks, chosen: list[RuleSpan]) -> list[RuleSpan]:
    """A team's name ends before the score written after it (`la Slovacchia 1-0`, `il Cagliari 2-1`),
    which a name's number (`Cluster 6`) would otherwise take."""
    out = []
    for cand in chosen:
        end = cand.end
        while end - 1 > cand.start and _is_score_at(toks, end - 1):
            end -= 1
        if end < cand.end:
            while end > cand.start and toks[end - 1].is_space:
                end -= 1
            cand = replace(cand, end=end)
        out.append(cand)
    return out


# how many words of a mention's end may name the town a province's code follows (`Mercato San Severino`)
MAX_TOWN_WORDS = 4


def province_codes(toks: Toks, chosen: list[RuleSpan], patterns: EntityPatterns) -> list[RuleSpan]:
    """A province's code in brackets right after a mention that ends in a town is a place (GUIDELINE.md
    §3): `Nocera Inferiore (SA)`, `l'Ospedale di Casale Monferrato (AL)`, whatever the recognizer read there;
    after a person or a region it is a party (`Raffaella Paita (PD)`, `Liguria (FI)`)."""
    ends = {c.end: c for c in chosen}
    codes = []
    for k in range(1, len(toks) - 2):
        if toks[k].text != "(" or toks[k + 1].text not in patterns.province_codes or toks[k + 2].text != ")":
            continue
        before = ends.get(k)
        if before is not None and any(
            patterns.places.get(span_text(toks, j, k)) in TOWN_KINDS
            for j in range(max(before.start, k - MAX_TOWN_WORDS), k)
        ):
            codes.append(RuleSpan(k + 1, k + 2, "LOC", before.priority))
    if not codes:
        return chosen
    at = {c.start for c in codes}
    return sorted([c for c in chosen if c.start not in at] + codes, key=lambda c: c.start)
