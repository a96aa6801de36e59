"""The handover inbox: successors decide inherited contacts; predecessors leave notes and answer requests."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response as BaseResponse

from handover.errors import InvalidState, NotAllowed
from handover.models import Connection, Contact, Role, Staff
from handover.services import inbox as inbox_service
from handover.services.notes import MAX_NOTE_LENGTH, list_notes
from handover.web import account, actor_name, current_scope, db, login_required, today
from handover.web.scope import require_item

bp = Blueprint("inbox", __name__, url_prefix="/inbox")
DECISIONS = ("keep", "ask-intro", "archive", "return")
MAX_ITEMS_PER_DECISION = 500


@bp.before_request
@login_required
def _officials_only() -> None:
    current_scope().require_role(Role.STAFF, Role.MANAGER, Role.ADMIN)


def _me() -> Staff:
    staff = account().staff
    if staff is None:
        raise NotAllowed("the inbox belongs to accounts linked to a staff member")
    return staff


@bp.route("")
def index() -> str:
    """Successor side (default) or predecessor side (?side=predecessor)."""
    me = _me()
    actor = actor_name(account())
    session = db()
    if request.args.get("side") == "predecessor":
        held = session.scalars(
            select(Connection)
            .where(Connection.staff_id == me.id, Connection.until.is_(None))
            .options(joinedload(Connection.contact).joinedload(Contact.organization))
            .order_by(Connection.contact_id)
            .limit(500)
        ).all()
        return render_template(
            "inbox/predecessor.html",
            requests=inbox_service.requests_for(session, me.employee_no, actor=actor),
            notes={n["contact_id"]: n for n in list_notes(session, me.employee_no, actor=actor)},
            held=held,
            max_note=MAX_NOTE_LENGTH,
        )
    items = inbox_service.inbox(session, me.employee_no, actor=actor, today=today())
    numbers = {i["from_employee_no"] for i in items}
    names = {
        no: name
        for no, name in session.execute(
            select(Staff.employee_no, Staff.name).where(Staff.employee_no.in_(numbers))
        )
    }
    return render_template("inbox/successor.html", items=items, names=names, today=today().isoformat())


@bp.route("/decide", methods=["POST"])
def decide() -> BaseResponse:
    """Decide one or many items at once with the same decision (and note)."""
    decision = request.form.get("decision", "")
    ids = [int(x) for x in request.form.getlist("item") if x.isdigit()][:MAX_ITEMS_PER_DECISION]
    if decision not in DECISIONS or not ids:
        flash(_("項目と判断を選んでください。"), "error")
        return redirect(url_for("inbox.index"))
    session, scope = db(), current_scope()
    me = _me()
    note = request.form.get("note", "").strip() or None
    for item_id in ids:
        item = require_item(session, scope, item_id)
        if item.to_staff_id != me.id:
            # Only the successor decides; a manager may look but not choose for them.
            raise NotAllowed(f"item {item_id} is not in your inbox")
        try:
            inbox_service.decide(
                session, item.id, decision, actor=actor_name(account()), today=today(), note=note
            )
        except InvalidState as e:
            session.rollback()
            flash(str(e), "error")
            return redirect(url_for("inbox.index"))
    flash(_("%(n)s 件を判断しました。", n=len(ids)), "success")
    return redirect(url_for("inbox.index"))


@bp.route("/<int:item_id>/answer", methods=["POST"])
def answer(item_id: int) -> BaseResponse:
    """The predecessor answers an introduction request."""
    session, scope = db(), current_scope()
    me = _me()
    item = require_item(session, scope, item_id)
    if item.from_staff_id != me.id:
        raise NotAllowed(f"item {item_id} was not asked of you")
    try:
        inbox_service.answer(session, item.id, request.form.get("text", ""), actor=actor_name(account()))
    except InvalidState as e:
        session.rollback()
        flash(str(e), "error")
    else:
        flash(_("紹介依頼に回答しました。"), "success")
    return redirect(url_for("inbox.index", side="predecessor"))
