"""Undoing an applied plan: remove the rows it opened, reopen the rows it closed, exactly."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.orm import Session

from handover.db import Base, utcnow
from handover.errors import InvalidState
from handover.models import PlanKind
from handover.services import audit
from handover.services.rotation_apply import widen_sqlite_cache
from handover.services.rotation_plan import get_plan


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _rows(session: Session, statement: Any) -> int:
    """Run a Core statement on the session's transaction; the number of rows it touched."""
    return int(session.connection().execute(statement).rowcount)


def undo_tagged_rows(session: Session, plan_id: int) -> dict[str, int]:
    """Remove what a plan opened and reopen what it closed (items, connections, assignments)."""
    connection, assignment, item = _table("connection"), _table("assignment"), _table("handover_item")
    later = session.scalar(
        select(func.min(connection.c.closed_by_plan_id)).where(
            connection.c.opened_by_plan_id == plan_id,
            connection.c.closed_by_plan_id.is_not(None),
            connection.c.closed_by_plan_id != plan_id,
        )
    ) or session.scalar(
        select(func.min(assignment.c.closed_by_plan_id)).where(
            assignment.c.opened_by_plan_id == plan_id,
            assignment.c.closed_by_plan_id.is_not(None),
            assignment.c.closed_by_plan_id != plan_id,
        )
    )
    if later:
        raise InvalidState(f"plan {later} was applied on top of plan {plan_id}; undo plan {later} first")
    counts = {
        "handover_items_removed": _rows(session, delete(item).where(item.c.plan_id == plan_id)),
        "connections_removed": _rows(
            session, delete(connection).where(connection.c.opened_by_plan_id == plan_id)
        ),
        "connections_reopened": _rows(
            session,
            update(connection)
            .where(connection.c.closed_by_plan_id == plan_id)
            .values(until=None, closed_by_plan_id=None),
        ),
        "assignments_removed": _rows(
            session, delete(assignment).where(assignment.c.opened_by_plan_id == plan_id)
        ),
        "assignments_reopened": _rows(
            session,
            update(assignment)
            .where(assignment.c.closed_by_plan_id == plan_id)
            .values(end_date=None, closed_by_plan_id=None),
        ),
    }
    return counts


def undo_plan(
    session: Session, plan_id: int, *, actor: str, when: dt.datetime | None = None
) -> dict[str, int]:
    """Restore exactly the state before apply; inbox decisions taken since stay in the audit log."""
    plan = get_plan(session, plan_id, lock=True, kind=PlanKind.TRANSFER)
    plan.mark_undone(when or utcnow())
    session.flush()
    widen_sqlite_cache(session)
    counts = undo_tagged_rows(session, plan.id)
    record = plan.applied_record
    staff = _table("staff")
    if record.get("deactivated_staff"):
        session.execute(update(staff).where(staff.c.id.in_(record["deactivated_staff"])).values(active=True))
    if record.get("reactivated_staff"):
        session.execute(update(staff).where(staff.c.id.in_(record["reactivated_staff"])).values(active=False))
    if record.get("created_staff"):
        session.execute(delete(staff).where(staff.c.id.in_(record["created_staff"])))
    if record.get("created_posts"):
        session.execute(delete(_table("post")).where(_table("post").c.id.in_(record["created_posts"])))
    counts["staff_removed"] = len(record.get("created_staff", []))
    counts["posts_removed"] = len(record.get("created_posts", []))
    audit.record(
        session,
        actor=actor,
        action="plan.undo",
        object_type="rotation_plan",
        object_id=plan.id,
        details=counts,
    )
    session.flush()
    # Objects loaded before the Core statements above may hold stale values.
    session.expire_all()
    return counts
