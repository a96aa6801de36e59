"""A merge moves the merged-away contact's inbox items and notes to the survivor; unmerge moves them back."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from handover.models import Connection, Contact, HandoverItem, HandoverNote
from handover.services.inbox import decide, inbox
from handover.services.merging import merge_contacts, undo_merge
from tests.integration.rotation_fixtures import SmallOffice, applied_swap, connect

DAY = dt.date(2027, 4, 1)


@pytest.fixture
def applied(session: Session) -> SmallOffice:
    """SWAP applied: 菊地 (E0006) inherits 上野's (E0003) contacts C1-C3, with a note on C1."""
    return applied_swap(session)


def _duplicate(session: Session, of: Contact) -> Contact:
    twin = Contact(name=of.name, normalized_name=of.normalized_name)
    session.add(twin)
    session.flush()
    return twin


def _item(session: Session, office: SmallOffice, contact: Contact) -> HandoverItem:
    item = session.scalar(
        select(HandoverItem).where(
            HandoverItem.to_staff_id == office.staff["E0006"].id, HandoverItem.contact_id == contact.id
        )
    )
    assert item is not None
    return item


def test_an_inbox_item_and_its_note_follow_the_merge_and_come_back_on_unmerge(
    session: Session, applied: SmallOffice
) -> None:
    c1 = applied.contacts["C1"]
    item = _item(session, applied, c1)
    held_before = item.to_connection_id
    twin = _duplicate(session, c1)
    record = merge_contacts(session, twin.id, c1.id, reason="same person", actor="cli")
    session.commit()

    session.refresh(item)
    assert item.contact_id == twin.id and item.to_connection_id == held_before
    listed = {e["contact_id"] for e in inbox(session, "E0006", actor="cli", today=DAY)}
    assert twin.id in listed and c1.id not in listed
    note = session.scalar(select(HandoverNote).where(HandoverNote.staff_id == applied.staff["E0003"].id))
    assert note is not None and note.contact_id == twin.id

    undo_merge(session, record.id, actor="cli")
    session.commit()
    session.refresh(item)
    session.refresh(note)
    assert (item.contact_id, item.to_connection_id, note.contact_id) == (c1.id, held_before, c1.id)
    listed = {e["contact_id"] for e in inbox(session, "E0006", actor="cli", today=DAY)}
    assert c1.id in listed and twin.id not in listed


def test_when_the_survivor_is_already_held_the_item_acts_on_the_survivors_connection(
    session: Session, applied: SmallOffice
) -> None:
    c1 = applied.contacts["C1"]
    item = _item(session, applied, c1)
    successor_held = session.get(Connection, item.to_connection_id)
    assert successor_held is not None and successor_held.post is not None
    twin = _duplicate(session, c1)
    # The successor already knows the twin in the same post: the merge leaves one open connection.
    own = connect(session, applied.staff["E0006"], twin, successor_held.post)
    # 上野 once held the twin too (a card from another year) and wrote a note on it.
    session.add(HandoverNote(staff_id=applied.staff["E0003"].id, contact_id=twin.id, text="秘書経由で連絡"))
    record = merge_contacts(session, twin.id, c1.id, reason="same person", actor="cli")
    session.commit()

    session.refresh(item)
    assert (item.contact_id, item.to_connection_id) == (twin.id, own.id)
    notes = session.scalars(select(HandoverNote).where(HandoverNote.contact_id == twin.id)).all()
    assert [n.text for n in notes] == ["秘書経由で連絡\n前年度の協定の窓口"]
    decide(session, item.id, "archive", actor="cli", today=DAY)
    session.commit()
    session.refresh(own)
    assert own.until == DAY  # archiving closes the connection the survivor is really held by

    # Unmerge after the decision: the item goes back with the connection it pointed at first.
    undo_merge(session, record.id, actor="cli")
    session.commit()
    session.refresh(item)
    assert (item.contact_id, item.to_connection_id) == (c1.id, successor_held.id)
    texts = sorted(n.text for n in session.scalars(select(HandoverNote)))
    assert texts == ["前年度の協定の窓口", "秘書経由で連絡"]
