"""The migrations build exactly the models' schema, both ways, on every configured database."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DatabaseError

from handover import migrate
from handover.db import Base, make_engine
from handover.models.contacts import is_search_object
from tests.databases import PostgresDatabases, SqliteDatabases


@pytest.fixture
def empty_url(databases: SqliteDatabases | PostgresDatabases) -> str:
    url = databases.create(empty=True)
    yield url
    databases.drop(url)


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return {t for t in inspect(engine).get_table_names() if not is_search_object(t)}
    finally:
        engine.dispose()


def test_upgrade_creates_every_table_and_check_finds_no_drift(empty_url: str) -> None:
    migrate.upgrade(empty_url)
    assert _tables(empty_url) == set(Base.metadata.tables) | {"alembic_version"}
    migrate.check(empty_url)  # raises when models and migrations disagree


def test_upgrade_downgrade_upgrade_round_trip(empty_url: str) -> None:
    migrate.upgrade(empty_url)
    migrate.downgrade(empty_url, "base")
    assert _tables(empty_url) <= {"alembic_version"}
    migrate.upgrade(empty_url)
    assert migrate.current(empty_url) is not None
    migrate.check(empty_url)


def test_audit_events_cannot_be_changed_even_in_sql(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO audit_event (occurred_at, actor, action, details) "
                    "VALUES (CURRENT_TIMESTAMP, 'cli', 'x', '{}')"
                )
            )
        for statement in ("UPDATE audit_event SET action = 'y'", "DELETE FROM audit_event"):
            with pytest.raises(DatabaseError, match="append-only"), engine.begin() as conn:
                conn.execute(text(statement))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT action FROM audit_event")).scalars().all() == ["x"]
    finally:
        engine.dispose()
