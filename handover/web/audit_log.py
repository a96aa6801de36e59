"""The audit log for auditors: who viewed, exported or changed what, filtered; reading it is audited too."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, render_template, request
from sqlalchemy import Select, select

from handover.models import AuditEvent, Role
from handover.web import JST, audit_event, current_scope, db, login_required
from handover.web.paging import Page, paginate

bp = Blueprint("audit_log", __name__, url_prefix="/audit")


@bp.before_request
@login_required
def _auditors_only() -> None:
    current_scope().require_role(Role.AUDITOR)


def _day(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def filtered(args: dict[str, str]) -> Select[Any]:
    """Events matching the filters: actor, action (prefix), object type and id, Japan-time day range."""
    stmt = select(AuditEvent).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    if args.get("actor"):
        stmt = stmt.where(AuditEvent.actor.contains(args["actor"]))
    if args.get("action"):
        stmt = stmt.where(AuditEvent.action.startswith(args["action"]))
    if args.get("object_type"):
        stmt = stmt.where(AuditEvent.object_type == args["object_type"])
    if args.get("object_id"):
        stmt = stmt.where(AuditEvent.object_id == args["object_id"])
    # Days are the office's days: midnight in Japan, not in UTC.
    start, end = _day(args.get("from")), _day(args.get("to"))
    if start is not None:
        stmt = stmt.where(AuditEvent.occurred_at >= dt.datetime.combine(start, dt.time(), JST))
    if end is not None:
        stmt = stmt.where(
            AuditEvent.occurred_at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), JST)
        )
    return stmt


@bp.route("")
def index() -> str:
    """Events, newest first, 50 to a page."""
    args = {k: v.strip() for k, v in request.args.items() if k != "page" and v.strip()}
    page: Page[AuditEvent] = paginate(db(), filtered(args), request.args)
    audit_event("audit.view", object_type="audit_event", details={"filters": args, "page": page.number})
    return render_template("audit_log.html", page=page, args=args)
