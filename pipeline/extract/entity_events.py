"""A place inside the name of an event, a race or a treaty is not separate (GUIDELINE.md §6: `Rally di
Argentina`, nothing): the place after `Rally di`, `Giro di`, `Trattato di`, `Coppa di`, `Festival di`,
`Expo di`, `Gran Premio di` is no mention. In the corpus's train, dev and reserve sentences no place
after these heads is a mention but one, after a head in lower case (`i rally di Finlandia`); heads
whose place the corpus marks as often as not (`Olimpiadi di Pechino`, `strage di Capaci`, `torneo di
Wimbledon`, `Palio di Siena`) are left to the recognizer.
"""

from __future__ import annotations

from pipeline.extract.entity_names import previous_word
from pipeline.extract.entity_parts import GENITIVE_LINKS
from pipeline.extract.entity_tokens import RuleSpan, Toks, plain_lower

EVENT_HEADS = frozenset(
    {"rally", "giro", "trattato", "trattati", "coppa", "festival", "expo", "gp", "premio"}
)
# the heads that name an event in lower case too (`i trattati di Roma`; `i rally di Finlandia` are races
# held there, and the corpus marks the place)
LOWER_CASE_HEADS = frozenset({"trattato", "trattati"})


def places_in_event_names(toks: Toks, chosen: list[RuleSpan]) -> list[RuleSpan]:
    """The mentions without the places right after an event's head and its link (`il Rally di Gran
    Bretagna`, `i trattati di Roma`)."""
    return [c for c in chosen if not (c.label == "LOC" and _after_event_head(toks, c.start))]


def _after_event_head(toks: Toks, start: int) -> bool:
    link = previous_word(toks, start)
    head = previous_word(toks, link) if link is not None else None
    return (
        link is not None
        and head is not None
        and plain_lower(toks[link].lower_) in GENITIVE_LINKS
        and plain_lower(toks[head].lower_) in EVENT_HEADS
        and (toks[head].is_cap or toks[head].lower_ in LOWER_CASE_HEADS)
        and (toks[head].lower_ != "premio" or (head > 0 and toks[head - 1].lower_ == "gran"))
    )
