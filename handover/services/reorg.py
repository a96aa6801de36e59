"""Reorganisations (組織改正): rename, merge or split departments by a mapping of old codes to new ones."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from handover.errors import RowError
from handover.models import Connection, PlanKind, RotationPlan
from handover.services import audit
from handover.services.csv_input import CsvRow, read_csv
from handover.services.rotation_office import Office, load_office
from handover.services.rotation_parse import parse_date
from handover.services.rotation_plan import new_plan

REORG_ALIASES = {
    "old_code": "old_code",
    "旧所属コード": "old_code",
    "旧コード": "old_code",
    "new_code": "new_code",
    "新所属コード": "new_code",
    "新コード": "new_code",
    "title": "title",
    "職名": "title",
    "new_name": "new_name",
    "新所属名": "new_name",
    "parent_code": "parent_code",
    "上位所属コード": "parent_code",
    "effective_date": "effective_date",
    "施行日": "effective_date",
    "発令日": "effective_date",
}


@dataclass(frozen=True)
class PostMove:
    """All that is open in one post moves to the same title in the new department."""

    row: int
    old_post_id: int
    new_code: str
    title: str
    assignments: int
    connections: int


@dataclass
class ReorgResolution:
    """A reorganisation matched to the office; nothing written."""

    effective_date: dt.date
    office: Office
    renames: dict[int, str] = field(default_factory=dict)  # department id -> new name
    new_departments: dict[str, tuple[str, int | None]] = field(default_factory=dict)  # code -> (name, parent)
    post_moves: list[PostMove] = field(default_factory=list)
    closes: dict[int, str] = field(default_factory=dict)  # old department id -> successor code
    departments: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def resolve_reorg(session: Session, rows: list[CsvRow], effective_date: dt.date) -> ReorgResolution:
    """Check a mapping against the office and list every post that moves."""
    office = load_office(session)
    result = ReorgResolution(effective_date, office)
    seen: dict[tuple[str, str], int] = {}
    groups: dict[str, list[CsvRow]] = defaultdict(list)
    for row in rows:
        old, new, title = row.get("old_code"), row.get("new_code"), row.get("title")
        try:
            if parse_date(row.get("effective_date")) != effective_date:
                result.errors.append(RowError(row.row, "effective_date", "one reorganisation has one date"))
        except ValueError as e:
            result.errors.append(RowError(row.row, "effective_date", str(e)))
        if old not in office.by_code:
            result.errors.append(RowError(row.row, "old_code", f"unknown department code {old}"))
            continue
        if not new:
            result.errors.append(RowError(row.row, "new_code", "empty new department code"))
            continue
        if (old, title) in seen:
            result.errors.append(RowError(row.row, "old_code", f"duplicate of row {seen[(old, title)]}"))
            continue
        seen[(old, title)] = row.row
        groups[old].append(row)
        if new not in office.by_code and new not in result.new_departments:
            parent_code = row.get("parent_code")
            if not row.get("new_name"):
                result.errors.append(RowError(row.row, "new_name", f"new department {new} needs a name"))
            elif parent_code and parent_code not in office.by_code:
                result.errors.append(
                    RowError(row.row, "parent_code", f"unknown department code {parent_code}")
                )
            else:
                parent = office.by_code[parent_code].id if parent_code else office.by_code[old].parent_id
                result.new_departments[new] = (row.get("new_name"), parent)
    counts = _open_connections_per_post(session, office)
    for old_code, group in groups.items():
        _resolve_group(office, old_code, group, counts, result)
    return result


def _resolve_group(
    office: Office, old_code: str, group: list[CsvRow], counts: dict[int, int], result: ReorgResolution
) -> None:
    """The rows for one old department: a rename in place, or posts moving to one or more departments."""
    old = office.by_code[old_code]
    untitled = [r for r in group if not r.get("title")]
    if len(group) == 1 and untitled and untitled[0].get("new_code") == old_code:
        row = untitled[0]
        if not row.get("new_name"):
            result.errors.append(RowError(row.row, "new_name", "same code and no new name: nothing changes"))
            return
        result.renames[old.id] = row.get("new_name")
        result.departments.append(
            {
                "row": row.row,
                "old_code": old_code,
                "old_name": old.name,
                "new_code": old_code,
                "new_name": row.get("new_name"),
                "action": "rename",
            }
        )
        return
    titled = {r.get("title"): r for r in group if r.get("title")}
    posts = {p.title: p for p in office.posts.values() if p.department_id == old.id}
    for title, row in titled.items():
        if title not in posts:
            result.errors.append(RowError(row.row, "title", f"{old_code} has no post {title}"))
    for title, post in sorted(posts.items()):
        mapping = titled.get(title) or (untitled[0] if untitled else None)
        if mapping is None or mapping.get("new_code") == old_code:
            continue
        holders = len(office.holders.get(post.id, set()))
        if holders or counts.get(post.id):
            result.post_moves.append(
                PostMove(
                    mapping.row, post.id, mapping.get("new_code"), title, holders, counts.get(post.id, 0)
                )
            )
    for row in group:
        new_code = row.get("new_code")
        action = "split" if titled else ("merge" if new_code in office.by_code else "rename")
        new_name = result.new_departments.get(new_code, (None, None))[0] or (
            office.by_code[new_code].name if new_code in office.by_code else None
        )
        result.departments.append(
            {
                "row": row.row,
                "old_code": old_code,
                "old_name": old.name,
                "new_code": new_code,
                "new_name": new_name,
                "title": row.get("title") or None,
                "action": action,
            }
        )
    if untitled and untitled[0].get("new_code") != old_code:
        # Only a department whose every post moved ends; a partial split leaves it in place.
        result.closes[old.id] = untitled[0].get("new_code")


def _open_connections_per_post(session: Session, office: Office) -> dict[int, int]:
    query = (
        select(Connection.post_id, func.count())
        .where(Connection.until.is_(None), Connection.post_id.in_(bindparam("ids", expanding=True)))
        .group_by(Connection.post_id)
    )
    ids = sorted(office.posts)
    counts: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        for post_id, count in session.execute(query, {"ids": ids[start : start + 500]}):
            if post_id is not None:
                counts[int(post_id)] = int(count)
    return counts


def reorg_dry_run(plan: RotationPlan, result: ReorgResolution) -> dict[str, Any]:
    """The dry run of a reorganisation, as `rotation reorg --format json` prints it."""
    office = result.office
    posts = [
        {
            "row": m.row,
            "from": office.post_key(m.old_post_id),
            "to": f"{m.new_code}:{m.title}",
            "assignments": m.assignments,
            "connections": m.connections,
        }
        for m in result.post_moves
    ]
    return {
        "plan_id": plan.id,
        "kind": PlanKind.REORG.value,
        "effective_date": result.effective_date.isoformat(),
        "departments": result.departments,
        "posts": posts,
        "warnings": [{"row": w.row, "column": w.column, "message": w.message} for w in result.warnings],
        "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in result.errors],
        "summary": {
            "departments": len(result.departments),
            "posts": len(posts),
            "assignments": sum(m.assignments for m in result.post_moves),
            "connections": sum(m.connections for m in result.post_moves),
            "warnings": len(result.warnings),
            "errors": len(result.errors),
        },
    }


def read_reorg_rows(source: Path | bytes, *, filename: str) -> list[CsvRow]:
    """The rows of a reorganisation mapping; a missing column rejects the file."""
    return read_csv(
        source, filename=filename, required=("old_code", "new_code", "effective_date"), aliases=REORG_ALIASES
    )


def create_reorg_plan(session: Session, source: Path | bytes, *, filename: str, actor: str) -> RotationPlan:
    """Import a reorganisation mapping as a plan with its dry run (validated when free of errors)."""
    data = source.read_bytes() if isinstance(source, Path) else source
    rows = read_reorg_rows(data, filename=filename)
    dates: Counter[dt.date] = Counter()
    for row in rows:
        try:
            dates[parse_date(row.get("effective_date"))] += 1
        except ValueError:
            continue
    plan = new_plan(session, kind=PlanKind.REORG, dates=dates, filename=filename, data=data)
    result = resolve_reorg(session, rows, plan.effective_date)
    plan.dry_run = {**reorg_dry_run(plan, result), "rows": [{"row": r.row, **r.values} for r in rows]}
    plan.error_count = len(result.errors)
    plan.warning_count = len(result.warnings)
    if not result.errors:
        plan.mark_validated()
    audit.record(
        session,
        actor=actor,
        action="plan.create",
        object_type="rotation_plan",
        object_id=plan.id,
        details={"file": filename, "kind": "reorg", **plan.dry_run["summary"]},
    )
    session.flush()
    return plan


def stored_rows(plan: RotationPlan) -> list[CsvRow]:
    """The mapping rows kept on a reorganisation plan."""
    return [
        CsvRow(row=int(r["row"]), values={k: str(v) for k, v in r.items() if k != "row"})
        for r in plan.dry_run.get("rows", [])
    ]
