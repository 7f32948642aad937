"""The spaCy pipeline of the entity stage: blank Italian, the shipped NER model, then the rules."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import compile_suffix_regex

from pipeline.extract.entity_patterns import (
    Candidate,
    EntityPatterns,
    Toks,
    load_patterns,
    make_phrase_matchers,
    span_text,
    view_tokens,
)
from pipeline.extract.entity_rules import (
    find_rule_candidates,
    is_plausible_model_span,
    lower_words,
    select_outermost,
)

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).parent / "model"
NER_NAME = "pipeline_entity_ner"
RULES_NAME = "pipeline_entity_rules"
RULES_FACTORY = "pipeline_entity_rules_v1"
SPAN_KEY = "entities"
BARE_HEAD_KB_ID = "bare-head"
# rules at or above this priority beat the statistical model; weaker ones (single gazetteer words,
# acronyms) compete with it on length
STRONG_PRIORITY = 30
MODEL_PRIORITY = 5
# exact names from the gazetteers (known bodies and their short forms, the IPA registry, programmes)
KNOWN_NAME_PRIORITIES = frozenset({46, 48})
MODEL_LABELS = frozenset({"PER", "ORG", "LOC", "PROGRAMME"})
# `Direttiva (UE) 2019/1024`, `Regolamento (CE) n. 1083/2006`: the body code of an act's number
ACT_BODY_CODES = frozenset({"UE", "CE", "EU", "CEE", "EC"})
ACT_NUMBER_RE = re.compile(r"^(n\.?|N\.?|\d)")
CODE_FINAL_DOT = r"(?<=[A-Z0-9][A-Z0-9])\."
# spaCy strips prefixes and suffixes one at a time, copying the rest of the word each time: a word of
# n punctuation characters costs O(n^2) (a 30 KB run of "[" takes minutes). The tokenizer sees runs of
# punctuation longer than MAX_PUNCT_RUN as spaces (one token), and other runs without spaces cut every
# MAX_WORD_CHARS characters; no real word, URL or dot leader is hurt by either.
MAX_PUNCT_RUN = 20
MAX_WORD_CHARS = 100
_PUNCT_RUN = re.compile(r"(?:[^\w\s]|_){" + str(MAX_PUNCT_RUN + 1) + ",}")
_LONG_RUN = re.compile(r"(?<!\S)\S{" + str(MAX_WORD_CHARS + 1) + ",}")


def tokenizer_view(text: str) -> str:
    """What the tokenizer sees of `text`: long punctuation runs blanked, long words cut, same length.

    The length is unchanged, so every offset into the result is an offset into `text`; the quotes
    of the records are taken from `text`.

    >>> tokenizer_view("Lombardia" + "." * 30 + "12") == "Lombardia" + " " * 30 + "12"
    True
    >>> tokenizer_view("a " + "x" * 250) == "a " + ("x" * 100 + " ") * 2 + "x" * 48
    True
    """

    def cut(match: re.Match[str]) -> str:
        run = list(match.group())
        every = run[MAX_WORD_CHARS :: MAX_WORD_CHARS + 1]
        run[MAX_WORD_CHARS :: MAX_WORD_CHARS + 1] = " " * len(every)
        return "".join(run)

    text = _PUNCT_RUN.sub(lambda m: " " * len(m.group()), text)
    return _LONG_RUN.sub(cut, text)


class GuardedTokenizer:
    """The pipeline's tokenizer on `tokenizer_view(text)`: linear on any input, same offsets."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc: Doc = self.tokenizer(tokenizer_view(text))
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        """Tokenize a stream of texts."""
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> Any:
        # serialisation and the tokenizer's settings go to the wrapped tokenizer
        return getattr(self.tokenizer, name)


