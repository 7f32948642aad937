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

from pipeline.extract.entity_articles import articles_in_names
from pipeline.extract.entity_clauses import split_coordinated_bodies
from pipeline.extract.entity_datelines import datelines
from pipeline.extract.entity_events import places_in_event_names
from pipeline.extract.entity_fill import (
    acronyms_after_roles,
    address_places,
    affiliations_in_brackets,
    located_places,
    places_read_as_people,
    province_codes,
    road_codes,
    scores_off_names,
    spelled_out_acronyms,
)
from pipeline.extract.entity_kinds import bodies_after_kind_nouns
from pipeline.extract.entity_lines import soft_breaks_as_spaces
from pipeline.extract.entity_merge import (
    add_bracketed_acronyms,
    add_repeated_body_names,
    add_surname_mentions,
    known_names_only_in_capitals,
    merge_candidates,
    merge_model_first,
    split_at_seats,
    whole_place_names,
)
from pipeline.extract.entity_model import EntityModel
from pipeline.extract.entity_model_checks import (
    is_act_identifier,
    is_letter_label,
    is_plausible_model_span,
    lower_words,
)
from pipeline.extract.entity_monuments import venues_as_places, whole_monuments
from pipeline.extract.entity_name_kinds import WEIGHTS as NAME_KINDS
from pipeline.extract.entity_name_kinds import WEIGHTS_NAME as NAME_KINDS_FILE
from pipeline.extract.entity_name_kinds import NameKinds, load_name_kinds
from pipeline.extract.entity_patterns import EntityPatterns, load_patterns, make_phrase_matchers
from pipeline.extract.entity_people import (
    nicknames,
    no_people_after_articles,
    people_after_bodies,
    people_by_age,
)
from pipeline.extract.entity_place_roles import PlaceRoles, load_place_roles
from pipeline.extract.entity_priorities import PRIORITY
from pipeline.extract.entity_rules import find_rule_candidates
from pipeline.extract.entity_seats import seats_apart
from pipeline.extract.entity_spans import clean_model_mentions, first_name_before_particle, join_nicknames
from pipeline.extract.entity_teams import places_as_teams
from pipeline.extract.entity_tokens import RuleSpan, TokenTable, take_lines

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).parent / "model"
# the directory, inside the model's, of the recognizer for lines written in capitals
CAPITALS = "capitals"
NER_NAME = "pipeline_entity_ner"
NER_FACTORY = "pipeline_entity_ner_v1"
RULES_NAME = "pipeline_entity_rules"
RULES_FACTORY = "pipeline_entity_rules_v1"
SPAN_KEY = "entities"
BARE_HEAD_KB_ID = "bare-head"
MODEL_LABELS = frozenset({"PER", "ORG", "LOC", "PROGRAMME"})
CODE_FINAL_DOT = r"(?<=[A-Z0-9][A-Z0-9])\."
# spaCy strips prefixes and suffixes one at a time, copying the rest of the word each time: a word of
# n punctuation characters costs O(n^2) (a 30 KB run of "[" takes minutes). The tokenizer sees runs of
# punctuation longer than MAX_PUNCT_RUN as spaces (one token), and other runs without spaces cut every
# MAX_WORD_CHARS characters; no real word, URL or dot leader is hurt by either.
MAX_PUNCT_RUN = 20
MAX_WORD_CHARS = 100
# spaCy's tokenizer keeps the split of at most this many distinct words (its default is 10,000): beyond
# that it splits every new word again with its prefix, suffix and infix patterns. About 60 bytes a word.
TOKENIZER_CACHE_WORDS = 100_000
_PUNCT_RUN = re.compile(r"(?:[^\w\s]|_){" + str(MAX_PUNCT_RUN + 1) + ",}")
_LONG_RUN = re.compile(r"(?<!\S)\S{" + str(MAX_WORD_CHARS + 1) + ",}")
# both kinds of run lie inside a run of non-space characters at least this long
_GUARDED_RUN = re.compile(r"\S{" + str(min(MAX_PUNCT_RUN, MAX_WORD_CHARS) + 1) + ",}")


def tokenizer_view(text: str) -> str:
    """What the tokenizer sees of `text`: long punctuation runs blanked, long words cut, the line breaks
    inside a sentence made spaces (`entity_lines.soft_breaks_as_spaces`), same length.

    The length is unchanged, so every offset into the result is an offset into `text`; the quotes
    of the records are taken from `text`.

    >>> tokenizer_view("Lombardia" + "." * 30 + "12") == "Lombardia" + " " * 30 + "12"
    True
    >>> tokenizer_view("a " + "x" * 250) == "a " + ("x" * 100 + " ") * 2 + "x" * 48
    True
    """
    return soft_breaks_as_spaces(_GUARDED_RUN.sub(_guard_run, text))


