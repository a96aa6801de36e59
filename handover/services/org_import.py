"""Loading the department tree and the staff list from HR's CSV files, whole or not at all."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from handover.errors import InvalidFile, RowError
from handover.models import Assignment, AssignmentKind, Department, Post, Staff
from handover.services.csv_input import CsvRow, read_csv

DEPARTMENT_ALIASES = {
    "code": "code",
    "コード": "code",
    "部署コード": "code",
    "所属コード": "code",
    "name": "name",
    "名称": "name",
    "部署名": "name",
    "所属名": "name",
    "parent_code": "parent_code",
    "上位コード": "parent_code",
    "親コード": "parent_code",
    "上位所属コード": "parent_code",
}

STAFF_ALIASES = {
    "employee_no": "employee_no",
    "職員番号": "employee_no",
    "name": "name",
    "氏名": "name",
    "name_kana": "name_kana",
    "氏名カナ": "name_kana",
    "フリガナ": "name_kana",
    "ふりがな": "name_kana",
    "email": "email",
    "メール": "email",
    "メールアドレス": "email",
    "department_code": "department_code",
    "所属コード": "department_code",
    "部署コード": "department_code",
    "title": "title",
    "職名": "title",
    "役職": "title",
}

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# The unit suffixes whose head carries the suffix + 長 (課 -> 課長, 係 -> 係長 ...).
_HEAD_SUFFIXES = ("局", "部", "課", "室", "係", "班", "所", "センター", "事務所", "グループ")


@dataclass(frozen=True)
class ImportSummary:
    """What an import did."""

    created: int
    updated: int
    unchanged: int

    def as_json(self) -> dict[str, int]:
        """Counts for `--format json`."""
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


def is_head_title(department_name: str, title: str) -> bool:
    """True when `title` heads a department named `department_name` (都市計画課 + 課長)."""
    for suffix in sorted(_HEAD_SUFFIXES, key=len, reverse=True):
        if department_name.endswith(suffix):
            return title in (f"{suffix}長", f"{department_name}長")
    return title.endswith("長") and not title.endswith(("補佐", "代理"))


def _find_cycles(parents: dict[str, str | None]) -> set[str]:
    """Codes that sit on a cycle of parent links."""
    on_cycle: set[str] = set()
    for start in parents:
        seen: list[str] = []
        node: str | None = start
        while node is not None and node in parents and node not in seen:
            seen.append(node)
            node = parents[node]
        if node is not None and node in seen:
            on_cycle.update(seen[seen.index(node) :])
    return on_cycle


def import_departments(
    session: Session, source: Path | bytes, *, filename: str | None = None
) -> ImportSummary:
    """Create or update departments from code,name,parent_code rows; any error rejects the file."""
    name = filename or (source.name if isinstance(source, Path) else "departments.csv")
    rows = read_csv(
        source, filename=name, required=("code", "name", "parent_code"), aliases=DEPARTMENT_ALIASES
    )
    existing = {d.code: d for d in session.scalars(select(Department))}
    errors: list[RowError] = []
    by_code: dict[str, CsvRow] = {}
    for row in rows:
        code = row.get("code")
        if not code:
            errors.append(RowError(row.row, "code", "empty department code"))
        elif code in by_code:
            errors.append(RowError(row.row, "code", f"duplicate code {code} (also row {by_code[code].row})"))
        else:
            by_code[code] = row
        if not row.get("name"):
            errors.append(RowError(row.row, "name", "empty department name"))
    parents: dict[str, str | None] = {
        code: (d.parent.code if d.parent else None) for code, d in existing.items()
    }
    for code, row in by_code.items():
        parent = row.get("parent_code") or None
        if parent is not None and parent not in by_code and parent not in existing:
            errors.append(RowError(row.row, "parent_code", f"unknown parent department code {parent}"))
        elif parent == code:
            errors.append(RowError(row.row, "parent_code", f"department {code} cannot be its own parent"))
        parents[code] = parent
    for code in sorted(_find_cycles(parents)):
        if code in by_code:
            errors.append(RowError(by_code[code].row, "parent_code", f"department {code} is in a cycle"))
    if errors:
        raise InvalidFile(name, sorted(errors, key=lambda e: (e.row or 0, e.column or "")))

    created = updated = unchanged = 0
    for code, row in by_code.items():
        dept = existing.get(code)
        if dept is None:
            dept = Department(code=code, name=row.get("name"))
            session.add(dept)
            existing[code] = dept
            created += 1
        elif dept.name != row.get("name") or (dept.parent.code if dept.parent else None) != (
            row.get("parent_code") or None
        ):
            dept.name = row.get("name")
            updated += 1
        else:
            unchanged += 1
    for code, row in by_code.items():
        parent = row.get("parent_code") or None
        existing[code].parent = existing[parent] if parent else None
    session.flush()
    return ImportSummary(created, updated, unchanged)


def get_or_create_post(session: Session, department: Department, title: str) -> Post:
    """The post for department x title, created when new."""
    post = session.scalar(select(Post).where(Post.department_id == department.id, Post.title == title))
    if post is None:
        post = Post(department=department, title=title, is_head=is_head_title(department.name, title))
        session.add(post)
        session.flush()
    return post


def _validate_staff(rows: list[CsvRow], departments: dict[str, Department]) -> list[RowError]:
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for row in rows:
        no = row.get("employee_no")
        if not no:
            errors.append(RowError(row.row, "employee_no", "empty employee number"))
        elif no in seen:
            errors.append(
                RowError(row.row, "employee_no", f"duplicate employee number {no} (also row {seen[no]})")
            )
        else:
            seen[no] = row.row
        if not row.get("name"):
            errors.append(RowError(row.row, "name", "empty name"))
        code = row.get("department_code")
        if not code:
            errors.append(RowError(row.row, "department_code", "empty department code"))
        elif code not in departments:
            errors.append(RowError(row.row, "department_code", f"unknown department code {code}"))
        if not row.get("title"):
            errors.append(RowError(row.row, "title", "empty title"))
        email = row.get("email")
        if email and not _EMAIL.match(email):
            errors.append(RowError(row.row, "email", f"not an e-mail address: {email}"))
    return errors


def import_staff(
    session: Session, source: Path | bytes, *, as_of: dt.date, filename: str | None = None
) -> ImportSummary:
    """Create or update staff and their current post from HR's list; any error rejects the file."""
    name = filename or (source.name if isinstance(source, Path) else "staff.csv")
    rows = read_csv(
        source,
        filename=name,
        required=("employee_no", "name", "department_code", "title"),
        aliases=STAFF_ALIASES,
    )
    departments = {d.code: d for d in session.scalars(select(Department))}
    errors = _validate_staff(rows, departments)
    if errors:
        raise InvalidFile(name, errors)
    staff_by_no = {s.employee_no: s for s in session.scalars(select(Staff))}
    created = updated = unchanged = 0
    for row in rows:
        staff = staff_by_no.get(row.get("employee_no"))
        post = get_or_create_post(session, departments[row.get("department_code")], row.get("title"))
        details = {"name": row.get("name"), "name_kana": row.get("name_kana") or None}
        details["email"] = row.get("email") or None
        if staff is None:
            staff = Staff(employee_no=row.get("employee_no"), **details)
            session.add(staff)
            session.flush()
            session.add(Assignment(staff=staff, post=post, start_date=as_of))
            created += 1
            continue
        changed = any(getattr(staff, k) != v for k, v in details.items())
        for k, v in details.items():
            setattr(staff, k, v)
        current = [a for a in staff.assignments if a.end_date is None and a.kind is AssignmentKind.PRIMARY]
        if not any(a.post_id == post.id for a in current):
            for a in current:
                a.end_date = max(as_of, a.start_date)
            session.add(Assignment(staff=staff, post=post, start_date=as_of))
            changed = True
        updated += changed
        unchanged += not changed
    session.flush()
    return ImportSummary(created, updated, unchanged)
