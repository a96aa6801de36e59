"""The successor's inbox: decide on inherited contacts; the predecessor answers introduction requests."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from handover.db import utcnow
from handover.errors import InvalidState, NotFound
from handover.models import (
    Assignment,
    Connection,
    ConnectionSource,
    Contact,
    Department,
    ExternalOrganization,
    HandoverItem,
    ItemStatus,
    PlanStatus,
    Post,
    RotationPlan,
    Staff,
)
from handover.services import audit

Decision = Literal["keep", "ask-intro", "archive", "return"]
DECISIONS: dict[str, ItemStatus] = {
    "keep": ItemStatus.KEPT,
    "ask-intro": ItemStatus.INTRO_REQUESTED,
    "archive": ItemStatus.ARCHIVED,
    "return": ItemStatus.RETURNED,
}
# Items still needing someone's attention: undecided, or waiting for the predecessor's introduction.
OPEN_STATUSES = (ItemStatus.PENDING, ItemStatus.INTRO_REQUESTED)


def staff_by_number(session: Session, employee_no: str) -> Staff:
    """The staff member with this employee number, or NotFound."""
    staff = session.scalar(select(Staff).where(Staff.employee_no == employee_no))
    if staff is None:
        raise NotFound(f"unknown employee {employee_no}")
    return staff


def _item_query(*conditions: Any) -> Any:
    predecessor, successor = aliased(Staff), aliased(Staff)
    return (
        select(
            HandoverItem,
            Contact.name,
            ExternalOrganization.name,
            predecessor.employee_no,
            successor.employee_no,
        )
        .join(Contact, Contact.id == HandoverItem.contact_id)
        .outerjoin(ExternalOrganization, ExternalOrganization.id == Contact.organization_id)
        .join(predecessor, predecessor.id == HandoverItem.from_staff_id)
        .join(successor, successor.id == HandoverItem.to_staff_id)
        .join(RotationPlan, RotationPlan.id == HandoverItem.plan_id)
        .where(RotationPlan.status == PlanStatus.APPLIED, *conditions)
        .order_by(HandoverItem.due_on, HandoverItem.id)
    )


def _entry(
    item: HandoverItem, name: str, organization: str | None, from_no: str, to_no: str
) -> dict[str, Any]:
    return {
        "item_id": item.id,
        "contact_id": item.contact_id,
        "name": name,
        "organization": organization,
        "from_employee_no": from_no,
        "to_employee_no": to_no,
        "note": item.note,
        "status": item.status.value,
        "due": item.due_on.isoformat(),
        "temporary": item.temporary,
        "decision_note": item.decision_note,
        "intro_answer": item.intro_answer,
    }


def inbox(
    session: Session, employee_no: str, *, actor: str, today: dt.date, overdue_only: bool = False
) -> list[dict[str, Any]]:
    """Open items inherited by a successor (or only those past their deadline); the view is audited."""
    staff = staff_by_number(session, employee_no)
    conditions: list[Any] = [HandoverItem.to_staff_id == staff.id]
    if overdue_only:
        conditions += [HandoverItem.status == ItemStatus.PENDING, HandoverItem.due_on < today]
    else:
        conditions.append(HandoverItem.status.in_(OPEN_STATUSES))
    entries = [_entry(*row) for row in session.execute(_item_query(*conditions))]
    audit.record(
        session,
        actor=actor,
        action="inbox.view",
        object_type="staff",
        object_id=employee_no,
        details={"items": len(entries), "overdue_only": overdue_only},
    )
    return entries


def overdue(session: Session, *, actor: str, today: dt.date) -> list[dict[str, Any]]:
    """Every pending item past its deadline, office-wide, for the administrator's reminder list."""
    entries = [
        _entry(*row)
        for row in session.execute(
            _item_query(HandoverItem.status == ItemStatus.PENDING, HandoverItem.due_on < today)
        )
    ]
    audit.record(session, actor=actor, action="inbox.overdue", details={"items": len(entries)})
    return entries


def _applied_item(session: Session, item_id: int) -> HandoverItem:
    item = session.get(HandoverItem, item_id)
    if item is None:
        raise NotFound(f"no handover item {item_id}")
    plan = session.get(RotationPlan, item.plan_id)
    if plan is None or plan.status is not PlanStatus.APPLIED:
        raise InvalidState(f"item {item_id} belongs to a plan that is not applied")
    return item