class EntityRules:
    """Merges rule candidates with the statistical model's entities into doc.spans["entities"]."""

    def __init__(self, nlp: Language, name: str, precedence: str = "longest") -> None:
        self.name = name
        self.precedence = precedence
        self.patterns: EntityPatterns = load_patterns()
        self.matchers: dict[str, PhraseMatcher] = make_phrase_matchers(nlp.vocab, self.patterns)

    def __call__(self, doc: Doc) -> Doc:
        toks = view_tokens(doc)
        found = find_rule_candidates(doc, self.matchers, self.patterns, toks)
        model = [
            Candidate(e.start, e.end, e.label_, MODEL_PRIORITY) for e in doc.ents if e.label_ in MODEL_LABELS
        ]
        if self.precedence == "rules":
            if model:
                doc_lower = lower_words(toks)
                model = [c for c in model if is_plausible_model_span(toks, c, self.patterns, doc_lower)]
            chosen = merge_candidates(found, model)
        else:
            model = [
                _take_hyphenated_rest(toks, c)
                for c in model
                if not _is_furniture(toks, c, self.patterns)
                # a person must look like a name, not a capitalised heading or topic (`Tecnologie`,
                # `Digital Health`), which brochures are full of
                and not (c.label == "PER" and _is_all_dictionary_words(toks, c, self.patterns))
            ]
            chosen = merge_model_first(toks, found, model, mode=self.precedence)
            chosen = [c for c in chosen if not _is_act_identifier(toks, c)]
            chosen = add_bracketed_acronyms(toks, chosen)
        chosen = add_surname_mentions(doc, chosen)
        doc.spans[SPAN_KEY] = [
            Span(doc, c.start, c.end, label=c.label, kb_id=BARE_HEAD_KB_ID if c.bare_head else "")
            for c in chosen
        ]
        return doc


def merge_candidates(rules: list[Candidate], model: list[Candidate]) -> list[Candidate]:
    """Strong rules first; then the model and the weak rules where no strong rule is."""
    strong = select_outermost(c for c in rules if c.priority >= STRONG_PRIORITY)
    taken = {i for c in strong for i in range(c.start, c.end)}
    weak = [c for c in rules if c.priority < STRONG_PRIORITY] + model
    rest = [c for c in select_outermost(weak) if not taken.intersection(range(c.start, c.end))]
    return sorted(strong + rest, key=lambda c: c.start)


def _is_all_dictionary_words(toks: Toks, cand: Candidate, patterns: EntityPatterns) -> bool:
    """Every word of the mention is a dictionary word (Italian or English) and none a first name:
    `Tecnologie`, `Digital Health`. A surname that is also a word (`Sala`) comes back through
    `add_surname_mentions` when the document names the person in full."""
    words = [t for t in toks[cand.start : cand.end] if t.is_alpha]
    return bool(words) and all(
        (t.lower_ in patterns.common_words or t.lower_ in patterns.english_words)
        and t.text not in patterns.first_names
        for t in words
    )


def _is_furniture(toks: Toks, cand: Candidate, patterns: EntityPatterns) -> bool:
    """Page furniture and legal-act acronyms the model may take for a name (`MORE`, `DPCM`)."""
    text = span_text(toks, cand.start, cand.end)
    return text in patterns.acronym_stoplist or text.lower() in patterns.furniture_words


def _take_hyphenated_rest(toks: Toks, cand: Candidate) -> Candidate:
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
    return cand if end == cand.end else Candidate(cand.start, end, cand.label, cand.priority, cand.bare_head)


def _is_act_identifier(toks: Toks, cand: Candidate) -> bool:
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


def _is_one_plain_word(toks: Toks, cand: Candidate) -> bool:
    text = span_text(toks, cand.start, cand.end)
    return cand.end - cand.start == 1 and not text.isupper()


def merge_model_first(
    toks: Toks, rules: list[Candidate], model: list[Candidate], *, mode: str
) -> list[Candidate]:
    """Known names first (exact gazetteer matches), then by `mode`: "model" (the model, then the strong
    rules where it found nothing), "longest" (the longest of the model's and the strong rules' mentions)
    or "model-only"."""
    # a known name of one capitalised word (`Sapienza`, `Bocconi`) may be a surname or a place: it
    # competes with the model on length instead of overriding it; longer names and acronyms override.
    # A longer strong rule's mention (a head word before the name) keeps the name whole
    longer = [c for c in rules if c.priority >= STRONG_PRIORITY]
    sure = [
        c
        for c in rules
        if c.priority in KNOWN_NAME_PRIORITIES
        and not _is_one_plain_word(toks, c)
        # the whole name wins: `Politecnico di Milano` inside `Fondazione Politecnico di Milano`
        and not any(
            o.start <= c.start and c.end <= o.end and o.end - o.start > c.end - c.start for o in longer
        )
    ]
    known = select_outermost(sure)
    chosen = list(known)
    taken = {i for c in known for i in range(c.start, c.end)}
    strong = [c for c in rules if c.priority >= STRONG_PRIORITY and c not in sure]
    # the weak rules (acronyms, gazetteer places) are left out: on the dev split they take the platforms
    # and codes of public-administration text for organisations and cost more than they add on news
    # a bare head noun (`la Regione`) fills in last: it only stands for a body the document names
    bare_heads = [c for c in rules if c.bare_head]
    layers = {
        "model": [model, strong, bare_heads],
        "longest": [model + strong, bare_heads],
        "model-only": [model],
    }[mode]
    for layer in layers:
        for c in select_outermost(layer):
            if not taken.intersection(range(c.start, c.end)):
                chosen.append(c)
                taken.update(range(c.start, c.end))
    # a bare head noun the model also found (`la Regione`) keeps the rule's mark, so that it points to
    # the named body of the document, or is dropped when there is none
    bare = {(c.start, c.end): c for c in rules if c.bare_head}
    chosen = [bare.get((c.start, c.end), c) if c.label == "ORG" else c for c in chosen]
    return sorted(chosen, key=lambda c: c.start)


