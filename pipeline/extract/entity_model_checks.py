"""Checks on the statistical model's mentions: whether one looks like a name, not a topic or a heading.

The model, trained on news, reads any capitalised run as a name; brochures capitalise topics
(`Ricerca e Innovazione`, `Smart Mobility`), whole headings (`INFORMAZIONI GENERALI`) and page furniture.
"""

from __future__ import annotations

from bisect import bisect_left

from pipeline.extract.entity_names import head_at, is_keyword, previous_word
from pipeline.extract.entity_parts import are_name_words
from pipeline.extract.entity_patterns import (
    ACT_BODY_CODES,
    ACT_NUMBER_RE,
    AND_WORDS,
    DEFINITE_ARTICLES,
    ELIDED_ARTICLE_RE,
    NAME_ADJECTIVES,
    NAME_CONNECTORS,
    PERSON_PARTICLES,
    EntityPatterns,
)
from pipeline.extract.entity_tokens import RuleSpan, Tok, Toks, is_upper_word, span_text

# a word longer than this with a noun or verb ending is a dictionary word, not a name
MIN_ENDING_WORD_LENGTH = 6


def is_noun_shaped(token: Tok, patterns: EntityPatterns) -> bool:
    low = token.lower_
    return len(low) > MIN_ENDING_WORD_LENGTH and low.endswith(patterns.noun_endings)


def _is_common(token: Tok, patterns: EntityPatterns, doc_lower: set[str]) -> bool:
    """A dictionary word rather than a name: known lower-case word, written lower-case in this
    document, or shaped like an abstract noun (`Innovazione`, `Sostenibilità`, `Manufacturing`)."""
    low = token.lower_
    return (
        low in patterns.common_words
        or low in patterns.english_words
        or low in doc_lower
        or is_noun_shaped(token, patterns)
    )


def lower_words(toks: Toks) -> set[str]:
    """Words written in lower case somewhere in the document."""
    return {t.text for t in toks if t.is_alpha and t.is_lower}


def is_plausible_model_span(
    toks: Toks, cand: RuleSpan, patterns: EntityPatterns, doc_lower: set[str]
) -> bool:
    """Whether a mention proposed by the statistical model looks like a name."""
    words = [t for t in toks[cand.start : cand.end] if any(c.isalpha() for c in t.text)]
    last = toks[cand.end - 1]
    if not words or not toks[cand.start].is_cap or not (last.is_cap or last.lower_ in NAME_ADJECTIVES):
        return False
    if len(words) == 1 and words[0].text in patterns.acronym_stoplist:
        return False
    if len(words) == 1 and _is_verb_shaped(words[0], patterns):
        return False
    if ELIDED_ARTICLE_RE.match(toks[cand.start].text):
        return False
    names = [t for t in words if t.lower_ not in NAME_CONNECTORS and not _is_common(t, patterns, doc_lower)]
    if not names:
        # an institution named by its head word alone: "la Commissione", "il Parlamento europeo"
        before = toks[cand.start - 1].lower_ if cand.start else ""
        return cand.label == "ORG" and before in DEFINITE_ARTICLES and head_at(toks, cand.start, patterns) > 0
    if cand.label == "PER":
        return _is_plausible_person(words, names, patterns)
    return True


def _is_plausible_person(words: list[Tok], names: list[Tok], patterns: EntityPatterns) -> bool:
    """A capitalised dictionary word is a person's name only after a known first name; no word of a
    person's name is upper-case, an organisation word or shaped like an abstract noun."""
    content = [t for t in words if t.lower_ not in NAME_CONNECTORS]
    if len(names) < len(content) and words[0].text not in patterns.first_names:
        return False
    return all(
        not is_upper_word(t) and not is_keyword(t, patterns) and not is_noun_shaped(t, patterns)
        for t in words
    )


def is_dictionary_word(token: Tok, patterns: EntityPatterns) -> bool:
    """An Italian or English dictionary word that is not a first name."""
    low = token.lower_
    return (
        low in patterns.common_words or low in patterns.english_words
    ) and token.text not in patterns.first_names


