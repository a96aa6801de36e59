"""What every command shares: settings, and a database session whose commit the command owns."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import click
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from handover.config import Settings, load_settings
from handover.db import make_engine, make_session_factory, session_scope


@dataclass
class CliContext:
    """Lazily built settings and engine for one CLI invocation."""

    _settings: Settings | None = None
    _engine: Engine | None = None
    _factory: sessionmaker[Session] | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        """Settings from the environment, read once."""
        if self._settings is None:
            self._settings = load_settings()
        return self._settings

    @property
    def engine(self) -> Engine:
        """The database engine, made on first use."""
        if self._engine is None:
            self._engine = make_engine(self.settings.database_url)
        return self._engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the command's block ends, rolled back on error."""
        if self._factory is None:
            self._factory = make_session_factory(self.engine)
        with session_scope(self._factory) as session:
            yield session

    def close(self) -> None:
        """Release database connections."""
        if self._engine is not None:
            self._engine.dispose()


pass_context = click.make_pass_decorator(CliContext, ensure=True)

CLI_ACTOR = "cli"
