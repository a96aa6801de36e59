"""Reviewing read cards: list them, confirm them (with corrections) into contacts, or reject them."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from handover.db import is_sqlite, utcnow
from handover.errors import HandoverError, InvalidState, NotFound
from handover.models import Card, CardStatus, Connection, ConnectionSource, Contact, Post, Scan, Staff
from handover.models.org import AssignmentKind
from handover.reader.types import FIELD_NAMES
from handover.services import audit, card_backs
from handover.services.card_backs import filled_from_backs, read_fields
from handover.services.dedup import resolve_contact

# Any fixed number will do: it names the lock that serialises contact matching on PostgreSQL, so
# two workers confirming cards of one new person at the same moment cannot both create them.
_CONTACT_LOCK_KEY = 0x68616E64


class InvalidCorrection(HandoverError):
    """A correction names an unknown field or a value that field cannot hold."""


_CHECKS: dict[str, tuple[re.Pattern[str], str]] = {
    "email": (re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"), "an e-mail address"),
    "postal_code": (re.compile(r"^\d{3}-\d{4}$"), "a postal code like 100-8918"),
}


@dataclass(frozen=True)
class Confirmation:
    """A confirmed card, the contact it became, and what matching decided."""

    card: Card
    contact: Contact
    created: bool
    connection: Connection
    suggestions: list[Any]


def _clean(field: str, value: str | None) -> str | None:
    if value is None:
        return None
    # Typed corrections come from keyboards in full width; the stored canonical form is NFKC.
    cleaned = unicodedata.normalize("NFKC", value).strip()
    if not cleaned:
        return None
    if field == "email":
        cleaned = cleaned.lower()
    if field == "postal_code" and re.fullmatch(r"\d{7}", cleaned):
        cleaned = f"{cleaned[:3]}-{cleaned[3:]}"
    check = _CHECKS.get(field)
    if check and not check[0].match(cleaned):
        raise InvalidCorrection(f"field {field}: {value!r} is not {check[1]}")
    return cleaned


def apply_corrections(
    read: Mapping[str, str | None], corrections: Mapping[str, str | None]
) -> tuple[dict[str, str | None], dict[str, dict[str, str | None]]]:
    """The confirmed fields, and the diff against the reader: {field: {"read", "confirmed"}}."""
    unknown = sorted(set(corrections) - set(FIELD_NAMES))
    if unknown:
        raise InvalidCorrection(f"unknown field {', '.join(unknown)}; fields are {', '.join(FIELD_NAMES)}")
    confirmed = dict(read)
    for name, value in corrections.items():
        confirmed[name] = _clean(name, value)
    diff = {
        name: {"read": read.get(name), "confirmed": confirmed[name]}
        for name in FIELD_NAMES
        if read.get(name) != confirmed[name]
    }
    return confirmed, diff


def current_post(staff: Staff, day: dt.date) -> Post | None:
    """The post an official holds on `day`: the main one when they also hold 兼務 posts."""
    current = staff.current_assignments(day)
    if not current:
        return None
    primary = [a for a in current if a.kind is AssignmentKind.PRIMARY] or current
    return max(primary, key=lambda a: a.start_date).post


def connect(session: Session, card: Card, contact: Contact, staff: Staff, *, since: dt.date) -> Connection:
    """Connect the contact to the official who exchanged the card and their current post."""
    post = current_post(staff, utcnow().date())
    post_id = post.id if post else None
    existing = session.scalar(
        select(Connection).where(
            Connection.contact_id == contact.id,
            Connection.staff_id == staff.id,
            Connection.post_id.is_(None) if post_id is None else Connection.post_id == post_id,
            Connection.until.is_(None),
        )
    )
    if existing is not None:
        # An older card of the same person, imported later, dates the relationship back.
        existing.since = min(existing.since, since)
        return existing
    connection = Connection(
        contact_id=contact.id,
        staff_id=staff.id,
        post_id=post_id,
        since=since,
        source=ConnectionSource.CARD,
        card_id=card.id,
    )
    session.add(connection)
    session.flush()
    return connection


def _get_card(session: Session, card_id: int) -> Card:
    card = session.get(Card, card_id)
    if card is None:
        raise NotFound(f"card {card_id} does not exist")
    return card


def confirm_card(
    session: Session,
    card_id: int,
    *,
    corrections: Mapping[str, str | None],
    user_id: int | None = None,
    actor: str = "cli",
) -> Confirmation:
    """Confirm a card: keep the reading and the corrections, match the person, connect the holder."""
    card = _get_card(session, card_id)
    if card.status is not CardStatus.NEEDS_REVIEW:
        raise InvalidState(f"card {card_id} is {card.status.value}, not waiting for review")
    if card.back_of_card_id is not None:
        raise InvalidState(
            f"card {card_id} is the back of card {card.back_of_card_id}: confirm that card "
            f"(or unlink this one with `cards unlink {card_id}`)"
        )
    # What the front lacks comes from its back; corrections are measured against both together.
    from_back = filled_from_backs(session, card)
    fields, diff = apply_corrections({**read_fields(card), **from_back}, corrections)
    if not fields.get("name"):
        raise InvalidCorrection(f"card {card_id}: field name is empty; set it with --set name=...")
    if not is_sqlite(session):
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CONTACT_LOCK_KEY})
    scan = session.get(Scan, card.scan_id)
    assert scan is not None
    exchanged_on = card.exchanged_on or scan.exchanged_on or utcnow().date()
    resolved = resolve_contact(
        session, fields, exchanged_on=exchanged_on, holder_id=scan.uploaded_by_staff_id
    )
    card.confirm(fields, diff, utcnow())
    card.confirmed_by_user_id = user_id
    card.contact_id = resolved.contact.id
    session.flush()
    connection = connect(session, card, resolved.contact, scan.uploaded_by, since=exchanged_on)
    backs = card_backs.decide_backs(session, card, confirm=True, user_id=user_id, actor=actor)
    audit.record(
        session,
        actor=actor,
        action="card.confirm",
        object_type="card",
        object_id=card.id,
        actor_user_id=user_id,
        details={
            "contact_id": resolved.contact.id,
            "created": resolved.created,
            "corrected": sorted(diff),
            "suggestions": len(resolved.suggestions),
            "backs": backs,
            "from_back": sorted(from_back),
        },
    )
    return Confirmation(card, resolved.contact, resolved.created, connection, list(resolved.suggestions))


def reject_card(session: Session, card_id: int, *, user_id: int | None = None, actor: str = "cli") -> Card:
    """Set a waiting card aside; it stays stored with its reading but makes no contact."""
    card = _get_card(session, card_id)
    card.reject(utcnow())
    card.confirmed_by_user_id = user_id
    card_backs.decide_backs(session, card, confirm=False, user_id=user_id, actor=actor)
    audit.record(
        session,
        actor=actor,
        action="card.reject",
        object_type="card",
        object_id=card.id,
        actor_user_id=user_id,
    )
    session.flush()
    return card


def list_cards(
    session: Session,
    *,
    status: CardStatus | None = None,
    staff: Staff | None = None,
    user_id: int | None = None,
    actor: str = "cli",
) -> list[Card]:
    """Cards, newest first, by review state and uploading official; the viewing is audited."""
    query = select(Card).join(Scan, Card.scan_id == Scan.id).order_by(Card.id.desc())
    if status is not None:
        query = query.where(Card.status == status)
    if staff is not None:
        query = query.where(Scan.uploaded_by_staff_id == staff.id)
    cards = list(session.scalars(query))
    audit.record(
        session,
        actor=actor,
        action="card.list",
        object_type="card",
        actor_user_id=user_id,
        details={
            "status": status.value if status else None,
            "staff": staff.employee_no if staff else None,
            "count": len(cards),
        },
    )
    return cards


def card_json(card: Card) -> dict[str, Any]:
    """A card as `cards list --format json` prints it: confirmed fields, or what was read."""
    return {
        "id": card.id,
        "scan_id": card.scan_id,
        "file": card.scan.filename,
        "page": card.page,
        "card_index": card.card_index,
        "status": card.status.value,
        "staff": card.scan.uploaded_by.employee_no,
        "exchanged_on": card.exchanged_on.isoformat() if card.exchanged_on else None,
        "fields": card.fields if card.status is CardStatus.CONFIRMED else read_fields(card),
        "confidence": card.reading.get("confidence") or {},
        "min_confidence": card.min_confidence,
        "corrections": card.corrections,
        "contact_id": card.contact_id,
        "back_of_card_id": card.back_of_card_id,
    }
