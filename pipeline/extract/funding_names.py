"""The names a funding fact gives its funder and recipients (`tests/gold/FUNDING.md` §3).

- A body is named as the document names it, in the fullest form the document gives it: the longest
  surface of the mentions the entity stage links to one canonical entity ('Università di Verona' stays
  so, though the registry calls it 'Università degli Studi di Verona').
- A mention that is only a head word ('il Ministero', 'la Regione') stands for the one body with that head
  the document names in full.
- A body's organ stands for the body: 'la Giunta comunale di Novara' is the Comune di Novara, 'il
  consiglio di amministrazione della Fondazione X' the Fondazione X, 'la giunta regionale della Campania'
  the Regione Campania, a bare 'la giunta' the one municipality, region, province or metropolitan city
  the document names.

Organ words, the adjectives that name their body and the link words are in
`lang/it/funding_cues.json` ('organs', 'organ_bodies'); pure, over the document text and its entities.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.extract.funding_roles import CUES, DI_FORMS, Named, cue_pattern, fold

_LINK = r"\s+" + DI_FORMS + r"\s*"
_ADJ = "|".join(CUES["organ_bodies"])
# an organ ('la giunta', 'il consiglio di amministrazione'), or a council only with the adjective of its
# body ('il consiglio comunale': 'il Consiglio di Stato' is no organ)
_ORGAN_RE = re.compile(
    "(?:"
    + cue_pattern(CUES["organs"])
    + r"(?:\s+(?P<adj>"
    + _ADJ
    + r"))?|"
    + cue_pattern(CUES["organs_with_adjective"])
    + r"\s+(?P<adj2>"
    + _ADJ
    + r"))(?![^\W\d_])",
    re.IGNORECASE,
)
_LINK_RE = re.compile(_LINK, re.IGNORECASE)
_ENDS_WITH_LINK_RE = re.compile(r"\s" + DI_FORMS + r"\s*$", re.IGNORECASE)
_HEADS = frozenset(fold(h) for h in CUES["heads"])
# the bodies that have a giunta, by the first words of their names ('comune ', 'regione ')
_PUBLIC_BODIES = tuple(
    sorted({fold(t.split("{")[0].split(" di ")[0]).strip() + " " for t in CUES["organ_bodies"].values()})
)
# the adjective of a region after 'regionale' ('la Giunta regionale toscana') and the region it names
_REGION_ADJECTIVES: dict[str, str] = CUES["region_adjectives"]
_REGION_ADJ_RE = re.compile(
    r"\s+(?P<adj>" + "|".join(map(re.escape, _REGION_ADJECTIVES)) + r")(?![\w-])", re.IGNORECASE
)
# a place written after an organ and its adjective when the entity stage took none: 'di Novara'
_PLACE_RE = re.compile(r"(?:[A-ZÀ-Ý][\w'\u2019-]+)(?:\s+[A-ZÀ-Ý][\w'\u2019-]+){0,2}")


# a minister named by the ministry's domain: 'Ministro della Salute', 'ministro dell'Ambiente e della
# Sicurezza Energetica', 'Ministra delle Imprese e del Made in Italy' (not 'il ministro per la Pubblica
# amministrazione', a minister without a ministry)
_DOMAIN_LINK = r"(?:del|della|dello|dei|degli|delle|dell['\u2019])\s*"
_DOMAIN_WORD = r"[A-ZÀ-Ý][\w\u2019'-]*"
_MINISTER_RE = re.compile(
    r"\b[Mm]inistr[oa]\s+(?P<domain>"
    + _DOMAIN_LINK
    + _DOMAIN_WORD
    + r"(?:\s+(?:(?:e\s+)?"
    + _DOMAIN_LINK
    + r"|in\s+)?"
    + _DOMAIN_WORD
    + r")*)"
)


def _surface(text: str, e: Named) -> str:
    return " ".join(text[e.start : e.end].replace("**", "").split()).strip(" ,.;:")


def _fullest(text: str, entities: Sequence[Named]) -> list[Named]:
    """Each mention named by the longest surface of the mentions of its canonical entity."""
    longest: dict[tuple[str, str | None], str] = {}
    for e in entities:
        if e.id is None:
            continue
        surface = _surface(text, e)
        key = (e.label, e.id)
        if len(surface) > len(longest.get(key, "")):
            longest[key] = surface
    return [
        Named(e.start, e.end, e.label, longest.get((e.label, e.id)) or e.name, e.id)
        if e.id is not None
        else e
        for e in entities
    ]


def _head_only(entities: Sequence[Named]) -> list[Named]:
    """A mention that is only a head word ('Ministero') named as the one fuller body with that head."""
    fuller: dict[str, set[tuple[str, str | None]]] = {}
    for e in entities:
        if e.label == "ORG" and fold(e.name) not in _HEADS:
            first = fold(e.name).split()[0]
            if first in _HEADS:
                fuller.setdefault(first, set()).add((e.name, e.id))
    out = []
    for e in entities:
        owners = fuller.get(fold(e.name), set()) if e.label == "ORG" else set()
        if len(owners) == 1:
            name, ident = next(iter(owners))
            out.append(Named(e.start, e.end, e.label, name, ident))
        else:
            out.append(e)
    return out


def _joined_names(text: str, entities: Sequence[Named]) -> list[Named]:
    """An organisation's name the entity stage cut in two: the organisation and the name right after it
    joined by a link word ('Compagnia' 'di San Paolo', 'Fondazione Comunitaria' 'della Provincia di
    Lodi', 'Università dell'' 'Illinois') or by a space before a person's name the stage took for one
    ('EIT' 'Health', 'Istituto di ricerche farmacologiche' 'Mario Negri')."""
    ordered = sorted(entities, key=lambda e: e.start)
    out: list[Named] = []
    for e in ordered:
        prev = out[-1] if out else None
        if prev is not None and prev.label == "ORG" and _continues(text, prev, e):
            name = _surface(text, Named(prev.start, e.end, "ORG", "", None))
            out[-1] = Named(prev.start, e.end, "ORG", name, prev.id)
        else:
            out.append(e)
    return out


def _continues(text: str, org: Named, e: Named) -> bool:
    between = text[org.end : e.start]
    if e.label not in ("ORG", "LOC", "PER") or not text[e.start : e.start + 1].isupper():
        return False
    if _ORGAN_RE.match(text, org.start, org.end):
        return False  # 'la Giunta comunale di Novara': an organ and its place, read by organ_bodies
    if _LINK_RE.fullmatch(between) and not _LINK_RE.search(text, org.start, org.end):
        # 'Compagnia di San Paolo'; not a proper name and the body it belongs to ('X dell'Università Y')
        return not _belongs(text, org, e)
    if between == " " and _ENDS_WITH_LINK_RE.search(text, org.start, org.end):
        return True  # 'Università dell' Illinois'
    return between == " " and e.label == "PER"


def is_organ(text: str, start: int, end: int) -> bool:
    """True when text[start:end] opens with a body's organ ('Giunta comunale', 'consiglio di
    amministrazione')."""
    return _ORGAN_RE.match(text, start, end) is not None