def decide(
    session: Session,
    item_id: int,
    decision: str,
    *,
    actor: str,
    today: dt.date,
    note: str | None = None,
    when: dt.datetime | None = None,
) -> HandoverItem:
    """Decide an item: keep, ask-intro (the predecessor sees it), archive (stale), return (to the head)."""
    if decision not in DECISIONS:
        raise InvalidState(f"unknown decision {decision!r}; use keep, ask-intro, archive or return")
    item = _applied_item(session, item_id)
    item.decide(DECISIONS[decision], when=when or utcnow(), note=note)
    held = session.get(Connection, item.to_connection_id)
    if held is None:
        raise NotFound(f"connection {item.to_connection_id} of item {item_id} is missing")
    if decision in ("archive", "return") and held.until is None:
        held.until = max(today, held.since)
    if decision == "return":
        _return_to_head(session, item, held, today)
    audit.record(
        session,
        actor=actor,
        action="handover.decide",
        object_type="handover_item",
        object_id=item.id,
        details={"decision": decision, "plan_id": item.plan_id, "contact_id": item.contact_id},
    )
    session.flush()
    return item


def _return_to_head(session: Session, item: HandoverItem, held: Connection, today: dt.date) -> None:
    """Give the connection to the head of the post's department, who holds it until someone takes it."""
    head = department_head(session, item.post_id, exclude=item.to_staff_id)
    if head is None:
        raise NotFound(f"no department head to return item {item.id} to")
    already = session.scalar(
        select(Connection.id).where(
            Connection.contact_id == item.contact_id,
            Connection.staff_id == head,
            Connection.post_id == item.post_id,
            Connection.until.is_(None),
        )
    )
    if already is not None:
        return
    session.add(
        Connection(
            contact_id=item.contact_id,
            staff_id=head,
            post_id=item.post_id,
            since=held.until or today,
            source=ConnectionSource.RETURNED,
            predecessor_id=held.id,
            # Tagged with the plan: undoing the plan removes what its inbox decisions created.
            opened_by_plan_id=item.plan_id,
        )
    )


def department_head(session: Session, post_id: int | None, *, exclude: int) -> int | None:
    """The staff id now holding a head post of the post's department, walking up the tree."""
    if post_id is None:
        return None
    post = session.get(Post, post_id)
    department: Department | None = post.department if post else None
    visited: set[int] = set()
    while department is not None and department.id not in visited:
        visited.add(department.id)
        holder = session.scalar(
            select(Assignment.staff_id)
            .join(Post, Post.id == Assignment.post_id)
            .where(
                Post.department_id == department.id,
                Post.is_head.is_(True),
                Post.id != post_id,
                Assignment.end_date.is_(None),
                Assignment.staff_id != exclude,
            )
            .order_by(Post.id, Assignment.staff_id)
            .limit(1)
        )
        if holder is not None:
            return int(holder)
        department = department.parent
    return None


def requests_for(session: Session, employee_no: str, *, actor: str) -> list[dict[str, Any]]:
    """Introduction requests a predecessor has received from their successors."""
    staff = staff_by_number(session, employee_no)
    entries = [
        _entry(*row)
        for row in session.execute(
            _item_query(
                HandoverItem.from_staff_id == staff.id, HandoverItem.status == ItemStatus.INTRO_REQUESTED
            )
        )
    ]
    audit.record(
        session,
        actor=actor,
        action="inbox.requests.view",
        object_type="staff",
        object_id=employee_no,
        details={"items": len(entries)},
    )
    return entries


def answer(
    session: Session, item_id: int, text: str, *, actor: str, when: dt.datetime | None = None
) -> HandoverItem:
    """The predecessor's answer to an introduction request (who to call, how they met)."""
    if not text.strip():
        raise InvalidState("an answer needs some text")
    item = _applied_item(session, item_id)
    item.answer_intro(text.strip(), when=when or utcnow())
    audit.record(
        session,
        actor=actor,
        action="handover.intro_answer",
        object_type="handover_item",
        object_id=item.id,
        details={"plan_id": item.plan_id, "contact_id": item.contact_id},
    )
    session.flush()
    return item
