"""Pictures of the network: which of our departments know which organisations, and one person's contacts."""

from __future__ import annotations

import threading
import time
from typing import Any

from flask import Blueprint, jsonify, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as BaseResponse

from handover.errors import NotFound
from handover.models import (
    Assignment,
    Connection,
    Contact,
    Department,
    ExternalOrganization,
    Post,
    Role,
    Staff,
)
from handover.web import audit_event, current_scope, db, login_required, state, today
from handover.web.scope import Scope, contact_clause

bp = Blueprint("network", __name__, url_prefix="/network")
MAX_ORGANIZATIONS = 60
MAX_CONTACTS = 150


@bp.before_request
@login_required
def _officials_only() -> None:
    current_scope().require_role(Role.STAFF, Role.MANAGER, Role.ADMIN)


def department_graph(session: Session, scope: Scope, limit: int = MAX_ORGANIZATIONS) -> dict[str, Any]:
    """Departments and the organisations their posts hold contacts in, weighted by contact count."""
    pairs = (
        select(Post.department_id, Contact.organization_id, func.count(func.distinct(Contact.id)))
        .select_from(Connection)
        .join(Post, Post.id == Connection.post_id)
        .join(Contact, Contact.id == Connection.contact_id)
        .where(
            Connection.until.is_(None), Contact.organization_id.is_not(None), Contact.merged_into_id.is_(None)
        )
        .group_by(Post.department_id, Contact.organization_id)
    )
    if scope.department_ids is not None:
        pairs = pairs.where(Post.department_id.in_(scope.department_ids or {-1}))
    rows = session.execute(pairs).all()
    totals: dict[int, int] = {}
    for _dept, org, n in rows:
        if org is not None:
            totals[org] = totals.get(org, 0) + n
    top = set(sorted(totals, key=lambda o: -totals[o])[:limit])
    edges = [(d, o, n) for d, o, n in rows if o in top]
    dept_ids = {d for d, _o, _n in edges}
    depts = {d.id: d.name for d in session.scalars(select(Department).where(Department.id.in_(dept_ids)))}
    orgs = {
        o.id: o.name
        for o in session.scalars(select(ExternalOrganization).where(ExternalOrganization.id.in_(top)))
    }
    nodes: list[dict[str, Any]] = [
        {"data": {"id": f"d{i}", "label": name, "kind": "department"}} for i, name in depts.items()
    ]
    nodes += [
        {
            "data": {
                "id": f"o{i}",
                "label": name,
                "kind": "organization",
                "weight": totals[i],
                "href": url_for("contacts.index", org=i),
            }
        }
        for i, name in orgs.items()
    ]
    links = [
        {"data": {"id": f"d{d}-o{o}", "source": f"d{d}", "target": f"o{o}", "weight": n}} for d, o, n in edges
    ]
    return {"elements": nodes + links, "organizations": len(orgs), "departments": len(depts)}


def person_graph(session: Session, scope: Scope, staff: Staff, limit: int = MAX_CONTACTS) -> dict[str, Any]:
    """One official, the contacts they hold now (within the viewer's scope) and their organisations."""
    contacts = session.execute(
        select(Contact.id, Contact.name, ExternalOrganization.id, ExternalOrganization.name)
        .join(Connection, Connection.contact_id == Contact.id)
        .outerjoin(ExternalOrganization, ExternalOrganization.id == Contact.organization_id)
        .where(Connection.staff_id == staff.id, Connection.until.is_(None), contact_clause(scope))
        .order_by(Contact.id)
        .limit(limit)
    ).all()
    nodes: dict[str, dict[str, Any]] = {
        "s": {"data": {"id": "s", "label": staff.name, "kind": "staff"}},
    }
    links = []
    for contact_id, name, org_id, org_name in contacts:
        nodes[f"c{contact_id}"] = {
            "data": {
                "id": f"c{contact_id}",
                "label": name,
                "kind": "contact",
                "href": url_for("contacts.show", contact_id=contact_id),
            }
        }
        links.append({"data": {"id": f"s-c{contact_id}", "source": "s", "target": f"c{contact_id}"}})
        if org_id is not None:
            nodes.setdefault(
                f"o{org_id}", {"data": {"id": f"o{org_id}", "label": org_name, "kind": "organization"}}
            )
            links.append(
                {
                    "data": {
                        "id": f"c{contact_id}-o{org_id}",
                        "source": f"c{contact_id}",
                        "target": f"o{org_id}",
                    }
                }
            )
    return {"elements": list(nodes.values()) + links, "contacts": len(contacts)}


def visible_staff(session: Session, scope: Scope, staff_id: int) -> Staff:
    """A staff member whose network the viewer may see: themselves, or someone in their departments."""
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise NotFound(f"staff {staff_id}")
    if scope.department_ids is None or staff.id == scope.staff_id:
        return staff
    posts = set(
        session.scalars(
            select(Post.department_id)
            .join(Assignment, Assignment.post_id == Post.id)
            .where(Assignment.staff_id == staff.id, Assignment.end_date.is_(None))
        )
    )
    if posts & scope.department_ids:
        return staff
    raise NotFound(f"staff {staff_id}")


@bp.route("")
def index() -> str:
    """The departments-to-organisations picture (its data comes from departments.json)."""
    scope = current_scope()
    person = request.args.get("staff", "")
    staff = visible_staff(db(), scope, int(person)) if person.isdigit() else None
    return render_template("network.html", staff=staff, me=scope.staff_id, today=today())


# The office-wide picture sums every open connection (hundreds of thousands): kept for a minute per
# scope, since who-knows-which-organisation changes slowly and the picture is an overview.
_GRAPH_CACHE: dict[tuple[str, frozenset[int] | None], tuple[float, dict[str, Any]]] = {}
_GRAPH_TTL_SECONDS = 60.0
_GRAPH_LOCK = threading.Lock()


def cached_department_graph(session: Session, scope: Scope) -> dict[str, Any]:
    """department_graph for this scope, computed at most once a minute."""
    key = (state().settings.database_url, scope.department_ids)
    now = time.monotonic()
    with _GRAPH_LOCK:
        hit = _GRAPH_CACHE.get(key)
    if hit is not None and now - hit[0] < _GRAPH_TTL_SECONDS:
        return hit[1]
    graph = department_graph(session, scope)
    with _GRAPH_LOCK:
        if len(_GRAPH_CACHE) > 1000:
            _GRAPH_CACHE.clear()
        _GRAPH_CACHE[key] = (now, graph)
    return graph


@bp.route("/departments.json")
def departments_json() -> BaseResponse:
    """Graph data: departments in scope linked to the organisations they know."""
    graph = cached_department_graph(db(), current_scope())
    audit_event("network.view", object_type="department", details={"organizations": graph["organizations"]})
    return jsonify(graph)


@bp.route("/staff/<int:staff_id>.json")
def staff_json(staff_id: int) -> BaseResponse:
    """Graph data: one person's contacts and their organisations."""
    scope = current_scope()
    staff = visible_staff(db(), scope, staff_id)
    graph = person_graph(db(), scope, staff)
    audit_event(
        "network.view", object_type="staff", object_id=staff.id, details={"contacts": graph["contacts"]}
    )
    return jsonify(graph)
