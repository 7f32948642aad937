"""Front matter of Jekyll and Hugo posts: YAML between `---` lines or TOML between `+++` lines.

The block is metadata, not text: it is parsed (PyYAML, tomllib) into title, dates, language and tags,
and removed from the text, so that its lines never become entities, search hits or amounts.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

import yaml

log = logging.getLogger(__name__)

# the block opens on the first line and closes on a line of the same three characters
_BLOCK_RE = re.compile(
    r"\A(?P<fence>---|\+\+\+)[ \t]*\n(?P<body>.*?)(?:\n|\A)(?P=fence)[ \t]*(?:\n|\Z)", re.S
)
_NAME_DATE_RE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})-([01][0-9])-([0-3][0-9])(?![0-9])")
TITLE_KEYS = ("title",)
DATE_KEYS = ("date", "publishdate", "pubdate", "published")
MODIFIED_KEYS = ("lastmod", "last_modified_at", "modified", "updated")
LANGUAGE_KEYS = ("lang", "language", "languagecode", "locale")
TAG_KEYS = ("tags", "categories", "keywords")


@dataclass(frozen=True)
class FrontMatter:
    """What a post's front matter says, and the text after it."""

    text: str
    title: str | None = None
    published: date | None = None
    modified: date | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()


def split_front_matter(text: str) -> FrontMatter:
    """Parse and remove a leading front-matter block; text without one comes back unchanged.

    >>> fm = split_front_matter("---\\nlayout: post\\ntitle: Bando\\ndate: 2020-05-14 10:00\\n---\\nTesto")
    >>> fm.title, fm.published, fm.text
    ('Bando', datetime.date(2020, 5, 14), 'Testo')
    >>> split_front_matter('+++\\ntitle = "Bando"\\nlastmod = 2021-02-03\\n+++\\nTesto').modified
    datetime.date(2021, 2, 3)
    >>> split_front_matter("--- non è front matter").text
    '--- non è front matter'
    """
    m = _BLOCK_RE.match(text)
    if m is None:
        return FrontMatter(text)
    try:
        data = (
            yaml.safe_load(m.group("body")) if m.group("fence") == "---" else tomllib.loads(m.group("body"))
        )
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        log.debug("front matter not parsed: %s", exc)
        data = None
    if not isinstance(data, dict):
        # a thematic break and a paragraph, not metadata
        return FrontMatter(text)
    meta = {str(k).lower(): v for k, v in data.items()}
    return FrontMatter(
        text=text[m.end() :],
        title=_string(_first(meta, TITLE_KEYS)),
        published=_date(_first(meta, DATE_KEYS)),
        modified=_date(_first(meta, MODIFIED_KEYS)),
        language=_language(_string(_first(meta, LANGUAGE_KEYS))),
        tags=_tags(meta),
    )


def name_date(name: str) -> date | None:
    """The date a file name starts with, as Jekyll names posts ('2020-05-14-slug.md').

    >>> name_date("2020-05-14-bando-ricerca.md")
    datetime.date(2020, 5, 14)
    >>> name_date("relazione-2020.md") is None
    True
    """
    m = _NAME_DATE_RE.match(PurePath(name).name)
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _first(meta: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((meta[k] for k in keys if meta.get(k) not in (None, "")), None)


def _string(value: Any) -> str | None:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return " ".join(str(value).split()) or None
    return None


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        m = re.match(r"\s*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", value)
        if m is not None:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def _language(value: str | None) -> str | None:
    # 'it', 'it-IT', 'it_CH' -> 'it'
    if value is None:
        return None
    code = re.split(r"[-_]", value.strip().lower())[0]
    return code if re.fullmatch(r"[a-z]{2}", code) else None


def _tags(meta: dict[str, Any]) -> tuple[str, ...]:
    out: list[str] = []
    for key in TAG_KEYS:
        value = meta.get(key)
        items = value.split(",") if isinstance(value, str) else value if isinstance(value, list) else []
        for item in items:
            tag = _string(item)
            if tag and tag not in out:
                out.append(tag)
    return tuple(out)
