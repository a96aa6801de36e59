"""Reading transfer lists: Japanese era dates, English or Japanese headers, UTF-8 / BOM / Shift_JIS."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from handover.errors import InvalidFile
from handover.services.rotation_parse import ERAS, era_end, parse_date, parse_rows, read_transfer_rows
from tests.factories import csv_bytes

EN = (
    "employee_no",
    "name",
    "from_department",
    "from_title",
    "to_department",
    "to_title",
    "effective_date",
    "successor_employee_no",
)
JA = ("職員番号", "氏名", "旧所属", "旧職名", "新所属", "新職名", "発令日", "後任職員番号")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-04-01", dt.date(2027, 4, 1)),
        ("2027/4/1", dt.date(2027, 4, 1)),
        ("2027年4月1日", dt.date(2027, 4, 1)),
        ("令和9年4月1日", dt.date(2027, 4, 1)),
        ("R9.4.1", dt.date(2027, 4, 1)),
        ("r09.04.01", dt.date(2027, 4, 1)),
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("H31.4.30", dt.date(2019, 4, 30)),
        ("平成元年1月8日", dt.date(1989, 1, 8)),
        ("S64.1.7", dt.date(1989, 1, 7)),
        ("大正15年12月24日", dt.date(1926, 12, 24)),
        ("M45.7.29", dt.date(1912, 7, 29)),
    ],
)
def test_dates_in_iso_and_japanese_era_forms(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("H31.5.1", "outside 平成"),  # 令和 began on 2019-05-01
        ("R1.4.30", "outside 令和"),
        ("S64.1.8", "outside 昭和"),
        ("令和9年2月30日", "no such day"),
        ("R0.4.1", "era years start at 1"),
        ("来年4月1日", "not a date"),
        ("", "not a date"),
    ],
)
def test_impossible_dates_are_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_date(text)


def test_each_era_ends_the_day_before_the_next_begins() -> None:
    for era, following in itertools.pairwise(ERAS):
        assert era_end(era) == following.start
        assert (
            parse_date(f"{following.letter}1.{following.start.month}.{following.start.day}")
            == following.start
        )
    assert era_end(ERAS[-1]) is None


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
@pytest.mark.parametrize("header", [EN, JA])
def test_headers_in_either_language_and_every_encoding(encoding: str, header: tuple[str, ...]) -> None:
    rows = [("E0001", "相川 明", "人事課", "課長", "", "", "令和９年４月１日", "Ｅ0002")]
    [row] = read_transfer_rows(csv_bytes(header, rows, encoding), filename="naiji.csv")
    [parsed], errors = parse_rows([row])
    assert errors == []
    assert (parsed.from_department, parsed.effective_date, parsed.successor_employee_no) == (
        "人事課",
        dt.date(2027, 4, 1),
        "E0002",
    )
    assert parsed.leaves_a_post and not parsed.takes_a_post


def test_row_form_errors_name_row_and_column() -> None:
    rows = [
        ("", "相川 明", "K1", "課長", "", "", "2027-04-01", ""),
        ("E0002", "井口 育子", "K1", "", "K2", "主事", "2027-04-01", ""),
        ("E0003", "上野 卓也", "", "", "", "", "R9.4.1", ""),
        ("E0004", "江藤 直美", "K1", "主事", "K2", "主事", "H31.5.1", ""),
    ]
    _, errors = parse_rows(read_transfer_rows(csv_bytes(JA, rows), filename="naiji.csv"))
    assert [(e.row, e.column) for e in errors] == [
        (2, "employee_no"),
        (3, "from_title"),
        (4, "from_department"),
        (5, "effective_date"),
    ]


def test_a_missing_column_rejects_the_file() -> None:
    with pytest.raises(InvalidFile, match="column effective_date"):
        read_transfer_rows(csv_bytes(JA[:6], [("E1", "x", "", "", "K1", "主事")]), filename="naiji.csv")
