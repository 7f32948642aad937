"""Language data of the entity rules, loaded once from pipeline/lang/it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from pipeline.lang import load_json, load_lines, load_table

_NAME_WORDS: dict[str, list[str]] = load_json("entity_name_words.json")


def index_phrases(phrases: Iterable[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Phrases (head words, nouns) in lower case by their first word, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(phrase.lower().split())
        index.setdefault(words[0], []).append(words)
    return {first: tuple(sorted(set(found), key=len, reverse=True)) for first, found in index.items()}


# connectors that may sit inside a name when a capitalised word follows them
NAME_CONNECTORS = frozenset(_NAME_WORDS["connectors"])
# words of running text that names seldom hold: a line in capitals with one of them is prose, not a list
# of names or a heading
PROSE_WORDS = frozenset(_NAME_WORDS["prose_words"])
# `Direttiva (UE) 2019/1024`, `Regolamento (CE) n. 1083/2006`: the body code inside an act's number
ACT_BODY_CODES = frozenset(_NAME_WORDS["act_body_codes"])
ACT_NUMBER_RE = re.compile(
    "^(?:" + "|".join(re.escape(a) for a in _NAME_WORDS["act_number_abbreviations"]) + r")\.?(?!\w)|^\d"
)
PERSON_PARTICLES = frozenset(_NAME_WORDS["person_particles"])
# lower-case adjectives that may follow a word inside an institution name
NAME_ADJECTIVES = frozenset(_NAME_WORDS["name_adjectives"])
# the lower-case adjectives that may follow an organisation's head word in its name (`Azienda sanitaria
# provinciale`, `Corte costituzionale`); a nationality opens none (`il Consiglio italiano`)
HEAD_ADJECTIVES = (NAME_ADJECTIVES | frozenset(_NAME_WORDS["head_adjectives"])) - {"italiano", "italiana"}
# words between a title and the name: "l'amministratore delegato Mario Rossi"
TITLE_MODIFIERS = frozenset(_NAME_WORDS["title_modifiers"])
# lower-case particles that may open a surname after a title: "l'onorevole von Wogau"
FOREIGN_PARTICLES = frozenset(_NAME_WORDS["foreign_particles"])
# the article before a head noun that names one body: "la Commissione", "dell'Unione"
DEFINITE_ARTICLES = frozenset(_NAME_WORDS["definite_articles"])
# heads of bodies that are not named after people: a first name after them starts a person's name
NO_PERSON_HEADS = frozenset(_NAME_WORDS["no_person_heads"])
# words that make the first name after them part of a place name: "San Marino", "Villa Ada"
PLACE_PREFIXES = frozenset(_NAME_WORDS["place_prefixes"])
# "e" joins two parts of one name only before an article with a preposition ("Ministero dell'Economia e
# delle Finanze") or a capitalised dictionary word
AND_WORDS = frozenset(_NAME_WORDS["and_words"])
# words a mention never ends on (`Consiglio nazionale delle ricerche e l'`, `province di Crotone e`), and
# articles that, right after a name word, open the phrase after it (`ministero dell'Università un piano`)
LOOSE_ENDS = frozenset(_NAME_WORDS["loose_ends"])
PHRASE_ARTICLES = frozenset(_NAME_WORDS["phrase_articles"])
# lower-case nouns of a kind of body that a name follows (`il quotidiano Haaretz`, `il clan Vastarella`),
# besides the descriptive and naming types of the funding name slots (`la banca`, `l'ospedale`)
BODY_KIND_NOUNS = frozenset(_NAME_WORDS["body_kind_nouns"])
# the words before a person's nickname in quotes (`detto «il Cobra»`, `per tutti «Totò»`)
# a known body's acronym that news may write with one capital (`title_case_acronyms`)
ACRONYM_FORM_RE = re.compile(r"[A-Z]{3,6}")
NICKNAME_CUES = tuple(tuple(cue.split()) for cue in _NAME_WORDS["nickname_cues"])
# a place that is the subject of these verbs acts (`Mosca ha convocato`, `Bruxelles chiede`), with an
# auxiliary and an adverb between them or not
ACTING_VERBS = frozenset(_NAME_WORDS["acting_verbs"])
ACTING_AUXILIARIES = frozenset(_NAME_WORDS["acting_auxiliaries"])
ACTING_ADVERBS = frozenset(_NAME_WORDS["acting_adverbs"])
# words of running text that no name holds in lower case: an indefinite article, a relative pronoun, an
# auxiliary or modal verb, a verb of giving, receiving or saying, `medesimo`, `stesso` (`Gruppo di lavoro
# che`, `Garante medesimo`, `Dipartimento della funzione pubblica dovranno`, `Città metropolitana spettano`)
CLAUSE_WORDS = frozenset(_NAME_WORDS["clause_words"])
# the words after which a street head in lower case opens a street's name (`in via Roma`, not `via PEC`)
STREET_LEADS = frozenset(_NAME_WORDS["street_leads"])
# heads of a body's part, named by its subjects (`Dipartimento di Fisica e Astronomia`): the part's name
# ends before the body it belongs to (`dell'Università di Bologna`)
UNIT_HEADS = frozenset(_NAME_WORDS["unit_heads"])
# generic bodies that every region, city or court district has: their seat after them is a place of its
# own (`Procura` di `Trani`, `Consiglio regionale` della `Lombardia`; GUIDELINE.md §2, §7)
SEAT_HEADS = frozenset(_NAME_WORDS["seat_heads"])
# words of companies' names that no person's name holds (`Greenbyte Energy`, `Officine Rampazzo`)
COMPANY_WORDS = frozenset(_NAME_WORDS["company_words"])
# lower-case nouns of a programme, call or project with its name after them (`il progetto QUASAR`), and
# the words that may stand between (`il progetto europeo HYDRA-MAR`)
# the articles and prepositions that a title in title case writes with a capital (`Il`, `Di`, `Per`)
TITLE_WORDS = frozenset(_NAME_WORDS["title_words"])
PROGRAMME_NOUNS = index_phrases(_NAME_WORDS["programme_nouns"])
PROGRAMME_NOUN_MODIFIERS = index_phrases(_NAME_WORDS["programme_noun_modifiers"])
ARTICLE_PREPOSITIONS = frozenset(_NAME_WORDS["article_prepositions"])
# a bare article joins a name only after one of the openers ("per le Smart Cities", "for the City")
BARE_ARTICLES = frozenset(_NAME_WORDS["bare_articles"])
ARTICLE_OPENERS = frozenset(_NAME_WORDS["article_openers"])
# heads that start a new name even in the middle of a capitalised run
STOP_HEADS = frozenset(_NAME_WORDS["stop_heads"])
# lower-case heads that belong to the name ("regione Lombardia"); others do not ("la società Alchemia")
LOWER_HEADS_IN_NAME = frozenset(_NAME_WORDS["lower_heads_in_name"])
# a word opening with an elided article ("L'Aquila", "dell'Unione") is not a name the model may propose
ELIDED_ARTICLE_RE = re.compile(
    "^(" + "|".join(map(re.escape, _NAME_WORDS["elided_articles"])) + ")['\u2019]", re.IGNORECASE
)
# words left out of the matching key besides the connectors and "and": "l'" ("L'Aquila" is "Aquila")
KEY_DROP_WORDS = frozenset(_NAME_WORDS["key_drop_words"])
# words besides the connectors that give no letter to an acronym: "Ricerca e Innovazione" is "RI"
ACRONYM_SKIP_WORDS = frozenset(_NAME_WORDS["acronym_skip_words"])
# `il presidente di AFIL`, `il direttore dell'ENEA`: what links an office to the body it belongs to
OFFICE_LINKS = frozenset(_NAME_WORDS["office_links"])
# place kinds of the gazetteer that are never a person's name after a title
NOT_SURNAME_PLACE_KINDS = frozenset({"region", "country", "continent", "area", "province"})
# place kinds that join an acronym before them into one name: "ANCE Lombardia", "DIH Lombardia"
REGION_KINDS = frozenset({"region", "country"})


@dataclass(frozen=True)
class LegalForms:
    """Company forms (`spa`, `S.r.l.`, `GmbH`), compared with dots and case removed."""

    forms: frozenset[str]
    # forms that are also words or codes: they count only written with dots or in upper case
    marked: frozenset[str]
    # forms left out of a name's matching key wherever they stand
    key_words: frozenset[str]
    # forms left out of a name's matching key at its end, in any dotted or spaced writing
    key_endings: tuple[str, ...]
    # every beginning of a form, itself included: a word that is none starts no legal form
    beginnings: frozenset[str]


def _legal_forms(rows: Iterable[tuple[str, ...]]) -> LegalForms:
    uses = {row[0]: row[1] if len(row) > 1 else "" for row in rows}
    return LegalForms(
        forms=frozenset(uses),
        marked=frozenset(f for f, use in uses.items() if use == "marked"),
        key_words=frozenset(f for f, use in uses.items() if use == "key"),
        key_endings=tuple(f for f, use in uses.items() if use in ("key", "key-end")),
        beginnings=frozenset(f[:n] for f in uses for n in range(len(f) + 1)),
    )


@cache
def load_legal_forms() -> LegalForms:
    """The company forms of `entity_company_suffixes.tsv`, read once."""
    return _legal_forms(load_table("entity_company_suffixes.tsv"))


@dataclass(frozen=True)
class EntityPatterns:
    """The language data the rules read, loaded once from pipeline/lang/it."""

    org_heads_by_first: dict[str, tuple[tuple[str, ...], ...]]
    bare_heads: frozenset[str]
    org_keywords: frozenset[str]
    org_end_keywords: frozenset[str]
    legal_forms: LegalForms
    person_titles: frozenset[str]
    acronym_stoplist: frozenset[str]
    programme_heads: frozenset[str]
    street_heads: frozenset[str]
    first_names: frozenset[str]
    # first names of people from outside Italy that are no word, place or Italian first name (`Morgan`)
    world_first_names: frozenset[str]
    # the codes of Italian provinces (`MI`, `SA`)
    province_codes: frozenset[str]
    common_words: frozenset[str]
    # lower-case words the training text never capitalises inside a sentence (`coinvolgimento`)
    lower_only: frozenset[str]
    # the words of people's names in the training text (`Monti`, `Alfano`)
    person_words: frozenset[str]
    english_words: frozenset[str]
    noun_endings: tuple[str, ...]
    verb_endings: tuple[str, ...]
    places: dict[str, str]
    programmes: tuple[str, ...]
    org_aliases: dict[str, str]
    # the known bodies' forms matched also where a dictionary word of the name differs in case: all
    # but the municipalities, whose place names are often words (`Comune di Bella`, `Comune di Nave`)
    caseless_org_forms: frozenset[str]
    # canonical name of a public body in the IPA registry -> its IPA code
    ipa_codes: dict[str, str]
    # (label, form) -> canonical name, for programmes and places (`PNRR`, `Italy`)
    other_aliases: dict[tuple[str, str], str]
    # page furniture that is never a name (`MORE`, `Leggi tutto`), lower case
    furniture_words: frozenset[str]


def _lines(name: str) -> list[str]:
    return list(load_lines(name))


def title_case_acronyms(aliases: dict[str, str], words: frozenset[str] | set[str]) -> dict[str, str]:
    """News writes a body's acronym with one capital (`l'Enac`, `dell'Abi`, `la Consob`): the title-case
    form of every known acronym of three to six letters, unless it is a word, a first name or a place
    in lower case (`Coni` is a plural of `cono`, `Olaf` a first name)."""
    out = {}
    for form, name in aliases.items():
        if ACRONYM_FORM_RE.fullmatch(form) and form.title().lower() not in words:
            out[form.title()] = name
    return out


def world_first_names(
    names: Iterable[str],
    italian: tuple[frozenset[str], frozenset[str]],
    english_words: frozenset[str],
    person_words: frozenset[str],
    places: Iterable[str],
) -> frozenset[str]:
    """The first names of people from outside Italy the rules read: none that is an Italian first name
    or word (`italian`: the first names and the lower-case words), a place or a place name's first word
    (`Val`, `San`), nor an English word unless the training text has it in a person's name (`Harry` and
    `Chase` stay, `Alfa` goes).

    >>> italian = (frozenset({"Marco"}), frozenset({"ben"}))
    >>> names = ["Marco", "Ben", "Chase", "Alfa", "Victoria", "Val", "Jairo"]
    >>> english, people = frozenset({"chase", "alfa"}), frozenset({"Chase"})
    >>> sorted(world_first_names(names, italian, english, people, ["Victoria"]))
    ['Chase', 'Jairo']
    """
    first_names, common_words = italian
    place_names = frozenset(places)
    return frozenset(
        n
        for n in names
        if n not in first_names
        and n.lower() not in common_words
        and n not in place_names
        and n not in PLACE_PREFIXES
        and (n.lower() not in english_words or n in person_words)
    )


def _places() -> dict[str, str]:
    """Place name -> kind: the gazetteer's, then the writers' foreign places it lacks."""
    places = dict(line.split("\t") for line in _lines("gazetteer_places.tsv"))
    for line in _lines("gazetteer_known_places.tsv"):
        name, kind = line.split("\t")
        places.setdefault(name, kind)
    return places


@cache
def load_patterns() -> EntityPatterns:
    """Read the packaged pattern and gazetteer files (once per process)."""
    heads = [line.split("\t") for line in _lines("entity_org_heads.tsv")]
    registry = [line.split("\t") for line in _lines("gazetteer_ipa.tsv")]
    # the project's own list of short forms wins over the registry's forms
    aliases = {form: name for form, name, _code, _kind in registry}
    own_rows = [line.split("\t") for line in _lines("gazetteer_orgs.tsv")]
    aliases.update(dict(own_rows))
    codes = {name: code for _form, name, code, _kind in registry}
    # the well-known bodies of the writers' lists (training/known_names.py) fill in after both
    known = [line.split("\t") for line in _lines("gazetteer_known_bodies.tsv")]
    for form, name in known:
        aliases.setdefault(form, name)
    own = [form for form, _ in own_rows] + [form for form, _ in known]
    caseless = frozenset([form for form, _name, _code, kind in registry if kind != "Comuni"] + own)
    first_names = frozenset(_lines("gazetteer_first_names.txt"))
    common_words = frozenset(_lines("gazetteer_common_words.txt"))
    english_words = frozenset(_lines("gazetteer_english_words.txt"))
    places = _places()
    words = common_words | english_words | {w.lower() for w in first_names} | {p.lower() for p in places}
    person_words = frozenset(_lines("entity_person_words.txt"))
    world_names = world_first_names(
        _lines("gazetteer_first_names_world.txt"),
        (first_names, common_words),
        english_words,
        person_words,
        places,
    )
    for form, name in title_case_acronyms(aliases, words).items():
        aliases.setdefault(form, name)
    return EntityPatterns(
        org_heads_by_first=index_phrases(h for h, _ in heads),
        bare_heads=frozenset(h for h, bare in heads if bare == "1"),
        org_keywords=frozenset(_lines("entity_org_keywords.txt")),
        org_end_keywords=frozenset(_lines("entity_org_end_keywords.txt")),
        legal_forms=load_legal_forms(),
        person_titles=frozenset(_lines("entity_person_titles.txt")),
        acronym_stoplist=frozenset(_lines("entity_acronym_stoplist.txt")),
        programme_heads=frozenset(_lines("entity_programme_heads.txt")),
        street_heads=frozenset(_lines("entity_street_heads.txt")),
        first_names=first_names,
        world_first_names=world_names,
        province_codes=frozenset(_lines("gazetteer_province_codes.txt")),
        common_words=common_words,
        lower_only=frozenset(_lines("entity_lower_only.txt")),
        person_words=person_words,
        english_words=english_words,
        noun_endings=tuple(_lines("entity_noun_endings.txt")),
        verb_endings=tuple(_lines("entity_verb_endings.txt")),
        places=places,
        programmes=tuple(_lines("entity_programmes.txt") + _lines("gazetteer_known_programmes.txt")),
        org_aliases=aliases,
        caseless_org_forms=caseless,
        ipa_codes=codes,
        furniture_words=frozenset(w.lower() for w in _lines("entity_furniture.txt")),
        other_aliases={
            (lab, form): name
            for lab, form, name in (ln.split("\t") for ln in _lines("gazetteer_aliases.tsv"))
        },
    )


def make_phrase_matchers(vocab: Vocab, patterns: EntityPatterns) -> dict[str, PhraseMatcher]:
    """Phrase matchers for places (case-insensitive), programmes and known organisations (as written)."""
    from spacy.lang.it import Italian

    tokenizer = Italian(vocab=vocab).tokenizer
    assert isinstance(tokenizer, Tokenizer)
    places = PhraseMatcher(vocab, attr="LOWER")
    places.add("LOC", list(tokenizer.pipe(sorted(patterns.places))))
    programmes = PhraseMatcher(vocab, attr="ORTH")
    forms = sorted({f for p in patterns.programmes for f in (p, p.upper())})
    programmes.add("PROGRAMME", list(tokenizer.pipe(forms)))
    orgs = PhraseMatcher(vocab, attr="ORTH")
    org_forms = sorted({f for a in patterns.org_aliases for f in (a, a.upper())})
    org_docs = dict(zip(org_forms, tokenizer.pipe(org_forms), strict=True))
    orgs.add("ORG", list(org_docs.values()))
    # known bodies of two words or more, matched in any case and checked by `known_org_spans`
    # (every caseless form is a known body's form, tokenized above)
    caseless = PhraseMatcher(vocab, attr="LOWER")
    for form in sorted(patterns.caseless_org_forms):
        words = org_docs[form]
        if len(words) > 1 and form[:1].isupper() and not form.isupper():
            caseless.add(form, [words])
    return {"LOC": places, "PROGRAMME": programmes, "ORG": orgs, "ORG_CASELESS": caseless}


def known_org_spans(doc: Doc, matchers: dict[str, PhraseMatcher]) -> Iterator[tuple[int, int]]:
    """Token spans of known bodies: as written or in upper case, and also where a later word of the
    name that is a dictionary word differs in case (`Consiglio superiore della magistratura` for the
    registry's `Consiglio Superiore della Magistratura`; not `Comune di bella` for `Comune di Bella`)."""
    found = {(start, end) for _, start, end in matchers["ORG"](doc)}
    yield from sorted(found)
    for match_id, start, end in matchers["ORG_CASELESS"](doc):
        if (start, end) not in found and _fits_case(
            doc[start:end], doc.vocab.strings[match_id], _case_free()
        ):
            found.add((start, end))
            yield start, end


@cache
def _case_free() -> frozenset[str]:
    """The lower-case words a known body's name may write in either case: dictionary words and
    connectors that are no place and no first name (`superiore`, `della`; not `bella`, `Bella`)."""
    patterns = load_patterns()
    names = {p.lower() for p in patterns.places} | {n.lower() for n in patterns.first_names}
    return (patterns.common_words | patterns.english_words | NAME_CONNECTORS) - names


def _fits_case(span: Span, form: str, case_free: frozenset[str]) -> bool:
    """Whether `span` writes `form` (equal in lower case) with the same first word and case changes
    only on the words of `case_free`."""
    letters = "".join(form.split())
    at = 0
    for i, token in enumerate(span):
        part = letters[at : at + len(token.text)]
        at += len(token.text)
        if token.text == part:
            continue
        if i == 0 or part.lower() not in case_free:
            return False
    return True