def is_all_dictionary_words(toks: Toks, cand: RuleSpan, patterns: EntityPatterns) -> bool:
    """Every word of the mention is a dictionary word (Italian or English) and none a first name:
    `Tecnologie`, `Digital Health`. A surname that is also a word (`Sala`) comes back through
    `add_surname_mentions` when the document names the person in full."""
    words = [t for t in toks[cand.start : cand.end] if t.is_alpha]
    return bool(words) and all(is_dictionary_word(t, patterns) for t in words)


def _is_heading(line: Toks) -> bool:
    """Some word on the line, and every word capitalised or a connector."""
    words = 0
    for t in line:
        if t.is_alpha or any(c.isalpha() for c in t.text):
            if not (t.is_cap or t.lower_ in NAME_CONNECTORS or t.lower_ in AND_WORDS):
                return False
            words += 1
    return words > 0


def heading_lines(toks: Toks) -> list[bool]:
    """For each token, whether its line reads like a heading or a list of topics: every word on it
    capitalised but the connectors (`Ricerca e Innovazione`, `Medical Device, Digital Health`)."""
    headings = HeadingLines(toks)
    return [headings[k] for k in range(len(toks))]


class HeadingLines:
    """`heading_lines` of a document, each line read when a token of it is first asked about."""

    def __init__(self, toks: Toks) -> None:
        self.toks = toks
        self.breaks = [k for k, t in enumerate(toks) if t.is_space and "\n" in t.text]
        self.known: dict[int, bool] = {}

    def __getitem__(self, k: int) -> bool:
        """Whether token k is on a heading line (a line break is on none)."""
        at = bisect_left(self.breaks, k)
        if at < len(self.breaks) and self.breaks[at] == k:
            return False
        start = self.breaks[at - 1] + 1 if at else 0
        if start not in self.known:
            end = self.breaks[at] if at < len(self.breaks) else len(self.toks)
            self.known[start] = _is_heading(self.toks[start:end])
        return self.known[start]


def is_topic_not_person(
    toks: Toks, cand: RuleSpan, patterns: EntityPatterns, heading: bool, doc_lower: set[str]
) -> bool:
    """A person's mention of the model that is a topic or a word, not a name.

    On a heading line (`heading`) no word may be shaped like an abstract noun (`Biotecnologie`), and a
    dictionary word needs a known first name before it (`Medicina Personalizzata` is a topic). In
    running text the model is trusted more (`la Della Valle`, `il Cavaliere`): only dictionary words
    together (`Machine Learning`), a word shaped like an abstract noun, one the document also writes
    in lower case, or one shaped like a verb (`Seguendo`) are left out; a first name of people from
    outside Italy before names keeps them (`Jimmy Wales`, `Norman Mailer`, words of English too, whose
    surnames are people's in the training text; not `Lean Manufacturing`).
    """
    words = [t for t in toks[cand.start : cand.end] if t.is_alpha and t.lower_ not in NAME_CONNECTORS]
    if not words:
        return False
    if len(words) == 1 and _is_verb_shaped(words[0], patterns):
        return True
    if heading:
        return any(is_noun_shaped(t, patterns) for t in words) or (
            words[0].text not in patterns.first_names and any(is_dictionary_word(t, patterns) for t in words)
        )
    if not is_all_dictionary_words(toks, cand, patterns) or (
        len(words) >= 2
        and words[0].text in patterns.world_first_names
        and are_name_words(words[1:], patterns)
    ):
        return False
    return (
        (len(words) >= 2 and toks[cand.start].text not in PERSON_PARTICLES)
        or any(is_noun_shaped(t, patterns) for t in words)
        or all(t.lower_ in doc_lower for t in words)
    )


def _is_verb_shaped(token: Tok, patterns: EntityPatterns) -> bool:
    return (
        len(token.lower_) > MIN_ENDING_WORD_LENGTH
        and token.lower_.endswith(patterns.verb_endings)
        and token.text not in patterns.first_names  # Orlando, Armando
    )


