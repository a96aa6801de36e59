"""Transfer plans (異動), the moves they hold, and the handover items they create."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from handover.db import Base, Timestamped
from handover.errors import InvalidState
from handover.models._types import enum_type


class PlanKind(enum.StrEnum):
    """A personnel transfer list or a reorganisation of departments."""

    TRANSFER = "transfer"
    REORG = "reorg"


class PlanStatus(enum.StrEnum):
    """draft -> validated -> applied -> undone."""

    DRAFT = "draft"
    VALIDATED = "validated"
    APPLIED = "applied"
    UNDONE = "undone"


class RotationPlan(Timestamped, Base):
    """One imported transfer list (or reorg mapping) with its dry run."""

    __tablename__ = "rotation_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[PlanKind] = mapped_column(enum_type(PlanKind, "plan_kind"), default=PlanKind.TRANSFER)
    status: Mapped[PlanStatus] = mapped_column(enum_type(PlanStatus, "plan_status"), default=PlanStatus.DRAFT)
    effective_date: Mapped[dt.date] = mapped_column(Date)
    source_filename: Mapped[str] = mapped_column(String(255))
    source_sha256: Mapped[str] = mapped_column(String(64))
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    dry_run: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # What apply created or changed beyond the plan-tagged rows (new staff and posts, flags),
    # so that undo can restore exactly the state before.
    applied_record: Mapped[dict[str, Any]] = mapped_column(default=dict)
    error_count: Mapped[int] = mapped_column(default=0)
    warning_count: Mapped[int] = mapped_column(default=0)
    applied_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    moves: Mapped[list[Move]] = relationship(back_populates="plan", order_by="Move.row_no")

    def mark_validated(self) -> None:
        """A dry run without errors makes a draft applicable."""
        if self.status not in (PlanStatus.DRAFT, PlanStatus.VALIDATED):
            raise InvalidState(f"plan {self.id} is {self.status.value}; only a draft can be validated")
        if self.error_count:
            raise InvalidState(f"plan {self.id} has {self.error_count} error(s) and cannot be validated")
        self.status = PlanStatus.VALIDATED

    def mark_applied(self, when: dt.datetime) -> None:
        """Only a validated plan is applied."""
        if self.status is not PlanStatus.VALIDATED:
            raise InvalidState(f"plan {self.id} is {self.status.value}; only a validated plan can be applied")
        self.status = PlanStatus.APPLIED
        self.applied_at = when

    def mark_undone(self, when: dt.datetime) -> None:
        """Only an applied plan is undone."""
        if self.status is not PlanStatus.APPLIED:
            raise InvalidState(f"plan {self.id} is {self.status.value}; only an applied plan can be undone")
        self.status = PlanStatus.UNDONE
        self.undone_at = when


class MoveKind(enum.StrEnum):
    """What a row of the transfer list does to one person."""

    TRANSFER = "transfer"  # from a post to another
    LEAVE = "leave"  # 退職, 出向: no new post
    JOIN = "join"  # 採用, 復帰: no old post


class Move(Base):
    """One row of a transfer list, resolved against the office."""

    __tablename__ = "move"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("rotation_plan.id", ondelete="CASCADE"), index=True)
    row_no: Mapped[int]
    kind: Mapped[MoveKind] = mapped_column(enum_type(MoveKind, "move_kind"))
    employee_no: Mapped[str] = mapped_column(String(32))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    from_post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id"))
    to_post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id"))
    successor_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    effective_date: Mapped[dt.date] = mapped_column(Date)
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)

    plan: Mapped[RotationPlan] = relationship(back_populates="moves")

    __table_args__ = (UniqueConstraint("plan_id", "row_no"),)


class SuccessorChoice(Timestamped, Base):
    """An administrator's answer to an ambiguous post: who inherits it in this plan."""

    __tablename__ = "successor_choice"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("rotation_plan.id", ondelete="CASCADE"))
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"))
    from_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    to_staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))

    __table_args__ = (UniqueConstraint("plan_id", "post_id", "from_staff_id"),)


class ItemStatus(enum.StrEnum):
    """pending -> kept / intro_requested / archived / returned."""

    PENDING = "pending"
    KEPT = "kept"
    INTRO_REQUESTED = "intro_requested"
    ARCHIVED = "archived"
    RETURNED = "returned"


class HandoverItem(Timestamped, Base):
    """One inherited connection waiting for the successor's decision."""

    __tablename__ = "handover_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("rotation_plan.id"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"))
    from_connection_id: Mapped[int] = mapped_column(ForeignKey("connection.id"))
    to_connection_id: Mapped[int] = mapped_column(ForeignKey("connection.id"))
    from_staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    to_staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id"))
    temporary: Mapped[bool] = mapped_column(default=False, server_default=text("false"))  # vacancy fallback
    status: Mapped[ItemStatus] = mapped_column(
        enum_type(ItemStatus, "item_status"), default=ItemStatus.PENDING
    )
    note: Mapped[str | None] = mapped_column(Text)  # the predecessor's 引き継ぎメモ
    decision_note: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[dt.date] = mapped_column(Date)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    intro_answer: Mapped[str | None] = mapped_column(Text)
    intro_answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("plan_id", "from_connection_id"),
        Index("ix_handover_item_inbox", "to_staff_id", "status"),
        Index("ix_handover_item_requests", "from_staff_id", "status"),
        # Foreign-key checks when undo deletes connections look items up by these columns.
        Index("ix_handover_item_from_connection", "from_connection_id"),
        Index("ix_handover_item_to_connection", "to_connection_id"),
        CheckConstraint(
            "(status = 'pending') = (decided_at IS NULL)",
            name="decided_when_not_pending",
        ),
    )

    def decide(self, status: ItemStatus, *, when: dt.datetime, note: str | None = None) -> None:
        """Record the successor's decision; pending items only."""
        if status is ItemStatus.PENDING:
            raise InvalidState("a decision cannot be 'pending'")
        if self.status is not ItemStatus.PENDING:
            raise InvalidState(f"item {self.id} was already decided ({self.status.value})")
        self.status = status
        self.decided_at = when
        self.decision_note = note

    def answer_intro(self, text: str, *, when: dt.datetime) -> None:
        """The predecessor answers a request for an introduction, once."""
        if self.status is not ItemStatus.INTRO_REQUESTED:
            raise InvalidState(f"item {self.id} has no open request for an introduction")
        if self.intro_answered_at is not None:
            raise InvalidState(f"item {self.id} was already answered")
        self.intro_answer = text
        self.intro_answered_at = when


class HandoverNote(Timestamped, Base):
    """A predecessor's note on one contact (引き継ぎメモ), carried to the successor's item."""

    __tablename__ = "handover_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"))
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("staff_id", "contact_id"),)
