"""Applying a reorganisation the way transfers are applied: tagged rows, one transaction, exact undo."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    String,
    and_,
    bindparam,
    case,
    delete,
    exists,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.orm import Session

from handover.db import Base, utcnow
from handover.errors import PlanConflict
from handover.models import ConnectionSource, Department, PlanKind, PlanStatus, Post
from handover.services import audit
from handover.services.org_import import is_head_title
from handover.services.reorg import ReorgResolution, resolve_reorg, stored_rows
from handover.services.rotation_apply import ApplyResult, widen_sqlite_cache
from handover.services.rotation_plan import get_plan
from handover.services.rotation_undo import undo_tagged_rows


def apply_reorg(
    session: Session, plan_id: int, *, actor: str, when: dt.datetime | None = None
) -> ApplyResult:
    """Move posts, assignments and connections to the new departments; a second apply changes nothing."""
    plan = get_plan(session, plan_id, lock=True, kind=PlanKind.REORG)
    if plan.status is PlanStatus.APPLIED:
        return ApplyResult(plan.id, True, dict(plan.applied_record.get("counts", {})))
    if plan.error_count:
        raise PlanConflict(
            f"plan {plan.id} has {plan.error_count} error(s); fix the mapping and plan it again"
        )
    result = resolve_reorg(session, stored_rows(plan), plan.effective_date)
    if result.errors:
        raise PlanConflict(
            f"plan {plan.id} no longer matches the office: " + "; ".join(map(str, result.errors[:10]))
        )
    plan.mark_applied(when or utcnow())
    widen_sqlite_cache(session)
    day = plan.effective_date
    record: dict[str, Any] = {"department_changes": {}}
    codes = _create_departments(session, result, day, record)
    post_params = _target_posts(session, result, codes, record)
    connection = session.connection()
    for statement in (
        *_copy_open_rows("assignment", plan.id, day),
        *_copy_open_rows("connection", plan.id, day),
    ):
        if post_params:
            connection.execute(statement, post_params)
    _change_departments(session, result, codes, day, record)
    counts = {
        "departments_created": len(record["created_departments"]),
        "posts_created": len(record["created_posts"]),
        "posts_moved": len(post_params),
        "assignments_moved": sum(m.assignments for m in result.post_moves),
        "connections_moved": sum(m.connections for m in result.post_moves),
    }
    record["counts"] = counts
    plan.applied_record = record
    audit.record(
        session,
        actor=actor,
        action="plan.apply",
        object_type="rotation_plan",
        object_id=plan.id,
        details={"kind": "reorg", **counts},
    )
    session.flush()
    return ApplyResult(plan.id, False, counts)


def _create_departments(
    session: Session, result: ReorgResolution, day: dt.date, record: dict[str, Any]
) -> dict[str, int]:
    created = [
        Department(code=code, name=name, parent_id=parent, valid_from=day)
        for code, (name, parent) in sorted(result.new_departments.items())
    ]
    session.add_all(created)
    session.flush()
    record["created_departments"] = [d.id for d in created]
    return {code: d.id for code, d in result.office.by_code.items()} | {d.code: d.id for d in created}


def _target_posts(
    session: Session, result: ReorgResolution, codes: dict[str, int], record: dict[str, Any]
) -> list[dict[str, int]]:
    """The post each moving post lands in, created when the new department lacks that title."""
    office = result.office
    names = {d.code: d.name for d in office.departments.values()} | {
        code: name for code, (name, _) in result.new_departments.items()
    }
    params: list[dict[str, int]] = []
    created: list[Post] = []
    for move in result.post_moves:
        department_id = codes[move.new_code]
        target = office.post_by_key.get((department_id, move.title))
        target_id = target.id if target else None
        if target_id is None:
            post = next(
                (p for p in created if (p.department_id, p.title) == (department_id, move.title)), None
            )
            if post is None:
                post = Post(
                    department_id=department_id,
                    title=move.title,
                    is_head=is_head_title(names[move.new_code], move.title),
                )
                session.add(post)
                session.flush()
                created.append(post)
            target_id = post.id
        params.append({"b_old": move.old_post_id, "b_new": target_id})
    record["created_posts"] = [p.id for p in created]
    return params


def _copy_open_rows(name: str, plan_id: int, day: dt.date) -> tuple[Any, Any]:
    """INSERT ... SELECT a copy of each open row in the new post, then UPDATE to close the old ones."""
    table = Base.metadata.tables[name]
    old, mine = table.alias("old"), table.alias("mine")
    new_post = bindparam("b_new", type_=Integer)
    in_old_post = and_(old.c.post_id == bindparam("b_old", type_=Integer))
    if name == "assignment":
        end, start = "end_date", "start_date"
        columns = ["staff_id", "post_id", "start_date", "kind", "opened_by_plan_id"]
        values: list[Any] = [
            old.c.staff_id,
            new_post,
            literal(day, Date),
            old.c.kind,
            literal(plan_id, Integer),
        ]
        duplicate = and_(mine.c.staff_id == old.c.staff_id, mine.c.end_date.is_(None))
    else:
        end, start = "until", "since"
        columns = [
            "contact_id",
            "staff_id",
            "post_id",
            "since",
            "source",
            "predecessor_id",
            "opened_by_plan_id",
        ]
        values = [
            old.c.contact_id,
            old.c.staff_id,
            new_post,
            literal(day, Date),
            literal(ConnectionSource.REORG.value, String),
            old.c.id,
            literal(plan_id, Integer),
        ]
        duplicate = and_(
            mine.c.contact_id == old.c.contact_id, mine.c.staff_id == old.c.staff_id, mine.c.until.is_(None)
        )
    # Two merged departments may give one person the same post twice: one row is enough.
    already = exists().where(mine.c.post_id == new_post, duplicate)
    rows = select(*values).where(in_old_post, old.c[end].is_(None), ~already)
    copy = insert(table).from_select(columns, rows, include_defaults=False)
    # A period that began after the effective date keeps its own first day, so that end >= start holds.
    ends = case((table.c[start] > literal(day, Date), table.c[start]), else_=literal(day, Date))
    close = (
        update(table)
        .where(table.c.post_id == bindparam("b_old", type_=Integer), table.c[end].is_(None))
        .values({end: ends, "closed_by_plan_id": plan_id})
    )
    return copy, close


def _change_departments(
    session: Session, result: ReorgResolution, codes: dict[str, int], day: dt.date, record: dict[str, Any]
) -> None:
    """Renames, and old departments closed with a link to their successor; children follow it."""
    changes: dict[str, dict[str, Any]] = record["department_changes"]

    def remember(department: Department) -> None:
        changes.setdefault(
            str(department.id),
            {
                "name": department.name,
                "parent_id": department.parent_id,
                "valid_to": department.valid_to.isoformat() if department.valid_to else None,
                "successor_id": department.successor_id,
            },
        )

    for department_id, name in result.renames.items():
        department = session.get_one(Department, department_id)
        remember(department)
        department.name = name
    for department_id, successor_code in result.closes.items():
        department = session.get_one(Department, department_id)
        remember(department)
        department.valid_to = max(day, department.valid_from or day)
        department.successor_id = codes[successor_code]
        for child in session.scalars(select(Department).where(Department.parent_id == department_id)):
            if child.id != codes[successor_code]:
                remember(child)
                child.parent_id = codes[successor_code]
    session.flush()


def undo_reorg(
    session: Session, plan_id: int, *, actor: str, when: dt.datetime | None = None
) -> dict[str, int]:
    """Restore exactly the office before the reorganisation."""
    plan = get_plan(session, plan_id, lock=True, kind=PlanKind.REORG)
    plan.mark_undone(when or utcnow())
    session.flush()
    widen_sqlite_cache(session)
    counts = undo_tagged_rows(session, plan.id)
    record = plan.applied_record
    table = Base.metadata.tables["department"]
    for department_id, before in record.get("department_changes", {}).items():
        valid_to = dt.date.fromisoformat(before["valid_to"]) if before["valid_to"] else None
        session.connection().execute(
            update(table)
            .where(table.c.id == int(department_id))
            .values(
                name=before["name"],
                parent_id=before["parent_id"],
                valid_to=valid_to,
                successor_id=before["successor_id"],
            )
        )
    posts, departments = record.get("created_posts", []), record.get("created_departments", [])
    if posts:
        session.connection().execute(
            delete(Base.metadata.tables["post"]).where(Base.metadata.tables["post"].c.id.in_(posts))
        )
    if departments:
        session.connection().execute(delete(table).where(table.c.id.in_(departments)))
    counts |= {"posts_removed": len(posts), "departments_removed": len(departments)}
    audit.record(
        session,
        actor=actor,
        action="plan.undo",
        object_type="rotation_plan",
        object_id=plan.id,
        details={"kind": "reorg", **counts},
    )
    session.flush()
    session.expire_all()
    return counts
