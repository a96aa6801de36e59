"""Reviewing cards: confirm with corrections into contacts, connect the holder and post, reject, list."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handover.errors import InvalidState, NotFound
from handover.models import (
    Assignment,
    AssignmentKind,
    AuditEvent,
    Card,
    CardStatus,
    Connection,
    ConnectionSource,
    Contact,
    Post,
    Scan,
    ScanStatus,
    Staff,
)
from handover.services.review import InvalidCorrection, confirm_card, list_cards, reject_card
from tests.factories import add_department, add_staff

READ = {
    "name": "椎名 遥香",
    "name_kana": "シイナ ハルカ",
    "organization": "株式会社みなと測量",
    "department": "技術部",
    "title": "主任",
    "email": "h-shiina@minato-sokuryo.example.jp",
    "mobile": "090-4417-2290",
}


def add_card(session: Session, staff: Staff, fields: dict[str, Any], *, on: dt.date) -> Card:
    """A read card waiting for review, on a scan of its own (no image: review needs none)."""
    scan = Scan(
        sha256=uuid.uuid4().hex * 2,
        filename="scan.jpg",
        media_type="image/jpeg",
        size_bytes=1,
        stored_path="none.jpg",
        uploaded_by_staff_id=staff.id,
        exchanged_on=on,
        status=ScanStatus.DONE,
    )
    card = Card(
        scan=scan,
        reading={"fields": dict(fields), "confidence": dict.fromkeys(fields, 0.5)},
        min_confidence=0.5,
        exchanged_on=on,
    )
    session.add(card)
    session.flush()
    return card


@pytest.fixture
def office(session: Session) -> dict[str, Staff]:
    """Two officials in two sections."""
    dept = add_department(session, "K1", "道路課")
    other = add_department(session, "K2", "河川課")
    a = add_staff(session, "E0001", "相川 明", dept, "主査")
    b = add_staff(session, "E0002", "井口 舞", other, "係長")
    session.commit()
    return {"a": a, "b": b}


def _count(session: Session, model: type[Any]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_confirm_keeps_the_reading_beside_the_corrected_fields_and_connects_holder_and_post(
    session: Session, office: dict[str, Staff]
) -> None:
    card = add_card(session, office["a"], READ, on=dt.date(2026, 10, 5))
    result = confirm_card(
        session, card.id, corrections={"title": "主任技師", "email": "Ｈ-SHIINA@minato-sokuryo.example.jp"}
    )
    session.commit()
    assert card.status is CardStatus.CONFIRMED
    assert card.reading["fields"]["title"] == "主任"  # the reader's output is kept as it was
    assert card.fields["title"] == "主任技師"
    assert card.fields["email"] == "h-shiina@minato-sokuryo.example.jp"  # NFKC, lower case: no change
    assert card.corrections == {"title": {"read": "主任", "confirmed": "主任技師"}}
    assert result.created and card.contact_id == result.contact.id
    assert result.contact.title == "主任技師"
    conn = session.scalars(select(Connection)).one()
    post = session.scalars(select(Post).where(Post.title == "主査")).one()
    assert (conn.contact_id, conn.staff_id, conn.post_id) == (result.contact.id, office["a"].id, post.id)
    assert (conn.since, conn.until, conn.source, conn.card_id) == (
        dt.date(2026, 10, 5),
        None,
        ConnectionSource.CARD,
        card.id,
    )
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "card.confirm")).one()
    assert event.object_id == str(card.id)
    assert "椎名" not in str(event.details) and "shiina" not in str(event.details)


def test_the_same_person_from_two_officials_is_one_contact_with_two_holders(
    session: Session, office: dict[str, Staff]
) -> None:
    first = add_card(session, office["a"], READ, on=dt.date(2026, 9, 1))
    second = add_card(session, office["b"], {**READ, "name": "椎名  遥香"}, on=dt.date(2026, 10, 1))
    one = confirm_card(session, first.id, corrections={})
    two = confirm_card(session, second.id, corrections={})
    session.commit()
    assert one.created and not two.created
    assert one.contact.id == two.contact.id
    assert _count(session, Contact) == 1
    holders = {c.staff_id: c.since for c in session.scalars(select(Connection))}
    assert holders == {office["a"].id: dt.date(2026, 9, 1), office["b"].id: dt.date(2026, 10, 1)}


def test_a_second_card_from_the_same_official_opens_no_second_connection(
    session: Session, office: dict[str, Staff]
) -> None:
    newer = add_card(session, office["a"], READ, on=dt.date(2026, 10, 1))
    older = add_card(session, office["a"], READ, on=dt.date(2025, 4, 10))
    confirm_card(session, newer.id, corrections={})
    confirm_card(session, older.id, corrections={})
    session.commit()
    conn = session.scalars(select(Connection)).one()
    assert conn.since == dt.date(2025, 4, 10)  # the older card dates the relationship back


def test_the_connection_goes_to_the_main_post_of_an_official_with_a_concurrent_one(
    session: Session, office: dict[str, Staff]
) -> None:
    extra = Post(department=add_department(session, "K3", "企画課"), title="主査")
    session.add(
        Assignment(
            staff=office["a"], post=extra, start_date=dt.date(2025, 4, 1), kind=AssignmentKind.CONCURRENT
        )
    )
    card = add_card(session, office["a"], READ, on=dt.date(2026, 10, 1))
    confirm_card(session, card.id, corrections={})
    session.commit()
    conn = session.scalars(select(Connection)).one()
    assert conn.post is not None and conn.post.department.name == "道路課"


@pytest.mark.parametrize(
    ("corrections", "named"),
    [({"nmae": "椎名 遥"}, "nmae"), ({"email": "not-an-address"}, "email"), ({"name": " "}, "name")],
)
def test_a_bad_correction_names_the_field_and_changes_nothing(
    session: Session, office: dict[str, Staff], corrections: dict[str, str], named: str
) -> None:
    card = add_card(session, office["a"], READ, on=dt.date(2026, 10, 1))
    session.commit()
    with pytest.raises(InvalidCorrection, match=named):
        confirm_card(session, card.id, corrections=corrections)
    session.rollback()
    assert card.status is CardStatus.NEEDS_REVIEW and card.contact_id is None
    assert _count(session, Contact) == 0 and _count(session, Connection) == 0


def test_a_card_without_a_name_needs_one_before_it_can_be_confirmed(
    session: Session, office: dict[str, Staff]
) -> None:
    card = add_card(session, office["a"], {**READ, "name": None}, on=dt.date(2026, 10, 1))
    with pytest.raises(InvalidCorrection, match="name"):
        confirm_card(session, card.id, corrections={})
    result = confirm_card(session, card.id, corrections={"name": "椎名 遥香"})
    assert result.contact.name == "椎名 遥香"
    assert card.corrections == {"name": {"read": None, "confirmed": "椎名 遥香"}}


def test_a_card_is_confirmed_or_rejected_once(session: Session, office: dict[str, Staff]) -> None:
    card = add_card(session, office["a"], READ, on=dt.date(2026, 10, 1))
    other = add_card(session, office["a"], READ, on=dt.date(2026, 10, 1))
    confirm_card(session, card.id, corrections={})
    with pytest.raises(InvalidState):
        confirm_card(session, card.id, corrections={})
    with pytest.raises(InvalidState):
        reject_card(session, card.id)
    reject_card(session, other.id)
    assert other.status is CardStatus.REJECTED and other.contact_id is None
    with pytest.raises(InvalidState):
        confirm_card(session, other.id, corrections={})
    with pytest.raises(NotFound):
        confirm_card(session, 9999, corrections={})


def test_list_cards_filters_by_status_and_official_and_is_audited(
    session: Session, office: dict[str, Staff]
) -> None:
    a1 = add_card(session, office["a"], READ, on=dt.date(2026, 10, 1))
    a2 = add_card(session, office["a"], READ, on=dt.date(2026, 10, 2))
    b1 = add_card(session, office["b"], READ, on=dt.date(2026, 10, 3))
    reject_card(session, a1.id)
    assert [c.id for c in list_cards(session)] == [b1.id, a2.id, a1.id]
    assert [c.id for c in list_cards(session, status=CardStatus.NEEDS_REVIEW)] == [b1.id, a2.id]
    assert [c.id for c in list_cards(session, staff=office["a"])] == [a2.id, a1.id]
    session.commit()
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "card.list")).all()
    assert [e.details["count"] for e in events] == [3, 2, 2]
