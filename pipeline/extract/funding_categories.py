"""A category of recipients and its extent (`tests/gold/FUNDING.md` §3).

A category is a plural noun of `lang/it/funding_recipients.json` ('categories') with the words that say
which ones, as the text writes them: the adjectives before it ('micro e piccole imprese'), up to three
words after it ('imprese artigiane', 'studenti fuori sede') and the complements opened by 'di', 'del',
'della'... ('comuni della provincia di Cuneo', 'consorzi di bonifica'). A word joined by 'e' belongs to
it when it is no article, preposition or listed category ('studenti capaci e meritevoli', 'poli di ricerca
e innovazione'), and so does a complement joined by 'e' ('delle medie e delle superiori') and names
listed with commas ('atenei di Firenze, Pisa e Siena'). Left out: articles and numbers
('i sei Comuni'), relative clauses and participles ('esercizi commerciali penalizzati dai cantieri'),
phrases with any other preposition ('comuni con meno di 5.000 abitanti'). The head and its adjectives
are written in lower case, names in a complement as the text has them.
"""

from __future__ import annotations

import re

from pipeline.extract.entity_patterns import TITLE_WORDS
from pipeline.extract.funding_roles import ARTICLE, cue_pattern
from pipeline.lang import load_json

RECIPIENTS = load_json("funding_recipients.json")
CATEGORY_MAX_WORDS = 3
# at most this many complements ('della provincia', 'di Cuneo'), each of at most this many words
MAX_COMPLEMENTS = 4
COMPLEMENT_MAX_WORDS = 3
_NUMBER = r"(?:\d{1,3}(?:\.\d{3})+|\d+|[a-zà-ù]+)"
# a count or an adjective before the category ('le 8 università', 'le nuove imprese'), tried last so that a
# category of two words ('pubbliche amministrazioni') is read whole
_COUNT = r"(?:" + _NUMBER + r"\s+)??"
_PREMODIFIER = cue_pattern(RECIPIENTS["category_premodifiers"])
_PREMODIFIERS = r"(?:(?P<pre>" + _PREMODIFIER + r"(?:\s*(?:,|e|ed)\s*" + _PREMODIFIER + r")*)\s+)?"
CATEGORY_RE = re.compile(
    r"\s*" + ARTICLE + _COUNT + _PREMODIFIERS + "(?P<cat>" + cue_pattern(RECIPIENTS["categories"]) + ")",
    re.IGNORECASE,
)
# a category ends at a preposition, an article or a verb: 'per le scuole medie va da 111 a 286 euro'
CATEGORY_STOP = frozenset(
    [
        *RECIPIENTS["category_stop"],
        *RECIPIENTS["category_verbs"],
        *(cue.split()[0] for cue in RECIPIENTS["recipient_subject"]),
    ]
)
_WORD_RE = re.compile(r"\s+(?P<w>[a-zà-ù][\w-]*)(?![\w'\u2019])")
# the first word of every listed category: a word joined by 'e' that opens one is no adjective
_HEADS = frozenset(c.split()[0] for c in RECIPIENTS["categories"])
_PLURALS = RECIPIENTS["plural_categories"]
_THINGS = frozenset(_PLURALS["things"])
# a past participle opens a clause of its own ('penalizzati dai cantieri', 'risultati idonei', 'colpite
# dalla siccità', 'costituite da meno di un anno', 'nate nel 2024'): the regular ones of the three
# conjugations and the irregular ones of the list; the nouns and adjectives with these endings
# ('privati', 'ambiti', 'istituti') are listed apart
_PARTICIPLE_RE = re.compile(
    r"[a-zà-ù]{3,}[aiu]t[oaie]|" + "|".join(map(re.escape, RECIPIENTS["category_participles"]))
)
_PARTICIPLE_NOUNS = frozenset(RECIPIENTS["category_participle_nouns"])
_LINK_RE = re.compile(
    r"\s+(?P<link>" + cue_pattern(RECIPIENTS["category_links"]) + r")\s*"
    r"(?P<article>(?:(?:il|lo|la|i|gli|le)\s+|l['\u2019]\s*)?)",
    re.IGNORECASE,
)
# one word of a complement: a lower-case word that is no stop word, or a name ('Cuneo', 'San Paolo')
_COMPLEMENT_WORD_RE = re.compile(r"(?P<w>[^\W\d_][\w'\u2019-]*)(?![\w'\u2019])")
_NEXT_WORD_RE = re.compile(r" (?P<w>[^\W\d_][\w'\u2019-]*)(?![\w'\u2019])")
_NAME_AND_RE = re.compile(r"(?P<sep>\s+(?:e|ed)\s+|,\s*)(?=[A-ZÀ-Ý])")
_AND_RE = re.compile(r"\s+(?:e|ed)\s")
_AND_WORD_RE = re.compile(r"\s+(?P<and>e|ed)\s+(?P<w>[a-zà-ù][\w-]*)(?![\w'\u2019])")


def _is_participle(word: str) -> bool:
    return _PARTICIPLE_RE.fullmatch(word) is not None and word not in _PARTICIPLE_NOUNS


# a word right after a plural category that ends like no plural adjective is a verb: 'ai tirocinanti
# spetterà', 'le imprese ottengono', 'i comuni ricevono'
_VERB_ENDINGS = ("ano", "ono", "à", "ò")


def _modifier(word: str) -> bool:
    """Whether a lower-case word may say which ones: no stop word, verb or participle."""
    return not (word in CATEGORY_STOP or _is_participle(word))


