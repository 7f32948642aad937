"""A town or a country that plays is its team, a body (GUIDELINE.md §4: a place that acts is ORG): `in
forza al [Marsiglia]`, `la maglia del [Como]`, `il derby tra [Lazio] e [Roma]`, `[Modena] batte
[Piacenza]`, `[Perugia] vince gara-5`. In the corpus's train, dev and reserve sentences, 37 of the 39 names
right before `batte`, `vince`, `supera`, `travolge`, `ha battuto`, `ha vinto` are bodies, and so are all
eleven after `in forza al`, `la maglia del`, `derby tra`, `partita tra`, `battuto il`. The recognizer
and the model of places that act read some of them as places; this makes them bodies.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.extract.entity_names import next_word, previous_word
from pipeline.extract.entity_tokens import RuleSpan, Toks, plain_lower

# verbs after a team that plays (the second word, when two, after `ha` or `si`)
_PLAYING_VERBS = frozenset({"batte", "vince", "pareggia", "espugna", "supera", "travolge"})
_PLAYING_PERFECTS = frozenset({("ha", "battuto"), ("ha", "vinto"), ("si", "impone")})
# words before a team: (word before the link, link)
_TEAM_LINKS = frozenset(
    {("maglia", link) for link in ("del", "della", "dello", "dell'")}
    | {("forza", link) for link in ("al", "alla", "allo", "all'")}
    | {(word, link) for word in ("derby", "partita", "finale", "sfida") for link in ("tra", "fra")}
    | {(word, link) for word in ("batte", "battuto") for link in ("il", "la", "lo", "l'")}
)


def _word(toks: Toks, k: int | None) -> str:
    return plain_lower(toks[k].lower_) if k is not None else ""


def _plays_after(toks: Toks, c: RuleSpan) -> bool:
    """A playing verb right after the mention (`Modena batte`, `il Napoli ha battuto`)."""
    first = next_word(toks, c.end, False)
    second = next_word(toks, first + 1, False) if first is not None else None
    return (
        _word(toks, first) in _PLAYING_VERBS or (_word(toks, first), _word(toks, second)) in _PLAYING_PERFECTS
    )


def _team_before(toks: Toks, start: int) -> bool:
    """A team's words right before the mention (`in forza al`, `derby tra`), or a bare playing verb
    (`Modena batte Piacenza`)."""
    link = previous_word(toks, start)
    word = previous_word(toks, link) if link is not None else None
    return (_word(toks, word), _word(toks, link)) in _TEAM_LINKS or _word(toks, link) == "batte"


def places_as_teams(toks: Toks, chosen: list[RuleSpan]) -> list[RuleSpan]:
    """The mentions with every place that plays made a body, and the place joined to it by `e` after
    `tra` (`il derby tra Lazio e Roma`)."""
    teams: set[int] = set()
    for c in chosen:
        if c.label != "LOC" or not (_plays_after(toks, c) or _team_before(toks, c.start)):
            continue
        teams.add(c.start)
        joined = next_word(toks, c.end, False)
        if (
            joined is not None
            and _word(toks, joined) == "e"
            and _word(toks, previous_word(toks, c.start)) in ("tra", "fra")
        ):
            second = next_word(toks, joined + 1, False)
            if second is not None:
                teams.add(second)
    return [replace(c, label="ORG") if c.label == "LOC" and c.start in teams else c for c in chosen]
