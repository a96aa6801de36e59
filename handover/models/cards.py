"""Uploaded scans and the cards found on them, from reading to a confirmed contact."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import Date, DateTime, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from handover.db import Base, Timestamped
from handover.errors import InvalidState
from handover.models._types import enum_type
from handover.models.contacts import Contact
from handover.models.org import Staff


class ScanStatus(enum.StrEnum):
    """Where an uploaded file is in the reading queue."""

    QUEUED = "queued"
    READING = "reading"
    DONE = "done"
    FAILED = "failed"


class ReviewPolicy(enum.StrEnum):
    """Which cards of a scan wait for a person (`cards import --review`)."""

    AUTO = "auto"  # confirm a card when every field the reader found is confident
    ALL = "all"  # every card waits for review
    NONE = "none"  # confirm every card as read


class Scan(Timestamped, Base):
    """One uploaded file (image or PDF), stored under its SHA-256 so re-uploads are recognised."""

    __tablename__ = "scan"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int]
    stored_path: Mapped[str] = mapped_column(String(500))
    uploaded_by_staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    uploaded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    exchanged_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[ScanStatus] = mapped_column(
        enum_type(ScanStatus, "scan_status"), default=ScanStatus.QUEUED
    )
    review: Mapped[ReviewPolicy] = mapped_column(
        enum_type(ReviewPolicy, "review_policy"), default=ReviewPolicy.AUTO
    )
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # The worker reading the scan ("host:pid") and since when: a scan whose worker died is
    # found by these and queued again, while a live worker's claim is left alone.
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    uploaded_by: Mapped[Staff] = relationship()
    cards: Mapped[list[Card]] = relationship(back_populates="scan", order_by="(Card.page, Card.card_index)")

    __table_args__ = (Index("ix_scan_status", "status"),)

    def release(self) -> None:
        """Put a scan whose reader died back in the queue; only a scan being read can go back."""
        if self.status is not ScanStatus.READING:
            raise InvalidState(f"scan {self.id} is {self.status.value}, not being read")
        self.status = ScanStatus.QUEUED
        self.claimed_by = None
        self.claimed_at = None

    def finish(self, when: dt.datetime) -> None:
        """Mark the scan read; only the worker's claimed scan can finish."""
        if self.status is not ScanStatus.READING:
            raise InvalidState(f"scan {self.id} is {self.status.value}, not being read")
        self.status = ScanStatus.DONE
        self.read_at = when
        self.error = None

    def fail(self, error: str, when: dt.datetime) -> None:
        """Mark the scan unreadable, keeping the reason (it names the file)."""
        if self.status not in (ScanStatus.QUEUED, ScanStatus.READING):
            raise InvalidState(f"scan {self.id} is {self.status.value}, it cannot fail now")
        self.status = ScanStatus.FAILED
        self.error = error
        self.read_at = when


class CardStatus(enum.StrEnum):
    """A card's review state."""

    NEEDS_REVIEW = "needs_review"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class Card(Timestamped, Base):
    """One physical card found on a scan: what the reader saw, what a person confirmed."""

    __tablename__ = "card"

    id: Mapped[int] = mapped_column(primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scan.id"))
    page: Mapped[int] = mapped_column(default=0)
    card_index: Mapped[int] = mapped_column(default=0)
    warped_path: Mapped[str | None] = mapped_column(String(500))
    back_of_card_id: Mapped[int | None] = mapped_column(ForeignKey("card.id"))
    status: Mapped[CardStatus] = mapped_column(
        enum_type(CardStatus, "card_status"), default=CardStatus.NEEDS_REVIEW
    )
    # The reader's output kept whole (fields, confidences, boxes, raw text) ...
    reading: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # ... beside what a person confirmed, and the difference: the best test data there is.
    fields: Mapped[dict[str, Any]] = mapped_column(default=dict)
    corrections: Mapped[dict[str, Any]] = mapped_column(default=dict)
    min_confidence: Mapped[float | None] = mapped_column(Float)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id"), index=True)
    exchanged_on: Mapped[dt.date | None] = mapped_column(Date)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    confirmed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    scan: Mapped[Scan] = relationship(back_populates="cards")
    contact: Mapped[Contact | None] = relationship()

    __table_args__ = (
        UniqueConstraint("scan_id", "page", "card_index"),
        Index("ix_card_status", "status"),
    )

    def confirm(self, fields: dict[str, Any], corrections: dict[str, Any], when: dt.datetime) -> None:
        """Record what a person confirmed; a card is confirmed once."""
        if self.status is not CardStatus.NEEDS_REVIEW:
            raise InvalidState(f"card {self.id} is {self.status.value}, not waiting for review")
        self.fields = fields
        self.corrections = corrections
        self.status = CardStatus.CONFIRMED
        self.confirmed_at = when

    def reject(self, when: dt.datetime) -> None:
        """Set a card aside (not a card, unreadable, a duplicate scan); waiting cards only."""
        if self.status is not CardStatus.NEEDS_REVIEW:
            raise InvalidState(f"card {self.id} is {self.status.value}, not waiting for review")
        self.status = CardStatus.REJECTED
        self.confirmed_at = when
