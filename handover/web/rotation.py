"""Transfer lists (異動内示) for HR: upload, read the dry run, choose successors, apply, undo."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from handover.errors import InvalidFile, InvalidState, NotFound, PlanConflict
from handover.models import PlanKind, Role, RotationPlan
from handover.services.rotation_apply import apply_plan
from handover.services.rotation_plan import assign_successor, create_plan, get_plan
from handover.services.rotation_undo import undo_plan
from handover.web import account, actor_name, audit_event, current_scope, db, login_required, state

bp = Blueprint("rotation", __name__, url_prefix="/rotation")
MAX_LIST_BYTES = 10 * 1024 * 1024


@bp.before_request
@login_required
def _admins_only() -> None:
    current_scope().require_role(Role.ADMIN)


def _plans() -> list[RotationPlan]:
    return list(db().scalars(select(RotationPlan).order_by(RotationPlan.id.desc()).limit(50)))


@bp.route("", methods=["GET"])
def index() -> str:
    """Plans so far, and the form to upload a new transfer list."""
    return render_template("rotation/index.html", plans=_plans(), invalid=None)


@bp.route("", methods=["POST"])
def upload() -> str | BaseResponse | tuple[str, int]:
    """Read a transfer list into a draft plan and show its dry run; a rejected file writes nothing."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(_("異動内示のファイルを選んでください。"), "error")
        return redirect(url_for("rotation.index"))
    data = upload.stream.read(MAX_LIST_BYTES + 1)
    name = upload.filename.rsplit("/", 1)[-1][:255]
    if len(data) > MAX_LIST_BYTES:
        flash(_("ファイルが大きすぎます。"), "error")
        return redirect(url_for("rotation.index"))
    try:
        plan = create_plan(db(), data, filename=name, actor=actor_name(account()))
    except InvalidFile as e:
        # 422 rolls the request back: nothing of the rejected file stays.
        return render_template("rotation/index.html", plans=_plans(), invalid=e), 422
    return redirect(url_for("rotation.show", plan_id=plan.id))


def transfer_plan(plan_id: int) -> RotationPlan:
    plan: RotationPlan = get_plan(db(), plan_id)
    if plan.kind is not PlanKind.TRANSFER:
        raise NotFound(f"plan {plan_id} is not a transfer plan")
    return plan


@bp.route("/<int:plan_id>")
def show(plan_id: int) -> str:
    """The dry run as tables: moves, handovers, vacancies, posts to assign, warnings, errors."""
    plan = transfer_plan(plan_id)
    audit_event("plan.view", object_type="rotation_plan", object_id=plan.id)
    return render_template("rotation/show.html", plan=plan, run=plan.dry_run or {})


@bp.route("/<int:plan_id>/assign", methods=["POST"])
def assign(plan_id: int) -> BaseResponse:
    """Choose who inherits an ambiguous post (from one leaver, or from all of them)."""
    plan = transfer_plan(plan_id)
    try:
        assign_successor(
            db(),
            plan.id,
            post=request.form.get("post", ""),
            to_employee_no=request.form.get("to_employee_no", ""),
            from_employee_no=request.form.get("from_employee_no") or None,
            actor=actor_name(account()),
        )
    except (InvalidState, PlanConflict, NotFound) as e:
        db().rollback()
        flash(str(e), "error")
    else:
        flash(_("後任者を指定しました。"), "success")
    return redirect(url_for("rotation.show", plan_id=plan_id))


@bp.route("/<int:plan_id>/apply", methods=["POST"])
def apply(plan_id: int) -> BaseResponse:
    """Apply the plan in one transaction (this request's)."""
    plan = transfer_plan(plan_id)
    try:
        result = apply_plan(
            db(), plan.id, actor=actor_name(account()), due_days=state().settings.handover_due_days
        )
    except (InvalidState, PlanConflict) as e:
        db().rollback()
        flash(str(e), "error")
        return redirect(url_for("rotation.show", plan_id=plan_id))
    if result.already_applied:
        flash(_("この計画は適用済みです。"), "success")
    else:
        flash(
            _("異動を適用しました（引き継ぎ %(n)s 件）。", n=result.counts.get("handover_items", 0)),
            "success",
        )
    return redirect(url_for("rotation.show", plan_id=plan_id))


@bp.route("/<int:plan_id>/undo", methods=["POST"])
def undo(plan_id: int) -> BaseResponse:
    """Undo an applied plan exactly."""
    plan = transfer_plan(plan_id)
    try:
        undo_plan(db(), plan.id, actor=actor_name(account()))
    except (InvalidState, PlanConflict) as e:
        db().rollback()
        flash(str(e), "error")
    else:
        flash(_("異動の適用を取り消しました。"), "success")
    return redirect(url_for("rotation.show", plan_id=plan_id))
