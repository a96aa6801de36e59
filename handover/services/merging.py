"""Manual merge and split of contacts, each recorded in ContactMerge with what it takes to undo it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from handover.db import utcnow
from handover.errors import InvalidState, NotFound
from handover.models import (
    Card,
    CardStatus,
    Connection,
    Contact,
    ContactIdentifier,
    ContactMerge,
    MergeKind,
    MergeSuggestion,
    SuggestionStatus,
)
from handover.services import audit, merge_followups
from handover.services import normalize as nz
from handover.services.contact_fields import CONTACT_FIELDS, apply_fields, refresh_search_text


def _live(session: Session, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(f"contact {contact_id} does not exist")
    if contact.merged_into_id is not None:
        raise InvalidState(f"contact {contact_id} was merged into contact {contact.merged_into_id}")
    return contact


def _snapshot(contact: Contact) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(contact, name) for name in CONTACT_FIELDS}
    values["organization_id"] = contact.organization_id
    values["card_date"] = contact.card_date.isoformat() if contact.card_date else None
    return values


def _restore(session: Session, contact: Contact, values: dict[str, Any]) -> None:
    for name in CONTACT_FIELDS:
        setattr(contact, name, values.get(name))
    contact.organization_id = values.get("organization_id")
    session.flush()
    session.refresh(contact, ["organization"])
    card_date = values.get("card_date")
    contact.card_date = dt.date.fromisoformat(card_date) if card_date else None
    refresh_search_text(contact)


def _move(
    session: Session,
    model: type[Card] | type[Connection] | type[ContactIdentifier],
    ids: Sequence[int],
    to: int,
) -> None:
    if ids:
        session.execute(update(model).where(model.id.in_(ids)).values(contact_id=to))


def merge_contacts(
    session: Session, survivor_id: int, other_id: int, *, reason: str, actor: str, score: float | None = None
) -> ContactMerge:
    """Merge `other` into `survivor`: cards and connections move, the newer card's fields win."""
    survivor, other = _live(session, survivor_id), _live(session, other_id)
    if survivor.id == other.id:
        raise InvalidState("a contact cannot be merged with itself")
    cards = list(session.scalars(select(Card.id).where(Card.contact_id == other.id)))
    held = {
        (c.staff_id, c.post_id)
        for c in session.scalars(
            select(Connection).where(Connection.contact_id == survivor.id, Connection.until.is_(None))
        )
    }
    # An open connection the survivor already has for the same holder and post stays on the merged
    # record (one open connection per holder, enforced by the database); the rest move.
    connections = [
        c.id
        for c in session.scalars(select(Connection).where(Connection.contact_id == other.id))
        if not (c.until is None and (c.staff_id, c.post_id) in held)
    ]
    before = _snapshot(survivor)
    newer = other.card_date is not None and (
        survivor.card_date is None or other.card_date > survivor.card_date
    )
    values = {name: getattr(other, name) for name in CONTACT_FIELDS}
    apply_fields(survivor, values, other.organization, blanks_only=not newer)
    if newer:
        survivor.card_date = other.card_date
    other.merge_into(survivor)
    # Earlier addresses and numbers follow the cards; ones the survivor already has stay behind.
    own = set(session.execute(select(ContactIdentifier.kind, ContactIdentifier.value).where(
        ContactIdentifier.contact_id == survivor.id)).all())  # fmt: skip
    identifiers = [
        i.id
        for i in session.scalars(select(ContactIdentifier).where(ContactIdentifier.contact_id == other.id))
        if (i.kind, i.value) not in own
    ]
    _move(session, Card, cards, survivor.id)
    _move(session, Connection, connections, survivor.id)
    _move(session, ContactIdentifier, identifiers, survivor.id)
    accepted = []
    for suggestion in session.scalars(_pair_suggestions(survivor.id, other.id)):
        suggestion.status, suggestion.decided_at = SuggestionStatus.ACCEPTED, utcnow()
        accepted.append(suggestion.id)
    record = ContactMerge(
        kind=MergeKind.MERGE,
        survivor_id=survivor.id,
        other_id=other.id,
        reason=reason[:200],
        score=score,
        details={
            "cards": cards,
            "connections": connections,
            "identifiers": identifiers,
            "survivor_before": before,
            "suggestions": accepted,
            "followups": merge_followups.after_merge(session, survivor.id, other.id),
        },
    )
    session.add(record)
    session.flush()
    audit.record(session, actor=actor, action="contact.merge", object_type="contact", object_id=survivor.id,
                 details={"merge_id": record.id, "other_id": other.id})  # fmt: skip
    return record


def _pair_suggestions(a: int, b: int) -> Any:
    return select(MergeSuggestion).where(
        MergeSuggestion.status == SuggestionStatus.OPEN,
        or_(
            (MergeSuggestion.contact_id == a) & (MergeSuggestion.candidate_id == b),
            (MergeSuggestion.contact_id == b) & (MergeSuggestion.candidate_id == a),
        ),
    )


def _fields_of_newest(session: Session, card_ids: Sequence[int]) -> tuple[dict[str, Any], dt.date | None]:
    cards = list(session.scalars(select(Card).where(Card.id.in_(card_ids))))
    newest = max(cards, key=lambda c: (c.exchanged_on or dt.date.min, c.id))
    return dict(newest.fields or {}), newest.exchanged_on


