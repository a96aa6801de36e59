"""Who in the office knows whom: a contact held by a staff member in a post, for a period."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from handover.db import Base, Timestamped
from handover.models._types import enum_type
from handover.models.contacts import Contact
from handover.models.org import Post, Staff


class ConnectionSource(enum.StrEnum):
    """How a connection came about."""

    CARD = "card"  # a card exchange
    HANDOVER = "handover"  # inherited through a transfer plan
    MANUAL = "manual"
    IMPORT = "import"  # imported from another card-management service
    RETURNED = "returned"  # given back to the department head by a successor
    REORG = "reorg"  # moved by a reorganisation


class Connection(Timestamped, Base):
    """Contact x holder (staff and the post they held) over [since, until)."""

    __tablename__ = "connection"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id"))
    since: Mapped[dt.date] = mapped_column(Date)
    until: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[ConnectionSource] = mapped_column(enum_type(ConnectionSource, "connection_source"))
    notes: Mapped[str | None] = mapped_column(Text)
    card_id: Mapped[int | None] = mapped_column(ForeignKey("card.id"))
    # Handovers chain connections: the successor's one points at the predecessor's.
    predecessor_id: Mapped[int | None] = mapped_column(ForeignKey("connection.id"))
    opened_by_plan_id: Mapped[int | None] = mapped_column(ForeignKey("rotation_plan.id"), index=True)
    closed_by_plan_id: Mapped[int | None] = mapped_column(ForeignKey("rotation_plan.id"), index=True)

    contact: Mapped[Contact] = relationship()
    staff: Mapped[Staff] = relationship()
    post: Mapped[Post | None] = relationship()

    __table_args__ = (
        CheckConstraint("until IS NULL OR until >= since", name="period"),
        Index("ix_connection_staff_open", "staff_id", "until"),
        Index("ix_connection_post_open", "post_id", "until"),
        Index("ix_connection_contact", "contact_id"),
        # Undo deletes handed-over rows: the foreign-key check on predecessor_id needs this index.
        Index("ix_connection_predecessor", "predecessor_id"),
        # One open connection per contact, holder and post.
        Index(
            "uq_connection_open",
            "contact_id",
            "staff_id",
            "post_id",
            unique=True,
            sqlite_where=text("until IS NULL"),
            postgresql_where=text("until IS NULL"),
        ),
    )

    @property
    def is_open(self) -> bool:
        """True while the holder still holds the contact."""
        return self.until is None
