"""Renaming or merging an organisation refreshes its contacts' search text: new names find them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from handover.errors import InvalidState
from handover.models import AuditEvent, Contact, ExternalOrganization
from handover.services.contacts import list_contacts
from handover.services.dedup import resolve_contact
from handover.services.organizations import merge_organizations, rename_organization
from handover.services.search import refresh_search_texts

DAY = dt.date(2025, 4, 1)
PEOPLE = [
    {"name": "髙橋 一郎", "organization": "株式会社みどり工業", "email": "i.takahashi@midori.example.co.jp"},
    {"name": "佐藤 舞", "organization": "みどり工業株式会社", "department": "技術本部"},
    {"name": "田中 誠", "organization": "(一社)あおば協会", "department": "事務局"},
]


@pytest.fixture
def people(session: Session) -> dict[str, Contact]:
    found = {str(f["name"]): resolve_contact(session, f, exchanged_on=DAY).contact for f in PEOPLE}
    session.commit()
    return found


def _names(session: Session, query: str) -> set[str]:
    return {row["name"] for row in list_contacts(session, query=query)}


def _org(contact: Contact) -> ExternalOrganization:
    assert contact.organization is not None
    return contact.organization


def test_a_renamed_organisation_is_found_by_its_new_name_only(
    session: Session, people: dict[str, Contact]
) -> None:
    midori = _org(people["髙橋 一郎"])
    assert _names(session, "みどり工業") == {"髙橋 一郎", "佐藤 舞"}
    rename_organization(session, midori.id, "ミドリテック株式会社", actor="cli")
    session.commit()
    assert _names(session, "ミドリテック") == {"髙橋 一郎", "佐藤 舞"}  # trigram index
    assert _names(session, "ミド") == {"髙橋 一郎", "佐藤 舞"}  # short query, organisation prefix
    assert _names(session, "みどり工業") == set()
    assert _names(session, "技術本部") == {"佐藤 舞"}  # the rest of the text is kept
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "organization.rename"))
    assert event is not None and event.details["contacts"] == 2


def test_a_rename_onto_another_organisations_name_is_refused(
    session: Session, people: dict[str, Contact]
) -> None:
    with pytest.raises(InvalidState, match="merge"):
        rename_organization(session, _org(people["田中 誠"]).id, "(株)みどり工業", actor="cli")


def test_merged_organisations_share_a_name_in_search(session: Session, people: dict[str, Contact]) -> None:
    aoba, midori = _org(people["田中 誠"]), _org(people["髙橋 一郎"])
    aoba.corporate_number = "1234567890123"
    session.flush()
    moved = merge_organizations(session, midori.id, aoba.id, actor="cli")
    session.commit()
    assert moved == [people["田中 誠"].id]
    assert _names(session, "みどり工業") == {"髙橋 一郎", "佐藤 舞", "田中 誠"}
    assert _names(session, "あおば協会") == set()
    session.refresh(aoba)
    session.refresh(midori)
    assert (aoba.merged_into_id, aoba.corporate_number, midori.corporate_number) == (
        midori.id,
        None,
        "1234567890123",
    )
    with pytest.raises(InvalidState, match="merged into"):
        rename_organization(session, aoba.id, "あおば", actor="cli")


def test_refresh_repairs_stale_text(session: Session, people: dict[str, Contact]) -> None:
    # A name changed behind the service's back (an old release, a manual fix in the database).
    org = _org(people["田中 誠"])
    org.name = "(一社)わかば協会"
    session.commit()
    assert _names(session, "わかば協会") == set()
    assert refresh_search_texts(session, organization_ids=[org.id]) == 1
    assert refresh_search_texts(session) == 0  # nothing else was stale
    session.commit()
    assert _names(session, "わかば協会") == {"田中 誠"}
