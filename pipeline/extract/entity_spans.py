"""Where the statistical model's mentions really start and end, and which of them to keep.

The model reads the capitalised runs of brochures and headings as one name: `Fabrizio Sala` on one line
and `Assessore Istruzione` on the next, `Semplificazione Fabrizio Sala` at the end of an assessor's
portfolio, `Federdat Ottobre 3` in a byline. A mention does not cross a blank line or the end of a
sentence, a person's name holds no role and no capitalised words before the first name, an
organisation's name no date.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.extract.entity_clauses import cut_after_head, cut_at_clause
from pipeline.extract.entity_model_checks import (
    MIN_ENDING_WORD_LENGTH,
    HeadingLines,
    is_all_dictionary_words,
    is_dictionary_word,
    is_furniture,
    is_generic_institution,
    is_lower_only_word,
    is_topic_not_person,
    lower_words,
    take_hyphenated_rest,
)
from pipeline.extract.entity_names import company_suffix_end, head_at, holds_company_word
from pipeline.extract.entity_patterns import (
    AND_WORDS,
    LOOSE_ENDS,
    NAME_CONNECTORS,
    NO_PERSON_HEADS,
    PERSON_PARTICLES,
    PHRASE_ARTICLES,
    TITLE_MODIFIERS,
    EntityPatterns,
)
from pipeline.extract.entity_tokens import GLUED_AMOUNT_RE, RuleSpan, Tok, Toks, before_figures, span_text
from pipeline.lang import load_json

# a role word inside a person's mention cuts it only after this many words (`Claudia Cardinale` keeps
# its surname, `Fabrizio Sala Assessore` loses the role)
MIN_NAME_BEFORE_ROLE = 2
MAX_PERSON_NAME_WORDS = 4
MONTHS = frozenset(load_json("months.json")["names"])
_CURRENCIES = load_json("currencies.json")
CURRENCY_SIGNS = frozenset(k for k in _CURRENCIES["before"] if not any(c.isalpha() for c in k))
# the words after a number that make it an amount: scale words and currency names (`2 milioni`, `300 euro`)
AMOUNT_WORDS = frozenset(
    w.lower()
    for w in [
        *load_json("scales.json")["money_scales"],
        "mila",
        *_CURRENCIES["before"],
        *_CURRENCIES["after"],
    ]
    if w.isalpha() and len(w) > 1
) - {"mio"}
QUOTES = frozenset({'"', "\u201c", "\u201d"})
SENTENCE_ENDS = frozenset({".", "!", "?"})
# lower-case nouns that only describe the name after them (`il gruppo tedesco Kessler Automation`)
DESCRIPTIVE_TYPES = frozenset(load_json("funding_recipients.json")["name_slots"]["descriptive_types"])


def _with(cand: RuleSpan, start: int, end: int) -> RuleSpan:
    return RuleSpan(start, end, cand.label, cand.priority, cand.bare_head)


def _is_paragraph_break(token: Tok) -> bool:
    return token.is_space and (token.text.count("\n") > 1 or "\t" in token.text)


def cut_at_paragraph(toks: Toks, cand: RuleSpan) -> RuleSpan | None:
    """A mention ends at a blank line or a table cell's end, and not on a space; None if nothing is left."""
    end = next((k for k in range(cand.start, cand.end) if _is_paragraph_break(toks[k])), cand.end)
    while end > cand.start and toks[end - 1].is_space:
        end -= 1
    if end == cand.start:
        return None
    return cand if end == cand.end else _with(cand, cand.start, end)


def cut_at_sentence_end(toks: Toks, cand: RuleSpan) -> RuleSpan | None:
    """A mention ends before a full stop, `!` or `?` that ends a sentence: between a word of letters (not
    an initial, not a piece of `S.p.A.`) and a capitalised word (`il Fondo per l'innovazione. La sua
    dotazione` is `Fondo per l'innovazione`); None if nothing is left."""
    for k in range(cand.start + 1, cand.end - 1):
        if (
            toks[k].text in SENTENCE_ENDS
            and len(toks[k - 1].text) > 1
            and toks[k - 1].text.isalpha()
            and toks[k + 1].text.isalpha()
            and toks[k + 1].text[:1].isupper()
        ):
            end = k
            while end > cand.start and toks[end - 1].is_space:
                end -= 1
            return _with(cand, cand.start, end) if end > cand.start else None
    return cand


