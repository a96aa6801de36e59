"""Writing a card's fields onto a contact, and finding or creating its organisation."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from handover.models import Contact, ExternalOrganization
from handover.reader.types import FIELD_NAMES
from handover.services import normalize as nz

# Every reader field but the organisation, which is a row of its own (ExternalOrganization).
CONTACT_FIELDS: tuple[str, ...] = tuple(f for f in FIELD_NAMES if f != "organization")
# Fields that belong to the person, not to the job: a new card that lacks them does not clear them.
PERSONAL_FIELDS = frozenset({"name", "name_kana", "mobile"})
_LIMITS = {"name": 100, "name_kana": 100, "department": 200, "title": 100, "postal_code": 8,
           "address": 300, "phone": 40, "fax": 40, "mobile": 40, "email": 254, "url": 300}  # fmt: skip
# Free mail providers say nothing about the organisation a person works for.
_FREE_MAIL = frozenset(
    {"gmail.com", "yahoo.co.jp", "ymail.ne.jp", "icloud.com", "me.com", "outlook.com", "outlook.jp",
     "hotmail.com", "hotmail.co.jp", "live.jp", "docomo.ne.jp", "ezweb.ne.jp", "au.com",
     "softbank.ne.jp", "i.softbank.jp", "nifty.com", "biglobe.ne.jp"}
)  # fmt: skip


def clean_value(name: str, value: str | None) -> str | None:
    """One field value in the stored canonical form (phones hyphenated, e-mail in lower case)."""
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    if name in ("phone", "fax", "mobile"):
        text = nz.format_phone(text) or text
    elif name == "email":
        text = nz.email_key(text) or text
    elif name == "postal_code":
        digits = re.sub(r"\D", "", text)
        text = f"{digits[:3]}-{digits[3:]}" if len(digits) == 7 else text
    elif name == "name_kana":
        text = nz.fold_kana(text)
    return text[: _LIMITS[name]]


def refresh_search_text(contact: Contact) -> None:
    """Recompute the keys and the folded text the search index holds for `contact`."""
    contact.normalized_name = nz.name_key(contact.name)
    contact.kana_key = nz.kana_key(contact.name_kana) or None
    org = contact.organization
    contact.search_text = nz.search_text(
        contact.name, contact.name_kana, org.name if org else None, contact.department, contact.email
    )


def apply_fields(
    contact: Contact,
    fields: Mapping[str, str | None],
    organization: ExternalOrganization | None,
    *,
    replace_all: bool = False,
    blanks_only: bool = False,
) -> dict[str, str | None]:
    """Write card fields onto the contact; returns the previous values of the fields changed.

    replace_all: the card describes a new job, so job fields it lacks are cleared.
    blanks_only: the card is older than the current one, so it only fills what is missing.
    """
    previous: dict[str, str | None] = {}
    for name in CONTACT_FIELDS:
        value = clean_value(name, fields.get(name))
        current = getattr(contact, name)
        if blanks_only and current is not None:
            continue
        if value is None and not (replace_all and name not in PERSONAL_FIELDS):
            continue
        if value != current:
            previous[name] = current
            setattr(contact, name, value)
    if organization is not None and (not blanks_only or contact.organization_id is None):
        if contact.organization_id != organization.id:
            previous["organization_id"] = (
                None if contact.organization_id is None else str(contact.organization_id)
            )
        contact.organization = organization
    elif replace_all and organization is None and contact.organization_id is not None:
        previous["organization_id"] = str(contact.organization_id)
        contact.organization = None
    refresh_search_text(contact)
    return previous


def find_organization(
    session: Session, name: str | None, *, corporate_number: str | None
) -> ExternalOrganization | None:
    """The known organisation with this 法人番号 or this normalised name, if any (merged ones skipped)."""
    if corporate_number:
        org = session.scalars(
            select(ExternalOrganization).where(ExternalOrganization.corporate_number == corporate_number)
        ).first()
        if org is not None:
            return org
    key = nz.organization_key(name)
    if not key:
        return None
    return session.scalars(
        select(ExternalOrganization)
        .where(ExternalOrganization.normalized_name == key, ExternalOrganization.merged_into_id.is_(None))
        .order_by(ExternalOrganization.id)
    ).first()


def organization_for(
    session: Session, name: str | None, *, corporate_number: str | None, email: str | None
) -> ExternalOrganization | None:
    """The organisation named on a card: found by 法人番号 or normalised name, created when new."""
    found = find_organization(session, name, corporate_number=corporate_number)
    if found is not None:
        if corporate_number and found.corporate_number is None:
            found.corporate_number = corporate_number
        return found
    key = nz.organization_key(name)
    if not key or not name:
        return None
    domain = nz.email_domain(email)
    org = ExternalOrganization(
        name=unicodedata.normalize("NFKC", name).strip()[:200],
        normalized_name=key[:200],
        kind=nz.guess_kind(name, email),
        corporate_number=corporate_number,
        email_domain=domain if domain and domain not in _FREE_MAIL else None,
    )
    session.add(org)
    session.flush()
    return org
