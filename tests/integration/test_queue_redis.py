"""The Redis queue with real `handover worker` processes: a worker killed mid-batch loses nothing.

Needs a Redis server (HANDOVER_TEST_REDIS_URL, e.g. redis://127.0.0.1:6379/15; each test uses a
queue of its own and empties it) and Tesseract.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from handover.config import Settings
from handover.db import make_session_factory
from handover.models import AuditEvent, Card, Scan, ScanStatus
from handover.models.cards import ReviewPolicy
from handover.services.ingest import ingest_files
from handover.tasks import ReadingQueue
from tests.factories import add_department, add_staff
from tests.integration.test_ingest import sample_files

REDIS_URL = os.environ.get("HANDOVER_TEST_REDIS_URL")
HANDOVER = str(Path(sys.executable).parent / "handover")
SCANS = 3

pytestmark = [
    pytest.mark.redis,
    pytest.mark.tesseract,
    pytest.mark.skipif(not REDIS_URL, reason="HANDOVER_TEST_REDIS_URL is not set"),
]


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Iterator[Settings]:
    """Settings of the Redis mode, with a queue of this test's own (emptied afterwards)."""
    assert REDIS_URL is not None
    settings = Settings(
        instance_path=tmp_path / "instance",
        database_url=database_url,
        secret_key="test",
        redis_url=REDIS_URL,
        queue_name=f"handover-test-{uuid.uuid4().hex[:8]}",
    )
    yield settings
    ReadingQueue(settings).huey.flush()


def _start_worker(settings: Settings, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "HANDOVER_DATABASE_URL": settings.database_url,
        "HANDOVER_INSTANCE_PATH": str(settings.instance_path),
        "HANDOVER_SECRET_KEY": "test",
        "HANDOVER_REDIS_URL": str(settings.redis_url),
        "HANDOVER_QUEUE_NAME": settings.queue_name,
    }
    with log.open("ab") as out:
        # A session of its own, so that the whole worker (consumer and children) can be killed.
        return subprocess.Popen(
            [HANDOVER, "worker", "--workers", "1"], env=env, stdout=out, stderr=out, start_new_session=True
        )


def _wait(condition: Callable[[], bool], what: str, worker: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 180
    while not condition():
        if worker.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"gave up waiting until {what}:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.05)


def test_a_worker_killed_mid_batch_loses_nothing_and_reads_no_scan_twice(
    session: Session, engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    staff = add_staff(session, "E0001", "相川 明", add_department(session, "K1", "道路課"), "主査")
    report = ingest_files(
        session,
        sample_files(SCANS),
        staff=staff,
        exchanged_on=dt.date(2026, 10, 1),
        storage_root=settings.cards_path,
        review=ReviewPolicy.ALL,
    )
    session.commit()
    ids = report.scan_ids
    queue = ReadingQueue(settings)
    factory = make_session_factory(engine)
    assert queue.recover(factory).queued == ids
    assert queue.recover(factory).queued == []  # a scan that has a task waiting gets no second one

    def statuses() -> list[ScanStatus]:
        session.expire_all()
        return [s.status for s in session.scalars(select(Scan).order_by(Scan.id))]

    log = tmp_path / "worker.log"
    worker = _start_worker(settings, log)
    _wait(
        lambda: ScanStatus.DONE in statuses() and ScanStatus.READING in statuses(),
        "one scan is read and the next is being read",
        worker,
        log,
    )
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    at_kill = statuses()
    read_before = [i for i, s in zip(ids, at_kill, strict=True) if s is ScanStatus.DONE]
    cut = [i for i, s in zip(ids, at_kill, strict=True) if s is ScanStatus.READING]
    assert read_before and len(cut) == 1
    # The killed worker took the task of the scan it was reading with it; lose the rest as well
    # (as when Redis restarts without persistence), so that only the database knows what is left.
    queue.huey.flush()

    worker = _start_worker(settings, log)
    try:
        _wait(lambda: set(statuses()) == {ScanStatus.DONE}, "every scan is read", worker, log)
    finally:
        os.killpg(worker.pid, signal.SIGINT)
        worker.wait(timeout=60)

    session.expire_all()
    reads = session.scalars(select(AuditEvent.object_id).where(AuditEvent.action == "scan.read")).all()
    assert sorted(int(r) for r in reads) == ids  # each scan read (and saved) exactly once
    per_scan = session.execute(select(Card.scan_id, func.count()).group_by(Card.scan_id)).all()
    assert sorted((scan_id, n) for scan_id, n in per_scan) == [(i, 1) for i in ids]
    attempts = {s.id: s.attempts for s in session.scalars(select(Scan))}
    assert all(attempts[i] == 1 for i in read_before)
    assert attempts[cut[0]] == 2  # begun by the killed worker, read again by the new one
    assert "1 scan(s) taken back" in log.read_text()
