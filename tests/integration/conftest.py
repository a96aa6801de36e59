"""Fixtures shared by the integration tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from handover.config import Settings
from handover.models import Staff
from tests.factories import add_department, add_staff


@pytest.fixture
def official(session: Session) -> Staff:
    """The official the cards were exchanged with."""
    staff = add_staff(session, "E0001", "相川 明", add_department(session, "K1", "道路課"), "主査")
    session.commit()
    return staff


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    """Settings with the instance folder in tmp_path (the queue in it: SqliteHuey)."""
    return Settings(instance_path=tmp_path / "instance", database_url=database_url, secret_key="test")
