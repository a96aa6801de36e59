"""Linking the English back of a card to its front (Card.back_of_card_id), by card_sides' rule.

A back is decided with its front: confirming the front confirms the back (which makes no contact
of its own) and fills what the front lacks from it; rejecting the front rejects it. Backs are found
among the cards of one scan, and between one-card scans next to each other in one import, which
may be read by different workers in either order: whichever is saved second makes the pair.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from handover.db import is_sqlite, utcnow
from handover.errors import InvalidState
from handover.models import Card, CardStatus, Contact, Scan, ScanStatus
from handover.reader.types import FIELD_NAMES
from handover.services import audit
from handover.services import normalize as nz
from handover.services.card_sides import FILL_FROM_BACK, Side, back_fill, pair_sides, script
from handover.services.contact_fields import apply_fields
from handover.services.dedup import remember_identifiers

# Names the lock that serialises pairing across scans on PostgreSQL (any fixed number will do), so
# that two workers saving the two sides at the same moment cannot each miss the other.
_PAIRING_LOCK_KEY = 0x68616E65
# Scans of one import are stored within moments of each other; a later import is another batch.
_SAME_IMPORT = dt.timedelta(minutes=5)


def read_fields(card: Card) -> dict[str, str | None]:
    """The field values the reader found on the card (None where it found nothing)."""
    found = card.reading.get("fields") or {}
    return {name: found.get(name) for name in FIELD_NAMES}


def waiting_backs(session: Session, card: Card) -> list[Card]:
    """The backs linked to this card that wait to be decided with it."""
    return list(
        session.scalars(
            select(Card)
            .where(Card.back_of_card_id == card.id, Card.status == CardStatus.NEEDS_REVIEW)
            .order_by(Card.id)
        )
    )


def filled_from_backs(session: Session, card: Card) -> dict[str, str]:
    """What the card's waiting backs add to what the reader found on it."""
    return back_fill(read_fields(card), [read_fields(b) for b in waiting_backs(session, card)])


def _side(card: Card, sheet: int) -> Side:
    return Side(card.id, read_fields(card), sheet)


def _same_import(a: Scan, b: Scan) -> bool:
    def utc(when: dt.datetime) -> dt.datetime:  # SQLite returns naive UTC
        return when if when.tzinfo else when.replace(tzinfo=dt.UTC)

    return (
        a.uploaded_by_staff_id == b.uploaded_by_staff_id
        and a.uploaded_by_user_id == b.uploaded_by_user_id
        and a.exchanged_on == b.exchanged_on
        and abs(utc(a.created_at) - utc(b.created_at)) <= _SAME_IMPORT
    )


def _neighbours(session: Session, scan: Scan) -> list[Scan]:
    """The scans stored just before and just after this one in the same import."""
    near = session.scalars(select(Scan).where(Scan.id.in_([scan.id - 1, scan.id + 1])).order_by(Scan.id))
    return [s for s in near if _same_import(scan, s)]


def _unpaired(session: Session, card: Card) -> bool:
    linked = session.scalar(select(func.count()).select_from(Card).where(Card.back_of_card_id == card.id))
    return card.back_of_card_id is None and not linked


def neighbour_pending(session: Session, scan: Scan) -> bool:
    """True when a scan next to this one in its import is still waiting to be read."""
    pending = (ScanStatus.QUEUED, ScanStatus.READING)
    return any(s.status in pending for s in _neighbours(session, scan))


def deferred_neighbours(session: Session, scan: Scan) -> list[Card]:
    """Lone English cards of neighbour scans that waited for this scan and were not paired with it."""
    pending = (ScanStatus.QUEUED, ScanStatus.READING)
    waiting: list[Card] = []
    for other in _neighbours(session, scan):
        cards = list(session.scalars(select(Card).where(Card.scan_id == other.id)))
        if len(cards) != 1 or cards[0].status is not CardStatus.NEEDS_REVIEW:
            continue
        if not (_unpaired(session, cards[0]) and is_english_only(cards[0])):
            continue
        if not any(s.id != scan.id and s.status in pending for s in _neighbours(session, other)):
            waiting.append(cards[0])
    return waiting


