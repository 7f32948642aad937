"""Codes of a body's offices: a known body's acronym joined by hyphens to the code of one of its
departments or directorates (`MEF-DAG`, `MEF-RGS`, `MIBACT-DG-Musei`), as the public administration's
plans write them in their lists of who does what. The whole code is the body (GUIDELINE.md §2), one
token to the tokenizer, which the recognizer rarely saw.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.extract.entity_patterns import ACRONYM_FORM_RE, EntityPatterns
from pipeline.extract.entity_priorities import PRIORITY
from pipeline.extract.entity_tokens import RuleSpan, Toks

OFFICE_CODE_RE = re.compile(r"[A-Z]{2,5}")


def is_body_code(text: str, patterns: EntityPatterns) -> bool:
    """`MEF-DAG`: a known body's acronym, the short upper-case code of an office (two to five
    letters), and maybe more hyphen-joined parts that open with a capital. Two bodies joined
    (`AGID-MIBACT`, `AGID-Regioni`) are no code.

    >>> from pipeline.extract.entity_patterns import load_patterns
    >>> [is_body_code(t, load_patterns()) for t in ("MEF-DAG", "MIBACT-DG-Musei", "AGID-MIBACT", "SPIN-OFF")]
    [True, True, False, False]
    """
    first, _, rest = text.partition("-")
    parts = rest.split("-")
    return (
        ACRONYM_FORM_RE.fullmatch(first) is not None
        and first in patterns.org_aliases
        and OFFICE_CODE_RE.fullmatch(parts[0]) is not None
        and all(p[:1].isupper() and p.isalnum() for p in parts)
        and text not in patterns.acronym_stoplist
    )


def body_codes(toks: Toks, patterns: EntityPatterns) -> Iterable[RuleSpan]:
    """Every token that is a body's code, as a known body."""
    for i, t in enumerate(toks):
        if "-" in t.text and is_body_code(t.text, patterns):
            yield RuleSpan(i, i + 1, "ORG", PRIORITY.known_org)
