"""The successor's inbox, the predecessor's notes and requests, and the history of who knew whom."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from handover.errors import InvalidState, NotFound
from handover.models import AuditEvent, Connection, ConnectionSource, HandoverItem
from handover.services.history import contact_history
from handover.services.inbox import answer, decide, inbox, overdue, requests_for
from handover.services.notes import add_note
from tests.integration.rotation_fixtures import SmallOffice, applied_swap

DAY = dt.date(2027, 4, 1)


@pytest.fixture
def applied(session: Session) -> SmallOffice:
    """SWAP applied: 菊地 (E0006) inherits 上野's (E0003) contacts C1-C3, with a note on C1."""
    return applied_swap(session)


def _item(session: Session, office: SmallOffice, to: str, contact: str) -> HandoverItem:
    item = session.scalar(
        select(HandoverItem).where(
            HandoverItem.to_staff_id == office.staff[to].id,
            HandoverItem.contact_id == office.contacts[contact].id,
        )
    )
    assert item is not None
    return item


def test_inbox_lists_open_items_with_note_and_deadline(session: Session, applied: SmallOffice) -> None:
    entries = inbox(session, "E0006", actor="cli", today=DAY)
    assert [e["name"] for e in entries] == ["小森 亮", "斎木 咲", "田辺 光"]
    first = entries[0]
    assert (first["from_employee_no"], first["note"], first["status"], first["due"]) == (
        "E0003",
        "前年度の協定の窓口",
        "pending",
        "2027-04-11",
    )
    assert inbox(session, "E0006", actor="cli", today=DAY, overdue_only=True) == []
    late = inbox(session, "E0006", actor="cli", today=DAY + dt.timedelta(days=11), overdue_only=True)
    assert len(late) == 3
    assert len(overdue(session, actor="cli", today=DAY + dt.timedelta(days=11))) == 9
    decide(session, first["item_id"], "keep", actor="cli", today=DAY)
    assert len(inbox(session, "E0006", actor="cli", today=DAY)) == 2
    views = session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("inbox.%"))).all()
    assert len(views) == 5


def test_archive_closes_and_return_gives_the_contact_to_the_head(
    session: Session, applied: SmallOffice
) -> None:
    archived = _item(session, applied, "E0006", "C2")
    decide(session, archived.id, "archive", actor="cli", today=DAY + dt.timedelta(days=3))
    held = session.get(Connection, archived.to_connection_id)
    assert held is not None and held.until == DAY + dt.timedelta(days=3)

    returned = _item(session, applied, "E0006", "C3")
    decide(session, returned.id, "return", actor="cli", today=DAY, note="担当外")
    head = session.scalar(
        select(Connection).where(
            Connection.source == ConnectionSource.RETURNED, Connection.contact_id == applied.contacts["C3"].id
        )
    )
    # 管理係's head post (係長) was vacated, so the contact goes up to the 人事課 課長.
    assert head is not None and head.staff_id == applied.staff["E0001"].id and head.until is None
    assert head.post_id == returned.post_id and head.predecessor_id == returned.to_connection_id
    with pytest.raises(InvalidState, match="already decided"):
        decide(session, returned.id, "keep", actor="cli", today=DAY)
    with pytest.raises(InvalidState, match="unknown decision"):
        decide(session, archived.id, "maybe", actor="cli", today=DAY)


def test_ask_intro_reaches_the_predecessor_who_answers_once(session: Session, applied: SmallOffice) -> None:
    item = _item(session, applied, "E0006", "C1")
    assert requests_for(session, "E0003", actor="cli") == []
    decide(session, item.id, "ask-intro", actor="cli", today=DAY, note="挨拶に伺いたい")
    [request] = requests_for(session, "E0003", actor="cli")
    assert (request["item_id"], request["decision_note"], request["to_employee_no"]) == (
        item.id,
        "挨拶に伺いたい",
        "E0006",
    )
    answer(session, item.id, "4月中に一緒に伺いましょう", actor="cli")
    assert requests_for(session, "E0003", actor="cli")[0]["intro_answer"] == "4月中に一緒に伺いましょう"
    with pytest.raises(InvalidState, match="already answered"):
        answer(session, item.id, "もう一度", actor="cli")
    # Still in the successor's inbox, with the answer, until they decide.
    entry = next(e for e in inbox(session, "E0006", actor="cli", today=DAY) if e["item_id"] == item.id)
    assert entry["status"] == "intro_requested" and entry["intro_answer"]


def test_notes_need_a_held_contact_and_reach_pending_items(session: Session, applied: SmallOffice) -> None:
    with pytest.raises(NotFound, match="never held"):
        add_note(session, "E0005", applied.contacts["C1"].id, "面識なし", actor="cli")
    with pytest.raises(InvalidState):
        add_note(session, "E0003", applied.contacts["C2"].id, "  ", actor="cli")
    add_note(session, "E0003", applied.contacts["C2"].id, "異動後に追記", actor="cli")
    assert _item(session, applied, "E0006", "C2").note == "異動後に追記"


def test_history_answers_who_has_known_this_person_and_since_when(
    session: Session, applied: SmallOffice
) -> None:
    history = contact_history(session, applied.contacts["C1"].id, actor="cli")
    people = {p["employee_no"]: p for p in history["people"]}
    assert set(people) == {"E0003", "E0004", "E0006"}
    assert people["E0003"]["since"] == "2024-04-01" and not people["E0003"]["holds_now"]
    assert people["E0006"]["since"] == "2027-04-01" and people["E0006"]["holds_now"]
    leaver = contact_history(session, applied.contacts["C6"].id, actor="cli")
    # 井口 left the office (退職) and is still on record as having known the contact.
    assert [(p["employee_no"], p["in_office"]) for p in leaver["people"]] == [
        ("E0002", False),
        ("E0001", True),
    ]
    assert [p["source"] for p in leaver["periods"]] == ["card", "handover"]
