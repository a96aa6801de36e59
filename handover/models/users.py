"""Accounts that sign in to the web app or the API, each with one role."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import DateTime, ForeignKey, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from handover.db import Base, Timestamped
from handover.models._types import enum_type
from handover.models.org import Staff


class Role(enum.StrEnum):
    """What an account may see and do."""

    STAFF = "staff"  # own connections and what the department shares
    MANAGER = "manager"  # the department tree below their post
    ADMIN = "admin"  # HR: everything, transfer lists
    AUDITOR = "auditor"  # the audit log


class User(Timestamped, Base):
    """A login; linked to a Staff record for officials."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"), default=Role.STAFF)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), unique=True)
    active: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    locale: Mapped[str] = mapped_column(String(8), default="ja", server_default="ja")
    failed_logins: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Only a hash of the API token is kept; the token itself is shown once.
    api_token_hash: Mapped[str | None] = mapped_column(String(128), unique=True)

    staff: Mapped[Staff | None] = relationship()