def add_bracketed_acronyms(toks: Toks, chosen: list[Candidate]) -> list[Candidate]:
    """An acronym in brackets right after a name is a mention of the same kind (GUIDELINE.md §0):
    `Associazione Fabbrica Intelligente Lombardia (AFIL)` gives two ORG mentions."""
    taken = {i for c in chosen for i in range(c.start, c.end)}
    extra = []
    for c in chosen:
        if c.label not in ("ORG", "PROGRAMME") or c.end + 2 >= len(toks):
            continue
        open_, word, close = toks[c.end], toks[c.end + 1], toks[c.end + 2]
        if (
            open_.text == "("
            and close.text == ")"
            and word.i not in taken
            and 2 <= len(word.text) <= 12
            and sum(ch.isupper() for ch in word.text) >= 2
            and word.text[:1].isupper()
            and not word.text.isdigit()
        ):
            extra.append(Candidate(word.i, word.i + 1, c.label, MODEL_PRIORITY))
    return sorted(chosen + extra, key=lambda c: c.start) if extra else chosen


def add_surname_mentions(doc: Doc, chosen: list[Candidate]) -> list[Candidate]:
    """A surname alone after a full name in the document is a person too (`Sala` after `Fabrizio Sala`).

    It also wins over a weak single-word guess: `Monti` after `Mario Monti` is not the town of Monti.
    """
    surnames = {
        doc[c.end - 1].text
        for c in chosen
        if c.label == "PER" and c.end - c.start >= 2 and doc[c.end - 1].is_alpha and doc[c.end - 1].is_title
    }
    if not surnames:
        return chosen
    kept = [
        Candidate(c.start, c.end, "PER", c.priority)
        if c.end - c.start == 1 and c.priority < STRONG_PRIORITY and doc[c.start].text in surnames
        else c
        for c in chosen
    ]
    taken = {i for c in kept for i in range(c.start, c.end)}
    extra = [
        Candidate(t.i, t.i + 1, "PER", MODEL_PRIORITY) for t in doc if t.text in surnames and t.i not in taken
    ]
    return sorted(kept + extra, key=lambda c: c.start)


@Language.factory(RULES_FACTORY, default_config={"precedence": "longest"})
def make_entity_rules(nlp: Language, name: str, precedence: str) -> EntityRules:
    """Factory of the rules component.

    `precedence`: "model", "longest" or "model-only" (see `merge_model_first`), or "rules" (the rules
    first, the model filling in).
    """
    return EntityRules(nlp, name, precedence)


def _split_final_dot_after_codes(nlp: Language) -> None:
    """Split the full stop off an upper-case code: `LE2C.` -> `LE2C` `.` (blank Italian keeps it whole)."""
    suffixes = [*(nlp.Defaults.suffixes or ()), CODE_FINAL_DOT]
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search


def build_nlp(*, model: bool = True, precedence: str = "longest", model_dir: Path = MODEL_DIR) -> Language:
    """The entity pipeline: blank Italian, the shipped NER model, then the rules.

    Args:
        model: include the statistical model (False gives the rules alone).
        precedence: how rules and model combine (see `make_entity_rules`).
        model_dir: where the trained model is (the shipped one by default).

    Returns:
        A Language whose docs carry their entity mentions in doc.spans["entities"].
    """
    nlp = spacy.blank("it")
    _split_final_dot_after_codes(nlp)
    if not model:
        pass
    elif (model_dir / "config.cfg").exists():
        trained = spacy.load(model_dir)
        nlp.add_pipe("ner", name=NER_NAME, source=trained)
    else:
        log.warning("no entity model in %s; using rules only", model_dir)
    nlp.add_pipe(RULES_FACTORY, name=RULES_NAME, config={"precedence": precedence})
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    nlp.tokenizer = GuardedTokenizer(tokenizer)
    return nlp
