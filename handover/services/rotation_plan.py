"""Transfer plans: import a list as a draft, show its dry run, resolve ambiguous posts."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from handover.errors import InvalidFile, InvalidState, NotFound, PlanConflict, RowError
from handover.models import Move, MoveKind, PlanKind, PlanStatus, RotationPlan, Staff, SuccessorChoice
from handover.services import audit
from handover.services.csv_input import CsvRow
from handover.services.rotation_parse import TransferRow, parse_rows, read_transfer_rows
from handover.services.rotation_resolve import Choices, Resolution, resolve


def new_plan(
    session: Session, *, kind: PlanKind, dates: Counter[dt.date], filename: str, data: bytes
) -> RotationPlan:
    """A draft plan for an imported file, dated by the effective date most of its rows carry."""
    if not dates:
        raise InvalidFile(filename, [RowError(None, "effective_date", "no row has a valid effective date")])
    # The date most rows carry is the plan's; rows with another date are errors, not a second plan.
    plan = RotationPlan(
        kind=kind,
        effective_date=dates.most_common(1)[0][0],
        source_filename=filename,
        source_sha256=hashlib.sha256(data).hexdigest(),
    )
    session.add(plan)
    session.flush()
    return plan


def create_plan(session: Session, source: Path | bytes, *, filename: str, actor: str) -> RotationPlan:
    """Import a transfer list as a draft plan with its dry run; a plan without errors is validated."""
    data = source.read_bytes() if isinstance(source, Path) else source
    csv_rows = read_transfer_rows(data, filename=filename)
    if not csv_rows:
        raise InvalidFile(filename, [RowError(None, None, "the transfer list has no rows")])
    parsed, parse_errors = parse_rows(csv_rows)
    dates = Counter(r.effective_date for r in parsed if r.effective_date is not None)
    plan = new_plan(session, kind=PlanKind.TRANSFER, dates=dates, filename=filename, data=data)
    day = plan.effective_date
    session.add_all(
        Move(
            plan_id=plan.id,
            row_no=row.row,
            kind=_kind(parsed_row),
            employee_no=row.get("employee_no")[:32],
            effective_date=parsed_row.effective_date or day,
            raw=dict(row.values),
        )
        for row, parsed_row in zip(csv_rows, parsed, strict=True)
    )
    session.flush()
    resolution = resolve(session, parsed, effective_date=day, parse_errors=parse_errors)
    _store(session, plan, resolution)
    audit.record(
        session,
        actor=actor,
        action="plan.create",
        object_type="rotation_plan",
        object_id=plan.id,
        details={"file": filename, **plan.dry_run["summary"]},
    )
    return plan


def _kind(row: TransferRow) -> MoveKind:
    if row.leaves_a_post and row.takes_a_post:
        return MoveKind.TRANSFER
    return MoveKind.LEAVE if row.leaves_a_post else MoveKind.JOIN


def get_plan(
    session: Session, plan_id: int, *, lock: bool = False, kind: PlanKind | None = None
) -> RotationPlan:
    """The plan, or NotFound; `lock` takes a row lock so two applies cannot run at once.

    With `kind`, a plan of the other kind (a reorganisation given to transfer apply) is refused.
    """
    plan = session.get(RotationPlan, plan_id, with_for_update=lock or None)
    if plan is None:
        raise NotFound(f"no rotation plan {plan_id}")
    if kind is not None and plan.kind is not kind:
        raise InvalidState(f"plan {plan.id} is a {plan.kind.value} plan")
    return plan


def resolve_plan(session: Session, plan: RotationPlan) -> Resolution:
    """Resolve a stored transfer plan against the office as it is now."""
    moves = session.scalars(select(Move).where(Move.plan_id == plan.id).order_by(Move.row_no)).all()
    rows = [CsvRow(row=m.row_no, values={k: str(v) for k, v in m.raw.items()}) for m in moves]
    parsed, parse_errors = parse_rows(rows)
    choices: Choices = {}
    office_staff = session.execute(
        select(SuccessorChoice.post_id, SuccessorChoice.from_staff_id, SuccessorChoice.to_staff_id).where(
            SuccessorChoice.plan_id == plan.id
        )
    ).all()
    if office_staff:
        numbers = {sid: no for sid, no in session.execute(select(Staff.id, Staff.employee_no))}
        choices = {(post_id, from_id): numbers[to_id] for post_id, from_id, to_id in office_staff}
    return resolve(
        session, parsed, effective_date=plan.effective_date, parse_errors=parse_errors, choices=choices
    )


def _store(session: Session, plan: RotationPlan, resolution: Resolution) -> None:
    """Keep the dry run on the plan and the resolved ids on its moves."""
    plan.dry_run = dry_run(plan, resolution)
    plan.error_count = len(resolution.errors)
    plan.warning_count = len(resolution.warnings)
    by_row = {m.row.row: m for m in resolution.moves}
    successor = {h.row: h.to_employee_no for h in resolution.handovers if h.reason != "vacancy"}
    office = resolution.office
    for move in session.scalars(select(Move).where(Move.plan_id == plan.id)):
        resolved = by_row.get(move.row_no)
        move.staff_id = resolved.staff_id if resolved else None
        move.from_post_id = resolved.from_post_id if resolved else None
        move.to_post_id = resolved.to_post_id if resolved else None
        move.successor_staff_id = office.staff_id.get(successor.get(move.row_no) or "")
    if not resolution.errors and plan.status is PlanStatus.DRAFT:
        plan.mark_validated()
    session.flush()


def dry_run(plan: RotationPlan, resolution: Resolution) -> dict[str, Any]:
    """The dry run as `rotation plan --format json` prints it."""
    office = resolution.office
    no = office.staff_no

    def to_key(department_id: int | None, title: str) -> str | None:
        return None if department_id is None else f"{office.departments[department_id].code}:{title}"

    moves = [
        {
            "row": m.row.row,
            "employee_no": m.row.employee_no,
            "name": office.staff_name.get(m.staff_id, m.row.name) if m.staff_id else m.row.name,
            "kind": m.kind.value,
            "from_post": office.post_key(m.from_post_id) if m.from_post_id else None,
            "to_post": to_key(m.to_department_id, m.row.to_title),
            "new_staff": m.staff_id is None,
            "new_post": m.to_department_id is not None and m.to_post_id is None,
        }
        for m in resolution.moves
    ]
    handovers = [
        {
            "row": h.row,
            "from_employee_no": no[h.from_staff_id],
            "to_employee_no": h.to_employee_no,
            "post": office.post_key(h.post_id),
            "post_label": office.post_label(h.post_id),
            "connections": h.connections,
            "reason": h.reason,
        }
        for h in resolution.handovers
        if h.reason != "vacancy"
    ]
    vacancies = [
        {
            "row": h.row,
            "from_employee_no": no[h.from_staff_id],
            "post": office.post_key(h.post_id),
            "post_label": office.post_label(h.post_id),
            "connections": h.connections,
            "fallback_employee_no": h.to_employee_no,
        }
        for h in resolution.handovers
        if h.reason == "vacancy"
    ]
    ambiguities = [
        {
            "row": a.row,
            "from_employee_no": no[a.from_staff_id],
            "post": office.post_key(a.post_id),
            "candidates": a.candidates,
            "connections": a.connections,
        }
        for a in resolution.ambiguities
    ]
    return {
        "plan_id": plan.id,
        "kind": plan.kind.value,
        "effective_date": resolution.effective_date.isoformat(),
        "moves": moves,
        "handovers": handovers,
        "vacancies": vacancies,
        "ambiguities": ambiguities,
        "warnings": [_problem(w) for w in resolution.warnings],
        "errors": [_problem(e) for e in resolution.errors],
        "summary": {
            "moves": len(moves),
            "handovers": len(handovers),
            "connections": sum(h.connections for h in resolution.handovers if h.to_employee_no),
            "vacancies": len(vacancies),
            "ambiguities": len(ambiguities),
            "warnings": len(resolution.warnings),
            "errors": len(resolution.errors),
        },
    }


def _problem(error: RowError) -> dict[str, Any]:
    return {"row": error.row, "column": error.column, "message": error.message}


def assign_successor(
    session: Session,
    plan_id: int,
    *,
    post: str,
    to_employee_no: str,
    from_employee_no: str | None = None,
    actor: str,
) -> RotationPlan:
    """Resolve an ambiguous post: `to_employee_no` inherits it (from one leaver, or from all)."""
    plan = get_plan(session, plan_id)
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.VALIDATED) or plan.kind is not PlanKind.TRANSFER:
        raise InvalidState(f"plan {plan.id} is {plan.status.value}; successors are chosen before apply")
    resolution = resolve_plan(session, plan)
    office = resolution.office
    code, _, title = post.partition(":")
    department = office.by_code.get(code)
    target = office.post_by_key.get((department.id, title)) if department else None
    if target is None:
        raise NotFound(f"no post {post} (use DEPT_CODE:TITLE, e.g. K1:課長)")
    to_id = office.staff_id.get(to_employee_no)
    if to_id is None:
        raise NotFound(f"unknown employee {to_employee_no}")
    from_id = office.staff_id.get(from_employee_no) if from_employee_no else None
    if from_employee_no and from_id is None:
        raise NotFound(f"unknown employee {from_employee_no}")
    choice = session.scalar(
        select(SuccessorChoice).where(
            SuccessorChoice.plan_id == plan.id,
            SuccessorChoice.post_id == target.id,
            SuccessorChoice.from_staff_id.is_(None)
            if from_id is None
            else SuccessorChoice.from_staff_id == from_id,
        )
    )
    if choice is None:
        choice = SuccessorChoice(plan_id=plan.id, post_id=target.id, from_staff_id=from_id, to_staff_id=to_id)
        session.add(choice)
    choice.to_staff_id = to_id
    session.flush()
    resolution = resolve_plan(session, plan)
    if any(e.column == "successor_employee_no" for e in resolution.errors):
        raise PlanConflict(
            "; ".join(str(e) for e in resolution.errors if e.column == "successor_employee_no")
        )
    _store(session, plan, resolution)
    audit.record(
        session,
        actor=actor,
        action="plan.assign",
        object_type="rotation_plan",
        object_id=plan.id,
        details={"post": post, "to": to_employee_no, "from": from_employee_no},
    )
    return plan


def refresh_dry_run(session: Session, plan: RotationPlan) -> Resolution:
    """Recompute a plan's dry run against the office as it is now (before apply)."""
    resolution = resolve_plan(session, plan)
    if plan.status in (PlanStatus.DRAFT, PlanStatus.VALIDATED):
        _store(session, plan, resolution)
    return resolution