def _guard_run(match: re.Match[str]) -> str:
    """`tokenizer_view` of one run of non-space characters (each kind of run lies inside one)."""
    run = _PUNCT_RUN.sub(lambda m: " " * len(m.group()), match.group())
    return _LONG_RUN.sub(_cut_long_word, run)


def _cut_long_word(match: re.Match[str]) -> str:
    run = list(match.group())
    every = run[MAX_WORD_CHARS :: MAX_WORD_CHARS + 1]
    run[MAX_WORD_CHARS :: MAX_WORD_CHARS + 1] = " " * len(every)
    return "".join(run)


class GuardedTokenizer:
    """The pipeline's tokenizer on `tokenizer_view(text)`: linear on any input, same offsets.

    spaCy's tokenizer keeps the split of each word (run of non-space characters) in a cache, but only
    until the first special case of a text (a line break, `art.`, `n.`, `'`): after it, every word of
    that text is split again with the prefix, suffix and infix patterns, text after text (most of the
    tokenizer's time). So each word not seen before is first tokenized on its own, which caches its
    split unless the word itself holds a special case. The tokens are the same: the cache holds what
    the patterns give for the word, wherever it stands.
    """

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        # the words tokenized on their own so far (at most the tokenizer's cache size)
        self._seen: set[str] = set()

    def __call__(self, text: str) -> Doc:
        view = tokenizer_view(text)
        self._cache_new_words(view)
        doc: Doc = self.tokenizer(view)
        return doc

    def _cache_new_words(self, view: str) -> None:
        new = set(view.split()).difference(self._seen)
        room = self.tokenizer.max_cache_size - len(self._seen)
        if not new or room <= 0:
            return
        if len(new) > room:
            new = set(sorted(new)[:room])
        for word in new:
            self.tokenizer(word)
        self._seen.update(new)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        """Tokenize a stream of texts."""
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> Any:
        # serialisation and the tokenizer's settings go to the wrapped tokenizer
        return getattr(self.tokenizer, name)


