"""Reading the directory: contacts with who holds them (staff and post, since when) and their cards."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from handover.errors import InvalidState, NotFound
from handover.models import Card, Connection, ConnectionSource, Contact, Post, Staff
from handover.services.search import search_contact_ids

Row = dict[str, Any]


def staff_by_employee_no(session: Session, employee_no: str) -> Staff:
    """The staff member with this employee number, or NotFound naming it."""
    staff = session.scalars(select(Staff).where(Staff.employee_no == employee_no)).one_or_none()
    if staff is None:
        raise NotFound(f"no staff member with employee number {employee_no!r}")
    return staff


def _connections(
    session: Session, contact_ids: Sequence[int], *, open_only: bool
) -> dict[int, list[Connection]]:
    stmt = (
        select(Connection)
        .where(Connection.contact_id.in_(contact_ids))
        .options(joinedload(Connection.staff), joinedload(Connection.post).joinedload(Post.department))
        .order_by(Connection.since, Connection.id)
    )
    if open_only:
        stmt = stmt.where(Connection.until.is_(None))
    by_contact: dict[int, list[Connection]] = defaultdict(list)
    for connection in session.scalars(stmt):
        by_contact[connection.contact_id].append(connection)
    return by_contact


def _holder(connection: Connection) -> Row:
    return {
        "employee_no": connection.staff.employee_no,
        "post": connection.post.label if connection.post else None,
        "since": connection.since.isoformat(),
    }


def _summary(contact: Contact, holders: list[Connection], cards: int) -> Row:
    org = contact.organization
    return {
        "id": contact.id,
        "name": contact.name,
        "name_kana": contact.name_kana,
        "organization": org.name if org else None,
        "department": contact.department,
        "title": contact.title,
        "email": contact.email,
        "phone": contact.phone,
        "holders": [_holder(c) for c in holders],
        "cards": cards,
    }


def contact_rows(session: Session, ids: Sequence[int]) -> list[Row]:
    """Summaries of the contacts with these ids, in the same order, holders and card counts included."""
    if not ids:
        return []
    contacts = {
        c.id: c
        for c in session.scalars(
            select(Contact).where(Contact.id.in_(ids)).options(selectinload(Contact.organization))
        )
    }
    holders = _connections(session, ids, open_only=True)
    counts: dict[int | None, int] = {
        contact_id: n
        for contact_id, n in session.execute(
            select(Card.contact_id, func.count()).where(Card.contact_id.in_(ids)).group_by(Card.contact_id)
        )
    }
    return [_summary(contacts[i], holders.get(i, []), int(counts.get(i, 0))) for i in ids if i in contacts]


def list_contacts(
    session: Session,
    *,
    staff_employee_no: str | None = None,
    query: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[Row]:
    """Live contacts (optionally those a staff member holds, optionally matching a query) as JSON rows."""
    staff_id = staff_by_employee_no(session, staff_employee_no).id if staff_employee_no else None
    ids = search_contact_ids(session, query or "", staff_id=staff_id, limit=limit, offset=offset)
    return contact_rows(session, ids)


def contact_detail(session: Session, contact_id: int) -> Row:
    """One contact: current fields, every card (newest first) and every holder over time."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(f"contact {contact_id} does not exist")
    cards = list(
        session.scalars(
            select(Card)
            .where(Card.contact_id == contact.id)
            .order_by(Card.exchanged_on.desc().nulls_last(), Card.id.desc())
        )
    )
    connections = _connections(session, [contact.id], open_only=False).get(contact.id, [])
    row = _summary(contact, [c for c in connections if c.until is None], len(cards))
    row.update(
        {
            "postal_code": contact.postal_code,
            "address": contact.address,
            "fax": contact.fax,
            "mobile": contact.mobile,
            "url": contact.url,
            "merged_into_id": contact.merged_into_id,
            "card_history": [
                {
                    "card_id": card.id,
                    "status": card.status.value,
                    "exchanged_on": card.exchanged_on.isoformat() if card.exchanged_on else None,
                    "organization": (card.fields or {}).get("organization"),
                    "department": (card.fields or {}).get("department"),
                    "title": (card.fields or {}).get("title"),
                    "current": index == 0,
                }
                for index, card in enumerate(cards)
            ],
            "holders_over_time": [
                {**_holder(c), "until": c.until.isoformat() if c.until else None, "source": c.source.value}
                for c in connections
            ],
        }
    )
    return row


def connect_contact(
    session: Session,
    contact: Contact,
    staff: Staff,
    *,
    since: dt.date,
    source: ConnectionSource,
    card_id: int | None = None,
) -> Connection:
    """Connect a contact to a staff member and their current post since `since` (kept if already open)."""
    if contact.merged_into_id is not None:
        raise InvalidState(f"contact {contact.id} was merged into {contact.merged_into_id}")
    posts = [a.post_id for a in staff.current_assignments(since)] or [
        a.post_id for a in staff.assignments if a.end_date is None
    ]
    post_id = posts[0] if posts else None
    existing = session.scalars(
        select(Connection).where(
            Connection.contact_id == contact.id,
            Connection.staff_id == staff.id,
            Connection.until.is_(None),
            Connection.post_id.is_(None) if post_id is None else Connection.post_id == post_id,
        )
    ).first()
    if existing is not None:
        return existing
    connection = Connection(
        contact_id=contact.id, staff_id=staff.id, post_id=post_id, since=since, source=source, card_id=card_id
    )
    session.add(connection)
    session.flush()
    return connection
