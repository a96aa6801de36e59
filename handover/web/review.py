"""Reviewing read cards: the straightened image beside the fields, confirm and go to the next one."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from werkzeug.wrappers import Response as BaseResponse

from handover.errors import InvalidState, NotFound
from handover.models import Card, CardStatus, Contact, MergeSuggestion, Role, Scan, ScanStatus
from handover.reader.types import FIELD_NAMES
from handover.services import card_backs, claims
from handover.services.card_backs import read_fields
from handover.services.review import InvalidCorrection, confirm_card, reject_card
from handover.web import (
    account,
    actor_name,
    after_commit,
    audit_event,
    current_scope,
    db,
    login_required,
    state,
)
from handover.web.cards import reading_queue
from handover.web.paging import Page, paginate
from handover.web.scope import Scope, card_clause, require_card

bp = Blueprint("review", __name__, url_prefix="/review")

FIELD_LABELS = {
    "name": _l("氏名"),
    "name_kana": _l("よみ"),
    "organization": _l("組織"),
    "department": _l("部署"),
    "title": _l("役職"),
    "postal_code": _l("郵便番号"),
    "address": _l("住所"),
    "phone": _l("電話"),
    "fax": _l("FAX"),
    "mobile": _l("携帯"),
    "email": _l("メール"),
    "url": _l("URL"),
}


@bp.before_request
@login_required
def _officials_only() -> None:
    current_scope().require_role(Role.STAFF, Role.MANAGER, Role.ADMIN)


def waiting_cards(scope: Scope) -> Select[Any]:
    """Cards waiting for review that the user uploaded (admins: everyone's), oldest first."""
    query = (
        select(Card)
        .join(Scan, Card.scan_id == Scan.id)
        # A back waits with its front and is decided with it, not on its own.
        .where(Card.status == CardStatus.NEEDS_REVIEW, Card.back_of_card_id.is_(None), card_clause(scope))
        .order_by(Card.id)
    )
    if not scope.sees_everything:
        query = query.where(Scan.uploaded_by_staff_id == scope.staff_id)
    return query


def failed_scans(scope: Scope) -> Select[Any]:
    """Scans whose reading failed that the user uploaded (admins: everyone's), newest first."""
    query = select(Scan).where(Scan.status == ScanStatus.FAILED).order_by(Scan.id.desc()).limit(50)
    if not scope.sees_everything:
        query = query.where(Scan.uploaded_by_staff_id == scope.staff_id)
    return query


def _baseline(card: Card) -> dict[str, str | None]:
    """What the form starts from: the reader's fields, and what the card's back adds to them."""
    return {**read_fields(card), **card_backs.filled_from_backs(db(), card)}


@bp.route("")
def queue() -> str:
    """The cards waiting for the user's review."""
    page: Page[Card] = paginate(db(), waiting_cards(current_scope()), request.args)
    audit_event("card.list", object_type="card", details={"status": "needs_review", "shown": len(page.items)})
    failed = list(db().scalars(failed_scans(current_scope())))
    return render_template("review/queue.html", page=page, labels=FIELD_LABELS, failed=failed)


@bp.route("/scans/<int:scan_id>/retry", methods=["POST"])
def retry_scan(scan_id: int) -> BaseResponse:
    """Read a failed scan again (after its cause was fixed); the cards appear in the queue."""
    session = db()
    scope = current_scope()
    scan = session.scalar(failed_scans(scope).where(Scan.id == scan_id))
    if scan is None:
        raise NotFound(f"no failed scan {scan_id}")
    user = account()
    claims.retry_failed(session, [scan.id], actor=actor_name(user), user_id=user.id)
    # Queued only once committed: a worker must never find the scan still marked failed.
    after_commit(lambda: reading_queue().enqueue([scan_id]))
    flash(_("%(file)s をもう一度読み取ります。", file=scan.filename), "success")
    return redirect(url_for("review.queue"))


@bp.route("/<int:card_id>")
def card(card_id: int) -> str:
    """One card: image with the fields' boxes, the fields (unsure ones marked), confirm or reject."""
    scope = current_scope()
    found = require_card(db(), scope, card_id)
    audit_event("card.view", object_type="card", object_id=found.id)
    confidence: dict[str, float | None] = found.reading.get("confidence") or {}
    threshold = state().settings.auto_confirm_confidence
    unsure = {f for f in FIELD_NAMES if (confidence.get(f) or 1.0) < threshold}
    unsure |= {f for f in ("name",) if not read_fields(found).get(f)}
    waiting_after = db().scalar(
        waiting_cards(scope).where(Card.id > found.id).with_only_columns(Card.id).limit(1)
    )
    values = found.fields if found.status is CardStatus.CONFIRMED else _baseline(found)
    backs = card_backs.waiting_backs(db(), found) if found.status is CardStatus.NEEDS_REVIEW else []
    return render_template(
        "review/card.html",
        card=found,
        values=values,
        confidence=confidence,
        unsure=unsure,
        boxes=found.reading.get("boxes") or {},
        fields=FIELD_NAMES,
        labels=FIELD_LABELS,
        next_id=waiting_after,
        suggestions=_suggestions(found),
        backs=backs,
        from_back=card_backs.filled_from_backs(db(), found) if backs else {},
    )


def _suggestions(card: Card) -> list[tuple[MergeSuggestion, Contact]]:
    """Open merge suggestions about the contact this card became."""
    if card.contact_id is None:
        return []
    rows = db().execute(
        select(MergeSuggestion, Contact)
        .join(Contact, Contact.id == MergeSuggestion.candidate_id)
        .where(MergeSuggestion.contact_id == card.contact_id, MergeSuggestion.status == "open")
    )
    return [(s, c) for s, c in rows]


@bp.route("/<int:card_id>/confirm", methods=["POST"])
def confirm(card_id: int) -> BaseResponse | tuple[str, int]:
    """Confirm with the corrections typed in; then on to the next waiting card."""
    session = db()
    scope = current_scope()
    found = require_card(session, scope, card_id)
    read = _baseline(found)
    corrections = {
        name: request.form.get(name, "")
        for name in FIELD_NAMES
        if name in request.form and request.form.get(name, "").strip() != (read.get(name) or "")
    }
    user = account()
    try:
        result = confirm_card(
            session, found.id, corrections=corrections, user_id=user.id, actor=actor_name(user)
        )
    except (InvalidCorrection, InvalidState) as e:
        session.rollback()
        flash(str(e), "error")
        return redirect(url_for("review.card", card_id=card_id))
    verb = _("新しい連絡先として登録しました") if result.created else _("既存の連絡先にまとめました")
    flash(f"{result.contact.name}: {verb}", "success")
    if result.suggestions:
        flash(
            _(
                "同一人物の可能性がある連絡先が %(n)s 件あります。連絡先の画面で確認してください。",
                n=len(result.suggestions),
            ),
            "warning",
        )
    return _to_next(scope, card_id)


@bp.route("/<int:card_id>/reject", methods=["POST"])
def reject(card_id: int) -> BaseResponse:
    """Set the card aside (not a business card, unreadable); it makes no contact."""
    session = db()
    scope = current_scope()
    found = require_card(session, scope, card_id)
    user = account()
    try:
        reject_card(session, found.id, user_id=user.id, actor=actor_name(user))
    except InvalidState as e:
        session.rollback()
        flash(str(e), "error")
        return redirect(url_for("review.card", card_id=card_id))
    flash(_("名刺を対象外にしました。"), "success")
    return _to_next(scope, card_id)


@bp.route("/<int:card_id>/unlink", methods=["POST"])
def unlink(card_id: int) -> BaseResponse:
    """A card wrongly taken for the back of another becomes a card to review on its own."""
    session = db()
    found = require_card(session, current_scope(), card_id)
    user = account()
    try:
        card_backs.unlink_back(session, found.id, user_id=user.id, actor=actor_name(user))
    except InvalidState as e:
        session.rollback()
        flash(str(e), "error")
        return redirect(url_for("review.card", card_id=card_id))
    flash(_("別の名刺として確認できるようになりました。"), "success")
    return redirect(url_for("review.card", card_id=card_id))


def _to_next(scope: Scope, after_id: int) -> BaseResponse:
    session = db()
    following = session.scalar(
        waiting_cards(scope).where(Card.id > after_id).with_only_columns(Card.id).limit(1)
    )
    first = following or session.scalar(waiting_cards(scope).with_only_columns(Card.id).limit(1))
    if first is None:
        flash(_("確認待ちの名刺はありません。"), "success")
        return redirect(url_for("review.queue"))
    return redirect(url_for("review.card", card_id=first))