def _belongs(text: str, org: Named, e: Named) -> bool:
    """True when `e` opens with a head word ('Università') and `org` is capitalised words with none: a
    proper name and the body it belongs to, not one name."""
    words = text[org.start : org.end].split()
    head = fold(text[e.start : e.end]).split()[0] if text[e.start : e.end].split() else ""
    return head in _HEADS and all(w[:1].isupper() and fold(w) not in _HEADS for w in words)


def display_names(text: str, entities: Sequence[Named]) -> list[Named]:
    """The entities with the names a funding fact gives them; organs replaced by their bodies."""
    return organ_bodies(text, _head_only(_fullest(text, _joined_names(text, entities))))


def _body_of(text: str, organ: re.Match[str], entities: Sequence[Named]) -> Named | None:
    """The body an organ belongs to: the organisation after its link word, or the body its adjective
    names for the place after it ('regionale della Campania' -> 'Regione Campania')."""
    link = _LINK_RE.match(text, organ.end())
    after = link.end() if link else None
    if after is not None:
        for e in entities:
            if e.label == "ORG" and e.start == after:
                adj = organ.group("adj") or organ.group("adj2")
                if adj is not None and fold(e.name).split()[0] not in _HEADS:
                    # a place the entity stage took for an organisation: 'la Giunta comunale di Livorno'
                    return Named(
                        organ.start(), e.end, "ORG", CUES["organ_bodies"][adj.lower()].format(e.name), None
                    )
                return Named(organ.start(), e.end, "ORG", e.name, e.id)
            if e.label == "ORG" and e.start <= organ.start() and e.end > after and text[after].isupper():
                # the entity stage took the organ and its body as one name
                return Named(
                    organ.start(), e.end, "ORG", _surface(text, Named(after, e.end, "", "", None)), None
                )
    adj = organ.group("adj") or organ.group("adj2")
    if adj is None:
        return _one_public_body(organ, entities) if after is None else None
    template = CUES["organ_bodies"][adj.lower()]
    head = fold(template.split()[0])
    region = _REGION_ADJ_RE.match(text, organ.end()) if after is None and adj.lower() == "regionale" else None
    if region is not None:
        # 'la Giunta regionale toscana': the region its adjective names
        where = _REGION_ADJECTIVES[region.group("adj").lower()]
        for e in entities:
            if e.label == "ORG" and fold(e.name).startswith(head + " ") and fold(where) in fold(e.name):
                return Named(organ.start(), region.end(), "ORG", e.name, e.id)
        return Named(organ.start(), region.end(), "ORG", template.format(where), None)
    if after is None:
        bodies = {
            (e.name, e.id) for e in entities if e.label == "ORG" and fold(e.name).startswith(head + " ")
        }
        if len(bodies) != 1:
            return None
        name, ident = next(iter(bodies))
        return Named(organ.start(), organ.end(), "ORG", name, ident)
    place = next((e for e in entities if e.start == after and e.label in ("LOC", "PER")), None)
    place_end = place.end if place is not None else None
    if place_end is None:
        m = _PLACE_RE.match(text, after)
        if m is None:
            return None
        place_end = m.end()
    where = _surface(text, Named(after, place_end, "LOC", "", None))
    for e in entities:
        if e.label == "ORG" and fold(e.name).startswith(head + " ") and fold(where) in fold(e.name):
            return Named(organ.start(), place_end, "ORG", e.name, e.id)
    return Named(organ.start(), place_end, "ORG", template.format(where), None)


