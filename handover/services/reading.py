"""The reading task: claim a queued scan, run the card reader, keep each card, apply the review policy.

A scan is claimed with one conditional UPDATE (status 'queued' -> 'reading'), so of several
workers handed the same scan only one reads it. The reading is saved only while the claim still
holds, so a worker that lost its claim (it was presumed dead and the scan went back to the queue)
throws its work away instead of saving it a second time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from handover.config import Settings
from handover.db import session_scope, utcnow
from handover.errors import HandoverError
from handover.models import Card, CardStatus, Scan
from handover.models.cards import ReviewPolicy
from handover.reader.read import CardResult, encode_card_image, read_card_images
from handover.reader.settings import ReaderSettings
from handover.reader.types import CardReading
from handover.services import audit, card_backs, claims, review, storage
from handover.services.card_backs import read_fields

log = logging.getLogger(__name__)

WORKER_ACTOR = "worker"


@dataclass(frozen=True)
class ReadOutcome:
    """What one run of the task did with a scan."""

    scan_id: int
    status: str  # "done", "failed", or "skipped" (another worker has it, or it was read already)
    card_ids: list[int] = field(default_factory=list)


def reading_json(reading: CardReading) -> dict[str, Any]:
    """The reader's output as stored on the card: fields, confidences, boxes, raw text."""
    data = dict(reading.as_json())
    data["boxes"] = {
        k: ([v.box.x, v.box.y, v.box.w, v.box.h] if v and v.box else None) for k, v in reading.fields.items()
    }
    return data


def min_confidence(reading: CardReading) -> float | None:
    """The least sure of the fields the reader found (None when it found none)."""
    found = [v.confidence for v in reading.fields.values() if v is not None]
    return min(found) if found else None


def should_confirm(reading: CardReading, policy: ReviewPolicy, threshold: float) -> bool:
    """Whether the review policy confirms this card without a person looking at it."""
    # A card without a name cannot become a contact, whatever the policy says.
    if reading.fields.get("name") is None or policy is ReviewPolicy.ALL:
        return False
    if policy is ReviewPolicy.NONE:
        return True
    lowest = min_confidence(reading)
    return lowest is not None and lowest >= threshold


def _store_warped(root: Path, scan: Scan, result: CardResult) -> str:
    path = storage.warped_path(
        root, scan.sha256, page=result.reading.page, card_index=result.reading.card_index
    )
    storage.write_once(path, encode_card_image(result.image, ext=".jpg"))
    return str(path.relative_to(root))


def _read(path: Path, name: str, settings: Settings) -> tuple[list[CardResult], str | None]:
    reader_settings = ReaderSettings(
        tesseract_timeout=float(settings.ocr_timeout_seconds), max_file_bytes=settings.max_upload_bytes
    )
    try:
        data = path.read_bytes()
    except OSError as e:
        return [], f"{name}: the stored original cannot be read ({e.strerror or e}: {path})"
    try:
        # Read from bytes under the uploaded name, so that errors name the user's file.
        return read_card_images(data, settings=reader_settings, name=name), None
    except HandoverError as e:
        return [], str(e)
    except Exception as e:  # one bad scan must not stop the worker; the error names the file
        log.exception("unexpected error reading scan file %s", path.name)
        return [], f"{name}: unexpected error while reading ({type(e).__name__})"


def _save_cards(session: Session, scan: Scan, results: list[CardResult], *, settings: Settings) -> list[int]:
    cards: list[Card] = []
    for result in results:
        reading = result.reading
        card = Card(
            scan_id=scan.id,
            page=reading.page,
            card_index=reading.card_index,
            warped_path=_store_warped(settings.cards_path, scan, result),
            status=CardStatus.NEEDS_REVIEW,
            reading=reading_json(reading),
            min_confidence=min_confidence(reading),
            exchanged_on=scan.exchanged_on,
        )
        session.add(card)
        session.flush()
        cards.append(card)
        audit.record(session, actor=WORKER_ACTOR, action="card.create", object_type="card", object_id=card.id)
    # Backs are linked before any card is confirmed, so that none becomes a contact of its own.
    card_backs.link_backs(session, scan, cards, actor=WORKER_ACTOR)
    for card, result in zip(cards, results, strict=True):
        if card.back_of_card_id is not None:
            continue
        if not should_confirm(result.reading, scan.review, settings.auto_confirm_confidence):
            continue
        if not _sides_allow_confirming(session, scan, card, alone=len(cards) == 1, settings=settings):
            continue
        _auto_confirm(session, card)
    if len(cards) == 1:
        _confirm_deferred(session, scan, settings=settings)
    return [c.id for c in cards]


