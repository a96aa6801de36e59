"""Background reading of card scans on Huey: SQLite queue in the instance folder, or Redis.

One task API for both modes. Embedded (no HANDOVER_REDIS_URL): the queue is a SQLite file beside
the database and `handover cards import` runs the consumer in its own process. Scale-out
(HANDOVER_REDIS_URL set): `handover worker` processes on any machine consume a Redis queue.

The database, not the queue, is the record of what is left to read: Huey removes a task from
the queue when a worker takes it, so a worker killed mid-task takes its task with it. `recover`
puts such scans back (their worker is gone) and queues every waiting scan that has no task.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from huey import RedisHuey, SqliteHuey, crontab
from huey.api import Huey, TaskWrapper
from huey.consumer import Consumer
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from handover.config import Settings
from handover.db import make_engine, make_session_factory, session_scope
from handover.models import Scan, ScanStatus
from handover.services import claims, reading

log = logging.getLogger(__name__)

TASK_NAME = "read_scan"
WORKER_TYPES = ("process", "thread")

_factories: dict[tuple[int, str], sessionmaker[Session]] = {}


def session_factory(settings: Settings) -> sessionmaker[Session]:
    """Sessions for task bodies: one engine per process, never shared across a fork."""
    key = (os.getpid(), settings.database_url)
    if key not in _factories:
        _factories[key] = make_session_factory(make_engine(settings.database_url))
    return _factories[key]


@dataclass(frozen=True)
class Recovery:
    """What `recover` did: scans taken back from dead workers, and scans given a task."""

    released: list[int]
    queued: list[int]


class ReadingQueue:
    """The configured Huey queue with its one task, `read_scan(scan_id)`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.huey = build_huey(settings)

        def read_scan(scan_id: int) -> str:
            """Read one scan (a no-op when another worker has it or it was read already)."""
            factory = session_factory(settings)
            try:
                return reading.read_scan(factory, scan_id, settings=settings).status
            except Exception as e:
                # Back to the queue, so that Huey's retry (or a later recovery) reads it afresh;
                # failed for good once the attempts are used up, so that no import waits forever.
                log.exception("scan %d: unexpected error while reading or saving", scan_id)
                status = claims.release_claim(
                    factory, scan_id, reason=type(e).__name__, max_attempts=settings.max_read_attempts
                )
                if status == "queued":
                    raise
                return status or "skipped"

        # Retried with growing pauses (2, 4, 8 s): a database busy for a moment is no reason to fail.
        attempts = settings.max_read_attempts
        task = self.huey.task(name=TASK_NAME, retries=attempts, retry_delay=2, retry_backoff=2)
        self.read_scan: TaskWrapper = task(read_scan)

        def recover_scans() -> None:
            """Take back the scans of workers that died elsewhere (a restart is not needed)."""
            self.recover(session_factory(settings))

        self.recover_scans: TaskWrapper = self.huey.periodic_task(
            crontab(minute="*/5"), name="recover_scans"
        )(recover_scans)

    def enqueue(self, scan_ids: Iterable[int]) -> None:
        """Queue a reading task for each scan."""
        for scan_id in scan_ids:
            self.read_scan(scan_id)

    def pending_scan_ids(self) -> set[int]:
        """Scans that already have a task waiting in the queue."""
        return {int(task.args[0]) for task in self.huey.pending() if task.args}

    def recover(self, factory: sessionmaker[Session]) -> Recovery:
        """Take back scans from dead workers and queue every waiting scan without a task.

        Run on worker start and before an import waits; commits its own short transaction
        first, because a task must never reach a worker before the scan it names is committed.
        A scan goes back only when its worker is gone, and a stale worker cannot save once it
        lost the claim: no scan is read twice.
        """
        lease = dt.timedelta(seconds=self.settings.reading_lease_seconds)
        with session_scope(factory) as session:
            released = claims.release_abandoned(session, lease=lease)
        with session_scope(factory) as session:
            queued = claims.queued_scan_ids(session)
        pending = self.pending_scan_ids()
        missing = [i for i in queued if i not in pending]
        self.enqueue(missing)
        if released or missing:
            log.info("recovery: %d scan(s) taken back, %d queued", len(released), len(missing))
        return Recovery(released, missing)

    def consumer(self, *, workers: int, worker_type: str = "process", periodic: bool = False) -> Consumer:
        """A Huey consumer of this queue with `workers` processes (or threads).

        `periodic` runs the recovery every five minutes as well (long-running `handover worker`).
        """
        if worker_type not in WORKER_TYPES:
            raise ValueError(f"worker_type must be one of {', '.join(WORKER_TYPES)}")
        return Consumer(
            self.huey,
            workers=workers,
            worker_type=worker_type,
            periodic=periodic,
            initial_delay=0.05,
            backoff=1.3,
            max_delay=1.0,
            health_check_interval=2,
        )


def build_huey(settings: Settings) -> Huey:
    """RedisHuey when HANDOVER_REDIS_URL is set, else SqliteHuey in the instance folder."""
    if settings.redis_url:
        return RedisHuey(settings.queue_name, url=settings.redis_url, results=False)
    settings.instance_path.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(settings.queue_name, filename=str(settings.instance_path / "queue.db"), results=False)


def worker_count(settings: Settings, requested: int | None = None) -> int:
    """How many workers to run: as requested, else as configured, else one per core."""
    return max(1, requested or settings.reading_workers or os.cpu_count() or 1)


def unfinished(session: Session, scan_ids: Sequence[int]) -> int:
    """How many of these scans are still queued or being read."""
    count = 0
    # Chunked: a large import waits on thousands of scans, more than a bound IN list should hold.
    for start in range(0, len(scan_ids), 500):
        chunk = scan_ids[start : start + 500]
        count += (
            session.scalar(
                select(func.count())
                .select_from(Scan)
                .where(Scan.id.in_(chunk), Scan.status.in_([ScanStatus.QUEUED, ScanStatus.READING]))
            )
            or 0
        )
    return count


def count_unfinished(factory: sessionmaker[Session], scan_ids: Sequence[int]) -> int:
    """`unfinished` in a short transaction of its own (for polling)."""
    with session_scope(factory) as session:
        return unfinished(session, scan_ids)
