"""Fixtures shared by the command-line end-to-end tests."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from handover.models import Staff
from tests.factories import add_department, add_staff


@pytest.fixture
def official(session: Session) -> Staff:
    """The official who scans the cards: E0001, 主査 in 道路課."""
    staff = add_staff(session, "E0001", "相川 明", add_department(session, "K1", "道路課"), "主査")
    session.commit()
    return staff