def _coordinated(text: str, at: int, hi: int) -> tuple[str, int] | None:
    """'e' or 'ed' and a word that says which ones, right at `at` ('capaci e meritevoli', 'di ricerca
    e innovazione'); not a category of its own ('università ed enti di ricerca')."""
    m = _AND_WORD_RE.match(text, at, hi)
    if m is None:
        return None
    word = m.group("w")
    if not _modifier(word) or word in _HEADS or word in _THINGS or word in TITLE_WORDS:
        return None
    return m.group("and") + " " + m.group("w"), m.end()


def _modifiers(text: str, at: int, hi: int) -> tuple[list[str], int]:
    """The adjectives right after a category, with one joined by 'e' ('studenti capaci e meritevoli')."""
    words: list[str] = []
    while len(words) < CATEGORY_MAX_WORDS:
        w = _WORD_RE.match(text, at, hi)
        if w is None or not _modifier(w.group("w").lower()) or w.group("w").endswith(_VERB_ENDINGS):
            break
        words.append(w.group("w").lower())
        at = w.end()
    joined = _coordinated(text, at, hi) if words else None
    if joined is not None:
        words.append(joined[0])
        at = joined[1]
    return words, at


def _complement(text: str, at: int, hi: int) -> tuple[str, int] | None:
    """A complement right at `at` that says which ones: 'della provincia', 'di Cuneo e Sassari'."""
    link = _LINK_RE.match(text, at, hi)
    if link is None:
        return None
    pos = link.end()
    words: list[str] = []
    # (words, end) after each word read: a separator left at the end is dropped with what follows it
    kept = (0, pos)
    count = 0
    while count < COMPLEMENT_MAX_WORDS:
        after_and = not words or words[-1] in ("e", "ed", ",")
        w = (_COMPLEMENT_WORD_RE if after_and else _NEXT_WORD_RE).match(text, pos, hi)
        if w is None:
            break
        word = w.group("w")
        name = word[0].isupper()
        if not name and (word.lower() in CATEGORY_STOP or _is_participle(word.lower())):
            break
        words.append(word if name else word.lower())
        pos = w.end()
        count += 1
        kept = (len(words), pos)
        more = _NAME_AND_RE.match(text, pos, hi) if name else None
        if more is not None:
            words.append(more.group("sep").strip())
            pos = more.end()
            continue
        joined = None if name else _coordinated(text, pos, hi)
        if joined is not None:
            words.append(joined[0])
            pos = joined[1]
            count += 1
            kept = (len(words), pos)
    words, pos = words[: kept[0]], kept[1]
    if not words:
        return None
    head = link.group("link").lower() + (" " + link.group("article").strip().lower()).rstrip()
    glue = "" if head.endswith(("'", "\u2019")) else " "
    return head + glue + " ".join(words), pos


def category_at(text: str, pos: int, hi: int) -> tuple[str, int] | None:
    """A category right at pos ('i Comuni dell'entroterra' -> 'comuni dell'entroterra'), with its extent."""
    m = CATEGORY_RE.match(text, pos, hi)
    if m is None:
        return None
    head = [*(m.group("pre").lower().split() if m.group("pre") else []), m.group("cat").lower()]
    return _extent(text, head, m.end(), hi)


def _extent(text: str, head: list[str], at: int, hi: int) -> tuple[str, int]:
    """A category from its head words (ending at `at`): the words after them and the complements that say
    which ones (FUNDING.md §3), and where it ends."""
    words, at = _modifiers(text, at, hi)
    parts = [" ".join([*head, *words])]
    for _ in range(MAX_COMPLEMENTS):
        found = _complement(text, at, hi)
        if found is None and len(parts) > 1:
            # a second complement joined by 'e': 'della Valle Stura e della Valle Grana'
            link = _AND_RE.match(text, at, hi)
            found = _complement(text, link.end() - 1, hi) if link is not None else None
            if found is not None:
                found = ("e " + found[0], found[1])
        if found is None:
            break
        parts.append(found[0])
        at = found[1]
    return " ".join(" ".join(parts).replace(" ,", ",").split()), at


_THING_ENDINGS = tuple(_PLURALS["thing_endings"])
_AGENT_ENDINGS = tuple(_PLURALS["agent_endings"])
_SINGULAR_ENDINGS = tuple(_PLURALS["singular_endings"])
# a plural noun (ending in -i or -e) after an article and a count, with the adjectives a category may have
PLURAL_RE = re.compile(
    r"\s*(?P<det>" + ARTICLE + _COUNT + ")" + _PREMODIFIERS + r"(?P<cat>[a-zà-ù]{3,}[ie])(?![\w'\u2019-])",
    re.IGNORECASE,
)


def plural_at(text: str, pos: int, hi: int, strong: bool, determined: bool = False) -> tuple[str, int] | None:
    """A category that is no listed one, right at pos: a plural noun and its extent, as category_at reads
    it; after a strong cue any plural noun that names no thing ('destinati ai dipartimenti'), else only
    one that ends like a person or group ('ai partecipanti', 'gli organizzatori'); when `determined`, only
    after an article or a number ('i partecipanti italiani hanno ottenuto')."""
    m = PLURAL_RE.match(text, pos, hi)
    if m is None or not m.group("cat").islower():
        return None
    if determined and not m.group("det").strip():
        return None
    head = m.group("cat").lower()
    if head in _THINGS or head in CATEGORY_STOP or head.endswith((*_THING_ENDINGS, *_SINGULAR_ENDINGS)):
        return None
    if not strong and not head.endswith(_AGENT_ENDINGS):
        return None
    pre = m.group("pre").lower().split() if m.group("pre") else []
    return _extent(text, [*pre, head], m.end(), hi)
