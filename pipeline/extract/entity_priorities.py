"""How much each entity rule is trusted, by name, read from `lang/it/entity_priorities.json`.

When candidate mentions of the same length overlap, the higher priority wins; rules at or above
`strong_rule` beat the statistical model. The file gives each priority a number and a one-line meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.lang import load_json

PRIORITIES_FILE = "entity_priorities.json"


@dataclass(frozen=True, slots=True)
class RulePriorities:
    """One field per name of the priorities file; building it fails if the file and the fields differ."""

    company_with_legal_form: int
    head_with_name: int
    known_programme: int
    known_org: int
    known_head: int
    titled_person: int
    acronym_with_region: int
    street: int
    keyword_org: int
    programme_head: int
    name_after_common_head: int
    first_name_person: int
    initial_person: int
    strong_rule: int
    known_place: int
    acronym: int
    mixed_case_code: int
    bare_head: int
    model: int


def load_priorities() -> RulePriorities:
    """The priorities of the data file (the file is parsed once per process)."""
    entries: dict[str, dict[str, int | str]] = load_json(PRIORITIES_FILE)
    return RulePriorities(**{name: int(entry["priority"]) for name, entry in entries.items()})


PRIORITY = load_priorities()