class EntityRules:
    """Merges rule candidates with the statistical model's entities into doc.spans["entities"]."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        precedence: str = "longest",
        place_roles: bool = True,
        name_kinds: str = str(NAME_KINDS),
    ) -> None:
        self.name = name
        self.precedence = precedence
        self.place_roles: PlaceRoles | None = load_place_roles() if place_roles else None
        self.name_kinds: NameKinds | None = load_name_kinds(Path(name_kinds)) if name_kinds else None
        self.patterns: EntityPatterns = load_patterns()
        self.matchers: dict[str, PhraseMatcher] = make_phrase_matchers(nlp.vocab, self.patterns)
        self.tokens = TokenTable()

    def __call__(self, doc: Doc) -> Doc:
        toks, capitals = take_lines(doc, self.tokens)
        found = find_rule_candidates(doc, self.matchers, self.patterns, toks)
        found = [c for c in found if not is_letter_label(toks, c, self.patterns)]
        found += address_places(toks, found)
        if self.precedence != "rules":
            found = known_names_only_in_capitals(toks, found, capitals)
        model = [
            RuleSpan(e.start, e.end, e.label_, PRIORITY.model) for e in doc.ents if e.label_ in MODEL_LABELS
        ]
        if self.precedence == "rules":
            if model:
                doc_lower = lower_words(toks)
                model = [c for c in model if is_plausible_model_span(toks, c, self.patterns, doc_lower)]
            chosen = merge_candidates(found, model)
        else:
            model = clean_model_mentions(toks, model, self.patterns)
            chosen = merge_model_first(toks, found, model, mode=self.precedence)
            chosen = [c for c in chosen if not is_act_identifier(toks, c)]
            chosen = add_bracketed_acronyms(toks, chosen, self.patterns.acronym_stoplist)
            chosen = join_nicknames(toks, chosen)
            chosen = first_name_before_particle(
                toks, people_after_bodies(toks, chosen, self.patterns), self.patterns
            )
            chosen = spelled_out_acronyms(toks, found, chosen)
            chosen = acronyms_after_roles(toks, found, chosen, self.patterns.person_titles)
            chosen = seats_apart(toks, split_at_seats(toks, found, chosen), self.patterns)
            chosen = whole_place_names(toks, found, chosen)
            chosen = located_places(toks, found, chosen)
            chosen = road_codes(toks, scores_off_names(toks, chosen))
            chosen = places_read_as_people(toks, chosen, self.patterns)
            chosen = bodies_after_kind_nouns(toks, chosen, self.patterns, capitals)
            chosen = nicknames(toks, people_by_age(toks, chosen, self.patterns, capitals))
            if self.place_roles is not None:
                chosen = self.place_roles.relabel(doc, chosen)
            if self.name_kinds is not None:
                chosen = self.name_kinds.relabel(doc, chosen)
            chosen = articles_in_names(toks, whole_monuments(toks, chosen, self.patterns), capitals)
            chosen = places_as_teams(toks, venues_as_places(toks, chosen))
            chosen = split_coordinated_bodies(toks, chosen, self.patterns)
            chosen = no_people_after_articles(toks, places_in_event_names(toks, chosen))
            chosen = province_codes(toks, datelines(toks, chosen, self.patterns), self.patterns)
        chosen = add_surname_mentions(toks, chosen, self.patterns)
        chosen = add_repeated_body_names(toks, chosen, self.patterns, capitals)
        if self.precedence != "rules":
            chosen = affiliations_in_brackets(toks, chosen, self.patterns)
        doc.spans[SPAN_KEY] = [
            Span(doc, c.start, c.end, label=c.label, kb_id=BARE_HEAD_KB_ID if c.bare_head else "")
            for c in chosen
        ]
        return doc


@Language.factory(NER_FACTORY, default_config={"model_dir": str(MODEL_DIR)})
def make_entity_model(nlp: Language, name: str, model_dir: str) -> EntityModel:
    """Factory of the NER component: the recognizer of the trained pipeline in `model_dir`, and the one
    for lines in capitals in its `capitals/` directory when there is one."""
    directories = [Path(model_dir)]
    if (Path(model_dir) / CAPITALS / "config.cfg").exists():
        directories.append(Path(model_dir) / CAPITALS)
    recognizers = []
    for directory in directories:
        trained = spacy.load(directory)
        for string in trained.vocab.strings:  # as for a component sourced from another pipeline
            nlp.vocab.strings.add(string)
        recognizers.append(trained.get_pipe("ner"))
    return EntityModel(recognizers[0], name, recognizers[1] if len(recognizers) > 1 else None)


@Language.factory(
    RULES_FACTORY,
    default_config={"precedence": "longest", "place_roles": True, "name_kinds": str(NAME_KINDS)},
)
def make_entity_rules(
    nlp: Language, name: str, precedence: str, place_roles: bool, name_kinds: str
) -> EntityRules:
    """Factory of the rules component.

    `precedence`: "model", "longest" or "model-only" (see `merge_model_first`), or "rules" (the rules
    first, the model filling in). `place_roles`: whether the model of places that act decides LOC or
    ORG for the mentions of place names (`entity_place_roles`; not with "rules"). `name_kinds`: the
    weights of the models of name kinds, a person's, a body's or a place's (`entity_name_kinds`; not
    with "rules"), "" for none.
    """
    return EntityRules(nlp, name, precedence, place_roles, name_kinds)


def _split_final_dot_after_codes(nlp: Language) -> None:
    """Split the full stop off an upper-case code: `LE2C.` -> `LE2C` `.` (blank Italian keeps it whole)."""
    suffixes = [*(nlp.Defaults.suffixes or ()), CODE_FINAL_DOT]
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search


def build_nlp(
    *,
    model: bool = True,
    precedence: str = "longest",
    model_dir: Path = MODEL_DIR,
    place_roles: bool = True,
    name_kinds: bool = True,
) -> Language:
    """The entity pipeline: blank Italian, the shipped NER model, then the rules.

    Args:
        model: include the statistical model (False gives the rules alone).
        precedence: how rules and model combine (see `make_entity_rules`).
        model_dir: where the trained model is (the shipped one by default).
        place_roles: let the model of places that act label the mentions of place names.
        name_kinds: let the models of name kinds relabel the mentions they are sure of; their weights
            are the recognizer directory's own `name_kinds.json` when it has one (a fold's).

    Returns:
        A Language whose docs carry their entity mentions in doc.spans["entities"].
    """
    nlp = spacy.blank("it")
    _split_final_dot_after_codes(nlp)
    if not model:
        pass
    elif (model_dir / "config.cfg").exists():
        nlp.add_pipe(NER_FACTORY, name=NER_NAME, config={"model_dir": str(model_dir)})
    else:
        log.warning("no entity model in %s; using rules only", model_dir)
    own = model_dir / NAME_KINDS_FILE
    kinds = (str(own) if own.exists() else str(NAME_KINDS)) if name_kinds else ""
    nlp.add_pipe(
        RULES_FACTORY,
        name=RULES_NAME,
        config={"precedence": precedence, "place_roles": place_roles, "name_kinds": kinds},
    )
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    tokenizer.max_cache_size = TOKENIZER_CACHE_WORDS
    nlp.tokenizer = GuardedTokenizer(tokenizer)
    return nlp
