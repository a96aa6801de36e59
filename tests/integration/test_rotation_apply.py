"""Applying a transfer plan and undoing it: one transaction, idempotent, exactly reversible."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from handover.db import is_sqlite
from handover.errors import InvalidState
from handover.models import (
    Assignment,
    AuditEvent,
    Connection,
    ConnectionSource,
    HandoverItem,
    ItemStatus,
    PlanStatus,
    RotationPlan,
    Staff,
)
from handover.services.inbox import decide
from handover.services.notes import add_note
from handover.services.rotation_apply import apply_plan
from handover.services.rotation_plan import create_plan
from handover.services.rotation_undo import undo_plan
from tests.integration.rotation_fixtures import SWAP, SmallOffice, build_office, snapshot, transfer_csv

DAY = dt.date(2027, 4, 1)


def _planned(session: Session) -> tuple[SmallOffice, RotationPlan]:
    office = build_office(session)
    add_note(session, "E0003", office.contacts["C2"].id, "毎年4月に予算説明。秘書経由で連絡。", actor="cli")
    plan = create_plan(session, transfer_csv(SWAP), filename="naiji.csv", actor="cli")
    session.commit()
    return office, plan


def _open(session: Session, staff: Staff) -> set[tuple[int, int | None, str]]:
    rows = session.scalars(
        select(Connection).where(Connection.staff_id == staff.id, Connection.until.is_(None))
    )
    return {(c.contact_id, c.post_id, c.source.value) for c in rows}


def test_apply_moves_posts_and_connections_and_fills_the_inbox(session: Session) -> None:
    office, plan = _planned(session)
    result = apply_plan(session, plan.id, actor="cli", due_days=30)
    session.commit()
    assert result.counts == {
        "assignments_closed": 5,
        "assignments_opened": 3,
        "connections_handed_over": 3 + 2 + 2 + 1 + 1,
        "handover_items": 9,
        "staff_created": 1,
        "posts_created": 1,
    }
    s = office.staff
    c = {k: v.id for k, v in office.contacts.items()}
    kanri_shuji, zaisei_shuji = office.post("E0004").id, office.post("E0005").id
    session.expire_all()
    # The successor holds the leaver's contacts in the same post, chained to the old connection.
    assert {(cid, pid) for cid, pid, _ in _open(session, s["E0006"])} == {
        (c["C1"], kanri_shuji),
        (c["C2"], kanri_shuji),
        (c["C3"], kanri_shuji),
    }
    assert _open(session, s["E0003"]) == {
        (c["C4"], s["E0006"].assignments[0].post_id, "handover"),
        (c["C5"], s["E0006"].assignments[0].post_id, "handover"),
    }
    assert _open(session, s["E0002"]) == set() and not s["E0002"].active
    closed = session.scalars(select(Connection).where(Connection.closed_by_plan_id == plan.id)).all()
    assert len(closed) == 9 and all(x.until == DAY for x in closed)
    items = session.scalars(select(HandoverItem).order_by(HandoverItem.id)).all()
    assert all(i.status is ItemStatus.PENDING and i.due_on == DAY + dt.timedelta(days=30) for i in items)
    temporary = {(i.to_staff_id, i.contact_id) for i in items if i.temporary}
    assert temporary == {
        (s["E0001"].id, c["C6"]),
        (s["E0001"].id, c["C7"]),
        (s["E0005"].id, c["C2"]),
        (s["E0001"].id, c["C8"]),
    }
    note = next(i.note for i in items if i.contact_id == c["C2"] and i.to_staff_id == s["E0006"].id)
    assert note == "毎年4月に予算説明。秘書経由で連絡。"
    joiner = session.scalar(select(Staff).where(Staff.employee_no == "E0200"))
    assert joiner is not None and [a.post.title for a in joiner.assignments] == ["主任"]
    # The 兼務 holder who leaves loses both posts; the one who transfers keeps none twice.
    assert all(a.end_date == DAY for a in s["E0007"].assignments)
    assert zaisei_shuji != kanri_shuji


def test_apply_twice_changes_nothing_the_second_time(session: Session) -> None:
    _office, plan = _planned(session)
    first = apply_plan(session, plan.id, actor="cli", due_days=30)
    session.commit()
    after_first = snapshot(session)
    second = apply_plan(session, plan.id, actor="cli", due_days=30)
    session.commit()
    assert second.already_applied and not first.already_applied
    assert second.counts == first.counts
    assert snapshot(session) == after_first
    assert session.scalars(select(AuditEvent.action)).all().count("plan.apply") == 1


def test_undo_restores_exactly_the_state_before_even_after_inbox_decisions(session: Session) -> None:
    _office, plan = _planned(session)
    before = snapshot(session)
    apply_plan(session, plan.id, actor="cli", due_days=30)
    session.commit()
    items = session.scalars(select(HandoverItem).order_by(HandoverItem.id)).all()
    decide(session, items[0].id, "keep", actor="cli", today=DAY)
    decide(session, items[1].id, "archive", actor="cli", today=DAY)
    decide(session, items[2].id, "return", actor="cli", today=DAY, note="担当外")
    decide(session, items[3].id, "ask-intro", actor="cli", today=DAY)
    session.commit()
    assert (
        session.scalar(select(Connection).where(Connection.source == ConnectionSource.RETURNED)) is not None
    )
    assert snapshot(session) != before
    counts = undo_plan(session, plan.id, actor="cli")
    session.commit()
    assert counts["connections_reopened"] == 9 and counts["staff_removed"] == 1
    assert snapshot(session) == before
    assert plan.status is PlanStatus.UNDONE
    # The decisions stay on record in the append-only audit log.
    actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions.count("handover.decide") == 4 and actions[-1] == "plan.undo"
    with pytest.raises(InvalidState):
        apply_plan(session, plan.id, actor="cli", due_days=30)


def test_a_crash_in_the_middle_of_apply_leaves_the_database_as_before(session: Session) -> None:
    _office, plan = _planned(session)
    # A real database failure after the successors' connections are written: inbox items are refused.
    if is_sqlite(session):
        session.execute(
            text(
                "CREATE TRIGGER refuse_items BEFORE INSERT ON handover_item "
                "BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END"
            )
        )
    else:
        session.execute(
            text(
                "CREATE FUNCTION refuse_items() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "BEGIN RAISE EXCEPTION 'disk full (simulated)'; END $$"
            )
        )
        session.execute(
            text(
                "CREATE TRIGGER refuse_items BEFORE INSERT ON handover_item "
                "FOR EACH ROW EXECUTE FUNCTION refuse_items()"
            )
        )
    session.commit()
    before = snapshot(session)
    with pytest.raises(DatabaseError, match="disk full"):
        apply_plan(session, plan.id, actor="cli", due_days=30)
    session.rollback()
    assert snapshot(session) == before
    session.expire_all()
    assert session.get(RotationPlan, plan.id).status is PlanStatus.VALIDATED  # type: ignore[union-attr]
    assert session.scalar(select(Assignment).where(Assignment.opened_by_plan_id == plan.id)) is None


def test_a_plan_applied_on_top_must_be_undone_first(session: Session) -> None:
    _office, plan = _planned(session)
    apply_plan(session, plan.id, actor="cli", due_days=30)
    session.commit()
    rows = [("E0006", "菊地 葵", "K11", "主事", "K1", "主査", "2028-04-01", "")]
    second = create_plan(session, transfer_csv(rows), filename="next.csv", actor="cli")
    apply_plan(session, second.id, actor="cli", due_days=30)
    session.commit()
    with pytest.raises(InvalidState, match=f"undo plan {second.id} first"):
        undo_plan(session, plan.id, actor="cli")
    session.rollback()
    undo_plan(session, second.id, actor="cli")
    undo_plan(session, plan.id, actor="cli")
    session.commit()
