"""The NHS Organisation Data Service list of GP practices (epraccur.csv, no header row).

Used by `gpwatch init --ods CODE` to fill in a practice, and by benchmarks and tests to build a
national-scale registry.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Column positions of epraccur.csv (NHS ODS documentation).
CODE, NAME, ADDR1, ADDR2, ADDR3, ADDR4, ADDR5, POSTCODE = 0, 1, 4, 5, 6, 7, 8, 9
STATUS, PHONE, SETTING = 12, 17, 25
GP_PRACTICE_SETTING = "4"


@dataclass(frozen=True, slots=True)
class OdsPractice:
    code: str
    name: str
    address: tuple[str, ...]
    town: str
    postcode: str
    phone: str
    status: str
    setting: str

    @property
    def active_gp_practice(self) -> bool:
        return self.status == "A" and self.setting == GP_PRACTICE_SETTING

    @property
    def display_name(self) -> str:
        """'THE DENSHAM SURGERY' -> 'The Densham Surgery'."""
        return _title(self.name)


def _title(text: str) -> str:
    small = {"and", "of", "the", "at", "on", "in"}
    words = text.lower().split()
    return " ".join(w if (i and w in small) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _town(row: list[str]) -> str:
    # The town is usually address line 3; where that is empty, the last line before the county.
    if row[ADDR3].strip():
        return _title(row[ADDR3].strip())
    for col in (ADDR2, ADDR1):
        if row[col].strip():
            return _title(row[col].strip())
    return ""


def read_ods(path: Path) -> Iterator[OdsPractice]:
    """Every row of an epraccur.csv file."""
    with Path(path).open(newline="", encoding="latin-1") as fh:
        for row in csv.reader(fh):
            if len(row) <= SETTING:
                continue
            yield OdsPractice(
                code=row[CODE].strip().upper(),
                name=row[NAME].strip(),
                address=tuple(x.strip() for x in row[ADDR1 : ADDR5 + 1] if x.strip()),
                town=_town(row),
                postcode=row[POSTCODE].strip(),
                phone=row[PHONE].strip(),
                status=row[STATUS].strip(),
                setting=row[SETTING].strip(),
            )


def active_practices(path: Path) -> list[OdsPractice]:
    """Active GP practices only (status A, prescribing setting 4)."""
    return [p for p in read_ods(path) if p.active_gp_practice]


def find_practice(path: Path, code: str) -> OdsPractice | None:
    """The row for one ODS code, or None."""
    code = code.strip().upper()
    return next((p for p in read_ods(path) if p.code == code), None)
