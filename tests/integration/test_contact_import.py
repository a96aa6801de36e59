"""Imports from card-management services and vCard files go through the same 名寄せ as scans."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handover.errors import InvalidFile
from handover.models import Connection, ConnectionSource, Contact
from handover.services.contact_import import import_contacts
from handover.services.dedup import resolve_contact
from tests.factories import add_department, add_staff, csv_bytes

HEADER = (
    "会社名",
    "部署名",
    "役職",
    "姓",
    "名",
    "姓（カナ）",
    "名（カナ）",
    "メールアドレス",
    "電話番号",
    "ＦＡＸ",
    "携帯電話",
    "郵便番号",
    "住所",
    "URL",
    "名刺交換日",
)
ROWS = [
    (
        "(株)みどり工業",
        "営業部",
        "課長",
        "高橋",
        "一郎",
        "たかはし",
        "いちろう",
        "I.Takahashi@midori.example.co.jp",
        "03-1111-2222",
        "",
        "",
        "1000013",
        "東京都千代田区霞が関９－９－９",
        "",
        "2024/10/01",
    ),
    (
        "架空市役所",
        "都市整備局",
        "主査",
        "佐野",
        "美香",
        "サノ",
        "ミカ",
        "",
        "０３－３３３３－４４４４",
        "",
        "",
        "",
        "",
        "",
        "2025-01-15",
    ),
]
VCARD = """BEGIN:VCARD
VERSION:4.0
N;SORT-AS="ワタナベ,ケン":渡邉;健;;;
FN:渡邉 健
ORG:一般社団法人あおば協会;事務局
TITLE:事務局長
TEL;TYPE=cell:080-2222-3333
EMAIL:ken@aoba.example.or.jp
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:川口 葵
X-PHONETIC-LAST-NAME:カワグチ
X-PHONETIC-FIRST-NAME:アオイ
ORG:架空市役所
END:VCARD
"""


@pytest.fixture
def staff_id(session: Session) -> int:
    staff = add_staff(session, "E0001", "相川 明", add_department(session, "K1", "道路課"), "主事")
    session.commit()
    return staff.id


def _staff(session: Session, staff_id: int):  # type: ignore[no-untyped-def]
    from handover.models import Staff

    return session.get(Staff, staff_id)


def test_csv_with_service_headers_in_shift_jis_merges_into_known_people(
    session: Session, staff_id: int
) -> None:
    known = resolve_contact(
        session,
        {"name": "髙橋 一郎", "name_kana": "タカハシ イチロウ", "organization": "株式会社みどり工業"},
        exchanged_on=dt.date(2024, 4, 1),
    ).contact
    summary = import_contacts(
        session, csv_bytes(HEADER, ROWS, "cp932"), staff=_staff(session, staff_id), filename="meishi.csv"
    )
    session.commit()
    assert (summary.created, summary.matched) == (1, 1) and summary.contact_ids[0] == known.id
    assert known.email == "i.takahashi@midori.example.co.jp" and known.postal_code == "100-0013"
    assert known.address == "東京都千代田区霞が関9-9-9"
    sano = session.get(Contact, summary.contact_ids[1])
    assert sano is not None and sano.name_kana == "サノ ミカ" and sano.phone == "03-3333-4444"
    connections = session.scalars(select(Connection).order_by(Connection.contact_id)).all()
    assert [(c.source, c.since) for c in connections] == [
        (ConnectionSource.IMPORT, dt.date(2024, 10, 1)),
        (ConnectionSource.IMPORT, dt.date(2025, 1, 15)),
    ]


def test_vcard_import_reads_readings_from_sort_as_and_x_phonetic(session: Session, staff_id: int) -> None:
    summary = import_contacts(session, VCARD.encode(), staff=_staff(session, staff_id), filename="a.vcf")
    session.commit()
    contacts = [session.get(Contact, i) for i in summary.contact_ids]
    assert [(c.name, c.name_kana, c.department, c.mobile) for c in contacts if c] == [
        ("渡邉 健", "ワタナベ ケン", "事務局", "080-2222-3333"),
        ("川口 葵", "カワグチ アオイ", None, None),
    ]


def test_a_bad_file_is_rejected_whole_naming_rows_and_columns(session: Session, staff_id: int) -> None:
    rows = [ROWS[0], ("架空市役所", "", "", "", "", "", "", "", "", "", "", "", "", "", "昨日")]
    with pytest.raises(InvalidFile) as caught:
        import_contacts(session, csv_bytes(HEADER, rows), staff=_staff(session, staff_id), filename="bad.csv")
    message = str(caught.value)
    assert "bad.csv" in message and "row 3, column 氏名" in message and "row 3, column 名刺交換日" in message
    assert session.scalar(select(func.count()).select_from(Contact)) == 0
    with pytest.raises(InvalidFile, match="vCard 1: the name is empty"):
        import_contacts(
            session,
            b"BEGIN:VCARD\r\nVERSION:4.0\r\nORG:x\r\nEND:VCARD\r\n",
            staff=_staff(session, staff_id),
            filename="x.vcf",
        )
