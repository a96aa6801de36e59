"""Run Alembic from inside handover: `handover db upgrade`, the tests and the demo use this."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from handover.errors import ConfigError

# migrations/ sits at the top of the repository, beside the package (an editable install).
_ROOT = Path(__file__).resolve().parent.parent


def alembic_config(database_url: str) -> Config:
    """An Alembic config for `database_url` with handover's migrations."""
    ini = _ROOT / "alembic.ini"
    if not (ini.exists() and (_ROOT / "migrations" / "env.py").exists()):
        raise ConfigError(f"migrations not found beside the package in {_ROOT}; install handover editable")
    cfg = Config(str(ini))
    cfg.set_main_option("script_location", str(_ROOT / "migrations"))
    # A % in a password would be read as interpolation by configparser.
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return cfg


def upgrade(database_url: str, revision: str = "head") -> None:
    """Apply migrations up to `revision`."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    """Revert migrations down to `revision`."""
    command.downgrade(alembic_config(database_url), revision)


def check(database_url: str) -> None:
    """Raise when the models and the migrations disagree (alembic check)."""
    command.check(alembic_config(database_url))


def current(database_url: str) -> str | None:
    """The revision the database is at, or None when it has none."""
    from alembic.runtime.migration import MigrationContext

    from handover.db import make_engine

    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()