def split_contact(
    session: Session, contact_id: int, card_ids: Sequence[int], *, reason: str, actor: str
) -> ContactMerge:
    """Take cards that are another person's out of a contact into a new contact of their own."""
    from handover.services.contact_fields import organization_for

    contact = _live(session, contact_id)
    ids = sorted(set(card_ids))
    owned = set(session.scalars(select(Card.id).where(Card.contact_id == contact.id)))
    if not ids or not set(ids) <= owned:
        raise InvalidState(f"cards {sorted(set(ids) - owned)} do not belong to contact {contact.id}")
    if set(ids) == owned:
        raise InvalidState(f"contact {contact.id} would keep no card; nothing to split off")
    fields, card_date = _fields_of_newest(session, ids)
    if not fields.get("name"):
        fields["name"] = contact.name
    org = organization_for(
        session, fields.get("organization"), corporate_number=None, email=fields.get("email")
    )
    new = Contact(name=str(fields["name"]), normalized_name="")
    session.add(new)
    apply_fields(new, fields, org, replace_all=True)
    new.card_date = card_date
    session.flush()
    before = _snapshot(contact)
    connections = list(session.scalars(select(Connection.id).where(Connection.card_id.in_(ids))))
    identifiers = _identifiers_only_on(session, contact.id, ids)
    _move(session, Card, ids, new.id)
    _move(session, Connection, connections, new.id)
    _move(session, ContactIdentifier, identifiers, new.id)
    _refresh_from_cards(session, contact)
    record = ContactMerge(
        kind=MergeKind.SPLIT,
        survivor_id=contact.id,
        other_id=new.id,
        reason=reason[:200],
        details={
            "cards": ids,
            "connections": connections,
            "identifiers": identifiers,
            "survivor_before": before,
        },
    )
    session.add(record)
    session.flush()
    audit.record(session, actor=actor, action="contact.split", object_type="contact", object_id=contact.id,
                 details={"merge_id": record.id, "new_contact_id": new.id, "cards": ids})  # fmt: skip
    return record


def _identifiers_only_on(session: Session, contact_id: int, card_ids: Sequence[int]) -> list[int]:
    """Ids of the contact's addresses and numbers printed only on the given cards."""

    def printed(cards: Sequence[Card]) -> set[tuple[str, str]]:
        values = set()
        for card in cards:
            fields = card.fields or {}
            values.add(("email", nz.email_key(fields.get("email"))))
            values.add(("mobile", nz.format_phone(fields.get("mobile")) or ""))
        return values

    cards = list(session.scalars(select(Card).where(Card.contact_id == contact_id)))
    leaving = printed([c for c in cards if c.id in card_ids])
    staying = printed([c for c in cards if c.id not in card_ids])
    return [
        i.id
        for i in session.scalars(select(ContactIdentifier).where(ContactIdentifier.contact_id == contact_id))
        if (i.kind, i.value) in leaving - staying
    ]


def _refresh_from_cards(session: Session, contact: Contact) -> None:
    """Current fields from the newest confirmed card left on the contact."""
    from handover.services.contact_fields import organization_for

    card = session.scalars(
        select(Card)
        .where(Card.contact_id == contact.id, Card.status == CardStatus.CONFIRMED)
        .order_by(Card.exchanged_on.desc().nulls_last(), Card.id.desc())
    ).first()
    if card is None or not card.fields:
        return
    org = organization_for(
        session, card.fields.get("organization"), corporate_number=None, email=card.fields.get("email")
    )
    apply_fields(
        contact, {**card.fields, "name": card.fields.get("name") or contact.name}, org, replace_all=True
    )
    contact.card_date = card.exchanged_on


def undo_merge(session: Session, merge_id: int, *, actor: str) -> ContactMerge:
    """Undo a merge or a split exactly: cards, connections and the survivor's fields go back."""
    record = session.get(ContactMerge, merge_id)
    if record is None:
        raise NotFound(f"merge {merge_id} does not exist")
    survivor = session.get(Contact, record.survivor_id)
    other = session.get(Contact, record.other_id)
    assert survivor is not None and other is not None
    record.mark_undone(utcnow())  # refuses a second undo; any error below rolls the whole unit back
    details = record.details
    expected = survivor.id if record.kind is MergeKind.MERGE else None
    if survivor.merged_into_id is not None or other.merged_into_id != expected:
        raise InvalidState(f"undo the later merges of contacts {survivor.id} and {other.id} first")
    if record.kind is MergeKind.MERGE:
        _move(session, Card, details["cards"], other.id)
        _move(session, Connection, details["connections"], other.id)
        _move(session, ContactIdentifier, details.get("identifiers", []), other.id)
        merge_followups.undo(session, details.get("followups", {}), other_id=other.id)
        other.merged_into_id = None
        for suggestion in session.scalars(
            select(MergeSuggestion).where(MergeSuggestion.id.in_(details["suggestions"]))
        ):
            suggestion.status, suggestion.decided_at = SuggestionStatus.REJECTED, utcnow()
    else:
        _move(session, Card, details["cards"], survivor.id)
        _move(session, Connection, details["connections"], survivor.id)
        _move(session, ContactIdentifier, details.get("identifiers", []), survivor.id)
        # The contact made by the split is kept as a merged record: audit events name it.
        other.merged_into_id = survivor.id
    _restore(session, survivor, details["survivor_before"])
    session.flush()
    audit.record(session, actor=actor, action="contact.unmerge", object_type="contact", object_id=survivor.id,
                 details={"merge_id": record.id, "kind": record.kind.value})  # fmt: skip
    return record
