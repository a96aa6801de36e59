"""Recording audit events: every view, export and change of personal data leaves one."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from handover.models import AuditEvent


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    object_type: str | None = None,
    object_id: object | None = None,
    details: dict[str, Any] | None = None,
    actor_user_id: int | None = None,
    remote_addr: str | None = None,
) -> AuditEvent:
    """Add an audit event to the session (flushed with the rest of the unit of work)."""
    event = AuditEvent(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        details=details or {},
        actor_user_id=actor_user_id,
        remote_addr=remote_addr,
    )
    session.add(event)
    return event
