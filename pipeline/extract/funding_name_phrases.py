"""The words of a proper name in a funding text, for `funding_slots.py`: where a capitalised name starts and
ends ('Fondazione del Monte di Bologna', 'Electra Celle Srl', 'Consiglio europeo per l'innovazione
(EIC)'), the type nouns, slot cues, connectors and other word lists of `lang/it/funding_recipients.json`
('name_slots') compiled once. Pure."""

from __future__ import annotations

import re

from pipeline.extract.funding_categories import RECIPIENTS
from pipeline.extract.funding_roles import ARTICLE, CUES, DI_FORMS, cue_pattern
from pipeline.lang import load_lines

_SLOTS = RECIPIENTS["name_slots"]
# at most this many words after the first make one name
MAX_NAME_WORDS = 7
# at most this many lower-case words between a name and its acronym in brackets
MAX_ACRONYM_WORDS = 6
# at most this many characters of apposition between a subject's name and its verb
APPOSITION_WINDOW = 200
_UPPER = "A-ZÀ-Ý"
# a capitalised word: 'Enerbit', 'Sant'Anna', 'Italia-Svizzera', 'S.r.l'
_CAP = r"[" + _UPPER + r"](?:[\w&+-]|['\u2019.](?=\w))*"
_CAP_RE = re.compile(_CAP)
_LEGAL = r"(?:" + "|".join(re.escape(f) for f in sorted(_SLOTS["legal_forms"], key=len, reverse=True)) + r")"
LEGAL_END_RE = re.compile(r"(?<![\w.])" + _LEGAL + r"$")
# the next word of a name: a capitalised word after a space, a connector or a number; a legal form
_NEXT_RE = re.compile(
    r"[ \t]+(?:"
    + _LEGAL
    + r"(?![\w])|(?:(?:"
    + cue_pattern(_SLOTS["connectors"])
    + r")[ \t]*|\d+[ \t]+)?"
    + _CAP
    + ")"
)
ACRONYM_RE = re.compile(r"[ \t]*\([" + _UPPER + r"][" + _UPPER + r"0-9&.-]{1,11}\)")
# lower-case words that end a name right before its acronym: ' per l'innovazione (EIC)'
_LOWER_RUN_RE = re.compile(
    r"(?:[ \t]+[a-zà-ù]+(?:['\u2019][ \t]*[a-zà-ù]+)?){1,"
    + str(MAX_ACRONYM_WORDS)
    + r"}(?="
    + ACRONYM_RE.pattern
    + ")"
)
_NOT_NAMES = frozenset(_SLOTS["not_names"])
_PROGRAMME_HEADS = frozenset(_SLOTS["programme_heads"])
HEADS = frozenset(w.lower() for w in [*CUES["heads"], *_SLOTS["naming_types"], *_SLOTS["descriptive_types"]])
_DESCRIPTIVE = cue_pattern(_SLOTS["descriptive_types"])
_NAMING = cue_pattern(_SLOTS["naming_types"])
# a type noun in lower case, up to two adjectives, then the name: 'la società padovana Enerbit'
# a preposition or article, never an adjective of a type noun ('il polo tecnologico di San Giovanni')
_LINK_WORDS = cue_pattern(
    [w for w in RECIPIENTS["category_stop"] if w.isalpha()]
    + ["a", "ad", "in", "su", "da", "per", "con", "tra", "fra"]
)
# a programme noun in lower case before a name: 'il programma di accelerazione X', 'il bando «X»'
PROGRAMME_NOUN_RE = re.compile(
    cue_pattern(_SLOTS["programme_nouns"])
    + r"(?:[ \t]+(?:di|del|della|per)[ \t]+[a-zà-ù]+|[ \t]+(?!"
    + _LINK_WORDS
    + r")[a-zà-ù]+){0,2}?[ \t]+[«\"“]?(?=["
    + _UPPER
    + "])"
)
TYPED_RE = re.compile(
    r"(?:(?P<desc>"
    + _DESCRIPTIVE
    + r")|(?P<naming>"
    + _NAMING
    + r"))(?P<adj>(?:[ \t]+(?!"
    + _LINK_WORDS
    + r")[a-zà-ù]+){0,2}?)[ \t]+(?=["
    + _UPPER
    + "])"
)
# a slot cue and its article right before a name (an adjective may come between: 'alla padovana Enerbit')
SLOT_BEFORE_RE = re.compile(
    cue_pattern(_SLOTS["slot_cues"]) + r"[ \t]*" + ARTICLE + r"(?:[a-zà-ù]+[ \t]+)?$", re.IGNORECASE
)
SLOT_LOOKBACK = 40
# characters before a subject's name in which the end of the sentence before is looked for
SUBJECT_LOOKBACK = 8
SUBJECT_AFTER_RE = re.compile(
    r"[ \t]*(?:,[^.;:\n]{3,"
    + str(APPOSITION_WINDOW)
    + r"}?,[ \t]*)?(?:"
    + cue_pattern([*RECIPIENTS["recipient_subject"], *CUES["subject_verbs"]])
    + ")",
    re.IGNORECASE,
)
SENTENCE_START_RE = re.compile(r"(?:[.!?:]\s+|\n\s*)[\"«“(*_#\s]*$")
PURPOSE_CUT_RE = re.compile(r"[ \t]+" + cue_pattern(_SLOTS["purpose_cut"]) + r"[ \t]*[a-zà-ù]")
# a number right after a name makes it a code ('la Sp 4', 'l'Istituto comprensivo 3'), not a body's name
CODE_AFTER_RE = re.compile(r"[ \t]+\d")
# a bare 'di' before a place: where a body is, after a name's own word
_PLACE_LINK_RE = re.compile(r"[ \t]+di[ \t]+")
# a link to the body a name belongs to: ' dell'', ' della ', ' di '
OWNER_LINK_RE = re.compile(r"\s+" + DI_FORMS + r"(?:(?<=['\u2019])\s*|\s+)")
_LINKED_RE = re.compile(r"[ \t]+" + cue_pattern(_SLOTS["connectors"]))
OFFICES = frozenset(load_lines("entity_person_titles.txt"))
TRAILING_LINK_RE = re.compile(r"(?:\s+(?:" + cue_pattern(_SLOTS["connectors"]) + r"))?\s*$")
FIRST_NAMES = frozenset(load_lines("gazetteer_first_names.txt"))
COMMON_WORDS = frozenset(load_lines("gazetteer_common_words.txt"))
ACRONYM_STOPLIST = frozenset(w.upper() for w in load_lines("entity_acronym_stoplist.txt"))
# an adjective of origin right before a name: 'la padovana X', 'la deeptech torinese X'
ORIGIN_BEFORE_RE = re.compile(
    r"(?<![^\W\d_])(?:(?i:il|lo|la|l['\u2019])\s*|[a-zà-ù]{3,}\s+)[a-zà-ù]{2,}(?:"
    + "|".join(_SLOTS["origin_endings"])
    + r")[ \t]+$"
)
# a noun and the opening of a list of names between dashes or brackets: 'startup del Politecnico \u2013 '
LIST_WINDOW = 160
LIST_RE = re.compile(
    r"(?<![^\W\d_])[a-zà-ù]{3,}(?:[ \t]+[^\s\u2013(]+){0,4}?[ \t]+(?P<open>[\u2013\u2014(])[ \t]*"
)
CLOSING = {"\u2013": "\u2013", "\u2014": "\u2014", "(": ")"}
LIST_SEP_RE = re.compile(r"[ \t]*(?:,[ \t]*(?:e[ \t]+)?|e[ \t]+)(?=[" + _UPPER + "])")
LIST_CLOSE_RE = re.compile(r"[ \t]*[\u2013\u2014)]")
WORD_START_RE = re.compile(r"(?<![\w.&-])(?=[" + _UPPER + "])")


