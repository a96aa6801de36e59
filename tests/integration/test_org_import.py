"""Importing HR's department tree and staff list: encodings, validation, atomicity, re-import."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handover.errors import InvalidFile
from handover.models import Assignment, Department, Post, Staff
from handover.services.org_import import import_departments, import_staff, is_head_title
from tests.factories import DEPT_HEADER, STAFF_HEADER, csv_bytes, fifty_staff, three_level_tree

DAY = dt.date(2026, 4, 1)


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_tree_and_fifty_staff_import_in_every_encoding(session: Session, encoding: str) -> None:
    tree = three_level_tree()
    summary = import_departments(session, csv_bytes(DEPT_HEADER, tree, encoding))
    staff_summary = import_staff(session, csv_bytes(STAFF_HEADER, fifty_staff(tree), encoding), as_of=DAY)
    session.commit()

    assert (summary.created, staff_summary.created) == (14, 50)
    kanri = session.scalars(select(Department).where(Department.code == "K31")).one()
    assert [d.name for d in kanri.path()] == ["建設部", "道路課", "管理係"]
    person = session.scalars(select(Staff).where(Staff.employee_no == "E0001")).one()
    assert person.name == "相川 明"
    (assignment,) = person.current_assignments(DAY)
    assert (assignment.post.department.code, assignment.post.title, assignment.post.is_head) == (
        "K1",
        "課長",
        True,
    )
    assert _count(session, Assignment) == 50


def test_unknown_department_is_refused_naming_row_and_code_and_nothing_changes(session: Session) -> None:
    tree = three_level_tree()
    import_departments(session, csv_bytes(DEPT_HEADER, tree))
    import_staff(session, csv_bytes(STAFF_HEADER, fifty_staff(tree)[:10]), as_of=DAY)
    session.commit()
    before = (_count(session, Staff), _count(session, Post), _count(session, Assignment))

    rows = fifty_staff(tree)
    rows[6] = (*rows[6][:4], "X99", rows[6][5])
    with pytest.raises(InvalidFile) as excinfo:
        import_staff(session, csv_bytes(STAFF_HEADER, rows, "cp932"), as_of=DAY, filename="staff.csv")
    session.rollback()

    message = str(excinfo.value)
    assert "staff.csv" in message
    assert "row 8" in message  # the header is row 1, so the 7th person is on row 8
    assert "department_code" in message and "X99" in message
    assert (_count(session, Staff), _count(session, Post), _count(session, Assignment)) == before


def test_every_error_in_a_department_file_is_listed(session: Session) -> None:
    rows = [
        ("A", "総務部", ""),
        ("B", "人事課", "A"),
        ("B", "重複課", "A"),
        ("C", "係", "ZZ"),
        ("", "名無し", ""),
    ]
    with pytest.raises(InvalidFile) as excinfo:
        import_departments(session, csv_bytes(DEPT_HEADER, rows))
    found = {(e.row, e.column) for e in excinfo.value.errors}
    assert found == {(4, "code"), (5, "parent_code"), (6, "code")}
    assert _count(session, Department) == 0


def test_a_cycle_in_the_tree_is_refused(session: Session) -> None:
    rows = [("A", "甲部", "C"), ("B", "乙課", "A"), ("C", "丙係", "B"), ("D", "丁部", "")]
    with pytest.raises(InvalidFile) as excinfo:
        import_departments(session, csv_bytes(DEPT_HEADER, rows))
    assert {e.row for e in excinfo.value.errors} == {2, 3, 4}
    assert all("cycle" in e.message for e in excinfo.value.errors)


def test_a_missing_column_is_refused(session: Session) -> None:
    with pytest.raises(InvalidFile) as excinfo:
        import_staff(
            session, csv_bytes(("employee_no", "name", "title"), [("E1", "山田 一", "主事")]), as_of=DAY
        )
    assert {e.column for e in excinfo.value.errors} == {"department_code"}


def test_duplicate_employee_numbers_are_refused(session: Session) -> None:
    import_departments(session, csv_bytes(DEPT_HEADER, [("A", "総務課", "")]))
    rows = [("E1", "山田 一", "", "", "A", "主事"), ("E1", "山田 二", "", "", "A", "主事")]
    with pytest.raises(InvalidFile) as excinfo:
        import_staff(session, csv_bytes(STAFF_HEADER, rows), as_of=DAY)
    assert [(e.row, e.column) for e in excinfo.value.errors] == [(3, "employee_no")]


def test_reimport_updates_in_place_and_moves_changed_posts(session: Session) -> None:
    tree = three_level_tree()
    import_departments(session, csv_bytes(DEPT_HEADER, tree))
    import_staff(session, csv_bytes(STAFF_HEADER, fifty_staff(tree)), as_of=DAY)
    session.commit()

    renamed = [(c, "人事企画課" if c == "K1" else n, p) for c, n, p in tree]
    again = import_departments(session, csv_bytes(DEPT_HEADER, renamed, "cp932"))
    rows = fifty_staff(tree)
    rows[20] = (*rows[20][:4], "K42", "主事")
    later = DAY + dt.timedelta(days=30)
    staff_again = import_staff(session, csv_bytes(STAFF_HEADER, rows), as_of=later)
    session.commit()

    assert (again.created, again.updated, again.unchanged) == (0, 1, 13)
    assert (staff_again.created, staff_again.updated) == (0, 1)
    assert _count(session, Department) == 14 and _count(session, Staff) == 50
    moved = session.scalars(select(Staff).where(Staff.employee_no == rows[20][0])).one()
    periods = sorted((a.start_date, a.end_date, a.post.department.code) for a in moved.assignments)
    assert periods[0][1] == later and periods[1] == (later, None, "K42")


def test_japanese_headers_and_half_width_kana_are_understood(session: Session) -> None:
    import_departments(
        session, csv_bytes(("所属コード", "所属名", "上位所属コード"), [("A", "総務課", "")], "cp932")
    )
    rows = [("E１", "山田 一", "ﾔﾏﾀﾞ ﾊｼﾞﾒ", "", "A", "主事")]
    import_staff(
        session,
        csv_bytes(("職員番号", "氏名", "フリガナ", "メール", "所属コード", "職名"), rows, "cp932"),
        as_of=DAY,
    )
    person = session.scalars(select(Staff)).one()
    assert (person.employee_no, person.name_kana) == ("E1", "ヤマダ ハジメ")


def test_a_file_that_is_neither_utf8_nor_shift_jis_is_refused(session: Session) -> None:
    with pytest.raises(InvalidFile, match="not UTF-8 or Shift_JIS"):
        import_departments(session, b"code,name,parent_code\r\n\x81\x20x,y,\r\n", filename="bad.csv")


@pytest.mark.parametrize(
    ("department", "title", "head"),
    [
        ("都市計画課", "課長", True),
        ("計画係", "係長", True),
        ("都市計画課", "課長補佐", False),
        ("総務部", "課長", False),
    ],
)
def test_head_titles(department: str, title: str, head: bool) -> None:
    assert is_head_title(department, title) is head
