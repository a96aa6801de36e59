"""Shared fixtures: fresh databases on SQLite and (when configured) PostgreSQL, sessions, the CLI."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from handover.db import make_engine, make_session_factory
from tests.databases import PostgresDatabases, SqliteDatabases

POSTGRES_URL = os.environ.get("HANDOVER_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgres"] if POSTGRES_URL else ["sqlite"]


@pytest.fixture(scope="session")
def sqlite_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteDatabases]:
    """A migrated SQLite template for the whole run."""
    databases = SqliteDatabases(tmp_path_factory.mktemp("sqlite"))
    yield databases
    databases.close()


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[PostgresDatabases | None]:
    """A migrated PostgreSQL template database for the whole run, when a server is configured."""
    if not POSTGRES_URL:
        yield None
        return
    databases = PostgresDatabases(POSTGRES_URL)
    yield databases
    databases.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each database test runs once per configured backend."""
    return str(request.param)


@pytest.fixture
def databases(
    backend: str, sqlite_databases: SqliteDatabases, postgres_databases: PostgresDatabases | None
) -> SqliteDatabases | PostgresDatabases:
    """The factory of fresh databases for this test's backend."""
    if backend == "postgres":
        assert postgres_databases is not None
        return postgres_databases
    return sqlite_databases


@pytest.fixture
def database_url(databases: SqliteDatabases | PostgresDatabases) -> Iterator[str]:
    """A fresh database migrated to head, dropped after the test."""
    url = databases.create()
    yield url
    databases.drop(url)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on the fresh database."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the fresh database; tests commit freely, the database is thrown away."""
    factory = make_session_factory(engine)
    with factory() as session:
        yield session


@pytest.fixture
def cli_env(database_url: str, tmp_path: Path) -> dict[str, str]:
    """Environment for running `handover` against the fresh database."""
    return {
        "HANDOVER_DATABASE_URL": database_url,
        "HANDOVER_INSTANCE_PATH": str(tmp_path / "instance"),
        "HANDOVER_SECRET_KEY": "test-secret",
    }


@pytest.fixture
def runner() -> CliRunner:
    """Click's runner, with stderr kept apart from stdout."""
    return CliRunner()