def _one_public_body(organ: re.Match[str], entities: Sequence[Named]) -> Named | None:
    """The body a bare 'la giunta' belongs to: the one municipality, region, province or metropolitan
    city the document names ('Il Comune di Como ... la giunta ha stanziato'), None when it names none
    or several."""
    if fold(organ.group(0)) != "giunta":
        return None
    bodies = {
        (e.name, e.id) for e in entities if e.label == "ORG" and fold(e.name).startswith(_PUBLIC_BODIES)
    }
    if len(bodies) != 1:
        return None
    name, ident = next(iter(bodies))
    return Named(organ.start(), organ.end(), "ORG", name, ident)


def organ_bodies(text: str, entities: Sequence[Named]) -> list[Named]:
    """The entities with every organ phrase ('la Giunta comunale di Novara') replaced by its body, and a
    minister named by the ministry's domain standing for the ministry ('il Ministro della Salute ha
    firmato il decreto' -> 'Ministero della Salute')."""
    out = list(entities)
    for m in _ORGAN_RE.finditer(text):
        body = _body_of(text, m, out)
        if body is None:
            continue
        out = [e for e in out if e.end <= body.start or e.start >= body.end]
        out.append(body)
    for m in _MINISTER_RE.finditer(text):
        # the domain ends where a person's name starts: 'il ministro della Salute Orazio Schillaci'
        end = min(
            [e.start for e in out if e.label != "ORG" and m.start("domain") < e.start < m.end()],
            default=m.end(),
        )
        domain = _MINISTER_RE.fullmatch(text, m.start(), len(text[:end].rstrip()))
        if domain is None:
            continue
        name = "Ministero " + " ".join(domain.group("domain").split())
        ministry = Named(m.start(), domain.end(), "ORG", name, None)
        out = [e for e in out if e.end <= ministry.start or e.start >= ministry.end] + [ministry]
    return sorted(out, key=lambda e: e.start)
