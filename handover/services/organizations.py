"""Renaming and merging outside organisations, keeping their contacts' search text current.

Companies rename themselves (社名変更), ministries are reorganised (省庁再編), and a name read two
ways by OCR makes two rows of one organisation. Each contact's search text holds its
organisation's name, so both changes refresh the text of every contact of the organisation in
the same transaction: a search for the new name finds them at once, the old name no longer does.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handover.errors import InvalidState, NotFound
from handover.models import Contact, ExternalOrganization
from handover.services import audit
from handover.services import normalize as nz
from handover.services.search import refresh_search_texts


def _live(session: Session, organization_id: int) -> ExternalOrganization:
    org = session.get(ExternalOrganization, organization_id)
    if org is None:
        raise NotFound(f"organisation {organization_id} does not exist")
    if org.merged_into_id is not None:
        raise InvalidState(f"organisation {organization_id} was merged into {org.merged_into_id}")
    return org


def rename_organization(
    session: Session, organization_id: int, name: str, *, actor: str, user_id: int | None = None
) -> ExternalOrganization:
    """Give an organisation its new name; refused when another organisation already has that name."""
    org = _live(session, organization_id)
    cleaned = unicodedata.normalize("NFKC", name).strip()[:200]
    key = nz.organization_key(cleaned)
    if not key:
        raise InvalidState(f"{name!r} is not an organisation name")
    clash = session.scalar(
        select(ExternalOrganization.id).where(
            ExternalOrganization.normalized_name == key[:200],
            ExternalOrganization.merged_into_id.is_(None),
            ExternalOrganization.id != org.id,
        )
    )
    if clash is not None:
        raise InvalidState(f"organisation {clash} already has this name; merge the two instead")
    old = org.name
    org.name, org.normalized_name = cleaned, key[:200]
    session.flush()
    refreshed = refresh_search_texts(session, organization_ids=[org.id])
    audit.record(
        session,
        actor=actor,
        action="organization.rename",
        object_type="organization",
        object_id=org.id,
        actor_user_id=user_id,
        details={"from": old, "to": cleaned, "contacts": refreshed},
    )
    return org


def merge_organizations(
    session: Session, survivor_id: int, other_id: int, *, actor: str, user_id: int | None = None
) -> list[int]:
    """Move every contact of `other` to `survivor` and keep `other` as a merged record; returns them."""
    survivor, other = _live(session, survivor_id), _live(session, other_id)
    if survivor.id == other.id:
        raise InvalidState("an organisation cannot be merged with itself")
    if (
        survivor.corporate_number
        and other.corporate_number
        and survivor.corporate_number != other.corporate_number
    ):
        raise InvalidState(
            f"organisations {survivor.id} and {other.id} have different 法人番号: two legal persons"
        )
    contacts = list(session.scalars(select(Contact).where(Contact.organization_id == other.id)))
    for contact in contacts:
        contact.organization = survivor
    moved = [c.id for c in contacts]
    number, other.corporate_number = other.corporate_number, None
    other.merged_into_id = survivor.id
    session.flush()  # the 法人番号 is unique: off the other row before it goes on the survivor
    survivor.corporate_number = survivor.corporate_number or number
    survivor.email_domain = survivor.email_domain or other.email_domain
    refresh_search_texts(session, contact_ids=moved)
    audit.record(
        session,
        actor=actor,
        action="organization.merge",
        object_type="organization",
        object_id=survivor.id,
        actor_user_id=user_id,
        details={"other_id": other.id, "contacts": moved},
    )
    return moved


def list_organizations(
    session: Session, *, query: str | None = None, limit: int = 100
) -> list[dict[str, object]]:
    """Live organisations with their number of contacts, largest first; `query` matches the name key."""
    count = func.count(Contact.id)
    stmt = (
        select(ExternalOrganization, count)
        .outerjoin(Contact, Contact.organization_id == ExternalOrganization.id)
        .where(ExternalOrganization.merged_into_id.is_(None))
        .group_by(ExternalOrganization.id)
        .order_by(count.desc(), ExternalOrganization.id)
        .limit(limit)
    )
    if query:
        key = nz.organization_key(query)
        stmt = stmt.where(ExternalOrganization.normalized_name.contains(key or query, autoescape=True))
    return [
        {
            "id": org.id,
            "name": org.name,
            "kind": org.kind.value,
            "corporate_number": org.corporate_number,
            "email_domain": org.email_domain,
            "contacts": contacts,
        }
        for org, contacts in session.execute(stmt)
    ]
