"""A small invented office with contacts, for the rotation, inbox and notes tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from handover.models import Assignment, AssignmentKind, Connection, ConnectionSource, Contact, Post, Staff
from tests.factories import add_department, add_staff, csv_bytes

TRANSFER_HEADER = (
    "職員番号",
    "氏名",
    "旧所属",
    "旧職名",
    "新所属",
    "新職名",
    "発令日",
    "後任職員番号",
)
SNAPSHOT_TABLES = (
    "department",
    "post",
    "staff",
    "assignment",
    "connection",
    "handover_item",
    "handover_note",
)
SINCE = dt.date(2024, 4, 1)


@dataclass
class SmallOffice:
    """Staff by employee number and contacts by short key."""

    staff: dict[str, Staff]
    contacts: dict[str, Contact]

    def post(self, employee_no: str) -> Post:
        """The first open post of a staff member."""
        return next(a.post for a in self.staff[employee_no].assignments if a.end_date is None)


def build_office(session: Session) -> SmallOffice:
    """総務部 > 人事課 > 管理係, and 財政課; eight staff, one with 兼務; each holds two or three contacts."""
    bu = add_department(session, "D1", "総務部")
    jinji = add_department(session, "K1", "人事課", bu)
    kanri = add_department(session, "K11", "管理係", jinji)
    zaisei = add_department(session, "K2", "財政課", bu)
    staff = {
        "E0100": add_staff(session, "E0100", "大野 誠", bu, "部長", is_head=True),
        "E0001": add_staff(session, "E0001", "相川 明", jinji, "課長", is_head=True),
        "E0002": add_staff(session, "E0002", "井口 育子", kanri, "係長", is_head=True),
        "E0003": add_staff(session, "E0003", "上野 卓也", kanri, "主事"),
        "E0004": add_staff(session, "E0004", "江藤 直美", kanri, "主事"),
        "E0005": add_staff(session, "E0005", "加納 智", zaisei, "課長", is_head=True),
        "E0006": add_staff(session, "E0006", "菊地 葵", zaisei, "主事"),
        "E0007": add_staff(session, "E0007", "工藤 舞", zaisei, "主査"),
    }
    # 兼務: 工藤 also holds 人事課 主査 as a concurrent post.
    concurrent = Post(department=jinji, title="主査")
    session.add(concurrent)
    session.add(
        Assignment(staff=staff["E0007"], post=concurrent, start_date=SINCE, kind=AssignmentKind.CONCURRENT)
    )
    session.flush()
    contacts: dict[str, Contact] = {}
    names = ("小森 亮", "斎木 咲", "田辺 光", "中川 順", "西村 徹", "野口 恵", "浜田 聡", "藤井 悠")
    for i, name in enumerate(names):
        contact = Contact(name=name, normalized_name=name.replace(" ", ""))
        session.add(contact)
        contacts[f"C{i + 1}"] = contact
    session.flush()
    holdings = {
        "E0003": ("C1", "C2", "C3"),
        "E0006": ("C4", "C5"),
        "E0002": ("C6", "C7"),
        "E0004": ("C1",),
        "E0001": ("C8",),
    }
    for no, keys in holdings.items():
        for key in keys:
            connect(session, staff[no], contacts[key], staff[no].assignments[0].post)
    connect(session, staff["E0007"], contacts["C8"], concurrent)
    connect(session, staff["E0007"], contacts["C2"], staff["E0007"].assignments[0].post)
    session.commit()
    return SmallOffice(staff, contacts)


def connect(session: Session, staff: Staff, contact: Contact, post: Post) -> Connection:
    """An open card connection held by `staff` in `post`."""
    connection = Connection(
        contact=contact, staff=staff, post=post, since=SINCE, source=ConnectionSource.CARD
    )
    session.add(connection)
    session.flush()
    return connection


def transfer_csv(rows: Sequence[Sequence[str]], encoding: str = "utf-8") -> bytes:
    """A transfer list with Japanese headers."""
    return csv_bytes(TRANSFER_HEADER, rows, encoding)


def snapshot(session: Session) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables a plan touches, ids included."""
    return {
        table: [tuple(row) for row in session.execute(text(f"SELECT * FROM {table} ORDER BY id"))]
        for table in SNAPSHOT_TABLES
    }


# A transfer list (異動内示) of five moves used by many tests: 上野 (E0003) leaves K11 主事 to
# 菊地 (E0006), 井口 and 工藤 retire, 森田 (E0200) joins.
SWAP = [
    ("E0003", "上野 卓也", "K11", "主事", "K2", "主事", "令和9年4月1日", ""),
    ("E0006", "菊地 葵", "財政課", "主事", "管理係", "主事", "R9.4.1", ""),
    ("E0002", "井口 育子", "K11", "係長", "", "", "2027-04-01", ""),
    ("E0007", "工藤 舞", "K2", "主査", "", "", "2027/4/1", ""),
    ("E0200", "森田 樹", "", "", "K1", "主任", "2027-04-01", ""),
]


def applied_swap(session: Session) -> SmallOffice:
    """SWAP applied: 菊地 (E0006) inherits 上野's (E0003) contacts C1-C3, with 上野's note on C1."""
    from handover.services.notes import add_note
    from handover.services.rotation_apply import apply_plan
    from handover.services.rotation_plan import create_plan

    office = build_office(session)
    add_note(session, "E0003", office.contacts["C1"].id, "前年度の協定の窓口", actor="cli")
    plan = create_plan(session, transfer_csv(SWAP), filename="naiji.csv", actor="cli")
    apply_plan(session, plan.id, actor="cli", due_days=10)
    session.commit()
    return office
