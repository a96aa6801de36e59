"""The office itself: department tree, posts (department x title), staff and dated assignments."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from handover.db import Base, Timestamped
from handover.models._types import enum_type


class Department(Timestamped, Base):
    """A unit of the office (省 > 局 > 部 > 課 > 係), valid for a period, renamed or merged by reorgs."""

    __tablename__ = "department"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))

    parent: Mapped[Department | None] = relationship(
        remote_side=[id], foreign_keys=[parent_id], back_populates="children"
    )
    children: Mapped[list[Department]] = relationship(back_populates="parent", foreign_keys=[parent_id])
    successor: Mapped[Department | None] = relationship(remote_side=[id], foreign_keys=[successor_id])
    posts: Mapped[list[Post]] = relationship(back_populates="department")

    __table_args__ = (
        CheckConstraint("valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from", name="period"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )

    def is_valid_on(self, day: dt.date) -> bool:
        """True when the department exists on `day`."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )

    def path(self) -> list[Department]:
        """The chain from the root down to this department."""
        chain: list[Department] = []
        node: Department | None = self
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class Post(Timestamped, Base):
    """A seat in the office: a department and a title (several staff may share one)."""

    __tablename__ = "post"

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    title: Mapped[str] = mapped_column(String(100))
    is_head: Mapped[bool] = mapped_column(default=False, server_default=text("false"))

    department: Mapped[Department] = relationship(back_populates="posts")
    assignments: Mapped[list[Assignment]] = relationship(back_populates="post")

    __table_args__ = (UniqueConstraint("department_id", "title"),)

    @property
    def label(self) -> str:
        """How people name the post: 都市計画課 担当係長."""
        return f"{self.department.name} {self.title}"


class Staff(Timestamped, Base):
    """An official of the office, identified by the employee number HR uses."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_no: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    name_kana: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    active: Mapped[bool] = mapped_column(default=True, server_default=text("true"))

    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="staff", order_by="Assignment.start_date"
    )

    def current_assignments(self, day: dt.date) -> list[Assignment]:
        """The assignments in force on `day` (several when the person holds 兼務)."""
        return [a for a in self.assignments if a.is_current(day)]


class AssignmentKind(enum.StrEnum):
    """Whether a post is the person's main post or a concurrent one (兼務)."""

    PRIMARY = "primary"
    CONCURRENT = "concurrent"


class Assignment(Timestamped, Base):
    """Staff x post for a period [start_date, end_date); end_date NULL means still in post."""

    __tablename__ = "assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    kind: Mapped[AssignmentKind] = mapped_column(
        enum_type(AssignmentKind, "assignment_kind"), default=AssignmentKind.PRIMARY
    )
    # The rotation plan that opened or closed this period, so that undo can restore it exactly.
    opened_by_plan_id: Mapped[int | None] = mapped_column(ForeignKey("rotation_plan.id"), index=True)
    closed_by_plan_id: Mapped[int | None] = mapped_column(ForeignKey("rotation_plan.id"), index=True)

    staff: Mapped[Staff] = relationship(back_populates="assignments")
    post: Mapped[Post] = relationship(back_populates="assignments")

    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="period"),
        Index("ix_assignment_staff_open", "staff_id", "end_date"),
        Index("ix_assignment_post_open", "post_id", "end_date"),
    )

    def is_current(self, day: dt.date) -> bool:
        """True when the assignment is in force on `day`."""
        return self.start_date <= day and (self.end_date is None or day < self.end_date)
