"""Taking in scans and the reading task: digests, duplicates, bad files, claims, recovery, policy."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from handover.config import Settings
from handover.db import make_session_factory, utcnow
from handover.models import AuditEvent, Card, CardStatus, Connection, Scan, ScanStatus, Staff
from handover.models.cards import ReviewPolicy
from handover.reader.types import CardReading, FieldValue
from handover.services import storage
from handover.services.claims import claim_scan, heartbeat, release_abandoned, release_claim, worker_id
from handover.services.ingest import ingest_files
from handover.services.reading import read_scan, save_reading, should_confirm

TODAY = dt.date(2026, 11, 2)


def png(seed: int, size: tuple[int, int] = (64, 40)) -> bytes:
    """A small valid image whose bytes differ by seed (no text: ingestion never reads it)."""
    image = np.full((size[1], size[0], 3), 255, np.uint8)
    image[seed % size[1], :, :] = seed % 256
    ok, buf = cv2.imencode(".png", image)
    assert ok
    return bytes(buf.tobytes())


def _ingest(session: Session, settings: Settings, staff: Staff, paths: list[Path], **kw: Any) -> Any:
    report = ingest_files(
        session, paths, staff=staff, exchanged_on=TODAY, storage_root=settings.cards_path, **kw
    )
    session.commit()
    return report


def _count(session: Session, model: type[Any]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


SAMPLES = Path(__file__).resolve().parents[2] / "sample_cards"


def sample_files(count: int) -> list[Path]:
    """The first `count` sample scans holding one horizontal card that prints an e-mail address."""
    entries = json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))
    files = [
        SAMPLES / e["file"]
        for e in entries
        if e["category"] == "flatbed" and len(e["cards"]) == 1 and not e["vertical"]
        and e["cards"][0]["fields"]["email"]
    ]  # fmt: skip
    assert len(files) >= count, "sample_cards/ holds too few cards; regenerate them"
    return files[:count]


@pytest.fixture
def sample_card() -> Path:
    """One real sample card (its reading costs a few seconds of Tesseract)."""
    return sample_files(1)[0]


def test_each_original_is_stored_under_its_digest_and_queued(
    session: Session, official: Staff, settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "a.png").write_bytes(png(1))
    report = _ingest(session, settings, official, [tmp_path / "a.png"], review=ReviewPolicy.ALL)
    scan = session.get(Scan, report.imported[0].scan_id)
    assert scan is not None
    digest = storage.sha256_of(png(1))
    assert scan.sha256 == digest and scan.status is ScanStatus.QUEUED and scan.review is ReviewPolicy.ALL
    assert (scan.media_type, scan.exchanged_on, scan.uploaded_by_staff_id) == (
        "image/png",
        TODAY,
        official.id,
    )
    stored = settings.cards_path / scan.stored_path
    assert stored == settings.cards_path / digest[:2] / f"{digest}.png"
    assert storage.verify(stored, digest)


def test_reimporting_the_same_bytes_is_a_duplicate_and_changes_nothing(
    session: Session, official: Staff, settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "a.png").write_bytes(png(1))
    (tmp_path / "copy of a.png").write_bytes(png(1))
    first = _ingest(session, settings, official, [tmp_path / "a.png", tmp_path / "copy of a.png"])
    assert len(first.imported) == 1 and [d.file for d in first.duplicates] == [
        str(tmp_path / "copy of a.png")
    ]
    before = (_count(session, Scan), _count(session, AuditEvent), sorted(settings.cards_path.rglob("*")))
    again = _ingest(session, settings, official, [tmp_path / "a.png"])
    assert again.imported == [] and again.failed == []
    assert [d.scan_id for d in again.duplicates] == [first.imported[0].scan_id]
    assert (
        _count(session, Scan),
        _count(session, AuditEvent),
        sorted(settings.cards_path.rglob("*")),
    ) == before


def test_bad_files_fail_by_name_while_the_rest_import(
    session: Session, official: Staff, settings: Settings, tmp_path: Path
) -> None:
    good = tmp_path / "good.png"
    good.write_bytes(png(2))
    truncated = tmp_path / "truncated.png"
    truncated.write_bytes(png(3, (400, 300))[:300])
    text = tmp_path / "notes.txt"
    text.write_text("名刺ではありません", encoding="utf-8")
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    report = _ingest(session, settings, official, [truncated, good, text, empty])
    assert [f.file for f in report.imported] == [str(good)]
    assert [f.file for f in report.failed] == [str(truncated), str(text), str(empty)]
    for failure in report.failed:
        assert failure.error.startswith(failure.file)
    assert _count(session, Scan) == 1
    assert len(list(settings.cards_path.rglob("*.*"))) == 1  # only the good original was stored


def test_a_folder_is_searched_for_scans_skipping_hidden_and_other_files(
    session: Session, official: Staff, settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "scans"
    (folder / "2026-10" / ".thumbs").mkdir(parents=True)
    (folder / "b.png").write_bytes(png(4))
    (folder / "2026-10" / "a.PNG").write_bytes(png(5))
    (folder / "2026-10" / ".thumbs" / "a.png").write_bytes(png(6))
    (folder / "desktop.ini").write_text("[x]", encoding="ascii")
    report = _ingest(session, settings, official, [folder])
    assert sorted(Path(f.file).name for f in report.imported) == ["a.PNG", "b.png"]
    assert report.failed == []


def test_write_once_keeps_the_first_file(tmp_path: Path) -> None:
    path = tmp_path / "ab" / "x.jpg"
    assert storage.write_once(path, b"first")
    assert not storage.write_once(path, b"second")
    assert path.read_bytes() == b"first"
    assert [p.name for p in path.parent.iterdir()] == ["x.jpg"]  # no temporary file left behind


@pytest.fixture
def queued(session: Session, official: Staff, settings: Settings, tmp_path: Path) -> Scan:
    """One queued scan."""
    (tmp_path / "q.png").write_bytes(png(7))
    report = _ingest(session, settings, official, [tmp_path / "q.png"])
    scan = session.get(Scan, report.imported[0].scan_id)
    assert scan is not None
    return scan


def test_a_queued_scan_is_claimed_by_one_worker_only(session: Session, queued: Scan) -> None:
    assert claim_scan(session, queued.id, worker="host-a:1", now=utcnow())
    assert not claim_scan(session, queued.id, worker="host-b:2", now=utcnow())
    session.commit()
    session.refresh(queued)
    assert (queued.status, queued.claimed_by, queued.attempts) == (ScanStatus.READING, "host-a:1", 1)


def test_a_scan_whose_original_is_gone_fails_naming_the_file_and_is_not_read_again(
    session: Session, queued: Scan, settings: Settings, engine: Engine
) -> None:
    (settings.cards_path / queued.stored_path).unlink()
    factory = make_session_factory(engine)
    assert read_scan(factory, queued.id, settings=settings).status == "failed"
    assert read_scan(factory, queued.id, settings=settings).status == "skipped"
    session.refresh(queued)
    assert queued.status is ScanStatus.FAILED and queued.error is not None
    assert queued.error.startswith("q.png") and queued.attempts == 1


def test_a_worker_that_lost_its_claim_saves_nothing(
    session: Session, queued: Scan, settings: Settings, engine: Engine
) -> None:
    assert claim_scan(session, queued.id, worker="far-host:11", now=utcnow() - dt.timedelta(hours=2))
    session.commit()
    # The claim outlived its lease: the scan goes back, and another worker takes it.
    assert release_abandoned(session, lease=dt.timedelta(minutes=15)) == [queued.id]
    assert claim_scan(session, queued.id, worker="near-host:12", now=utcnow())
    session.commit()
    factory = make_session_factory(engine)
    stale = save_reading(factory, queued.id, worker="far-host:11", results=[], error=None, settings=settings)
    assert stale.status == "skipped"
    session.refresh(queued)
    assert (queued.status, queued.claimed_by) == (ScanStatus.READING, "near-host:12")
    assert _count(session, Card) == 0


def test_a_reading_worker_keeps_its_claim_fresh_so_it_is_not_taken_back(
    session: Session, queued: Scan, engine: Engine
) -> None:
    old = utcnow() - dt.timedelta(hours=2)
    assert claim_scan(session, queued.id, worker="far-host:21", now=old)
    session.commit()
    with heartbeat(make_session_factory(engine), queued.id, worker="far-host:21", every=0.05):
        for _ in range(400):  # wait for the first beat (not a timing assertion: any delay passes)
            session.expire_all()
            at = queued.claimed_at
            if at is not None and (at if at.tzinfo else at.replace(tzinfo=dt.UTC)) > old:
                break
            time.sleep(0.05)
    assert release_abandoned(session, lease=dt.timedelta(minutes=15)) == []


def test_only_scans_of_dead_or_silent_workers_are_taken_back(
    session: Session, official: Staff, settings: Settings, tmp_path: Path
) -> None:
    paths = []
    for i in range(4):
        paths.append(tmp_path / f"{i}.png")
        paths[-1].write_bytes(png(10 + i))
    ids = _ingest(session, settings, official, paths).scan_ids
    here = socket.gethostname()
    now = utcnow()
    dead = os.fork()
    if dead == 0:  # a child that exits at once: a pid that surely belongs to nobody afterwards
        os._exit(0)
    os.waitpid(dead, 0)
    claims = [
        (f"{here}:{dead}", now),  # this host, process gone
        (f"{here}:{os.getpid()}", now - dt.timedelta(minutes=5)),  # this host, alive, within the lease
        ("far-host:77", now - dt.timedelta(minutes=5)),  # elsewhere, within the lease
        ("far-host:78", now - dt.timedelta(hours=1)),  # elsewhere, silent past the lease
    ]
    for scan_id, (worker, at) in zip(ids, claims, strict=True):
        assert claim_scan(session, scan_id, worker=worker, now=at)
    session.commit()
    released = release_abandoned(session, lease=dt.timedelta(minutes=15))
    session.commit()
    assert released == [ids[0], ids[3]]
    statuses = [session.get(Scan, i).status for i in ids]  # type: ignore[union-attr]
    assert statuses == [ScanStatus.QUEUED, ScanStatus.READING, ScanStatus.READING, ScanStatus.QUEUED]


def test_after_an_unexpected_error_a_scan_is_queued_again_until_its_attempts_are_used_up(
    session: Session, queued: Scan, settings: Settings, engine: Engine
) -> None:
    factory = make_session_factory(engine)
    statuses = []
    for _ in range(settings.max_read_attempts):
        assert claim_scan(session, queued.id, worker=worker_id(), now=utcnow())
        session.commit()
        statuses.append(release_claim(factory, queued.id, reason="OperationalError", max_attempts=3))
    assert statuses == ["queued", "queued", "failed"]
    session.refresh(queued)
    assert queued.error == "q.png: unexpected error while reading or saving (OperationalError)"
    assert release_claim(factory, queued.id, reason="x", max_attempts=3) == ""  # not ours any more


def test_a_scan_that_keeps_killing_workers_is_failed_not_retried_forever(
    session: Session, queued: Scan, settings: Settings, engine: Engine
) -> None:
    queued.attempts = settings.max_read_attempts
    session.commit()
    outcome = read_scan(make_session_factory(engine), queued.id, settings=settings)
    session.refresh(queued)
    assert outcome.status == "failed" and queued.status is ScanStatus.FAILED
    assert "stopped the worker" in (queued.error or "")


def _reading(**confidences: float | None) -> CardReading:
    fields = {k: (FieldValue("x", c) if c is not None else None) for k, c in confidences.items()}
    return CardReading(file="f", card_index=0, fields=fields, orientation=0, vertical=False, text="")


@pytest.mark.parametrize(
    ("reading", "policy", "expected"),
    [
        (_reading(name=0.95, email=0.9, phone=None), ReviewPolicy.AUTO, True),
        (_reading(name=0.95, email=0.6), ReviewPolicy.AUTO, False),
        (_reading(name=0.95, email=0.9), ReviewPolicy.ALL, False),
        (_reading(name=0.2, email=0.1), ReviewPolicy.NONE, True),
        (_reading(name=None, email=0.99), ReviewPolicy.NONE, False),  # no name, no contact
        (_reading(name=None, email=0.99), ReviewPolicy.AUTO, False),
    ],
)
def test_review_policy(reading: CardReading, policy: ReviewPolicy, expected: bool) -> None:
    assert should_confirm(reading, policy, 0.85) is expected


@pytest.mark.tesseract
def test_reading_a_real_card_stores_it_and_confirms_it_under_policy_none(
    session: Session, official: Staff, settings: Settings, engine: Engine, sample_card: Path
) -> None:
    report = _ingest(session, settings, official, [sample_card], review=ReviewPolicy.NONE)
    outcome = read_scan(make_session_factory(engine), report.scan_ids[0], settings=settings)
    assert outcome.status == "done" and len(outcome.card_ids) == 1
    card = session.get(Card, outcome.card_ids[0])
    assert card is not None
    assert card.status is CardStatus.CONFIRMED and card.contact_id is not None
    assert card.reading["fields"]["name"] and card.min_confidence is not None
    assert card.warped_path and (settings.cards_path / card.warped_path).stat().st_size > 0
    assert session.scalars(select(Connection.staff_id)).all() == [official.id]
    actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["scan.upload", "card.create", "card.confirm", "scan.read"]
