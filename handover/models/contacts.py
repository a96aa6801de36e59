"""People outside the office, their organisations, and the record of merges (名寄せ)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from handover.db import Base, Timestamped, utcnow
from handover.errors import InvalidState
from handover.models._types import enum_type


class OrganizationKind(enum.StrEnum):
    """What sort of body an outside organisation is."""

    COMPANY = "company"
    NATIONAL_GOVERNMENT = "national_government"
    LOCAL_GOVERNMENT = "local_government"
    PUBLIC_CORPORATION = "public_corporation"
    UNIVERSITY = "university"
    NONPROFIT = "nonprofit"
    OTHER = "other"


class ExternalOrganization(Timestamped, Base):
    """A company, ministry, municipality or association that contacts belong to."""

    __tablename__ = "external_organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Legal form, width and spacing folded ((株) = 株式会社): the key organisations are matched on.
    normalized_name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[OrganizationKind] = mapped_column(
        enum_type(OrganizationKind, "organization_kind"), default=OrganizationKind.OTHER
    )
    corporate_number: Mapped[str | None] = mapped_column(String(13), unique=True)  # 法人番号
    email_domain: Mapped[str | None] = mapped_column(String(253), index=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("external_organization.id"))

    contacts: Mapped[list[Contact]] = relationship(back_populates="organization")

    __table_args__ = (
        CheckConstraint("corporate_number IS NULL OR length(corporate_number) = 13", name="corporate_number"),
    )


class Contact(Timestamped, Base):
    """One outside person; the fields mirror their current card, earlier cards are history."""

    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    name_kana: Mapped[str | None] = mapped_column(String(100))
    # NFKC, no spaces, old/variant kanji folded (髙 -> 高): the key people are matched on.
    normalized_name: Mapped[str] = mapped_column(String(100), index=True)
    # The reading in katakana without spaces: matched on, and searched by prefix (カナ検索).
    kana_key: Mapped[str | None] = mapped_column(String(100), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("external_organization.id"), index=True)
    department: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(100))
    postal_code: Mapped[str | None] = mapped_column(String(8))
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(40))
    fax: Mapped[str | None] = mapped_column(String(40))
    mobile: Mapped[str | None] = mapped_column(String(40), index=True)
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    url: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id"), index=True)
    # Exchange date of the card the current fields come from: an older card never overwrites them.
    card_date: Mapped[dt.date | None] = mapped_column(Date)
    # Folded name, reading, organisation, department and e-mail: what the trigram index covers.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, server_default=text("CURRENT_TIMESTAMP")
    )

    organization: Mapped[ExternalOrganization | None] = relationship(back_populates="contacts")

    __table_args__ = (CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_self"),)

    @property
    def is_merged(self) -> bool:
        """True when this record was merged into another one and only stays for history."""
        return self.merged_into_id is not None

    def merge_into(self, survivor: Contact) -> None:
        """Mark this record as merged into `survivor`; a merged record cannot be merged again."""
        if self.merged_into_id is not None:
            raise InvalidState(f"contact {self.id} is already merged into {self.merged_into_id}")
        if survivor.id == self.id or survivor.merged_into_id is not None:
            raise InvalidState(f"contact {survivor.id} cannot take in contact {self.id}")
        self.merged_into_id = survivor.id


# Search structures made by raw DDL in migration 0002 (FTS5 tables, trigram indexes): invisible to
# the models, so Alembic's comparison and the schema tests leave them out by these names.
SEARCH_OBJECT_PREFIX = "contact_fts"
SEARCH_INDEX_NAMES = frozenset(
    {
        "ix_contact_search_trgm",
        "ix_contact_name_prefix",
        "ix_contact_kana_prefix",
        "ix_contact_email_prefix",
        "ix_external_organization_name_prefix",
    }
)


def is_search_object(name: str | None) -> bool:
    """True for a table or index that belongs to the contact search index, not to the models."""
    return bool(name) and (str(name).startswith(SEARCH_OBJECT_PREFIX) or name in SEARCH_INDEX_NAMES)


class ContactIdentifier(Timestamped, Base):
    """An e-mail address or mobile number seen on any of a contact's cards, current or earlier.

    A person's old address keeps identifying them after a job change: a card from before the change,
    confirmed later by another official, still finds its person.
    """

    __tablename__ = "contact_identifier"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # "email" | "mobile"
    value: Mapped[str] = mapped_column(String(254))

    __table_args__ = (
        CheckConstraint("kind IN ('email', 'mobile')", name="kind"),
        UniqueConstraint("kind", "value", "contact_id"),
        Index("ix_contact_identifier_value", "kind", "value"),
    )


class MergeKind(enum.StrEnum):
    """Whether two contacts were joined or one was split."""

    MERGE = "merge"
    SPLIT = "split"


class ContactMerge(Timestamped, Base):
    """A merge or split of contacts, kept so that either can be undone."""

    __tablename__ = "contact_merge"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MergeKind] = mapped_column(enum_type(MergeKind, "merge_kind"))
    survivor_id: Mapped[int] = mapped_column(ForeignKey("contact.id"), index=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("contact.id"), index=True)
    reason: Mapped[str] = mapped_column(String(200))
    score: Mapped[float | None] = mapped_column(Float)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # What moved, so the merge can be undone: card ids, connection ids, fields overwritten.
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    def mark_undone(self, when: dt.datetime) -> None:
        """Record that the merge or split was undone; it can be undone once."""
        if self.undone_at is not None:
            raise InvalidState(f"{self.kind.value} {self.id} was already undone")
        self.undone_at = when


class SuggestionStatus(enum.StrEnum):
    """A merge suggestion waits for a person to decide."""

    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class MergeSuggestion(Timestamped, Base):
    """Two contacts that may be the same person; never merged without a human."""

    __tablename__ = "merge_suggestion"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"))
    candidate_id: Mapped[int] = mapped_column(ForeignKey("contact.id"))
    score: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(String(200))
    status: Mapped[SuggestionStatus] = mapped_column(
        enum_type(SuggestionStatus, "suggestion_status"), default=SuggestionStatus.OPEN
    )
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint("contact_id <> candidate_id", name="distinct"),
        Index(
            "uq_merge_suggestion_open_pair",
            "contact_id",
            "candidate_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )
