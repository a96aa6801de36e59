"""The three set-based statements that hand connections over, driven by a temporary mapping table.

The plan's handovers (leaver, post -> successor) go into a temporary table once; then one
INSERT ... SELECT opens the successors' connections, one creates the inbox items, and one UPDATE
closes the leavers' connections. Three statements per plan, whatever its size, instead of three per
leaver: the database does the joins, and no connection row passes through Python.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    case,
    exists,
    func,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.engine import Connection

from handover.db import Base
from handover.models import ConnectionSource, ItemStatus

# Temporary: private to the transaction's connection, gone on commit or rollback (DDL is
# transactional on SQLite and PostgreSQL), so a failed apply leaves nothing behind.
MAPPING = Table(
    "tmp_handover_map",
    MetaData(),
    Column("from_staff_id", Integer, primary_key=True),
    Column("post_id", Integer, primary_key=True),
    Column("to_staff_id", Integer, nullable=False),
    Column("temporary", Boolean, nullable=False),
    prefixes=["TEMPORARY"],
)


def hand_over(
    connection: Connection, mapping: list[dict[str, Any]], *, plan_id: int, day: dt.date, due: dt.date
) -> None:
    """Open, record and close every connection the mapping hands over, in three statements."""
    MAPPING.create(connection)
    connection.execute(insert(MAPPING), mapping)
    if connection.dialect.name == "postgresql":
        # A fresh temporary table has no statistics; the planner needs its size to pick hash joins.
        connection.exec_driver_sql("ANALYZE tmp_handover_map")
    connection.execute(_open_successor_connections(plan_id, day))
    connection.execute(_create_items(plan_id, due))
    connection.execute(_close_leaver_connections(plan_id, day))
    MAPPING.drop(connection)


def _joined() -> tuple[Any, Any, Any]:
    """The mapping joined to the leavers' open connections in the posts they leave."""
    table = Base.metadata.tables["connection"]
    m, old = MAPPING.alias("m"), table.alias("old")
    joined = m.join(
        old, and_(old.c.staff_id == m.c.from_staff_id, old.c.post_id == m.c.post_id, old.c.until.is_(None))
    )
    return m, old, joined


def _open_successor_connections(plan_id: int, day: dt.date) -> Any:
    """INSERT ... SELECT: the successor's copy of each open connection the leaver held in the post."""
    table = Base.metadata.tables["connection"]
    m, old, joined = _joined()
    mine = table.alias("mine")
    already = exists().where(
        mine.c.contact_id == old.c.contact_id,
        mine.c.staff_id == m.c.to_staff_id,
        mine.c.post_id == old.c.post_id,
        mine.c.until.is_(None),
    )
    # Two leavers of one post may both know a contact: the successor gets one connection, chained
    # to the older of the two.
    rows = (
        select(
            old.c.contact_id,
            m.c.to_staff_id,
            old.c.post_id,
            literal(day, Date),
            literal(ConnectionSource.HANDOVER.value, String),
            func.min(old.c.id),
            literal(plan_id, Integer),
        )
        .select_from(joined)
        .where(~already)
        .group_by(old.c.contact_id, m.c.to_staff_id, old.c.post_id)
    )
    columns = ["contact_id", "staff_id", "post_id", "since", "source", "predecessor_id", "opened_by_plan_id"]
    return insert(table).from_select(columns, rows, include_defaults=False)


def _create_items(plan_id: int, due: dt.date) -> Any:
    """INSERT ... SELECT: one pending inbox item per inherited connection, with the predecessor's note."""
    table, notes = Base.metadata.tables["connection"], Base.metadata.tables["handover_note"]
    m, old, joined = _joined()
    new = table.alias("new")
    rows = select(
        literal(plan_id, Integer),
        old.c.contact_id,
        old.c.id,
        new.c.id,
        old.c.staff_id,
        m.c.to_staff_id,
        old.c.post_id,
        m.c.temporary,
        literal(ItemStatus.PENDING.value, String),
        notes.c.text,
        literal(due, Date),
    ).select_from(
        joined.join(
            new,
            and_(
                new.c.contact_id == old.c.contact_id,
                new.c.staff_id == m.c.to_staff_id,
                new.c.post_id == old.c.post_id,
                new.c.until.is_(None),
            ),
        ).outerjoin(notes, and_(notes.c.staff_id == old.c.staff_id, notes.c.contact_id == old.c.contact_id))
    )
    columns = [
        "plan_id",
        "contact_id",
        "from_connection_id",
        "to_connection_id",
        "from_staff_id",
        "to_staff_id",
        "post_id",
        "temporary",
        "status",
        "note",
        "due_on",
    ]
    return insert(Base.metadata.tables["handover_item"]).from_select(columns, rows, include_defaults=False)


def _close_leaver_connections(plan_id: int, day: dt.date) -> Any:
    """UPDATE: the leavers' connections in the posts they leave end on the effective date."""
    table = Base.metadata.tables["connection"]
    m = MAPPING.alias("m")
    handed = exists().where(m.c.from_staff_id == table.c.staff_id, m.c.post_id == table.c.post_id)
    # A card exchanged after the effective date keeps its own day, so that until >= since holds.
    until = case((table.c.since > literal(day, Date), table.c.since), else_=literal(day, Date))
    return update(table).where(table.c.until.is_(None), handed).values(until=until, closed_by_plan_id=plan_id)
