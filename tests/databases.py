"""Fresh, migrated databases for tests: SQLite files copied from a template, PostgreSQL databases
created from a template database. Both are migrated once per test session, so each test starts
from exactly the schema `handover db upgrade` builds, at the cost of a file copy or a CREATE DATABASE.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from handover import migrate


class SqliteDatabases:
    """Copies of one migrated SQLite file."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.template = workdir / "template.db"
        migrate.upgrade(f"sqlite:///{self.template}")

    def create(self, empty: bool = False) -> str:
        """A new database URL: migrated, or empty when `empty`."""
        path = self.workdir / f"{uuid.uuid4().hex}.db"
        if not empty:
            shutil.copyfile(self.template, path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        """Remove the database file and its WAL companions."""
        database = make_url(url).database
        assert database is not None
        for suffix in ("", "-wal", "-shm"):
            Path(database + suffix).unlink(missing_ok=True)

    def close(self) -> None:
        """Nothing to release for files."""


class PostgresDatabases:
    """Databases created from a migrated template database on one PostgreSQL server."""

    def __init__(self, base_url: str) -> None:
        self.base = make_url(base_url)
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT")
        self.prefix = f"handover_test_{uuid.uuid4().hex[:8]}"
        self.template_name = f"{self.prefix}_template"
        self._execute(f'CREATE DATABASE "{self.template_name}"')
        template_url = self.base.set(database=self.template_name).render_as_string(hide_password=False)
        migrate.upgrade(template_url)
        self.created: list[str] = []

    def _execute(self, sql: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def create(self, empty: bool = False) -> str:
        """A new database URL: migrated, or empty when `empty`."""
        name = f"{self.prefix}_{uuid.uuid4().hex[:8]}"
        template = "template0" if empty else self.template_name
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        self.created.append(name)
        return self.base.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        """Drop the database, closing any connection a test left open."""
        name = make_url(url).database
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        """Drop the template and release the admin connection."""
        self._execute(f'DROP DATABASE IF EXISTS "{self.template_name}" WITH (FORCE)')
        self.admin.dispose()
