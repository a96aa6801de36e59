"""Claims on scans: who reads which scan, a heartbeat while reading, and taking back abandoned scans.

A claim is one conditional UPDATE (status 'queued' -> 'reading', with the worker's name and the
time). A live worker renews the time while it reads; a claim whose worker died on this host, or
whose time is older than the lease (a worker on another machine that went silent), is abandoned
and the scan goes back to the queue.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session, sessionmaker

from handover.db import session_scope, utcnow
from handover.errors import InvalidState, NotFound
from handover.models import Card, Scan, ScanStatus
from handover.services import audit

log = logging.getLogger(__name__)


def worker_id() -> str:
    """This process as named in a claim: host and pid (a forked worker has its own pid)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def claim_scan(session: Session, scan_id: int, *, worker: str, now: dt.datetime) -> bool:
    """Atomically take a queued scan for reading; False when it is not (or no longer) queued."""
    result = session.execute(
        update(Scan)
        .where(Scan.id == scan_id, Scan.status == ScanStatus.QUEUED)
        .values(status=ScanStatus.READING, claimed_by=worker, claimed_at=now, attempts=Scan.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    return isinstance(result, CursorResult) and result.rowcount == 1


def still_mine(session: Session, scan_id: int, worker: str) -> bool:
    """True while `worker` holds the scan; locks the claim for the rest of the transaction."""
    # The first statement of the saving transaction is a write: on SQLite it takes the write lock
    # before anything is read, on PostgreSQL it locks the row against a concurrent release.
    result = session.execute(
        update(Scan)
        .where(Scan.id == scan_id, Scan.status == ScanStatus.READING, Scan.claimed_by == worker)
        .values(claimed_by=worker)
        .execution_options(synchronize_session=False)
    )
    return isinstance(result, CursorResult) and result.rowcount == 1


@contextmanager
def heartbeat(factory: sessionmaker[Session], scan_id: int, *, worker: str, every: float) -> Iterator[None]:
    """Renew the claim every `every` seconds while the block runs, so a slow read is not taken back."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(every):
            try:
                with session_scope(factory) as session:
                    session.execute(
                        update(Scan)
                        .where(
                            Scan.id == scan_id, Scan.status == ScanStatus.READING, Scan.claimed_by == worker
                        )
                        .values(claimed_at=utcnow())
                        .execution_options(synchronize_session=False)
                    )
            except Exception:  # a missed beat only shortens the lease; reading goes on
                log.warning("scan %d: could not renew the claim", scan_id, exc_info=True)

    thread = threading.Thread(target=beat, name=f"heartbeat-scan-{scan_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def release_claim(factory: sessionmaker[Session], scan_id: int, *, reason: str, max_attempts: int) -> str:
    """After an unexpected error: queue the scan again, or fail it when its attempts are used up.

    Returns the scan's new status ("queued", "failed"), or "" when this process no longer held it.
    """
    with session_scope(factory) as session:
        scan = session.scalars(
            select(Scan)
            .where(Scan.id == scan_id, Scan.status == ScanStatus.READING, Scan.claimed_by == worker_id())
            .with_for_update()
            .execution_options(populate_existing=True)
        ).first()
        if scan is None:
            return ""
        if scan.attempts >= max_attempts:
            scan.fail(f"{scan.filename}: unexpected error while reading or saving ({reason})", utcnow())
        else:
            scan.release()
        return scan.status.value


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A killed worker whose parent died too may linger as a zombie nobody reaps (containers
    # whose pid 1 is not an init): it still answers kill(0) but will never save anything.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


def is_abandoned(scan: Scan, *, now: dt.datetime, lease: dt.timedelta, host: str) -> bool:
    """True when the worker that claimed the scan is gone: dead on this host, or silent too long."""
    if scan.status is not ScanStatus.READING:
        return False
    claimer_host, _, pid = (scan.claimed_by or "").rpartition(":")
    if claimer_host == host and pid.isdigit() and not _pid_alive(int(pid)):
        return True
    claimed_at = scan.claimed_at
    if claimed_at is not None and claimed_at.tzinfo is None:  # SQLite returns naive UTC
        claimed_at = claimed_at.replace(tzinfo=dt.UTC)
    return claimed_at is None or now - claimed_at > lease


def release_abandoned(session: Session, *, lease: dt.timedelta, now: dt.datetime | None = None) -> list[int]:
    """Queue again the scans whose worker died mid-reading; returns their ids."""
    now = now or utcnow()
    host = socket.gethostname()
    released: list[int] = []
    # populate_existing: claims are written with plain UPDATEs, so loaded objects may be stale.
    query = (
        select(Scan)
        .where(Scan.status == ScanStatus.READING)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    for scan in session.scalars(query):
        if is_abandoned(scan, now=now, lease=lease, host=host):
            log.warning("scan %d was left by worker %s; queued again", scan.id, scan.claimed_by)
            scan.release()
            released.append(scan.id)
    session.flush()
    return released


def queued_scan_ids(session: Session) -> list[int]:
    """Every scan waiting to be read, oldest first."""
    return list(session.scalars(select(Scan.id).where(Scan.status == ScanStatus.QUEUED).order_by(Scan.id)))


def failed_scan_ids(session: Session, *, staff_id: int | None = None) -> list[int]:
    """Every scan whose reading failed (optionally only one official's), oldest first."""
    query = select(Scan.id).where(Scan.status == ScanStatus.FAILED).order_by(Scan.id)
    if staff_id is not None:
        query = query.where(Scan.uploaded_by_staff_id == staff_id)
    return list(session.scalars(query))


def retry_failed(
    session: Session, scan_ids: Sequence[int], *, actor: str, user_id: int | None = None
) -> list[Scan]:
    """Put failed scans back in the queue with fresh attempts; all or none (any other scan refuses).

    The caller commits and then gives each scan a task through the one task API. A failed scan
    never holds cards (a reading is saved whole or not at all), so reading it again cannot
    duplicate any; the check below keeps that promise should a card ever be found on one.
    """
    ids = list(dict.fromkeys(scan_ids))
    scans = {
        s.id: s
        for s in session.scalars(
            select(Scan).where(Scan.id.in_(ids)).with_for_update().execution_options(populate_existing=True)
        )
    }
    missing = [i for i in ids if i not in scans]
    if missing:
        raise NotFound(f"no scan {', '.join(map(str, missing))}")
    not_failed = [f"{i} ({scans[i].status.value})" for i in ids if scans[i].status is not ScanStatus.FAILED]
    if not_failed:
        raise InvalidState(f"only failed scans can be read again; not failed: {', '.join(not_failed)}")
    with_cards = session.scalars(select(Card.scan_id).where(Card.scan_id.in_(ids)).group_by(Card.scan_id))
    holding = sorted(with_cards)
    if holding:
        raise InvalidState(f"scans {', '.join(map(str, holding))} already hold cards; not read again")
    for scan_id in ids:
        scan = scans[scan_id]
        previous = {"attempts": scan.attempts, "error": scan.error}
        scan.status, scan.attempts, scan.error, scan.read_at = ScanStatus.QUEUED, 0, None, None
        scan.claimed_by = scan.claimed_at = None
        audit.record(
            session,
            actor=actor,
            action="scan.retry",
            object_type="scan",
            object_id=scan.id,
            actor_user_id=user_id,
            details=previous,
        )
    session.flush()
    log.info("%d failed scan(s) queued again", len(ids))
    return [scans[i] for i in ids]
