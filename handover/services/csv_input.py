"""Reading the CSV files offices exchange: UTF-8 (with or without BOM) or Shift_JIS/CP932 from Excel."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from handover.errors import InvalidFile, RowError


@dataclass(frozen=True)
class CsvRow:
    """One data row, keyed by canonical column names; `row` is the spreadsheet row number."""

    row: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        """The stripped value of `column`, empty when absent."""
        return self.values.get(column, "")


def decode(data: bytes, filename: str) -> str:
    """Decode CSV bytes: UTF-8 first (BOM or not), then CP932, the superset Excel writes as Shift_JIS."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidFile(filename, [RowError(None, None, "not UTF-8 or Shift_JIS (CP932) text")])


def _canonical_header(raw: str, aliases: Mapping[str, str]) -> str:
    # Excel users type headers in full width or with stray spaces: fold them before matching.
    key = unicodedata.normalize("NFKC", raw).strip().lower().replace(" ", "")
    return aliases.get(key, key)


def read_csv(
    source: Path | bytes,
    *,
    filename: str | None = None,
    required: Sequence[str],
    aliases: Mapping[str, str],
) -> list[CsvRow]:
    """Rows of a CSV file with canonical column names; a missing column rejects the whole file."""
    name = filename or (source.name if isinstance(source, Path) else "input.csv")
    try:
        data = source.read_bytes() if isinstance(source, Path) else source
    except OSError as e:
        raise InvalidFile(name, [RowError(None, None, f"cannot read the file: {e.strerror}")]) from e
    text = decode(data, name)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidFile(name, [RowError(None, None, "the file is empty")]) from None
    columns = [_canonical_header(h, aliases) for h in header]
    missing = [c for c in required if c not in columns]
    if missing:
        raise InvalidFile(name, [RowError(1, c, "required column is missing") for c in missing])
    rows: list[CsvRow] = []
    for row_no, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        # NFKC folds half-width kana and full-width digits that Excel users type into one form.
        values = {
            col: unicodedata.normalize("NFKC", cell).strip()
            for col, cell in zip(columns, record, strict=False)
        }
        rows.append(CsvRow(row=row_no, values=values))
    return rows
