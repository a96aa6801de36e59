"""Transfer plans: the dry run, the successor rule, errors that block a plan, ambiguous posts."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from handover.errors import InvalidFile, PlanConflict
from handover.models import AuditEvent, PlanStatus
from handover.services.rotation_apply import apply_plan
from handover.services.rotation_plan import assign_successor, create_plan
from tests.integration.rotation_fixtures import SWAP, build_office, connect, snapshot, transfer_csv


def test_dry_run_names_successors_vacancies_and_joiners(session: Session) -> None:
    build_office(session)
    plan = create_plan(session, transfer_csv(SWAP, "cp932"), filename="naiji.csv", actor="cli")
    session.commit()
    run = plan.dry_run
    assert plan.status is PlanStatus.VALIDATED and run["errors"] == []
    assert run["effective_date"] == "2027-04-01"
    handovers = {
        (h["from_employee_no"], h["post"]): (h["to_employee_no"], h["connections"]) for h in run["handovers"]
    }
    assert handovers == {("E0003", "K11:主事"): ("E0006", 3), ("E0006", "K2:主事"): ("E0003", 2)}
    vacancies = {
        (v["from_employee_no"], v["post"]): (v["fallback_employee_no"], v["connections"])
        for v in run["vacancies"]
    }
    # 係長 is the head of 管理係, so its contacts go up to the 人事課 課長; 兼務 is handled post by post.
    assert vacancies == {
        ("E0002", "K11:係長"): ("E0001", 2),
        ("E0007", "K2:主査"): ("E0005", 1),
        ("E0007", "K1:主査"): ("E0001", 1),
    }
    joiner = next(m for m in run["moves"] if m["employee_no"] == "E0200")
    assert joiner == {
        "row": 6,
        "employee_no": "E0200",
        "name": "森田 樹",
        "kind": "join",
        "from_post": None,
        "to_post": "K1:主任",
        "new_staff": True,
        "new_post": True,
    }
    actions = session.scalars(select(AuditEvent.action)).all()
    assert actions == ["plan.create"]


def test_explicit_successor_column_wins_over_the_post_rule(session: Session) -> None:
    build_office(session)
    rows = [list(r) for r in SWAP[:2]]
    rows[0][7] = "E0004"
    plan = create_plan(session, transfer_csv(rows), filename="naiji.csv", actor="cli")
    handover = next(h for h in plan.dry_run["handovers"] if h["from_employee_no"] == "E0003")
    assert (handover["to_employee_no"], handover["reason"]) == ("E0004", "explicit")


def test_errors_name_row_and_column_and_the_plan_cannot_be_applied(session: Session) -> None:
    build_office(session)
    before = snapshot(session)
    rows = [
        ("E9999", "架空 太郎", "K11", "主事", "K2", "主事", "2027-04-01", ""),  # unknown employee
        ("E0003", "上野 卓也", "K11", "主事", "K9", "主事", "2027-04-01", ""),  # unknown department
        ("E0004", "江藤 直美", "K11", "主事", "K2", "主事", "2027-04-01", ""),
        ("E0004", "江藤 直美", "K11", "主事", "K2", "主事", "2027-04-01", ""),  # duplicate row
        ("E0006", "菊地 葵", "K2", "主事", "K1", "課長", "2027-04-01", ""),
        ("E0006", "菊地 葵", "K2", "主事", "K11", "主事", "2027-04-01", ""),  # moved twice
        ("E0005", "加納 智", "K1", "課長", "K2", "主査", "2027-04-01", ""),  # not the current post
        ("E0001", "相川 明", "K1", "課長", "D1", "部長", "令和9年2月30日", ""),  # no such day
        ("E0002", "井口 育子", "K11", "係長", "", "", "H31.5.1", ""),  # outside 平成
    ]
    plan = create_plan(session, transfer_csv(rows), filename="naiji.csv", actor="cli")
    session.commit()
    errors = {(e["row"], e["column"]) for e in plan.dry_run["errors"]}
    assert errors >= {
        (2, "employee_no"),
        (3, "to_department"),
        (5, "employee_no"),
        (7, "employee_no"),
        (8, "from_title"),
        (9, "effective_date"),
        (10, "effective_date"),
    }
    messages = " ".join(e["message"] for e in plan.dry_run["errors"])
    assert "duplicate of row 4" in messages and "moved twice (also row 6)" in messages
    assert plan.status is PlanStatus.DRAFT
    with pytest.raises(PlanConflict, match="error"):
        apply_plan(session, plan.id, actor="cli", due_days=30)
    session.rollback()
    assert snapshot(session) == before


def test_a_file_without_the_required_columns_is_rejected_whole(session: Session) -> None:
    with pytest.raises(InvalidFile, match="row 1, column to_title"):
        create_plan(
            session, "職員番号,氏名,旧所属,旧職名,新所属,発令日\n".encode(), filename="x.csv", actor="cli"
        )


def test_several_candidates_wait_for_an_assignment(session: Session) -> None:
    office = build_office(session)
    rows = [
        ("E0003", "上野 卓也", "K11", "主事", "", "", "2027-04-01", ""),
        ("E0006", "菊地 葵", "K2", "主事", "K11", "主事", "2027-04-01", ""),
        ("E0007", "工藤 舞", "K2", "主査", "K11", "主事", "2027-04-01", ""),
    ]
    plan = create_plan(session, transfer_csv(rows), filename="naiji.csv", actor="cli")
    session.commit()
    assert plan.dry_run["ambiguities"] == [
        {
            "row": 2,
            "from_employee_no": "E0003",
            "post": "K11:主事",
            "candidates": ["E0006", "E0007"],
            "connections": 3,
        }
    ]
    assert not any(h["from_employee_no"] == "E0003" for h in plan.dry_run["handovers"])
    with pytest.raises(PlanConflict, match="rotation assign"):
        apply_plan(session, plan.id, actor="cli", due_days=30)
    session.rollback()
    assign_successor(session, plan.id, post="K11:主事", to_employee_no="E0007", actor="cli")
    session.commit()
    handover = next(h for h in plan.dry_run["handovers"] if h["from_employee_no"] == "E0003")
    assert (handover["to_employee_no"], handover["reason"]) == ("E0007", "assigned")
    assert plan.dry_run["ambiguities"] == []
    result = apply_plan(session, plan.id, actor="cli", due_days=30)
    # E0003's three to E0007; E0006's two and E0007's one (財政課 主査) go to the 財政課 課長 as vacancies.
    assert result.counts["handover_items"] == 3 + 2 + 1
    assert office.staff["E0007"].active


def test_a_vacant_top_post_keeps_its_contacts_with_the_leaver_and_warns(session: Session) -> None:
    office = build_office(session)
    connect(session, office.staff["E0100"], office.contacts["C5"], office.post("E0100"))
    session.commit()
    rows = [("E0100", "大野 誠", "D1", "部長", "", "", "2027-04-01", "")]
    plan = create_plan(session, transfer_csv(rows), filename="naiji.csv", actor="cli")
    assert plan.dry_run["vacancies"][0]["fallback_employee_no"] is None
    assert "stay with E0100" in plan.dry_run["warnings"][0]["message"]
    result = apply_plan(session, plan.id, actor="cli", due_days=30)
    assert result.counts["handover_items"] == 0