def cut_at_date(toks: Toks, cand: RuleSpan) -> RuleSpan | None:
    """An organisation's name ends before a date: `Federdat Ottobre 3, 2017` is `Federdat`."""
    if cand.label != "ORG":
        return cand
    for k in range(cand.start + 1, cand.end):
        next_is_day = k + 1 < len(toks) and toks[k + 1].text.isdigit()
        if toks[k].lower_ in MONTHS and (next_is_day or toks[k - 1].text.isdigit()):
            end = k - 1 if toks[k - 1].text.isdigit() else k
            while end > cand.start and not any(c.isalnum() for c in toks[end - 1].text):
                end -= 1
            return _with(cand, cand.start, end) if end > cand.start else None
    return cand


def company_by_name_words(toks: Toks, cand: RuleSpan, patterns: EntityPatterns) -> RuleSpan:
    """A mention that ends with a company's legal form, or a person's that holds a word of companies'
    names, is a company, whatever the model read (`Fratelli Guarnieri Srl`, `Primo Miglio SGR`,
    `Greenbyte Energy`, `Pasticceria Fabbri` read as people)."""
    if cand.label == "ORG" or cand.end - cand.start < 2:
        return cand
    company_words = cand.label == "PER" and holds_company_word(toks, cand.start, cand.end)
    legal_form = any(
        company_suffix_end(toks, k, patterns) == cand.end
        for k in range(max(cand.start + 1, cand.end - 3), cand.end)
    )
    return replace(cand, label="ORG") if company_words or legal_form else cand


def _is_lower_word(token: Tok) -> bool:
    return len(token.text) > 1 and token.text.isalpha() and token.text.islower()


def cut_loose_end(toks: Toks, cand: RuleSpan) -> RuleSpan | None:
    """A mention ends on a name word: the words of running text the model took in after it go
    (`Consiglio nazionale delle ricerche e l'`, `province di Crotone e`, `Idroterm Group per
    l'ampliamento dell'`), and so does a phrase opened by an article right after a name word
    (`ministero dell'Università un piano straordinario`), and so do a date, an act's code or the number of
    a share at its end (`before_figures`: `Partito Popolare 9%`); None if nothing is left."""
    end = cand.end
    for k in range(cand.start + 1, end):
        if (
            toks[k].text in PHRASE_ARTICLES
            and toks[k - 1].is_cap
            and toks[k - 1].lower_ not in NAME_CONNECTORS
            and not any(t.is_cap for t in toks[k:end])
        ):
            end = k
            break
    # a loose word glued to the word before it is part of that word (`Jong-un`); a full stop after a
    # lower-case word ends the sentence, not an abbreviation (`per la digitalizzazione.`)
    while end > cand.start and (
        toks[end - 1].is_space
        or (toks[end - 1].text in LOOSE_ENDS and (end - 1 == cand.start or toks[end - 2].whitespace_))
        or (toks[end - 1].text == "." and end - 1 > cand.start and _is_lower_word(toks[end - 2]))
    ):
        end -= 1
    end = before_figures(toks, cand.start, end) if end > cand.start else end
    if end == cand.end:
        return cand
    return _with(cand, cand.start, end) if end > cand.start else None


def _is_role(token: Tok, patterns: EntityPatterns) -> bool:
    return token.lower_ in patterns.person_titles or token.lower_ in TITLE_MODIFIERS


def cut_person_at_role(toks: Toks, cand: RuleSpan, patterns: EntityPatterns) -> RuleSpan | None:
    """A person's mention holds no role word: `Presidente Mario Rossi` is `Mario Rossi`, `Fabrizio Sala
    Assessore Istruzione` is `Fabrizio Sala`. None when only roles are left. Another mention that opens
    with role words before a name is that person (`la Ministra Pisano`, read as a place: `Pisano`), and a
    place's mention of role words alone is none (`la Sottosegretaria`)."""
    if cand.label != "PER":
        return _titled_name(toks, cand, patterns)
    start = _after_roles(toks, cand, patterns)
    end = next(
        (
            k
            for k in range(start + MIN_NAME_BEFORE_ROLE, cand.end)
            if toks[k].is_cap and _is_role(toks[k], patterns)
        ),
        cand.end,
    )
    if not any(t.is_alpha for t in toks[start:end]):
        return None
    return cand if (start, end) == (cand.start, cand.end) else _with(cand, start, end)


