"""A read-only picture of the office as a transfer plan sees it: departments, posts, staff, open posts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from handover.errors import RowError
from handover.models import Assignment, AssignmentKind, Connection, Department, Post, Staff


@dataclass(frozen=True)
class DeptInfo:
    """A department as plans refer to it."""

    id: int
    code: str
    name: str
    parent_id: int | None


@dataclass(frozen=True)
class PostInfo:
    """A post (department x title)."""

    id: int
    department_id: int
    title: str
    is_head: bool


@dataclass(frozen=True)
class OpenAssignment:
    """An assignment still in force."""

    id: int
    staff_id: int
    post_id: int
    start_date: dt.date
    kind: AssignmentKind


@dataclass
class Office:
    """Everything a plan resolves rows against, loaded with a handful of queries."""

    departments: dict[int, DeptInfo]
    posts: dict[int, PostInfo]
    staff_no: dict[int, str]
    staff_name: dict[int, str]
    open_assignments: dict[int, list[OpenAssignment]] = field(default_factory=dict)
    by_code: dict[str, DeptInfo] = field(default_factory=dict)
    by_name: dict[str, list[DeptInfo]] = field(default_factory=dict)
    post_by_key: dict[tuple[int, str], PostInfo] = field(default_factory=dict)
    staff_id: dict[str, int] = field(default_factory=dict)
    holders: dict[int, set[int]] = field(default_factory=dict)
    heads: dict[int, list[PostInfo]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_code = {d.code: d for d in self.departments.values()}
        by_name: dict[str, list[DeptInfo]] = defaultdict(list)
        for d in self.departments.values():
            by_name[d.name].append(d)
        self.by_name = dict(by_name)
        self.post_by_key = {(p.department_id, p.title): p for p in self.posts.values()}
        self.staff_id = {no: sid for sid, no in self.staff_no.items()}
        holders: dict[int, set[int]] = defaultdict(set)
        for assignments in self.open_assignments.values():
            for a in assignments:
                holders[a.post_id].add(a.staff_id)
        self.holders = dict(holders)
        heads: dict[int, list[PostInfo]] = defaultdict(list)
        for p in sorted(self.posts.values(), key=lambda p: p.id):
            if p.is_head:
                heads[p.department_id].append(p)
        self.heads = dict(heads)

    def find_department(self, text: str, row: int, column: str) -> tuple[DeptInfo | None, RowError | None]:
        """A department by code, else by name; an unknown or ambiguous one is an error for the row."""
        if text in self.by_code:
            return self.by_code[text], None
        named = self.by_name.get(text, [])
        if len(named) == 1:
            return named[0], None
        if named:
            # 管理係 exists under many 課: a name alone cannot say which one is meant.
            codes = ", ".join(sorted(d.code for d in named))
            return None, RowError(row, column, f"department name {text} is ambiguous ({codes}); use the code")
        return None, RowError(row, column, f"unknown department {text}")

    def post_key(self, post_id: int) -> str:
        """DEPT_CODE:TITLE, the form `rotation assign --post` takes."""
        post = self.posts[post_id]
        return f"{self.departments[post.department_id].code}:{post.title}"

    def post_label(self, post_id: int) -> str:
        """How people name the post: 都市計画課 担当係長."""
        post = self.posts[post_id]
        return f"{self.departments[post.department_id].name} {post.title}"

    def head_posts(self, department_id: int) -> list[PostInfo]:
        """The head posts (課長, 係長 ...) of one department."""
        return self.heads.get(department_id, [])


def load_office(session: Session) -> Office:
    """Read departments, posts, staff and open assignments in four queries (no ORM objects)."""
    departments = {
        r.id: DeptInfo(r.id, r.code, r.name, r.parent_id)
        for r in session.execute(
            select(Department.id, Department.code, Department.name, Department.parent_id)
        )
    }
    posts = {
        r.id: PostInfo(r.id, r.department_id, r.title, bool(r.is_head))
        for r in session.execute(select(Post.id, Post.department_id, Post.title, Post.is_head))
    }
    staff_no: dict[int, str] = {}
    staff_name: dict[int, str] = {}
    for r in session.execute(select(Staff.id, Staff.employee_no, Staff.name)):
        staff_no[r.id] = r.employee_no
        staff_name[r.id] = r.name
    open_assignments: dict[int, list[OpenAssignment]] = defaultdict(list)
    query = select(
        Assignment.id, Assignment.staff_id, Assignment.post_id, Assignment.start_date, Assignment.kind
    ).where(Assignment.end_date.is_(None))
    for a in session.execute(query.order_by(Assignment.id)):
        open_assignments[a.staff_id].append(OpenAssignment(a.id, a.staff_id, a.post_id, a.start_date, a.kind))
    return Office(departments, posts, staff_no, staff_name, dict(open_assignments))


def open_connection_counts(session: Session, staff_ids: Iterable[int]) -> dict[tuple[int, int], int]:
    """Open connections per (staff, post) for the given staff, in one grouped query per chunk."""
    ids = sorted(set(staff_ids))
    counts: dict[tuple[int, int], int] = {}
    query = (
        select(Connection.staff_id, Connection.post_id, func.count())
        .where(
            Connection.staff_id.in_(bindparam("ids", expanding=True)),
            Connection.until.is_(None),
            Connection.post_id.is_not(None),
        )
        .group_by(Connection.staff_id, Connection.post_id)
    )
    # Chunks keep the IN list under every database's parameter limit.
    for start in range(0, len(ids), 500):
        for staff_id, post_id, count in session.execute(query, {"ids": ids[start : start + 500]}):
            if post_id is not None:
                counts[(staff_id, post_id)] = count
    return counts