def link_backs(session: Session, scan: Scan, cards: Sequence[Card], *, actor: str) -> list[tuple[int, int]]:
    """Pair the new cards of a scan among themselves and with a one-card neighbour scan; link them.

    Returns (front id, back id) pairs. A back whose front was confirmed already is confirmed at once
    and fills the contact's blanks; a pair whose other side was decided on its own is not made.
    """
    if len(cards) == 1:
        pairs = _pair_across_scans(session, scan, cards[0])
    else:
        pairs = pair_sides([_side(c, c.page) for c in cards])
    by_id = {c.id: c for c in cards}
    made: list[tuple[int, int]] = []
    for front_id, back_id in pairs:
        front = by_id.get(front_id) or session.get(Card, front_id)
        back = by_id.get(back_id) or session.get(Card, back_id)
        assert front is not None and back is not None
        back.back_of_card_id = front.id
        if front.status is CardStatus.CONFIRMED:
            _attach_to_confirmed(session, front, back, actor=actor)
        audit.record(
            session,
            actor=actor,
            action="card.back",
            object_type="card",
            object_id=back.id,
            details={"front_card_id": front.id},
        )
        made.append((front.id, back.id))
    session.flush()
    return made


def _pair_across_scans(session: Session, scan: Scan, card: Card) -> list[tuple[int, int]]:
    if not is_sqlite(session):
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PAIRING_LOCK_KEY})
    for other_scan in _neighbours(session, scan):
        others = list(session.scalars(select(Card).where(Card.scan_id == other_scan.id)))
        if len(others) != 1 or not _unpaired(session, others[0]):
            continue
        other = others[0]
        sides = sorted([_side(card, scan.id), _side(other, other_scan.id)], key=lambda s: s.sheet)
        for front_id, back_id in pair_sides(sides):
            front, back = (card, other) if front_id == card.id else (other, card)
            # A side decided on its own stays so: a back that became a contact, a rejected front.
            if back.status is CardStatus.NEEDS_REVIEW and front.status is not CardStatus.REJECTED:
                return [(front_id, back_id)]
    return []


def _attach_to_confirmed(session: Session, front: Card, back: Card, *, actor: str) -> None:
    """A back read after its front was confirmed: it fills only the contact's empty fields."""
    back.confirm(read_fields(back), {}, utcnow())
    contact = session.get(Contact, front.contact_id) if front.contact_id else None
    if contact is None or contact.merged_into_id is not None:
        return
    values = {name: read_fields(back).get(name) for name in FILL_FROM_BACK}
    changed = apply_fields(contact, values, None, blanks_only=True)
    mobile = values.get("mobile")
    remember_identifiers(
        session,
        contact,
        email=nz.email_key(values.get("email")),
        mobile=(nz.format_phone(mobile) or "") if nz.is_mobile(mobile) else "",
    )
    if changed:
        audit.record(
            session,
            actor=actor,
            action="contact.fill_from_back",
            object_type="contact",
            object_id=contact.id,
            details={"card_id": back.id, "fields": sorted(changed)},
        )


def decide_backs(
    session: Session, front: Card, *, confirm: bool, user_id: int | None, actor: str
) -> list[int]:
    """Confirm (with the front's confirmation) or reject (with its rejection) the front's waiting backs."""
    decided = []
    for back in waiting_backs(session, front):
        if confirm:
            back.confirm(read_fields(back), {}, utcnow())
        else:
            back.reject(utcnow())
        back.confirmed_by_user_id = user_id
        decided.append(back.id)
        audit.record(
            session,
            actor=actor,
            action="card.confirm" if confirm else "card.reject",
            object_type="card",
            object_id=back.id,
            actor_user_id=user_id,
            details={"back_of_card_id": front.id},
        )
    return decided


def unlink_back(session: Session, card_id: int, *, user_id: int | None = None, actor: str = "cli") -> Card:
    """Undo a wrong pairing: the waiting back becomes a card of its own, to confirm or reject."""
    card = session.get(Card, card_id)
    if card is None or card.back_of_card_id is None:
        raise InvalidState(f"card {card_id} is not linked as the back of another card")
    if card.status is not CardStatus.NEEDS_REVIEW:
        raise InvalidState(f"card {card_id} was decided with its front ({card.status.value})")
    front_id, card.back_of_card_id = card.back_of_card_id, None
    audit.record(
        session,
        actor=actor,
        action="card.unlink_back",
        object_type="card",
        object_id=card.id,
        actor_user_id=user_id,
        details={"front_card_id": front_id},
    )
    session.flush()
    return card


def is_english_only(card: Card) -> bool:
    """True when the card's written fields are all in Latin letters (it may be a back side)."""
    return script(read_fields(card)) == "latin"
