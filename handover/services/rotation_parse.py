"""Reading a transfer list (異動内示): headers in English or Japanese, ISO or Japanese-era dates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from handover.errors import RowError
from handover.services.csv_input import CsvRow, read_csv

TRANSFER_ALIASES = {
    "employee_no": "employee_no",
    "職員番号": "employee_no",
    "name": "name",
    "氏名": "name",
    "from_department": "from_department",
    "旧所属": "from_department",
    "現所属": "from_department",
    "from_title": "from_title",
    "旧職名": "from_title",
    "現職名": "from_title",
    "to_department": "to_department",
    "新所属": "to_department",
    "to_title": "to_title",
    "新職名": "to_title",
    "effective_date": "effective_date",
    "発令日": "effective_date",
    "異動日": "effective_date",
    "successor_employee_no": "successor_employee_no",
    "後任職員番号": "successor_employee_no",
    "後任": "successor_employee_no",
}
REQUIRED = (
    "employee_no",
    "name",
    "from_department",
    "from_title",
    "to_department",
    "to_title",
    "effective_date",
)
COLUMNS = (*REQUIRED, "successor_employee_no")


@dataclass(frozen=True)
class Era:
    """A Japanese era (元号): its names and the first day of its first year."""

    kanji: str
    letter: str
    start: dt.date


# The first day of each era since the Meiji calendar reform; an era ends the day before the next.
ERAS = (
    Era("明治", "M", dt.date(1868, 10, 23)),
    Era("大正", "T", dt.date(1912, 7, 30)),
    Era("昭和", "S", dt.date(1926, 12, 25)),
    Era("平成", "H", dt.date(1989, 1, 8)),
    Era("令和", "R", dt.date(2019, 5, 1)),
)
_ERA_BY_NAME = {e.kanji: e for e in ERAS} | {e.letter: e for e in ERAS}

# 令和9年4月1日, 令和元年5月1日, R9.4.1, H31/4/30, R09-04-01 (after NFKC, so full-width digits fold).
_ERA_DATE = re.compile(
    r"^(?P<era>明治|大正|昭和|平成|令和|[MTSHR])\s*(?P<year>元|\d{1,2})\s*[年./-]\s*"
    r"(?P<month>\d{1,2})\s*[月./-]\s*(?P<day>\d{1,2})\s*日?$",
    re.IGNORECASE,
)
_WESTERN_DATE = re.compile(
    r"^(?P<year>\d{4})\s*[年./-]\s*(?P<month>\d{1,2})\s*[月./-]\s*(?P<day>\d{1,2})\s*日?$"
)


def era_end(era: Era) -> dt.date | None:
    """The first day after `era`, or None for the current era."""
    index = ERAS.index(era)
    return ERAS[index + 1].start if index + 1 < len(ERAS) else None


def parse_date(text: str) -> dt.date:
    """A date written as ISO (2027-04-01, 2027/4/1) or in the Japanese era form HR uses."""
    value = text.strip()
    western = _WESTERN_DATE.match(value)
    if western:
        return _make_date(int(western["year"]), int(western["month"]), int(western["day"]), value)
    match = _ERA_DATE.match(value)
    if not match:
        raise ValueError(f"not a date: {value!r} (use 2027-04-01, 令和9年4月1日 or R9.4.1)")
    era = _ERA_BY_NAME[match["era"].upper() if len(match["era"]) == 1 else match["era"]]
    # 元年 is the first year of an era; year 1 of an era is the Gregorian year it began.
    era_year = 1 if match["year"] == "元" else int(match["year"])
    if era_year < 1:
        raise ValueError(f"not a date: {value!r} (era years start at 1 or 元年)")
    day = _make_date(era.start.year + era_year - 1, int(match["month"]), int(match["day"]), value)
    end = era_end(era)
    if day < era.start or (end is not None and day >= end):
        last = f"{end - dt.timedelta(days=1):%Y-%m-%d}" if end else "today"
        raise ValueError(f"{value!r} is outside {era.kanji} ({era.start:%Y-%m-%d} to {last})")
    return day


def _make_date(year: int, month: int, day: int, value: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"no such day: {value!r}") from None


@dataclass(frozen=True)
class TransferRow:
    """One row of a transfer list, checked for form but not yet against the office."""

    row: int
    employee_no: str
    name: str
    from_department: str
    from_title: str
    to_department: str
    to_title: str
    effective_date: dt.date | None
    successor_employee_no: str

    @property
    def leaves_a_post(self) -> bool:
        """True when the row names a post the person leaves."""
        return bool(self.from_department or self.from_title)

    @property
    def takes_a_post(self) -> bool:
        """True when the row names a post the person takes (empty: 退職, 出向)."""
        return bool(self.to_department or self.to_title)


def read_transfer_rows(source: Path | bytes, *, filename: str) -> list[CsvRow]:
    """The raw rows of a transfer list; a missing column rejects the file."""
    return read_csv(source, filename=filename, required=REQUIRED, aliases=TRANSFER_ALIASES)


def parse_rows(rows: list[CsvRow]) -> tuple[list[TransferRow], list[RowError]]:
    """Check each row's form (dates, pairs of columns); every problem names its row and column."""
    parsed: list[TransferRow] = []
    errors: list[RowError] = []
    for row in rows:
        day: dt.date | None = None
        try:
            day = parse_date(row.get("effective_date"))
        except ValueError as e:
            errors.append(RowError(row.row, "effective_date", str(e)))
        item = TransferRow(
            row.row,
            row.get("employee_no"),
            row.get("name"),
            row.get("from_department"),
            row.get("from_title"),
            row.get("to_department"),
            row.get("to_title"),
            day,
            row.get("successor_employee_no"),
        )
        if not item.employee_no:
            errors.append(RowError(row.row, "employee_no", "empty employee number"))
        for side in ("from", "to"):
            dept, title = getattr(item, f"{side}_department"), getattr(item, f"{side}_title")
            if dept and not title:
                errors.append(
                    RowError(row.row, f"{side}_title", f"{side}_department is given without a title")
                )
            elif title and not dept:
                errors.append(
                    RowError(row.row, f"{side}_department", f"{side}_title is given without a department")
                )
        if not item.leaves_a_post and not item.takes_a_post:
            errors.append(RowError(row.row, "from_department", "neither an old nor a new post is given"))
        parsed.append(item)
    return parsed, errors
