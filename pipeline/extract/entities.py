"""Entity mentions of a processed document, each tied to one canonical entity.

Canonicalisation works inside a document (case variants, acronyms defined in brackets, a bare
`Regione` standing for the one Regione named in the text, a surname after the full name) and across
documents (the id is a slug of the canonical name, and well-known short forms map to one name).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Literal, cast

from spacy.tokens import Doc

from pipeline.extract.entity_patterns import (
    ACRONYM_SKIP_WORDS,
    AND_WORDS,
    KEY_DROP_WORDS,
    NAME_CONNECTORS,
    load_legal_forms,
    load_patterns,
)
from pipeline.extract.entity_spans import is_full_person_name
from pipeline.extract.nlp import BARE_HEAD_KB_ID, SPAN_KEY

Label = Literal["PER", "ORG", "LOC", "PROGRAMME"]
LABELS: frozenset[str] = frozenset({"PER", "ORG", "LOC", "PROGRAMME"})
# words left out of the matching key: "POLITECNICO MILANO 1863" is "Politecnico di Milano"
KEY_DROP = NAME_CONNECTORS | AND_WORDS | KEY_DROP_WORDS | load_legal_forms().key_words
MIN_BARE_SHARE = 0.5
# a legal form at the end of a name, in any dotted or spaced writing: "Bracco S.p.A.", "Alfa s. r. l."
LEGAL_FORM_RE = re.compile(
    r"\s+(" + "|".join(r"\.?\s?".join(form) for form in load_legal_forms().key_endings) + r")\.?$"
)
NOT_SLUG_RE = re.compile(r"[^a-z0-9]+")
# `Universita'` is `Università`
VOWEL_APOSTROPHE_RE = re.compile(r"(?<=[aeiou])'(?!\w)")
KEY_WORD_RE = re.compile(r"[\w']+|&")
KEY_YEAR_RE = re.compile(r"1[89]\d\d|20\d\d")
WORD_RE = re.compile(r"[\w]+")


@dataclass(frozen=True)
class EntityMatch:
    """One entity mention: character offsets into doc.text and its canonical entity."""

    start: int
    end: int
    label: Label
    canonical_id: str
    canonical_name: str
    ipa_code: str | None = None


def _fold(text: str) -> str:
    if text.isascii():
        # nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def slugify(name: str) -> str:
    """Lower-case ASCII slug of a name.

    >>> slugify("Università di Milano-Bicocca")
    'universita-di-milano-bicocca'
    >>> slugify("Banca d'Italia")
    'banca-d-italia'
    """
    return NOT_SLUG_RE.sub("-", _fold(name)).strip("-")


def match_key(surface: str) -> str:
    """Key under which case and spelling variants of one name meet.

    >>> match_key("POLITECNICO MILANO 1863") == match_key("Politecnico di Milano")
    True
    >>> match_key("Bracco spa")
    'bracco'
    """
    folded = LEGAL_FORM_RE.sub("", _fold(surface.replace("\u2019", "'")))
    if "'" in folded:
        folded = VOWEL_APOSTROPHE_RE.sub("", folded)
    words = KEY_WORD_RE.findall(folded)
    kept = [w for w in words if w not in KEY_DROP and not KEY_YEAR_RE.fullmatch(w)]
    return " ".join(kept) or " ".join(words)


def normalize_name(surface: str) -> str:
    """A display name for a surface: whitespace collapsed, upper-case names in title case.

    >>> normalize_name("POLITECNICO DI\\nMILANO")
    'Politecnico di Milano'
    >>> normalize_name("Regione  Lombardia")
    'Regione Lombardia'
    """
    name = " ".join(surface.split())
    if " " not in name:
        return name
    letters = [c for c in name if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 6:
        words = []
        for i, word in enumerate(name.split(" ")):
            low = word.lower()
            words.append(low if i and low in NAME_CONNECTORS else word.capitalize())
        name = " ".join(words)
    return name


def _acronym_of(name: str) -> str:
    words = [
        w
        for w in WORD_RE.findall(name)
        if w.lower() not in NAME_CONNECTORS and w.lower() not in ACRONYM_SKIP_WORDS
    ]
    return "".join(w[0] for w in words).upper()


def _best_surface(surfaces: list[str]) -> str:
    """The most frequent surface, preferring mixed case over upper case, then the longest."""
    counts = Counter(normalize_name(s) for s in surfaces)
    return max(counts, key=lambda s: (not s.isupper(), counts[s], len(s)))


@cache
def _alias_keys() -> dict[str, dict[str, str]]:
    """Per label, the matching key of each known form -> its canonical name."""
    patterns = load_patterns()
    out: dict[str, dict[str, str]] = {"ORG": {}, "PROGRAMME": {}, "LOC": {}, "PER": {}}
    out["ORG"] = {match_key(alias): name for alias, name in patterns.org_aliases.items()}
    for (label, form), name in patterns.other_aliases.items():
        out[label][match_key(form)] = name
    return out


@cache
def _known_names() -> dict[str, frozenset[str]]:
    """Per label, the canonical names of the known forms."""
    return {label: frozenset(a.values()) for label, a in _alias_keys().items()}


def _ipa_code(label: str, name: str) -> str | None:
    return load_patterns().ipa_codes.get(name) if label == "ORG" else None


@dataclass(frozen=True, slots=True)
class _Mention:
    """What the canonicalisation reads of one span of doc.spans["entities"], read once."""

    label: str
    start: int
    end: int
    start_char: int
    end_char: int
    text: str
    bare_head: bool


def _mentions(doc: Doc) -> list[_Mention]:
    return [
        _Mention(s.label_, s.start, s.end, s.start_char, s.end_char, s.text, s.kb_id_ == BARE_HEAD_KB_ID)
        for s in doc.spans.get(SPAN_KEY, [])
        if s.label_ in LABELS
    ]


def find_entities(doc: Doc) -> list[EntityMatch]:
    """Entity mentions of a document processed by build_nlp(), with canonical ids and names.

    Args:
        doc: a Doc that went through the pipeline of `pipeline.extract.nlp.build_nlp`.

    Returns:
        The mentions in text order, outermost names only.
    """
    mentions = _mentions(doc)
    named = [m for m in mentions if not m.bare_head]
    names = _canonical_names(doc, named, _alias_keys())
    matches = [
        EntityMatch(
            m.start_char,
            m.end_char,
            cast(Label, m.label),
            f"{m.label}:{slugify(n)}",
            n,
            _ipa_code(m.label, n),
        )
        for m in named
        if (n := names[(m.label, m.start)])
    ]
    matches.extend(_resolve_bare_heads(mentions, matches))
    return sorted(matches, key=lambda m: m.start)


def _canonical_names(
    doc: Doc, mentions: list[_Mention], aliases: dict[str, dict[str, str]]
) -> dict[tuple[str, int], str]:
    groups: dict[tuple[str, str], list[_Mention]] = defaultdict(list)
    for mention in mentions:
        key = match_key(mention.text)
        groups[(mention.label, aliases[mention.label].get(key, key))].append(mention)
    group_name: dict[tuple[str, str], str] = {}
    known = _known_names()
    for (label, key), members in groups.items():
        group_name[(label, key)] = key if key in known[label] else _best_surface([m.text for m in members])
    _link_acronyms(doc, groups, group_name)
    _link_surnames(groups, group_name)
    return {(m.label, m.start): group_name[gk] for gk, members in groups.items() for m in members}


def _link_acronyms(
    doc: Doc, groups: dict[tuple[str, str], list[_Mention]], group_name: dict[tuple[str, str], str]
) -> None:
    """`Fondazione Regionale per la Ricerca Biomedica (FRRB)`: FRRB names the same body."""
    by_acronym: dict[str, str] = {}
    for (label, key), members in groups.items():
        if label != "ORG":
            continue
        name = group_name[(label, key)]
        for mention in members:
            end = mention.end
            if (
                end + 3 <= len(doc)
                and doc[end].text == "("
                and doc[end + 2].text == ")"
                and doc[end + 1].text.isupper()
            ):
                by_acronym[doc[end + 1].text] = name
        if len(name.split()) >= 2:
            by_acronym.setdefault(_acronym_of(name), name)
    for (label, key), members in groups.items():
        text = members[0].text
        if label == "ORG" and text.isupper() and " " not in text and text in by_acronym:
            group_name[(label, key)] = by_acronym[text]


def _link_surnames(
    groups: dict[tuple[str, str], list[_Mention]], group_name: dict[tuple[str, str], str]
) -> None:
    patterns = load_patterns()
    full = [
        gn for gk, gn in group_name.items() if gk[0] == "PER" and is_full_person_name(gn.split(), patterns)
    ]
    for gk in groups:
        name = group_name[gk]
        if gk[0] == "PER" and " " not in name:
            owners = {f for f in full if f.split()[-1] == name}
            if len(owners) == 1:
                group_name[gk] = owners.pop()


def _resolve_bare_heads(mentions: list[_Mention], matches: list[EntityMatch]) -> list[EntityMatch]:
    """A bare `Regione` stands for the Regione the document names, when one name dominates."""
    orgs = [(m.canonical_id, m.canonical_name, m.canonical_name.lower()) for m in matches if m.label == "ORG"]
    bodies: dict[str, tuple[str, str] | None] = {}
    out = []
    for mention in mentions:
        if not mention.bare_head:
            continue
        head = " ".join(mention.text.lower().split()) + " "
        if head not in bodies:
            bodies[head] = _dominant_body(orgs, head)
        body = bodies[head]
        if body is not None:
            cid, name = body
            out.append(
                EntityMatch(mention.start_char, mention.end_char, "ORG", cid, name, _ipa_code("ORG", name))
            )
    return out


def _dominant_body(orgs: list[tuple[str, str, str]], head: str) -> tuple[str, str] | None:
    """(id, name) of the body named most often among those whose name opens with `head`, when it
    has more than MIN_BARE_SHARE of their mentions; `orgs` holds (id, name, lower-case name)."""
    full = Counter((cid, name) for cid, name, lower in orgs if lower.startswith(head))
    if not full:
        return None
    body, top = full.most_common(1)[0]
    return body if top / sum(full.values()) > MIN_BARE_SHARE else None
