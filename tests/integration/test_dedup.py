"""名寄せ: one person, one contact, with every card kept as history; merges and splits undo exactly."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handover.errors import InvalidState
from handover.models import (
    Card,
    Contact,
    ContactIdentifier,
    ExternalOrganization,
    MergeSuggestion,
    Scan,
    Staff,
)
from handover.services.dedup import resolve_contact
from handover.services.merging import merge_contacts, split_contact, undo_merge
from tests.factories import add_department, add_staff

APRIL = dt.date(2025, 4, 1)
CARD = {
    "name": "髙橋 一郎",
    "name_kana": "タカハシ イチロウ",
    "organization": "株式会社みどり工業",
    "department": "営業部",
    "title": "課長",
    "phone": "03-1111-2222",
    "email": "ichiro.takahashi@midori-kogyo.example.co.jp",
}


def _card(**changes: str | None) -> dict[str, str | None]:
    return {**CARD, **changes}


def _count(session: Session, model: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_the_same_person_typed_differently_is_one_contact(session: Session) -> None:
    first = resolve_contact(session, CARD, exchanged_on=APRIL)
    again = resolve_contact(
        session,
        _card(name="高橋　一郎", name_kana="たかはし いちろう", organization="(株)みどり工業", email=None),
        exchanged_on=APRIL,
    )
    assert first.created and not again.created
    assert again.contact.id == first.contact.id and again.matched_by == "name+organization"
    assert _count(session, Contact) == 1 and _count(session, ExternalOrganization) == 1
    org = session.scalars(select(ExternalOrganization)).one()
    assert org.normalized_name == "みどり工業" and org.kind.value == "company"
    assert org.email_domain == "midori-kogyo.example.co.jp"


def test_same_name_in_another_organisation_is_another_person(session: Session) -> None:
    first = resolve_contact(session, CARD, exchanged_on=APRIL)
    other = resolve_contact(
        session,
        _card(organization="架空市役所", email="takahashi@city.kakuu.example.lg.jp"),
        exchanged_on=APRIL,
    )
    assert other.created and other.contact.id != first.contact.id
    # Same name and reading elsewhere may be a job change: a person decides, nothing is merged.
    assert [(s.contact_id, s.candidate_id) for s in other.suggestions] == [
        (other.contact.id, first.contact.id)
    ]


def test_a_job_change_tied_by_mobile_is_card_history(session: Session) -> None:
    first = resolve_contact(session, _card(mobile="090-1234-5678"), exchanged_on=APRIL)
    moved = resolve_contact(
        session,
        _card(organization="(株)あおば商事", title="部長", email="i.takahashi@aoba.example.jp",
              phone=None, mobile="09012345678"),
        exchanged_on=APRIL + dt.timedelta(days=400),
    )  # fmt: skip
    assert moved.contact.id == first.contact.id and moved.history and moved.matched_by == "mobile"
    contact = moved.contact
    assert contact.organization is not None and contact.organization.normalized_name == "あおば商事"
    assert (contact.title, contact.email, contact.mobile) == (
        "部長",
        "i.takahashi@aoba.example.jp",
        "090-1234-5678",
    )
    assert contact.phone is None  # the old office's number left with the old job
    # An older card confirmed later only fills gaps: it never overwrites the current job.
    late = resolve_contact(session, _card(mobile="090-1234-5678", fax="03-1111-3333"), exchanged_on=APRIL)
    assert late.contact.id == contact.id and not late.history
    assert contact.title == "部長" and contact.fax == "03-1111-3333"


def test_a_promotion_in_the_same_organisation_updates_the_title(session: Session) -> None:
    first = resolve_contact(session, CARD, exchanged_on=APRIL)
    promoted = resolve_contact(session, _card(title="部長"), exchanged_on=APRIL + dt.timedelta(days=365))
    assert promoted.contact.id == first.contact.id and promoted.history
    assert promoted.contact.title == "部長"


def test_ocr_noise_in_the_name_joins_when_the_reading_agrees_and_is_only_suggested_otherwise(
    session: Session,
) -> None:
    person = _card(name="渡辺 健太郎", name_kana="ワタナベ ケンタロウ", email=None)
    first = resolve_contact(session, person, exchanged_on=APRIL)
    noisy = resolve_contact(session, {**person, "name": "渡辺 健太朗"}, exchanged_on=APRIL)
    assert noisy.contact.id == first.contact.id
    # The same slip on a card without a reading is too weak alone: a suggestion, not a merge ...
    slip = {**person, "name": "渡辺 健大郎", "name_kana": None}
    bare = resolve_contact(session, {**slip, "department": None}, exchanged_on=APRIL)
    assert bare.created and [s.candidate_id for s in bare.suggestions] == [first.contact.id]
    # ... unless the card names the same department and no other address of its own.
    same_desk = resolve_contact(session, {**slip, "name": "渡辺 健太朗"}, exchanged_on=APRIL)
    assert (
        same_desk.contact.id == first.contact.id
        and same_desk.matched_by == "fuzzy name+department+organization"
    )


def test_a_shared_mailbox_does_not_fuse_two_people(session: Session) -> None:
    first = resolve_contact(session, _card(email="info@midori.example.jp"), exchanged_on=APRIL)
    other = resolve_contact(
        session,
        _card(name="佐野 美香", name_kana="サノ ミカ", email="info@midori.example.jp"),
        exchanged_on=APRIL,
    )
    assert other.created and [s.candidate_id for s in other.suggestions] == [first.contact.id]
    assert _count(session, MergeSuggestion) == 1


def test_a_card_without_a_name_is_refused(session: Session) -> None:
    with pytest.raises(InvalidState, match="name"):
        resolve_contact(session, _card(name=" "), exchanged_on=APRIL)


def _scanned(session: Session, staff: Staff, contact: Contact, fields: dict[str, Any], day: dt.date) -> Card:
    n = _count(session, Scan)
    scan = Scan(sha256=f"{n:064d}", filename=f"s{n}.jpg", media_type="image/jpeg", size_bytes=1,
                stored_path=f"x/{n}", uploaded_by_staff_id=staff.id)  # fmt: skip
    card = Card(scan=scan, fields=fields, contact_id=contact.id, exchanged_on=day, status="confirmed")
    session.add(card)
    session.flush()
    return card


def _identifier_owner(session: Session, value: str) -> int | None:
    return session.scalar(select(ContactIdentifier.contact_id).where(ContactIdentifier.value == value))


def test_merge_split_and_their_undo_restore_everything(session: Session) -> None:
    staff = add_staff(session, "E0001", "相川 明", add_department(session, "K1", "人事課"), "主事")
    a = resolve_contact(session, CARD, exchanged_on=APRIL).contact
    b_fields = _card(name="高梨 一郎", name_kana="タカナシ イチロウ", email=None, mobile="080-2222-3333")
    b = resolve_contact(session, b_fields, exchanged_on=APRIL + dt.timedelta(days=1)).contact
    card_a = _scanned(session, staff, a, CARD, APRIL)
    card_b = _scanned(session, staff, b, b_fields, APRIL + dt.timedelta(days=1))
    session.commit()

    merge = merge_contacts(session, a.id, b.id, reason="same person", actor="test")
    assert b.merged_into_id == a.id and {
        c.id for c in session.scalars(select(Card).where(Card.contact_id == a.id))
    } == {
        card_a.id,
        card_b.id,
    }
    assert a.name == "高梨 一郎" and a.mobile == "080-2222-3333"  # b's card was the newer one
    assert _identifier_owner(session, "080-2222-3333") == a.id
    with pytest.raises(InvalidState):
        merge_contacts(session, a.id, b.id, reason="again", actor="test")

    undo_merge(session, merge.id, actor="test")
    assert b.merged_into_id is None and a.name == "髙橋 一郎" and a.mobile is None
    assert _identifier_owner(session, "080-2222-3333") == b.id
    assert session.get(Card, card_b.id).contact_id == b.id  # type: ignore[union-attr]
    with pytest.raises(InvalidState, match="already undone"):
        undo_merge(session, merge.id, actor="test")

    merge_contacts(session, a.id, b.id, reason="same person", actor="test")
    split = split_contact(session, a.id, [card_b.id], reason="not the same", actor="test")
    new = session.get(Contact, split.other_id)
    assert new is not None and new.name == "高梨 一郎" and session.get(Card, card_b.id).contact_id == new.id  # type: ignore[union-attr]
    assert a.name == "髙橋 一郎"  # back to its own newest card
    assert _identifier_owner(session, "080-2222-3333") == new.id
    undo_merge(session, split.id, actor="test")
    assert _identifier_owner(session, "080-2222-3333") == a.id
    assert new.merged_into_id == a.id and session.get(Card, card_b.id).contact_id == a.id  # type: ignore[union-attr]
    session.commit()


def test_a_card_that_ties_two_contacts_joins_them_undoably(session: Session) -> None:
    at_midori = resolve_contact(session, _card(email=None), exchanged_on=APRIL).contact
    elsewhere = resolve_contact(
        session, _card(organization="架空市役所", email="ichiro@example.jp"), exchanged_on=APRIL
    ).contact
    assert at_midori.id != elsewhere.id
    both = resolve_contact(
        session, _card(email="ichiro@example.jp"), exchanged_on=APRIL + dt.timedelta(days=9)
    )
    # The address is the stronger tie, so that contact survives and takes the other in.
    assert [m.other_id for m in both.merges] == [at_midori.id] and both.contact.id == elsewhere.id
    assert at_midori.merged_into_id == elsewhere.id
    assert both.contact.organization is not None and both.contact.organization.normalized_name == "みどり工業"
    undo_merge(session, both.merges[0].id, actor="test")
    assert at_midori.merged_into_id is None