def _auto_confirm(session: Session, card: Card) -> None:
    try:
        with session.begin_nested():
            review.confirm_card(session, card.id, corrections={}, actor=WORKER_ACTOR)
    except HandoverError as e:
        # Left for a person: the card is kept, only the automatic confirmation is off.
        log.warning("card %d left for review: %s", card.id, type(e).__name__)


def _confirm_deferred(session: Session, scan: Scan, *, settings: Settings) -> None:
    """Confirm, as their own policy says, the English cards that waited for this scan in vain."""
    for card in card_backs.deferred_neighbours(session, scan):
        policy = card.scan.review
        sure = card.min_confidence is not None and card.min_confidence >= settings.auto_confirm_confidence
        if not read_fields(card).get("name") or policy is ReviewPolicy.ALL:
            continue
        if policy is ReviewPolicy.AUTO and not sure:
            continue
        _auto_confirm(session, card)


def _sides_allow_confirming(
    session: Session, scan: Scan, card: Card, *, alone: bool, settings: Settings
) -> bool:
    """The review policy's confirmation, reconsidered with the other side of the card in mind."""
    if scan.review is ReviewPolicy.AUTO:
        # What a back fills in is taken as read: it must be as sure as the front's own fields.
        filled = card_backs.filled_from_backs(session, card)
        for back in card_backs.waiting_backs(session, card):
            sure = back.reading.get("confidence") or {}
            if any(
                (back.reading.get("fields") or {}).get(name)
                and (sure.get(name) or 0.0) < settings.auto_confirm_confidence
                for name in filled
            ):
                return False
    # A lone English side whose neighbour in the import is not read yet may be that card's back:
    # it waits (for its front, or for a person) rather than becoming a contact of its own.
    return not (alone and card_backs.is_english_only(card) and card_backs.neighbour_pending(session, scan))


def read_scan(factory: sessionmaker[Session], scan_id: int, *, settings: Settings) -> ReadOutcome:
    """Claim, read and save one scan; a scan not in the queue is skipped, never read twice."""
    me = claims.worker_id()
    with session_scope(factory) as session:
        if not claims.claim_scan(session, scan_id, worker=me, now=utcnow()):
            return ReadOutcome(scan_id, "skipped")
        scan = session.get(Scan, scan_id)
        assert scan is not None
        path, name = settings.cards_path / scan.stored_path, scan.filename
        if scan.attempts > settings.max_read_attempts:
            # Every earlier attempt died with its worker: this file stops workers, so stop trying.
            scan.fail(f"{name}: reading stopped the worker {scan.attempts - 1} times", utcnow())
            return ReadOutcome(scan_id, "failed")
    # Renewed well within the lease, so that only a silent (dead) worker's scan is taken back.
    every = max(1.0, settings.reading_lease_seconds / 5)
    with claims.heartbeat(factory, scan_id, worker=me, every=every):
        results, error = _read(path, name, settings)
    return save_reading(factory, scan_id, worker=me, results=results, error=error, settings=settings)


def save_reading(
    factory: sessionmaker[Session],
    scan_id: int,
    *,
    worker: str,
    results: list[CardResult],
    error: str | None,
    settings: Settings,
) -> ReadOutcome:
    """Save what `worker` read, only while its claim holds; a worker that lost it saves nothing."""
    with session_scope(factory) as session:
        if not claims.still_mine(session, scan_id, worker):
            log.warning("scan %d was taken back from worker %s; its reading is discarded", scan_id, worker)
            return ReadOutcome(scan_id, "skipped")
        scan = session.get(Scan, scan_id)
        assert scan is not None
        now = utcnow()
        if error is not None:
            scan.fail(error, now)
            audit.record(
                session, actor=WORKER_ACTOR, action="scan.fail", object_type="scan", object_id=scan_id
            )
            return ReadOutcome(scan_id, "failed")
        card_ids = _save_cards(session, scan, results, settings=settings)
        scan.finish(now)
        audit.record(
            session,
            actor=WORKER_ACTOR,
            action="scan.read",
            object_type="scan",
            object_id=scan_id,
            details={"cards": len(card_ids), "worker": worker, "attempt": scan.attempts},
        )
    log.info("scan %d read: %d card(s)", scan_id, len(card_ids))
    return ReadOutcome(scan_id, "done", card_ids)
