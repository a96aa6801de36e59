"""The contact directory: search as you type (Japanese partial match), filters, the contact page."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.sql.elements import ColumnElement
from werkzeug.wrappers import Response as BaseResponse

from handover.errors import InvalidState, NotFound
from handover.models import (
    Assignment,
    Card,
    Connection,
    Contact,
    Department,
    ExternalOrganization,
    HandoverNote,
    MergeSuggestion,
    Post,
    Role,
    Staff,
    SuggestionStatus,
)
from handover.services.contacts import contact_detail
from handover.services.history import contact_history
from handover.services.notes import add_note
from handover.services.search import search_contact_ids
from handover.web import account, actor_name, audit_event, current_scope, db, login_required
from handover.web.paging import PER_PAGE, page_number
from handover.web.scope import Scope, contact_clause, require_contact, subtree_ids

bp = Blueprint("contacts", __name__, url_prefix="/contacts")


@bp.before_request
@login_required
def _officials_only() -> None:
    current_scope().require_role(Role.STAFF, Role.MANAGER, Role.ADMIN)


def _int_arg(name: str) -> int | None:
    raw = request.args.get(name, "")
    return int(raw) if raw.isdigit() else None


def search_contacts(session: Session, scope: Scope, args: dict[str, Any]) -> tuple[list[Contact], bool]:
    """One page of contacts in scope matching the query and the filters; True when more follow."""
    number = page_number(args)
    # The user's scope and the filters go inside the search, so a narrow scope never has to
    # fish through the whole office's matches first.
    ids = search_contact_ids(
        session,
        args.get("q", "") or "",
        staff_id=args.get("holder"),
        limit=PER_PAGE + 1,
        offset=(number - 1) * PER_PAGE,
        where=[contact_clause(scope), *_filter_clauses(session, args)],
    )
    return _page_of(session, ids)


def _filter_clauses(session: Session, args: dict[str, Any]) -> list[ColumnElement[bool]]:
    """The organisation and our-department filters."""
    clauses: list[ColumnElement[bool]] = []
    if args.get("org"):
        clauses.append(Contact.organization_id == args["org"])
    if args.get("dept"):
        posts = select(Post.id).where(Post.department_id.in_(subtree_ids(session, {args["dept"]})))
        held = select(Connection.contact_id).where(Connection.until.is_(None), Connection.post_id.in_(posts))
        clauses.append(Contact.id.in_(held))
    return clauses


def _page_of(session: Session, ids: list[int]) -> tuple[list[Contact], bool]:
    """The contacts of one page, in order, and whether another page follows."""
    more = len(ids) > PER_PAGE
    ids = ids[:PER_PAGE]
    found = {
        c.id: c
        for c in session.scalars(
            select(Contact).where(Contact.id.in_(ids)).options(joinedload(Contact.organization))
        )
    }
    return [found[i] for i in ids if i in found], more


def holders_of(session: Session, contact_ids: list[int]) -> dict[int, list[Connection]]:
    """Who holds each contact now (staff and post)."""
    holders: dict[int, list[Connection]] = defaultdict(list)
    if contact_ids:
        for c in session.scalars(
            select(Connection)
            .where(Connection.contact_id.in_(contact_ids), Connection.until.is_(None))
            .options(joinedload(Connection.staff), joinedload(Connection.post).joinedload(Post.department))
        ):
            holders[c.contact_id].append(c)
    return holders


def _filters() -> dict[str, Any]:
    return {
        "q": request.args.get("q", "").strip()[:100],
        "org": _int_arg("org"),
        "dept": _int_arg("dept"),
        "holder": _int_arg("holder"),
        "page": request.args.get("page", "1"),
    }


def _choices(session: Session, scope: Scope) -> dict[str, Any]:
    """What the filter menus offer: departments, and the officials now posted in them (the scope's)."""
    depts = select(Department).order_by(Department.code)
    staff = select(Staff).where(Staff.active).order_by(Staff.employee_no)
    if scope.department_ids is not None:
        depts = depts.where(Department.id.in_(scope.department_ids))
        posted = (
            select(Assignment.staff_id)
            .join(Post, Post.id == Assignment.post_id)
            .where(Post.department_id.in_(scope.department_ids), Assignment.end_date.is_(None))
        )
        staff = staff.where(Staff.id.in_(posted) | (Staff.id == scope.staff_id))
    return {"departments": list(session.scalars(depts)), "staff": list(session.scalars(staff.limit(500)))}


@bp.route("")
def index() -> str:
    """The directory page, with the first page of results already rendered."""
    session, scope = db(), current_scope()
    filters = _filters()
    contacts, more = search_contacts(session, scope, filters)
    audit_event("contact.search", object_type="contact", details=_audit_details(filters, contacts))
    org = session.get(ExternalOrganization, filters["org"]) if filters["org"] else None
    return render_template(
        "contacts/index.html",
        contacts=contacts,
        holders=holders_of(session, [c.id for c in contacts]),
        more=more,
        filters=filters,
        org=org,
        next_url=_next_page_url(),
        **_choices(session, scope),
    )


def _next_page_url() -> str:
    args: dict[str, Any] = {**request.args.to_dict(), "page": str(page_number(request.args) + 1)}
    return url_for("contacts.index", **args)


def _audit_details(filters: dict[str, Any], contacts: list[Contact]) -> dict[str, Any]:
    return {k: v for k, v in filters.items() if v and k != "page"} | {"shown": len(contacts)}


@bp.route("/search.json")
def search_json() -> BaseResponse:
    """Search as you type: the same results as JSON (the page's script calls this, debounced)."""
    session, scope = db(), current_scope()
    filters = _filters()
    contacts, more = search_contacts(session, scope, filters)
    holders = holders_of(session, [c.id for c in contacts])
    audit_event("contact.search", object_type="contact", details=_audit_details(filters, contacts))
    return jsonify(
        {
            "more": more,
            "contacts": [
                {
                    "id": c.id,
                    "url": url_for("contacts.show", contact_id=c.id),
                    "name": c.name,
                    "name_kana": c.name_kana,
                    "organization": c.organization.name if c.organization else None,
                    "department": c.department,
                    "title": c.title,
                    "holders": [h.staff.name for h in holders.get(c.id, [])],
                }
                for c in contacts
            ],
        }
    )


@bp.route("/<int:contact_id>")
def show(contact_id: int) -> str | BaseResponse:
    """A contact: fields, card history with images, holders over time, notes, merge suggestions."""
    session, scope = db(), current_scope()
    contact = require_contact(session, scope, contact_id)
    if contact.merged_into_id is not None:
        return redirect(url_for("contacts.show", contact_id=contact.merged_into_id))
    user = account()
    detail = contact_detail(session, contact.id)
    history = contact_history(session, contact.id, actor=actor_name(user))
    audit_event("contact.view", object_type="contact", object_id=contact.id)
    cards = {
        c.id: c
        for c in session.scalars(
            select(Card).where(Card.contact_id == contact.id).options(selectinload(Card.scan))
        )
    }
    notes = session.execute(
        select(HandoverNote, Staff)
        .join(Staff, Staff.id == HandoverNote.staff_id)
        .where(HandoverNote.contact_id == contact.id)
    ).all()
    suggestions = session.execute(
        select(MergeSuggestion, Contact)
        .join(Contact, Contact.id == MergeSuggestion.candidate_id)
        .where(MergeSuggestion.contact_id == contact.id, MergeSuggestion.status == SuggestionStatus.OPEN)
    ).all()
    held_by_me = (
        user.staff_id is not None
        and session.scalar(
            select(Connection.id)
            .where(Connection.contact_id == contact.id, Connection.staff_id == user.staff_id)
            .limit(1)
        )
        is not None
    )
    return render_template(
        "contacts/show.html",
        contact=contact,
        detail=detail,
        history=history,
        cards=cards,
        notes=notes,
        suggestions=suggestions,
        held_by_me=held_by_me,
    )


@bp.route("/<int:contact_id>/note", methods=["POST"])
def note(contact_id: int) -> BaseResponse:
    """Leave or replace your 引き継ぎメモ on a contact you hold (your successor will read it)."""
    session, scope = db(), current_scope()
    contact = require_contact(session, scope, contact_id)
    user = account()
    if user.staff is None:
        raise NotFound("no staff record")
    try:
        add_note(
            session, user.staff.employee_no, contact.id, request.form.get("text", ""), actor=actor_name(user)
        )
    except InvalidState as e:
        session.rollback()
        flash(str(e), "error")
    else:
        flash(_("引き継ぎメモを保存しました。"), "success")
    return redirect(url_for("contacts.show", contact_id=contact.id))