def _after_roles(toks: Toks, cand: RuleSpan, patterns: EntityPatterns) -> int:
    """The first token of the mention after the role words it opens with (its end if only roles)."""
    start = cand.start
    while start < cand.end and _is_role(toks[start], patterns):
        start += 1
    return start


def _titled_name(toks: Toks, cand: RuleSpan, patterns: EntityPatterns) -> RuleSpan | None:
    """A body's or place's mention that opens with role words is a person's name after them when only
    capitalised words follow (`la Ministra Pisano`: `Pisano`); a place's mention made of role words
    alone is none."""
    start = _after_roles(toks, cand, patterns)
    if start == cand.end and cand.label == "LOC":
        return None  # a role word is no place: `Sottosegretaria`
    if start in (cand.start, cand.end):
        return cand
    rest = toks[start : cand.end]
    if len(rest) <= MAX_PERSON_NAME_WORDS and all(t.is_cap and t.is_alpha for t in rest):
        return RuleSpan(start, cand.end, "PER", cand.priority)
    return cand


def drop_descriptive_prefix(toks: Toks, cand: RuleSpan) -> RuleSpan:
    """A body's name does not open with the lower-case noun that only describes it and its adjectives
    (`il gruppo tedesco Kessler Automation`, `la startup pisana Nuvolab`): it starts at its first
    capitalised word (`descriptive_types` of the funding name slots)."""
    if (
        cand.label != "ORG"
        or toks[cand.start].lower_ not in DESCRIPTIVE_TYPES
        or not toks[cand.start].is_lower
    ):
        return cand
    k = cand.start + 1
    while k < cand.end and toks[k].is_lower and toks[k].is_alpha and toks[k].lower_ not in NAME_CONNECTORS:
        k += 1
    return _with(cand, k, cand.end) if k < cand.end and toks[k].is_cap else cand


def drop_words_before_first_name(toks: Toks, cand: RuleSpan, patterns: EntityPatterns) -> RuleSpan:
    """Capitalised dictionary words before a first name are not part of a person's name: `Innovazione
    e Semplificazione Fabrizio Sala` is `Fabrizio Sala`."""
    if cand.label != "PER":
        return cand
    for k in range(cand.start + 1, cand.end - 1):
        if toks[k].text in patterns.first_names and toks[k + 1].is_cap:
            before = [t for t in toks[cand.start : k] if t.lower_ not in NAME_CONNECTORS | AND_WORDS]
            if before and all(is_dictionary_word(t, patterns) for t in before):
                return _with(cand, k, cand.end)
            return cand
    return cand


def _money_at(toks: Toks, k: int) -> bool:
    """A money amount starts at token k: a currency sign, a number glued to its scale word, or a number
    before a scale or currency word (`€ 3.400.000`, `450mila`, `2 milioni`, `300 euro`)."""
    text = toks[k].text
    if text in CURRENCY_SIGNS or GLUED_AMOUNT_RE.fullmatch(text):
        return True
    after = k + 1 if k + 1 < len(toks) and not toks[k + 1].is_space else k + 2
    return text[:1].isdigit() and after < len(toks) and toks[after].lower_ in AMOUNT_WORDS


def cut_at_amount(toks: Toks, cand: RuleSpan) -> RuleSpan | None:
    """A name ends before a money amount: `alla Città metropolitana € 3.400.000` is `Città metropolitana`."""
    for k in range(cand.start + 1, cand.end):
        if _money_at(toks, k):
            end = k
            while end > cand.start and not any(c.isalnum() for c in toks[end - 1].text):
                end -= 1
            return _with(cand, cand.start, end) if end > cand.start else None
    return cand


