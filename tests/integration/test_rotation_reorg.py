"""Reorganisations: rename, merge and split by title move posts, assignments and connections."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from handover.models import Assignment, Connection, ConnectionSource, Department, PlanStatus, Post
from handover.services.reorg import create_reorg_plan
from handover.services.reorg_apply import apply_reorg, undo_reorg
from tests.factories import csv_bytes
from tests.integration.rotation_fixtures import build_office, snapshot

HEADER = ("旧所属コード", "新所属コード", "職名", "新所属名", "上位所属コード", "施行日")
# 財政課 becomes 財務課 except its 主査, who goes to a new 調整室; 管理係 merges into 人事課.
MAPPING = [
    ("K2", "K5", "", "財務課", "", "令和9年4月1日"),
    ("K2", "K6", "主査", "調整室", "D1", "令和9年4月1日"),
    ("K11", "K1", "", "", "", "R9.4.1"),
]
DAY = dt.date(2027, 4, 1)


def _open_posts(session: Session, staff_id: int) -> set[str]:
    rows = session.execute(
        select(Department.code, Post.title)
        .join(Post, Post.department_id == Department.id)
        .join(Assignment, Assignment.post_id == Post.id)
        .where(Assignment.staff_id == staff_id, Assignment.end_date.is_(None))
    )
    return {f"{code}:{title}" for code, title in rows}


def test_reorg_dry_run_apply_twice_and_exact_undo(session: Session) -> None:
    office = build_office(session)
    before = snapshot(session)
    plan = create_reorg_plan(
        session, csv_bytes(HEADER, MAPPING, "cp932"), filename="soshiki.csv", actor="cli"
    )
    session.commit()
    run = plan.dry_run
    assert run["errors"] == [] and plan.status is PlanStatus.VALIDATED
    moves = {(p["from"], p["to"]): (p["assignments"], p["connections"]) for p in run["posts"]}
    assert moves == {
        ("K2:課長", "K5:課長"): (1, 0),
        ("K2:主事", "K5:主事"): (1, 2),
        ("K2:主査", "K6:主査"): (1, 1),
        ("K11:係長", "K1:係長"): (1, 2),
        ("K11:主事", "K1:主事"): (2, 4),
    }
    result = apply_reorg(session, plan.id, actor="cli")
    session.commit()
    assert result.counts["departments_created"] == 2 and result.counts["connections_moved"] == 9
    s = office.staff
    assert _open_posts(session, s["E0007"].id) == {"K6:主査", "K1:主査"}  # 兼務 untouched in 人事課
    assert _open_posts(session, s["E0003"].id) == {"K1:主事"}
    moved = session.scalars(select(Connection).where(Connection.opened_by_plan_id == plan.id)).all()
    assert {c.source for c in moved} == {ConnectionSource.REORG} and all(c.since == DAY for c in moved)
    old = session.scalar(select(Department).where(Department.code == "K2"))
    new = session.scalar(select(Department).where(Department.code == "K5"))
    assert old is not None and new is not None
    assert (old.valid_to, old.successor_id, new.name, new.parent_id) == (DAY, new.id, "財務課", old.parent_id)
    kanri = session.scalar(select(Department).where(Department.code == "K11"))
    assert kanri is not None and kanri.valid_to == DAY
    head = session.scalar(select(Post).where(Post.department_id == new.id, Post.title == "課長"))
    assert head is not None and head.is_head

    after = snapshot(session)
    assert apply_reorg(session, plan.id, actor="cli").already_applied
    assert snapshot(session) == after

    counts = undo_reorg(session, plan.id, actor="cli")
    session.commit()
    assert counts["departments_removed"] == 2 and counts["connections_reopened"] == 9
    assert snapshot(session) == before


def test_reorg_errors_name_row_and_column(session: Session) -> None:
    build_office(session)
    rows = [
        ("K9", "K5", "", "財務課", "", "2027-04-01"),
        ("K2", "K7", "", "", "", "2027-04-01"),
        ("K1", "K8", "係長", "新係", "", "2027-04-01"),
        ("K11", "K12", "", "新係", "ZZ", "2027-04-01"),
    ]
    plan = create_reorg_plan(session, csv_bytes(HEADER, rows), filename="soshiki.csv", actor="cli")
    errors = {(e["row"], e["column"]) for e in plan.dry_run["errors"]}
    assert errors == {(2, "old_code"), (3, "new_name"), (4, "title"), (5, "parent_code")}
    assert plan.status is PlanStatus.DRAFT
