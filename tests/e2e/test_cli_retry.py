"""`handover cards retry`: a scan whose reading failed is read again once the cause is fixed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from handover.cli import main
from handover.config import Settings
from handover.db import make_session_factory
from handover.models import AuditEvent, Card, Scan, ScanStatus, Staff
from handover.models.cards import ReviewPolicy
from handover.services.ingest import ingest_files
from handover.services.reading import read_scan
from tests.integration.test_ingest import sample_files


def _invoke(runner: CliRunner, env: dict[str, str], *args: str) -> Any:
    return runner.invoke(main, list(args), env={**env, "HANDOVER_READING_WORKERS": "1"})


def _failed_scan(session: Session, engine: Engine, official: Staff, cli_env: dict[str, str]) -> Scan:
    """A real card whose stored original was missing when it was read (moved by a backup job)."""
    settings = Settings(
        instance_path=Path(cli_env["HANDOVER_INSTANCE_PATH"]),
        database_url=cli_env["HANDOVER_DATABASE_URL"],
        secret_key="test",
    )
    report = ingest_files(
        session,
        sample_files(1),
        staff=official,
        exchanged_on=dt.date(2026, 11, 2),
        storage_root=settings.cards_path,
        review=ReviewPolicy.NONE,
    )
    session.commit()
    scan = session.get(Scan, report.scan_ids[0])
    assert scan is not None
    stored = settings.cards_path / scan.stored_path
    aside = stored.with_suffix(".moved")
    stored.rename(aside)
    assert read_scan(make_session_factory(engine), scan.id, settings=settings).status == "failed"
    aside.rename(stored)
    session.refresh(scan)
    assert scan.status is ScanStatus.FAILED and "cannot be read" in (scan.error or "")
    return scan


def _cards(session: Session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Card)) or 0


@pytest.mark.tesseract
def test_a_failed_scan_is_read_again_once_audited_and_never_twice(
    runner: CliRunner, cli_env: dict[str, str], session: Session, engine: Engine, official: Staff
) -> None:
    scan = _failed_scan(session, engine, official, cli_env)
    assert _cards(session) == 0

    usage = _invoke(runner, cli_env, "cards", "retry")
    assert usage.exit_code == 2
    result = _invoke(runner, cli_env, "cards", "retry", "--all-failed", "--format", "json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["retried"] == 1 and out["failed"] == [] and len(out["cards"]) == 1
    assert out["cards"][0]["status"] == "confirmed" and out["cards"][0]["contact_id"] is not None
    session.refresh(scan)
    assert scan.status is ScanStatus.DONE and scan.error is None and scan.attempts == 1
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "scan.retry"))
    assert event is not None and event.object_id == str(scan.id) and event.details["attempts"] == 1

    # A read scan is not read again: no second card, whichever way it is named.
    again = _invoke(runner, cli_env, "cards", "retry", str(scan.id))
    assert again.exit_code == 1 and "only failed scans" in again.stderr
    none_left = _invoke(runner, cli_env, "cards", "retry", "--all-failed")
    assert none_left.exit_code == 0 and "no failed scans" in none_left.stdout
    assert _cards(session) == 1
    unknown = _invoke(runner, cli_env, "cards", "retry", "99999")
    assert unknown.exit_code == 1 and "99999" in unknown.stderr
