"""JSON API under /api/v1 for contacts, cards, the inbox and rotation; bearer tokens, never cookies."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, jsonify, request
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from handover.errors import InvalidState, NotAllowed
from handover.models import Card, Role, RotationPlan
from handover.services import inbox as inbox_service
from handover.services.contacts import contact_detail
from handover.services.review import card_json, confirm_card
from handover.services.rotation_apply import apply_plan
from handover.services.rotation_plan import create_plan
from handover.services.rotation_undo import undo_plan
from handover.services.users import user_for_token
from handover.web import account, actor_name, audit_event, current_scope, db, state, today
from handover.web.cards import upload_files
from handover.web.contacts import search_contacts
from handover.web.openapi import openapi_document
from handover.web.review import waiting_cards
from handover.web.rotation import transfer_plan
from handover.web.scope import Scope, require_card, require_contact, require_item
from handover.web.security import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # no cookie is ever accepted here, so there is no session to forge requests with


@bp.before_request
def _authenticate() -> BaseResponse | tuple[BaseResponse, int] | None:
    if request.endpoint == "api.openapi":
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    user = user_for_token(db(), token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        response = jsonify({"error": "a valid bearer token is required", "status": 401})
        response.headers["WWW-Authenticate"] = 'Bearer realm="handover"'
        return response, 401
    g.api_user = user
    return None


def _officials(scope: Scope) -> None:
    scope.require_role(Role.STAFF, Role.MANAGER, Role.ADMIN)


@bp.route("/openapi.json")
def openapi() -> BaseResponse:
    """The OpenAPI 3.1 document describing exactly these routes."""
    return jsonify(openapi_document())


@bp.route("/contacts")
def contacts() -> BaseResponse:
    """Contacts in the caller's scope matching q, org, dept, holder; 50 to a page."""
    scope = current_scope()
    _officials(scope)
    args: dict[str, Any] = {"q": request.args.get("q", "")[:100], "page": request.args.get("page", "1")}
    for key in ("org", "dept", "holder"):
        raw = request.args.get(key, "")
        args[key] = int(raw) if raw.isdigit() else None
    found, more = search_contacts(db(), scope, args)
    audit_event(
        "contact.search", object_type="contact", details={"q": args["q"], "shown": len(found), "api": True}
    )
    return jsonify(
        {
            "more": more,
            "contacts": [
                {
                    "id": c.id,
                    "name": c.name,
                    "name_kana": c.name_kana,
                    "organization": c.organization.name if c.organization else None,
                    "department": c.department,
                    "title": c.title,
                    "email": c.email,
                }
                for c in found
            ],
        }
    )


@bp.route("/contacts/<int:contact_id>")
def contact(contact_id: int) -> BaseResponse:
    """One contact with its card history and holders over time."""
    scope = current_scope()
    _officials(scope)
    found = require_contact(db(), scope, contact_id)
    audit_event("contact.view", object_type="contact", object_id=found.id, details={"api": True})
    return jsonify(contact_detail(db(), found.id))


@bp.route("/cards")
def cards() -> BaseResponse:
    """The caller's own cards waiting for review, oldest first (at most 200)."""
    scope = current_scope()
    _officials(scope)
    found: list[Card] = list(db().scalars(waiting_cards(scope).limit(200)))
    audit_event(
        "card.list", object_type="card", details={"status": "needs_review", "shown": len(found), "api": True}
    )
    return jsonify({"cards": [card_json(c) for c in found]})


@bp.route("/cards/<int:card_id>")
def card(card_id: int) -> BaseResponse:
    """One card: what was read, with confidences, or what was confirmed."""
    scope = current_scope()
    _officials(scope)
    found = require_card(db(), scope, card_id)
    audit_event("card.view", object_type="card", object_id=found.id, details={"api": True})
    return jsonify(card_json(found))


@bp.route("/cards", methods=["POST"])
def upload_cards() -> tuple[BaseResponse, int]:
    """Upload scans (multipart field `files`); each is stored and queued for reading."""
    _officials(current_scope())
    return upload_files()


