"""Search in Japanese: partial matches from the trigram index, short queries by prefix, kana readings."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from handover.models import ConnectionSource
from handover.services.contacts import connect_contact, list_contacts
from handover.services.dedup import resolve_contact
from handover.services.search import search_contact_ids
from tests.factories import add_department, add_staff

DAY = dt.date(2025, 4, 1)
PEOPLE = [
    {"name": "髙橋 一郎", "name_kana": "タカハシ イチロウ", "organization": "株式会社みどり工業",
     "department": "営業企画部", "email": "i.takahashi@midori.example.co.jp"},
    {"name": "田中 花子", "name_kana": "タナカ ハナコ", "organization": "架空市役所",
     "department": "都市整備局", "email": "tanaka-h@city.kakuu.example.lg.jp"},
    {"name": "田中 誠", "name_kana": "たなか まこと", "organization": "(一社)あおば協会",
     "department": "事務局", "email": None},
    {"name": "佐藤 舞", "name_kana": None, "organization": "みどり工業株式会社",
     "department": "技術本部", "email": "sato@midori.example.co.jp"},
]  # fmt: skip


@pytest.fixture
def people(session: Session) -> dict[str, int]:
    ids = {}
    for fields in PEOPLE:
        ids[str(fields["name"])] = resolve_contact(session, fields, exchanged_on=DAY).contact.id
    session.commit()
    return ids


def _names(session: Session, query: str) -> set[str]:
    rows = list_contacts(session, query=query)
    return {row["name"] for row in rows}


def test_partial_matches_on_every_field(session: Session, people: dict[str, int]) -> None:
    assert _names(session, "営業企画") == {"髙橋 一郎"}  # department, inside the word
    assert _names(session, "高橋一") == {"髙橋 一郎"}  # the common form finds the old one
    assert _names(session, "どり工業") == {"髙橋 一郎", "佐藤 舞"}  # organisation, both legal forms
    assert _names(session, "city.kakuu") == {"田中 花子"}  # e-mail
    assert _names(session, "あおば協会") == {"田中 誠"}
    assert _names(session, "存在しない名前") == set()


def test_readings_in_hiragana_or_katakana(session: Session, people: dict[str, int]) -> None:
    assert _names(session, "たかはし") == {"髙橋 一郎"}
    assert _names(session, "タナカ") == {"田中 花子", "田中 誠"}  # the second reading was typed in hiragana


def test_short_queries_match_by_prefix(session: Session, people: dict[str, int]) -> None:
    assert _names(session, "田中") == {"田中 花子", "田中 誠"}
    assert _names(session, "佐") == {"佐藤 舞"}
    assert _names(session, "タナ") == {"田中 花子", "田中 誠"}
    assert _names(session, "みど") == {"髙橋 一郎", "佐藤 舞"}  # organisation prefix, legal form aside
    assert _names(session, "") == {p["name"] for p in PEOPLE}


def test_the_index_follows_changes_and_merges(session: Session, people: dict[str, int]) -> None:
    promoted = {**PEOPLE[0], "department": "海外事業部", "title": "部長"}
    resolve_contact(session, promoted, exchanged_on=DAY + dt.timedelta(days=30))
    session.commit()
    assert _names(session, "営業企画") == set()
    assert _names(session, "海外事業") == {"髙橋 一郎"}


def test_search_within_one_holder(session: Session, people: dict[str, int]) -> None:
    dept = add_department(session, "K1", "道路課")
    staff = add_staff(session, "E0001", "相川 明", dept, "主事")
    from handover.models import Contact

    contact = session.get(Contact, people["田中 誠"])
    assert contact is not None
    connect_contact(session, contact, staff, since=DAY, source=ConnectionSource.MANUAL)
    session.commit()
    rows = list_contacts(session, staff_employee_no="E0001", query="田中")
    assert [r["name"] for r in rows] == ["田中 誠"]
    assert rows[0]["holders"] == [{"employee_no": "E0001", "post": "道路課 主事", "since": "2025-04-01"}]
    assert search_contact_ids(session, "髙橋", staff_id=staff.id) == []