def is_furniture(toks: Toks, cand: RuleSpan, patterns: EntityPatterns) -> bool:
    """Page furniture, legal-act acronyms, platforms and units, addresses, marks and a class's letter
    the model may take for a name (`MORE`, `DPCM`, `Developers Italia`, `TB`, `ufficio.stampa@regione.it`,
    `www.regione.it`, a brace, `gruppo B`)."""
    text = span_text(toks, cand.start, cand.end)
    return (
        is_letter_label(toks, cand, patterns)
        or text in patterns.acronym_stoplist
        or text.lower() in patterns.furniture_words
        or "@" in text
        or "://" in text
        or text.lower().startswith("www.")
        or not any(c.isalnum() for c in text)
    )


def is_letter_label(toks: Toks, cand: RuleSpan, patterns: EntityPatterns) -> bool:
    """A letter alone (`B`, `A.`) or a dictionary word with a letter after it (`gruppo B`, `Serie A`,
    `Allegato C`): a class, an annex or a league's tier, never a name."""
    words = [t for t in toks[cand.start : cand.end] if not t.is_space and t.text != "."]
    if not words or not _is_letter(words[-1]):
        return False
    if len(words) == 1:
        return True
    first = words[0]
    return len(words) == 2 and len(first.text) > 2 and first.is_alpha and is_dictionary_word(first, patterns)


def _is_letter(token: Tok) -> bool:
    text = token.text.rstrip(".")
    return len(text) == 1 and text.isalpha() and text.isupper()


def take_hyphenated_rest(toks: Toks, cand: RuleSpan) -> RuleSpan:
    """A name does not end inside a hyphenated word: `Kim Jong` -> `Kim Jong-un`."""
    end = cand.end
    while (
        end + 1 < len(toks)
        and toks[end].text == "-"
        and not toks[end - 1].whitespace_
        and not toks[end].whitespace_
        and toks[end + 1].is_alpha
    ):
        end += 2
    return cand if end == cand.end else RuleSpan(cand.start, end, cand.label, cand.priority, cand.bare_head)


def is_act_identifier(toks: Toks, cand: RuleSpan) -> bool:
    """`(UE)` in the number of an act (`Regolamento (UE) 2021/241`) is part of an identifier, not a body."""
    return (
        cand.end - cand.start == 1
        and toks[cand.start].text in ACT_BODY_CODES
        and cand.start > 0
        and cand.end + 1 < len(toks)
        and toks[cand.start - 1].text == "("
        and toks[cand.end].text == ")"
        and ACT_NUMBER_RE.match(toks[cand.end + 1].text) is not None
    )


MIN_LOWER_ONLY_LENGTH = 3


def is_lower_only_word(toks: Toks, cand: RuleSpan, patterns: EntityPatterns) -> bool:
    """A mention of one word that the training text writes only in lower case inside its sentences:
    opening a sentence, line or list item the capital is the sentence's (`Coinvolgimento attivo delle
    amministrazioni`, `Ribadisco che`, `Malgrado`); inside one, it marks a label, a button or a
    term the text sets apart (`classificati come “Grandi”`, `il tasto Modifica`, `gli anni Novanta`).
    Not a first name or a gazetteer name."""
    if cand.end - cand.start != 1:
        return False
    token = toks[cand.start]
    return not (
        len(token.text) < MIN_LOWER_ONLY_LENGTH
        or not token.is_title
        or token.lower_ not in patterns.lower_only
        or token.text in patterns.first_names
        or token.text in patterns.places
        or token.text in patterns.org_aliases
    )


# the bare prepositions after which an institution in lower case is a kind, not the body
GENERIC_LINKS = frozenset({"di", "per"})


def is_generic_institution(toks: Toks, cand: RuleSpan) -> bool:
    """A mention of one word in lower case right after a bare `di` or `per` names a kind of body, not
    the body (`capi di Stato e di governo`, `coalizione di governo`, `una forza di polizia`, `per
    giunta`). In the corpus's train, dev and reserve sentences, of the 49 times `governo`, `polizia`,
    `giunta`, `parlamento`, `esercito`, `procura`, `carabinieri`, `magistratura`, `senato` or `camera`
    follow a bare `di` or `per`, 43 are no mention, and every mention of one word in lower case after
    them is one of the other six (`forze di polizia`)."""
    if cand.end - cand.start != 1 or not toks[cand.start].is_lower:
        return False
    k = previous_word(toks, cand.start)
    return k is not None and toks[k].lower_ in GENERIC_LINKS
