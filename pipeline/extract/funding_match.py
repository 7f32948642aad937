"""One money amount read as a funding fact: the record the funding rules build and refine."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

FundingKind = Literal[
    "allocation", "grant", "transfer", "investment", "cost", "cap", "threshold", "part_of", "other"
]
DateBasis = Literal["stated", "publication"]
COUNTING_KINDS = frozenset({"allocation", "grant", "transfer", "investment"})
# kinds whose funder may be named in the sentence before: who commits the money, or sets its bounds
PAYER_KINDS = COUNTING_KINDS | {"cap", "threshold"}


@dataclass(frozen=True)
class FundingMatch:
    """One money amount read as a funding fact; offsets into the document text."""

    start: int
    end: int
    value: Decimal
    currency: str
    kind: FundingKind
    funder: str | None = None
    funder_id: str | None = None
    several_payers: bool = False  # several bodies pay together, none leading: no funder
    recipients: tuple[str, ...] = ()
    programme: str | None = None
    purpose: str | None = None
    date: str | None = None
    date_basis: DateBasis | None = None
    each_count: int | None = None
    each_unknown: bool = False  # 'ciascuno' without how many
    rate: bool = False  # paid per unit or per beneficiary
    uncued: bool = False  # no cue word: 'other', or an allocation when its sentence names payer and payee
    part_of_start: int | None = None
    repeat_of_start: int | None = None
    counts_in_total: bool = False
    sentence_start: int = 0
    sentence_end: int = 0

    @property
    def counted_value(self) -> Decimal:
        return self.value * (self.each_count or 1)
