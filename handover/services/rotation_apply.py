"""Applying a transfer plan in one transaction, set-based, and undoing it exactly."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Table,
    bindparam,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from handover.db import Base, is_sqlite, utcnow
from handover.errors import PlanConflict
from handover.models import (
    HandoverItem,
    MoveKind,
    PlanKind,
    PlanStatus,
    Post,
    RotationPlan,
    Staff,
)
from handover.services import audit
from handover.services.org_import import is_head_title
from handover.services.rotation_handover_sql import hand_over
from handover.services.rotation_plan import dry_run, get_plan, resolve_plan
from handover.services.rotation_resolve import Resolution


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def widen_sqlite_cache(session: Session) -> None:
    """Give SQLite a page cache big enough for one plan's worth of index updates.

    The default cache (2 MB) thrashes when one transaction rewrites 100,000 connections across
    their indexes; 128 MB is a ceiling, not an allocation, and only pages actually read use memory.
    """
    if is_sqlite(session):
        session.connection().exec_driver_sql("PRAGMA cache_size = -131072")


def _rows(session: Session, statement: Any) -> int:
    """Run a Core statement on the session's transaction; the number of rows it touched."""
    return int(session.connection().execute(statement).rowcount)


@dataclass(frozen=True)
class ApplyResult:
    """What apply did (or, when `already_applied`, that it did nothing)."""

    plan_id: int
    already_applied: bool
    counts: dict[str, int]

    def as_json(self) -> dict[str, Any]:
        """For `--format json`."""
        return {"plan_id": self.plan_id, "already_applied": self.already_applied, **self.counts}


def apply_plan(
    session: Session, plan_id: int, *, actor: str, due_days: int, when: dt.datetime | None = None
) -> ApplyResult:
    """Apply a validated transfer plan; a second apply changes nothing and says so."""
    plan = get_plan(session, plan_id, lock=True, kind=PlanKind.TRANSFER)
    if plan.status is PlanStatus.APPLIED:
        return ApplyResult(plan.id, True, dict(plan.applied_record.get("counts", {})))
    if plan.error_count:
        raise PlanConflict(f"plan {plan.id} has {plan.error_count} error(s); fix the list and plan it again")
    resolution = resolve_plan(session, plan)
    if resolution.errors:
        listed = "; ".join(str(e) for e in resolution.errors[:10])
        raise PlanConflict(f"plan {plan.id} no longer matches the office: {listed}")
    if resolution.ambiguities:
        posts = ", ".join(sorted({resolution.office.post_key(a.post_id) for a in resolution.ambiguities}))
        raise PlanConflict(f"plan {plan.id}: choose successors with `rotation assign` first ({posts})")
    # The plan keeps the dry run it was applied with, which may differ from the one first shown.
    plan.dry_run = dry_run(plan, resolution)
    plan.mark_applied(when or utcnow())
    widen_sqlite_cache(session)
    record: dict[str, Any] = {}
    staff_ids = _create_staff(session, resolution, record)
    post_ids = _create_posts(session, resolution, record)
    counts = _move_assignments(session, plan, resolution, staff_ids, post_ids)
    counts |= _hand_over(session, plan, resolution, staff_ids, due_days)
    counts["staff_created"] = len(record["created_staff"])
    counts["posts_created"] = len(record["created_posts"])
    record["deactivated_staff"] = _set_active(session, resolution, MoveKind.LEAVE, False)
    record["reactivated_staff"] = _set_active(session, resolution, MoveKind.JOIN, True)
    record["counts"] = counts
    plan.applied_record = record
    audit.record(
        session,
        actor=actor,
        action="plan.apply",
        object_type="rotation_plan",
        object_id=plan.id,
        details=counts,
    )
    session.flush()
    return ApplyResult(plan.id, False, counts)


