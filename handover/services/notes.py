"""Predecessor notes (引き継ぎメモ): what the leaver wants the successor to know about a contact."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from handover.db import utcnow
from handover.errors import InvalidState, NotFound
from handover.models import Connection, Contact, ExternalOrganization, HandoverItem, HandoverNote, ItemStatus
from handover.services import audit
from handover.services.inbox import staff_by_number

MAX_NOTE_LENGTH = 4000


def add_note(session: Session, employee_no: str, contact_id: int, text: str, *, actor: str) -> HandoverNote:
    """Write or replace the note on a contact the staff member holds; pending items carry the new text."""
    body = text.strip()
    if not body:
        raise InvalidState("a note needs some text")
    if len(body) > MAX_NOTE_LENGTH:
        raise InvalidState(f"a note holds at most {MAX_NOTE_LENGTH} characters, got {len(body)}")
    staff = staff_by_number(session, employee_no)
    if session.get(Contact, contact_id) is None:
        raise NotFound(f"no contact {contact_id}")
    holds = session.scalar(
        select(Connection.id)
        .where(Connection.staff_id == staff.id, Connection.contact_id == contact_id)
        .limit(1)
    )
    if holds is None:
        raise NotFound(f"{employee_no} has never held contact {contact_id}")
    note = session.scalar(
        select(HandoverNote).where(HandoverNote.staff_id == staff.id, HandoverNote.contact_id == contact_id)
    )
    created = note is None
    if note is None:
        note = HandoverNote(staff_id=staff.id, contact_id=contact_id, text=body)
        session.add(note)
    else:
        note.text = body
        note.updated_at = utcnow()
    # A note written after apply still reaches the successor while the item is undecided.
    session.execute(
        update(HandoverItem)
        .where(
            HandoverItem.from_staff_id == staff.id,
            HandoverItem.contact_id == contact_id,
            HandoverItem.status == ItemStatus.PENDING,
        )
        .values(note=body)
    )
    audit.record(
        session,
        actor=actor,
        action="note.add" if created else "note.update",
        object_type="contact",
        object_id=contact_id,
        details={"employee_no": employee_no, "length": len(body)},
    )
    session.flush()
    return note


def list_notes(session: Session, employee_no: str, *, actor: str) -> list[dict[str, Any]]:
    """A staff member's notes, with the contact each is about; the view is audited."""
    staff = staff_by_number(session, employee_no)
    rows = session.execute(
        select(HandoverNote, Contact.name, ExternalOrganization.name)
        .join(Contact, Contact.id == HandoverNote.contact_id)
        .outerjoin(ExternalOrganization, ExternalOrganization.id == Contact.organization_id)
        .where(HandoverNote.staff_id == staff.id)
        .order_by(HandoverNote.contact_id)
    )
    notes = [
        {
            "note_id": note.id,
            "contact_id": note.contact_id,
            "name": name,
            "organization": organization,
            "text": note.text,
            "updated_at": (note.updated_at or note.created_at).isoformat(),
        }
        for note, name, organization in rows
    ]
    audit.record(
        session,
        actor=actor,
        action="notes.view",
        object_type="staff",
        object_id=employee_no,
        details={"notes": len(notes)},
    )
    return notes
