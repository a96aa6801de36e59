"""Builders of test data: CSV files for HR imports, and office objects straight in the database."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence

from sqlalchemy.orm import Session

from handover.models import Assignment, Department, Post, Staff

FAMILY = ("相川", "井口", "上野", "江藤", "大野", "加納", "菊地", "工藤", "小森", "斎木")
GIVEN = ("明", "育子", "卓也", "直美", "智", "葵", "誠", "舞", "亮", "咲")


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[str]], encoding: str = "utf-8") -> bytes:
    """A CSV file as Excel writes it (CRLF), in `encoding` (utf-8, utf-8-sig, cp932)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def three_level_tree() -> list[tuple[str, str, str]]:
    """部 > 課 > 係: 2 部, 4 課, 8 係 (code, name, parent_code)."""
    rows = [("D1", "総務部", ""), ("D2", "建設部", "")]
    for i, (dept, parent) in enumerate(
        (("人事課", "D1"), ("財政課", "D1"), ("道路課", "D2"), ("河川課", "D2"))
    ):
        code = f"K{i + 1}"
        rows.append((code, dept, parent))
        rows.append((f"{code}1", "管理係", code))
        rows.append((f"{code}2", "調整係", code))
    return rows


def fifty_staff(tree: Sequence[tuple[str, str, str]]) -> list[tuple[str, str, str, str, str, str]]:
    """50 staff spread over the tree's leaves and heads (employee_no, name, kana, email, dept, title)."""
    leaves = [code for code, _, parent in tree if len(code) == 3]
    sections = [code for code, _, _ in tree if len(code) == 2 and code.startswith("K")]
    rows = []
    for n in range(50):
        name = f"{FAMILY[n % 10]} {GIVEN[(n // 10 + n) % 10]}"
        if n < len(sections):
            dept, title = sections[n], "課長"
        else:
            dept, title = leaves[n % len(leaves)], ("係長" if n < 12 else "主事")
        rows.append((f"E{n + 1:04d}", name, "", f"e{n + 1:04d}@example.lg.jp", dept, title))
    return rows


DEPT_HEADER = ("code", "name", "parent_code")
STAFF_HEADER = ("employee_no", "name", "name_kana", "email", "department_code", "title")


def add_department(session: Session, code: str, name: str, parent: Department | None = None) -> Department:
    """A department in the database."""
    dept = Department(code=code, name=name, parent=parent)
    session.add(dept)
    session.flush()
    return dept


def add_staff(
    session: Session,
    employee_no: str,
    name: str,
    department: Department,
    title: str,
    *,
    since: dt.date = dt.date(2024, 4, 1),
    is_head: bool = False,
) -> Staff:
    """A staff member holding department x title since `since`."""
    post = session.query(Post).filter_by(department_id=department.id, title=title).one_or_none()
    if post is None:
        post = Post(department=department, title=title, is_head=is_head)
        session.add(post)
    staff = Staff(employee_no=employee_no, name=name)
    session.add(staff)
    session.add(Assignment(staff=staff, post=post, start_date=since))
    session.flush()
    return staff