def clean_model_mentions(toks: Toks, model: list[RuleSpan], patterns: EntityPatterns) -> list[RuleSpan]:
    """The model's mentions with their bounds fixed, without page furniture and topics taken for persons."""
    headings: HeadingLines | None = None
    doc_lower: set[str] | None = None
    out = []
    for cand in model:
        fixed = cut_at_paragraph(toks, cand)
        fixed = cut_at_sentence_end(toks, fixed) if fixed else None
        fixed = cut_at_date(toks, fixed) if fixed else None
        fixed = cut_at_amount(toks, fixed) if fixed else None
        fixed = (
            cut_loose_end(toks, cut_after_head(toks, cut_at_clause(toks, fixed), patterns)) if fixed else None
        )
        fixed = cut_person_at_role(toks, fixed, patterns) if fixed else None
        if (
            fixed is None
            or is_furniture(toks, fixed, patterns)
            or is_lower_only_word(toks, fixed, patterns)
            or is_generic_institution(toks, fixed)
        ):
            continue
        fixed = drop_words_before_first_name(toks, drop_descriptive_prefix(toks, fixed), patterns)
        headings = HeadingLines(toks) if headings is None else headings
        if fixed.label == "PER":
            doc_lower = lower_words(toks) if doc_lower is None else doc_lower
            if is_topic_not_person(toks, fixed, patterns, headings[fixed.start], doc_lower):
                continue
        elif (
            headings[fixed.start]
            and is_all_dictionary_words(toks, fixed, patterns)
            and not head_at(toks, fixed.start, patterns)
            and toks[fixed.start].lower_ not in NO_PERSON_HEADS  # `GOVERNO`, `SENATO`: institutions
            and span_text(toks, fixed.start, fixed.end) not in patterns.places  # `Italia, Svizzera.`
        ):
            continue  # a heading's topic or label (`INFORMAZIONI GENERALI`, `Circular Economy`), not a body
        # after the checks of persons, so that a topic read as a person (`Green Energy`) still goes
        out.append(take_hyphenated_rest(toks, company_by_name_words(toks, fixed, patterns)))
    return out


def _is_name_at(toks: Toks, k: int) -> bool:
    return 0 <= k < len(toks) and toks[k].is_cap and toks[k].is_alpha


def _is_nickname_name_at(toks: Toks, first: int) -> bool:
    return (
        _is_name_at(toks, first)
        and first + 4 < len(toks)
        and toks[first + 1].text in QUOTES
        and _is_name_at(toks, first + 2)
        and toks[first + 3].text in QUOTES
        and _is_name_at(toks, first + 4)
    )


def join_nicknames(toks: Toks, chosen: list[RuleSpan]) -> list[RuleSpan]:
    """A nickname in quotes between a first name and a surname is part of the person's name:
    `Gaetano "Manuzza" Marino` is one mention, not two or three."""
    out = list(chosen)
    for cand in chosen:
        if cand.label != "PER":
            continue
        first = next((k for k in range(cand.start - 4, cand.end) if _is_nickname_name_at(toks, k)), None)
        if first is None:
            continue
        start, end = first, first + 5
        overlapping = [o for o in out if o.start < end and start < o.end]
        if all(o.label == "PER" for o in overlapping):
            out = [o for o in out if o not in overlapping] + [RuleSpan(start, end, "PER", cand.priority)]
    return sorted(out, key=lambda c: c.start)


def is_full_person_name(words: list[str], patterns: EntityPatterns) -> bool:
    """A name whose last word may stand alone for the person (`Fabrizio Sala`, not `Machine Learning`):
    two to four capitalised words or particles, no role word, the last not shaped like an abstract noun,
    and not only dictionary words unless the first is a known first name."""
    if not 2 <= len(words) <= MAX_PERSON_NAME_WORDS:
        return False
    if not all(w[:1].isupper() or w in PERSON_PARTICLES for w in words) or not words[-1][:1].isupper():
        return False
    lows = [w.lower() for w in words]
    if any(w in patterns.person_titles or w in TITLE_MODIFIERS for w in lows):
        return False
    if len(lows[-1]) > MIN_ENDING_WORD_LENGTH and lows[-1].endswith(patterns.noun_endings):
        return False
    dictionary = [w in patterns.common_words or w in patterns.english_words for w in lows]
    return words[0] in patterns.first_names or not all(dictionary)


def first_name_before_particle(
    toks: Toks, chosen: list[RuleSpan], patterns: EntityPatterns
) -> list[RuleSpan]:
    """A person's mention that opens with a surname's particle (`Di Stefano`, `Del Vecchio`, `La Russa`)
    takes the capitalised word right before it, the first name (`Manlio Di Stefano`), unless that word
    is a role, a place or part of another mention."""
    taken = {i for c in chosen for i in range(c.start, c.end)}
    out = []
    for c in chosen:
        k = c.start - 1
        if (
            c.label == "PER"
            and c.end - c.start >= 2
            and toks[c.start].text in PERSON_PARTICLES
            and k >= 0
            and k not in taken
            and toks[k].is_title
            and toks[k].is_alpha
            and toks[k].whitespace_
            and not _is_role(toks[k], patterns)
            and toks[k].text not in PERSON_PARTICLES
            and toks[k].text not in patterns.places
        ):
            c = _with(c, k, c.end)
        out.append(c)
    return out
