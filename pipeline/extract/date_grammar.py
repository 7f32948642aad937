"""The date grammar: the forms a written date takes, as a table tried in order.

Each form is a name and a regex with named slots ('day', 'month', 'year', 'end_day'...); its builder is
in date_builders.py. The table compiles to one regex whose outer groups are the form names, so
`match.lastgroup` is the form that matched and `Slots` reads its parts by slot name. The words (months,
seasons, the links between the ends of an interval) are data in lang/it (months.json,
date_grammar.json, relative_dates.json).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pipeline.extract.numbers import trie_pattern
from pipeline.lang import load_json

_MONTH_DATA: dict[str, Any] = load_json("months.json")
_WORDS: dict[str, list[str]] = load_json("date_grammar.json")
RELATIVE_EXPRESSIONS: list[dict[str, Any]] = load_json("relative_dates.json")["expressions"]
MONTHS: dict[str, int] = _MONTH_DATA["names"]
MONTH_ABBREVIATIONS: dict[str, int] = _MONTH_DATA["abbreviations"]
ENGLISH_MONTHS: frozenset[str] = frozenset(_MONTH_DATA["english"])
SEASONS: dict[str, str] = _MONTH_DATA["seasons"]
SEASON_MONTHS: dict[str, list[int]] = _MONTH_DATA["season_months"]
YEAR_PARTS: dict[str, list[int]] = _MONTH_DATA["parts"]
FIRST_DAY_WORDS: frozenset[str] = frozenset(_WORDS["first_day"])

# spaces, perhaps across one line break
SP = r"(?:[ ]+(?:\n[ ]*)?|\n[ ]*)"
# not followed by a letter (superscript footnote marks are fine)
NL = r"(?![^\W\d_¹²³⁴⁵⁶⁷⁸⁹⁰])"
# not preceded by a letter
NB = r"(?<![^\W\d_])"


def any_word(words: list[str] | set[str] | frozenset[str]) -> str:
    """A regex matching any of `words`, a space in them matching spaces across one line break."""
    return trie_pattern(words).replace(r"\ ", SP)


def words_in_order(words: list[str]) -> str:
    """A regex trying `words` in the order given, a space in them matching one space."""
    return "(?:" + "|".join(re.escape(word).replace(r"\ ", "[ ]") for word in words) + ")"


def relative_pattern(pattern: str) -> str:
    """The regex of a relative expression of relative_dates.json ("quest'anno" also "quest' anno")."""
    return pattern.replace(" ", SP).replace("'", "'[ ]?")


MONTH = r"(?i:" + any_word(set(MONTHS)) + ")" + NL
ABBREVIATED_MONTH = r"(?i:" + any_word(set(MONTH_ABBREVIATIONS)) + r")(?:\.|" + NL + ")"
DAY = r"(?<![0-9.,/])(?:[12][0-9]|3[01]|0?[1-9])(?:°|º)?(?![0-9])"
# a news agency writes the month in three capitals: `BARI, 04 MAR -` opens a dispatch, `04-MAR-25 12:31`
# closes it; in capitals and in those places an abbreviation is a month
AGENCY_MONTH = (
    "(?:" + "|".join(sorted((w.upper() for w in MONTH_ABBREVIATIONS if len(w) == 3), reverse=True)) + ")"
    r"(?![A-Za-z])"
)
DAY_WORD = r"(?:" + DAY + r"|" + NB + r"(?i:" + words_in_order(_WORDS["first_day"]) + ")" + NL + ")"
YEAR = r"(?<![0-9.,/])(?:1[6-9][0-9]{2}|20[0-9]{2})(?![0-9])(?![.,][0-9])"
SHORT_YEAR = r"'[0-9]{2}(?![0-9])"
# the second year of a period: four digits, or two after a dash or slash ('2021-27')
END_YEAR = r"(?:1[6-9]|20)[0-9]{2}(?![0-9])(?![.,][0-9])|(?<=[-/])[0-9]{2}(?![0-9])(?![.,][0-9])"
SEASON = r"(?i:" + any_word(set(SEASONS)) + ")" + NL
YEAR_PART = r"(?i:" + any_word(set(YEAR_PARTS)) + ")" + NL
# the link between the two days of an interval: a dash, 'al', "all'", 'e il'
DAY_LINK = (
    r"(?:[ ]*-[ ]*|"
    + SP
    + r"(?i:"
    + words_in_order(_WORDS["day_links"])
    + ")"
    + SP
    + "|"
    + SP
    + r"(?i:"
    + words_in_order(_WORDS["day_links_elided"])
    + ")[ ]*)"
)
MONTH_LINK = r"(?:[ ]*[-/][ ]*|" + SP + r"(?i:" + words_in_order(_WORDS["month_links"]) + ")" + SP + ")"
YEAR_LINK = (
    r"(?:[ ]*[-/][ ]*(?:\n[ ]*)?|" + SP + r"(?i:" + words_in_order(_WORDS["year_links"]) + ")" + SP + ")"
)
# 'del' between a day and month and its year
DAY_YEAR_LINK = r"(?:(?i:" + words_in_order(_WORDS["day_year_links"]) + ")" + SP + ")?"
# 'del', "dell'" between a month, season or part of a year and its year
NAME_YEAR_LINK = r"(?:(?i:" + words_in_order(_WORDS["year_links_after_name"]) + ")[ ]*)?"
RELATIVE = "|".join("(?:" + relative_pattern(e["pattern"]) + ")" for e in RELATIVE_EXPRESSIONS)


@dataclass(frozen=True)
class Form:
    """One form of the grammar: its name and its regex with named slots."""

    name: str
    pattern: str


FORMS: tuple[Form, ...] = (
    # a day and month to a day and month, each perhaps with its year: '29 novembre all'11 gennaio 2023'
    Form(
        "day_month_to_day_month",
        rf"(?P<day>{DAY_WORD}){SP}(?P<month>{MONTH})(?:{SP}(?P<year>{YEAR}))?{DAY_LINK}"
        rf"(?P<end_day>{DAY}){SP}(?P<end_month>{MONTH})(?:{SP}{DAY_YEAR_LINK}(?P<end_year>{YEAR}))?",
    ),
    # two days of one month, perhaps with its year: '7 all'8 febbraio', '10-12 maggio 2022'
    Form(
        "day_range_same_month",
        rf"(?P<day>{DAY_WORD}){DAY_LINK}(?P<end_day>{DAY}){SP}(?P<month>{MONTH})(?:{SP}(?P<year>{YEAR}))?",
    ),
    # month, day, comma, year: 'Ottobre 3, 2017'
    Form("month_day_comma_year", rf"{NB}(?P<month>{MONTH})[ ]+(?P<day>{DAY})[ ]*,[ ]*(?P<year>{YEAR})"),
    # day and month, perhaps with its year: '9 luglio 2021', '20 gennaio', "3 maggio '22"
    Form(
        "day_month_year",
        rf"(?P<day>{DAY_WORD}){SP}(?P<month>{MONTH})(?:{SP}{DAY_YEAR_LINK}(?P<year>{YEAR}|{SHORT_YEAR}))?",
    ),
    # day, abbreviated month and year: '3 set. 2021'
    Form(
        "day_abbreviated_month_year", rf"(?P<day>{DAY}){SP}(?P<month>{ABBREVIATED_MONTH})[ ]*(?P<year>{YEAR})"
    ),
    # a news agency's dateline: 'BARI, 04 MAR - La Regione ...' (the year from the context)
    Form("agency_dateline", rf"(?P<day>{DAY})[ ](?P<month>{AGENCY_MONTH})(?=[ ]*[-\u2013\u2014]|$)"),
    # a news agency's time stamp: '04-MAR-25 12:31'
    Form(
        "agency_stamp",
        rf"(?<![0-9-])(?P<day>[12][0-9]|3[01]|0[1-9])-(?P<month>{AGENCY_MONTH})-(?P<year>[0-9]{{2}})(?![0-9-])",
    ),
    # day, month and year in digits: '15/12/2021', '15.12.2021', '15-12-21'
    Form(
        "numeric_dmy",
        r"(?P<day>(?<![0-9.,/-])(?:[12][0-9]|3[01]|0?[1-9]))(?P<sep>[/.-])(?P<month>1[0-2]|0?[1-9])(?P=sep)"
        r"(?P<year>(?:1[6-9]|20)[0-9]{2}|(?<=/)[0-9]{2})(?![0-9])(?![/.-][0-9])",
    ),
    # ISO 8601 day: '2021-12-15'
    Form(
        "iso_ymd",
        r"(?<![0-9.,/-])(?P<year>(?:19|20)[0-9]{2})-(?P<month>1[0-2]|0[1-9])-(?P<day>3[01]|[12][0-9]|0[1-9])(?![0-9])",
    ),
    # a month to a month with the year: 'gennaio-marzo 2022', 'gennaio 2021 - marzo 2022'
    Form(
        "month_range_year",
        rf"(?P<month>{NB}{MONTH})(?:{SP}(?P<year>{YEAR}))?{MONTH_LINK}(?P<end_month>{MONTH}){SP}(?P<end_year>{YEAR})",
    ),
    # month and year: 'giugno 2022', 'giugno del 2022', "maggio '22"
    Form("month_year", rf"(?P<month>{NB}{MONTH}){SP}{NAME_YEAR_LINK}(?P<year>{YEAR}|{SHORT_YEAR})"),
    # season and year: 'primavera 2013'
    Form("season_year", rf"(?P<season>{NB}{SEASON}){SP}{NAME_YEAR_LINK}(?P<year>{YEAR})"),
    # part of a year and the year: 'primo trimestre 2022'
    Form("year_part", rf"(?P<part>{NB}{YEAR_PART}){SP}{NAME_YEAR_LINK}(?P<year>{YEAR})"),
    # a year to a year: '2014-2020', '2013/2014', '2021-27', '2014 al 2020'
    Form("year_range", rf"(?P<year>{NB}{YEAR}){YEAR_LINK}(?P<end_year>{END_YEAR})"),
    # a month alone, a date only after a cue: 'inizio ottobre'
    Form("bare_month", rf"(?P<month>{NB}{MONTH})"),
    # a year alone, a date only in a date's context: 'nel 2018'
    Form("bare_year", rf"(?P<year>{NB}{YEAR})"),
    # a relative expression of relative_dates.json: 'ieri', "l'anno scorso"
    Form("relative", rf"{NB}(?i:{RELATIVE}){NL}"),
)
FORM_NAMES: tuple[str, ...] = tuple(form.name for form in FORMS)
# the forms a publication date may take: a full day
DAY_FORMS = frozenset(
    {
        "day_month_year",
        "month_day_comma_year",
        "numeric_dmy",
        "iso_ymd",
        "day_abbreviated_month_year",
        "agency_stamp",
    }
)


def _scoped(form: Form) -> str:
    """The form's regex as one group named after the form, its slots named '<form>__<slot>'."""
    body = form.pattern.replace("(?P<", f"(?P<{form.name}__").replace("(?P=", f"(?P={form.name}__")
    return f"(?P<{form.name}>{body})"