def _create_staff(session: Session, resolution: Resolution, record: dict[str, Any]) -> dict[str, int]:
    """New staff (採用) named in the list; their ids are kept so that undo removes them."""
    staff_ids = dict(resolution.office.staff_id)
    created = [
        Staff(employee_no=m.row.employee_no, name=m.row.name) for m in resolution.moves if m.staff_id is None
    ]
    session.add_all(created)
    session.flush()
    staff_ids |= {s.employee_no: s.id for s in created}
    record["created_staff"] = [s.id for s in created]
    return staff_ids


def _create_posts(
    session: Session, resolution: Resolution, record: dict[str, Any]
) -> dict[tuple[int, str], int]:
    """Posts the list names that do not exist yet (a new title in a department)."""
    office = resolution.office
    wanted = {
        (m.to_department_id, m.row.to_title)
        for m in resolution.moves
        if m.to_department_id is not None and m.to_post_id is None
    }
    created = [
        Post(
            department_id=dept_id, title=title, is_head=is_head_title(office.departments[dept_id].name, title)
        )
        for dept_id, title in sorted(wanted)
    ]
    session.add_all(created)
    session.flush()
    record["created_posts"] = [p.id for p in created]
    return {(p.department_id, p.title): p.id for p in created}


def _move_assignments(
    session: Session,
    plan: RotationPlan,
    resolution: Resolution,
    staff_ids: dict[str, int],
    new_posts: dict[tuple[int, str], int],
) -> dict[str, int]:
    """Close the posts people leave and open the ones they take: two executemany statements."""
    table = _table("assignment")
    day = plan.effective_date
    closing = [{"b_id": a.id} for m in resolution.moves for a in m.close]
    opening = [
        {
            "staff_id": staff_ids[m.row.employee_no],
            "post_id": m.to_post_id or new_posts[(m.to_department_id, m.row.to_title)],
            "start_date": day,
            "end_date": None,
            "kind": m.new_kind,
            "opened_by_plan_id": plan.id,
            "closed_by_plan_id": None,
        }
        for m in resolution.moves
        if m.to_department_id is not None
    ]
    connection = session.connection()
    if closing:
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"), table.c.end_date.is_(None))
            .values(end_date=day, closed_by_plan_id=plan.id)
        )
        connection.execute(statement, closing)
    if opening:
        connection.execute(insert(table), opening)
    return {"assignments_closed": len(closing), "assignments_opened": len(opening)}


def _hand_over(
    session: Session, plan: RotationPlan, resolution: Resolution, staff_ids: dict[str, int], due_days: int
) -> dict[str, int]:
    """Per (leaver, post): open the successor's connections, create inbox items, close the leaver's."""
    mapping = [
        {
            "from_staff_id": h.from_staff_id,
            "post_id": h.post_id,
            "to_staff_id": staff_ids[h.to_employee_no],
            "temporary": h.temporary,
        }
        for h in resolution.handovers
        if h.to_employee_no is not None and h.connections
    ]
    if not mapping:
        return {"connections_handed_over": 0, "handover_items": 0}
    day = plan.effective_date
    hand_over(session.connection(), mapping, plan_id=plan.id, day=day, due=day + dt.timedelta(days=due_days))
    items = session.scalar(
        select(func.count()).select_from(HandoverItem).where(HandoverItem.plan_id == plan.id)
    )
    connection = _table("connection")
    opened = session.scalar(
        select(func.count()).select_from(connection).where(connection.c.opened_by_plan_id == plan.id)
    )
    return {"connections_handed_over": opened or 0, "handover_items": items or 0}


def _set_active(session: Session, resolution: Resolution, kind: MoveKind, active: bool) -> list[int]:
    """Leavers (退職, 出向) become inactive, returning staff (復帰) active; the ids changed, for undo."""
    ids = [m.staff_id for m in resolution.moves if m.kind is kind and m.staff_id is not None]
    staff = _table("staff")
    changed = list(
        session.scalars(select(staff.c.id).where(staff.c.id.in_(ids), staff.c.active.is_(not active)))
    )
    if changed:
        session.connection().execute(update(staff).where(staff.c.id.in_(changed)).values(active=active))
    return changed
