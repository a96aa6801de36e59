"""Exports: vCard 4.0 with readings, CSV for Excel in UTF-8 (BOM) and Shift_JIS, the XLSX report."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
import vobject
from sqlalchemy.orm import Session

from handover.models import ConnectionSource, Contact
from handover.services.contact_import import read_records
from handover.services.contacts import connect_contact
from handover.services.dedup import resolve_contact
from handover.services.exports import GETA, export_contacts, fit_cp932
from tests.factories import add_department, add_staff

DAY = dt.date(2025, 4, 1)
TAKAHASHI = {
    "name": "髙橋 一郎", "name_kana": "タカハシ イチロウ", "organization": "株式会社山﨑工業",
    "department": "営業部", "title": "課長", "postal_code": "100-0013",
    "address": "東京都千代田区霞が関9-9-9 架空ビル3階", "phone": "03-1111-2222",
    "fax": "03-1111-2223", "mobile": "090-1234-5678",
    "email": "i.takahashi@yamazaki.example.co.jp", "url": "https://yamazaki.example.co.jp",
}  # fmt: skip
YOSHIDA = {
    "name": "𠮷田 花子",
    "name_kana": "ヨシダ ハナコ",
    "organization": "架空市役所",
    "title": "剝製担当係長",
}


@pytest.fixture
def directory(session: Session) -> Session:
    staff = add_staff(session, "E0001", "相川 明", add_department(session, "K1", "道路課"), "主事")
    for fields in (TAKAHASHI, YOSHIDA):
        contact = resolve_contact(session, fields, exchanged_on=DAY).contact
        connect_contact(session, contact, staff, since=DAY, source=ConnectionSource.CARD)
    session.add(Contact(name="保有者 なし", normalized_name="保有者なし"))
    session.commit()
    return session


def test_vcard_4_round_trips_every_field_and_the_reading(directory: Session) -> None:
    export = export_contacts(directory, "vcard", actor="test", staff_employee_no="E0001")
    assert export.count == 2
    text = export.data.decode("utf-8")
    card = next(vobject.readComponents(text))
    assert card.version.value == "4.0"
    assert card.n.params["SORT-AS"] == ["タカハシ,イチロウ"]
    assert card.contents["x-phonetic-last-name"][0].value == "タカハシ"
    assert {tuple(t.params["TYPE"]) for t in card.contents["tel"]} == {
        ("work", "voice"),
        ("cell", "voice"),
        ("work", "fax"),
    }
    (_where, fields), _ = read_records(export.data, filename="out.vcf")
    assert {k: fields.get(k) for k in TAKAHASHI} == TAKAHASHI


def test_csv_utf8_has_a_bom_and_the_importer_reads_it_back(directory: Session) -> None:
    export = export_contacts(directory, "csv", actor="test")
    assert export.data.startswith(b"\xef\xbb\xbf") and export.count == 3 and export.replaced == []
    rows = list(csv.reader(io.StringIO(export.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["氏名", "氏名（カナ）", "会社名"]
    assert rows[1][0] == "髙橋 一郎" and rows[1][-1] == "E0001（道路課 主事）"
    (_w, fields), *_ = read_records(export.data, filename="out.csv")
    assert {k: fields.get(k) for k in TAKAHASHI} == TAKAHASHI


def test_shift_jis_replaces_what_cp932_lacks_and_names_the_cells(directory: Session) -> None:
    export = export_contacts(directory, "csv-sjis", actor="test", staff_employee_no="E0001")
    rows = list(csv.reader(io.StringIO(export.data.decode("cp932"))))
    assert rows[1][0] == "髙橋 一郎"  # 髙 and 﨑 are in CP932 (IBM extensions): kept as printed
    assert rows[1][2] == "株式会社山﨑工業"
    assert rows[2][0] == "吉田 花子" and rows[2][4] == "剥製担当係長"
    assert export.replaced == [
        {"row": 3, "contact_id": 2, "column": "氏名"},
        {"row": 3, "contact_id": 2, "column": "役職"},
    ]
    assert fit_cp932("😀") == GETA


def test_xlsx_handover_report_for_one_official(directory: Session) -> None:
    export = export_contacts(directory, "xlsx", actor="test", staff_employee_no="E0001")
    sheet = openpyxl.load_workbook(io.BytesIO(export.data)).active
    assert sheet is not None
    values = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "引き継ぎ名簿" and values[1][:2] == ("職員番号", "E0001")
    header = values.index(next(r for r in values if r and r[0] == "氏名"))
    assert [r[0] for r in values[header + 1 :]] == ["髙橋 一郎", "𠮷田 花子"]
    assert values[header + 1][-1] == "2025-04-01"