@bp.route("/cards/<int:card_id>/confirm", methods=["POST"])
def confirm(card_id: int) -> BaseResponse:
    """Confirm a card with optional corrections {"corrections": {"title": "課長"}}."""
    scope = current_scope()
    _officials(scope)
    found = require_card(db(), scope, card_id)
    body = request.get_json(silent=True) or {}
    corrections = body.get("corrections") or {}
    if not isinstance(corrections, dict):
        raise InvalidState("corrections must be an object of field: value")
    user = account()
    result = confirm_card(db(), found.id, corrections=corrections, user_id=user.id, actor=actor_name(user))
    return jsonify(
        {"card": card_json(result.card), "contact_id": result.contact.id, "created": result.created}
    )


@bp.route("/inbox")
def inbox() -> BaseResponse:
    """The caller's open handover items (successor side)."""
    _officials(current_scope())
    staff = account().staff
    if staff is None:
        raise NotAllowed("the inbox belongs to accounts linked to a staff member")
    items = inbox_service.inbox(db(), staff.employee_no, actor=actor_name(account()), today=today())
    return jsonify({"items": items})


@bp.route("/inbox/<int:item_id>/decision", methods=["POST"])
def decide(item_id: int) -> BaseResponse:
    """Decide an item: {"decision": "keep|ask-intro|archive|return", "note": "..."}."""
    scope = current_scope()
    _officials(scope)
    item = require_item(db(), scope, item_id)
    if item.to_staff_id != scope.staff_id:
        raise NotAllowed(f"item {item_id} is not in your inbox")
    body = request.get_json(silent=True) or {}
    decided = inbox_service.decide(
        db(),
        item.id,
        str(body.get("decision", "")),
        actor=actor_name(account()),
        today=today(),
        note=body.get("note") or None,
    )
    return jsonify({"item_id": decided.id, "status": decided.status.value})


def _admin() -> None:
    current_scope().require_role(Role.ADMIN)


@bp.route("/rotation/plans")
def plans() -> BaseResponse:
    """Transfer plans, newest first."""
    _admin()
    found = db().scalars(select(RotationPlan).order_by(RotationPlan.id.desc()).limit(100))
    return jsonify(
        {
            "plans": [
                {
                    "id": p.id,
                    "status": p.status.value,
                    "effective_date": p.effective_date.isoformat(),
                    "file": p.source_filename,
                    "errors": p.error_count,
                    "warnings": p.warning_count,
                }
                for p in found
            ]
        }
    )


@bp.route("/rotation/plans", methods=["POST"])
def create() -> tuple[BaseResponse, int]:
    """Upload a transfer list (multipart field `file`); answers the dry run."""
    _admin()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidState("send the transfer list as multipart field 'file'")
    plan = create_plan(db(), upload.read(), filename=upload.filename[:255], actor=actor_name(account()))
    return jsonify(plan.dry_run), 201


@bp.route("/rotation/plans/<int:plan_id>")
def plan(plan_id: int) -> BaseResponse:
    """A plan's dry run."""
    _admin()
    found = transfer_plan(plan_id)
    audit_event("plan.view", object_type="rotation_plan", object_id=found.id, details={"api": True})
    return jsonify({"status": found.status.value, **found.dry_run})


@bp.route("/rotation/plans/<int:plan_id>/apply", methods=["POST"])
def apply(plan_id: int) -> BaseResponse:
    """Apply a validated plan in one transaction."""
    _admin()
    result = apply_plan(
        db(), plan_id, actor=actor_name(account()), due_days=state().settings.handover_due_days
    )
    return jsonify(result.as_json())


@bp.route("/rotation/plans/<int:plan_id>/undo", methods=["POST"])
def undo(plan_id: int) -> BaseResponse:
    """Undo an applied plan."""
    _admin()
    return jsonify({"plan_id": plan_id, **undo_plan(db(), plan_id, actor=actor_name(account()))})