def surface(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].replace("**", "").split()).strip(" ,.;:")


def name_end(text: str, pos: int, hi: int, places: frozenset[int] = frozenset()) -> int | None:
    """Where the name starting at pos ends: its capitalised words, those joined to it and its legal form;
    None when no name starts there (a lower-case word, an article, a month, a programme's head). `places`
    are where the entity stage found places: 'di' and a place after a name's own word is where the body
    is ('la cooperativa Alpi Giovani di Morbegno'), after a head word it is part of the name
    ('Università di Verona')."""
    m = _CAP_RE.match(text, pos, hi)
    word = m.group(0) if m is not None else ""
    if m is None or re.split(r"['\u2019]", word)[0].rstrip(".") in _NOT_NAMES or word in _PROGRAMME_HEADS:
        return None  # an article ('L'Istituto': the name starts after it), a month, a programme
    return stretch(text, m.end(), hi, places)


def stretch(text: str, end: int, hi: int, places: frozenset[int] = frozenset()) -> int:
    """The end of a name after its word ending at `end`: the words and legal form joined to it."""
    for _ in range(MAX_NAME_WORDS):
        nxt = _NEXT_RE.match(text, end, hi)
        if nxt is None or nxt.group(0).split()[-1].rstrip(".") in _NOT_NAMES:
            break
        word = re.split(r"['\u2019]", nxt.group(0).split()[-1])[-1]
        place = _PLACE_LINK_RE.match(text, end) and nxt.end() - len(word) in places
        linked = _LINKED_RE.match(text, end) is not None
        if (place or (linked and word.lower() in HEADS)) and last_word(text, end).lower() not in HEADS:
            break  # 'Alpi Giovani di Morbegno': where it is; 'Geomatica dell'Università X': whose it is
        end = nxt.end()
    lower = _LOWER_RUN_RE.match(text, end, hi)
    return lower.end() if lower is not None else end


def last_word(text: str, end: int) -> str:
    """The word ending at `end`, past an elided article ('all'Università' -> 'Università')."""
    words = text[max(0, end - 40) : end].split()
    return re.split(r"['\u2019]", words[-1])[-1] if words else ""