# one regex tries every form at once, the earlier form first; each form alone is tried again when the
# first form that matched is rejected on context ('nel 2019 e 2020' is two years, not a period)
DATE_RE = re.compile("|".join(_scoped(form) for form in FORMS))
FORM_RES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (form.name, re.compile(_scoped(form))) for form in FORMS
)


def _first_word(pattern: str) -> str:
    m = re.match(r"[^\W\d_]+", pattern)
    return m.group().lower() if m is not None else ""


# the words a date expression can start with (the other starts are digits)
START_WORDS = frozenset(
    {*MONTHS, *SEASONS, *FIRST_DAY_WORDS}
    | {_first_word(p) for p in YEAR_PARTS}
    | {_first_word(alt) for e in RELATIVE_EXPRESSIONS for alt in e["pattern"].split("|")}
)


class Slots:
    """The parts of one match of a form, read by slot name."""

    def __init__(self, match: re.Match[str]) -> None:
        self.match = match
        self.form = match.lastgroup or ""

    def __call__(self, slot: str) -> str | None:
        """The text of `slot`, or None when the match leaves it out."""
        return self.match.group(f"{self.form}__{slot}")

    def text(self, slot: str) -> str:
        """The text of a slot every match of the form fills."""
        value = self(slot)
        if value is None:
            raise ValueError(f"{self.form} matched without its {slot}")
        return value

    def end(self, slot: str) -> int:
        return self.match.end(f"{self.form}__{slot}")
