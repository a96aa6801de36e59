"""What follows a contact merge besides cards and connections: inbox items and handover notes.

A successor's inbox item and a predecessor's 引き継ぎメモ name a contact. When that contact is
merged into another, the item must follow (or the successor decides on a record that no longer
shows anywhere), and the note must follow (the next transfer carries notes by holder and contact,
and the holder's connection now sits on the survivor). `after_merge` returns what it changed, in
plain JSON kept in the merge record; `undo` puts exactly that back.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from handover.models import Connection, HandoverItem, HandoverNote


def _survivor_connection(session: Session, survivor_id: int, held: Connection) -> int | None:
    """The survivor's open connection for the same holder and post as `held`, if it has one."""
    return session.scalar(
        select(Connection.id).where(
            Connection.contact_id == survivor_id,
            Connection.staff_id == held.staff_id,
            Connection.post_id.is_(None) if held.post_id is None else Connection.post_id == held.post_id,
            Connection.until.is_(None),
        )
    )


def _move_items(session: Session, survivor_id: int, other_id: int) -> list[dict[str, Any]]:
    moved: list[dict[str, Any]] = []
    for item in session.scalars(
        select(HandoverItem).where(HandoverItem.contact_id == other_id).order_by(HandoverItem.id)
    ):
        entry: dict[str, Any] = {"id": item.id, "to_connection_id": item.to_connection_id}
        held = session.get(Connection, item.to_connection_id)
        # The merge leaves an open connection behind when the survivor already had one for the
        # same holder and post; the item then points at the survivor's, so deciding it acts there.
        if held is not None and held.contact_id == other_id:
            replacement = _survivor_connection(session, survivor_id, held)
            if replacement is not None:
                item.to_connection_id = replacement
        item.contact_id = survivor_id
        moved.append(entry)
    return moved


def _move_notes(session: Session, survivor_id: int, other_id: int) -> tuple[list[int], dict[str, str]]:
    """Notes move to the survivor; a holder's second note on the same person is appended to the first."""
    own = {
        n.staff_id: n
        for n in session.scalars(select(HandoverNote).where(HandoverNote.contact_id == survivor_id))
    }
    moved: list[int] = []
    joined: dict[str, str] = {}
    for note in session.scalars(
        select(HandoverNote).where(HandoverNote.contact_id == other_id).order_by(HandoverNote.id)
    ):
        kept = own.get(note.staff_id)
        if kept is None:
            note.contact_id = survivor_id
            moved.append(note.id)
        elif note.text.strip() and note.text.strip() not in kept.text:
            joined[str(kept.id)] = kept.text
            kept.text = f"{kept.text}\n{note.text}"
    return moved, joined


def after_merge(session: Session, survivor_id: int, other_id: int) -> dict[str, Any]:
    """Move the merged-away contact's inbox items and notes to the survivor; returns what moved."""
    items = _move_items(session, survivor_id, other_id)
    notes, joined = _move_notes(session, survivor_id, other_id)
    session.flush()
    return {"items": items, "notes": notes, "joined_notes": joined}


def undo(session: Session, record: dict[str, Any], *, other_id: int) -> None:
    """Put back what `after_merge` moved: items and notes to the other contact, joined notes as they were."""
    for entry in record.get("items", []):
        item = session.get(HandoverItem, entry["id"])
        if item is not None:
            item.contact_id = other_id
            item.to_connection_id = entry["to_connection_id"]
    for note_id in record.get("notes", []):
        note = session.get(HandoverNote, note_id)
        if note is not None:
            note.contact_id = other_id
    for note_id, text in record.get("joined_notes", {}).items():
        note = session.get(HandoverNote, int(note_id))
        if note is not None:
            note.text = text
    session.flush()
