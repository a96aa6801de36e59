"""Who in this office has known a person, and since when: every holder of a contact, leavers included."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from handover.errors import NotFound
from handover.models import Connection, Contact, Department, Post, Staff
from handover.services import audit


def contact_history(session: Session, contact_id: int, *, actor: str) -> dict[str, Any]:
    """Every period anyone held the contact (or a record merged into it), and each person's first day."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(f"no contact {contact_id}")
    # Records merged into this one (名寄せ) are the same person: their holders count too.
    merged = select(Contact.id).where(Contact.merged_into_id == contact_id)
    rows = session.execute(
        select(Connection, Staff.employee_no, Staff.name, Staff.active, Department.name, Post.title)
        .join(Staff, Staff.id == Connection.staff_id)
        .outerjoin(Post, Post.id == Connection.post_id)
        .outerjoin(Department, Department.id == Post.department_id)
        .where(or_(Connection.contact_id == contact_id, Connection.contact_id.in_(merged)))
        .order_by(Connection.since, Connection.id)
    )
    periods: list[dict[str, Any]] = []
    people: dict[str, dict[str, Any]] = {}
    for connection, employee_no, name, active, department, title in rows:
        periods.append(
            {
                "employee_no": employee_no,
                "name": name,
                "post": f"{department} {title}" if department else None,
                "since": connection.since.isoformat(),
                "until": connection.until.isoformat() if connection.until else None,
                "source": connection.source.value,
                "in_office": bool(active),
            }
        )
        person = people.setdefault(
            employee_no,
            {
                "employee_no": employee_no,
                "name": name,
                "since": connection.since.isoformat(),
                "holds_now": False,
            },
        )
        person["holds_now"] = person["holds_now"] or connection.until is None
        person["in_office"] = bool(active)
    audit.record(
        session,
        actor=actor,
        action="contact.history.view",
        object_type="contact",
        object_id=contact_id,
        details={"periods": len(periods)},
    )
    return {"contact_id": contact_id, "people": list(people.values()), "periods": periods}
