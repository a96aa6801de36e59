"""Administration for HR (人事担当): the department tree, staff and their posts, user accounts."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload
from werkzeug.wrappers import Response as BaseResponse

from handover.errors import HandoverError, NotFound
from handover.models import Assignment, Department, Post, Role, Staff, User
from handover.services.users import create_user
from handover.web import audit_event, current_scope, db, login_required, today
from handover.web.paging import Page, paginate

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _admins_only() -> None:
    current_scope().require_role(Role.ADMIN)


@bp.route("/departments")
def departments() -> str:
    """The department tree with the posts and the number of staff in each."""
    session = db()
    depts = list(session.scalars(select(Department).options(selectinload(Department.posts))))
    counted = session.execute(
        select(Post.department_id, func.count(Assignment.id))
        .join(Assignment, Assignment.post_id == Post.id)
        .where(Assignment.end_date.is_(None))
        .group_by(Post.department_id)
    )
    staff_counts = {dept_id: count for dept_id, count in counted}
    return render_template("admin/departments.html", rows=_tree_rows(depts), staff_counts=staff_counts)


def _tree_rows(depts: list[Department]) -> list[tuple[int, Department]]:
    """Departments in tree order with their depth, children sorted by code."""
    children: dict[int | None, list[Department]] = {}
    for d in depts:
        children.setdefault(d.parent_id, []).append(d)
    rows: list[tuple[int, Department]] = []
    stack = [(0, d) for d in sorted(children.get(None, []), key=lambda d: d.code, reverse=True)]
    while stack:
        depth, dept = stack.pop()
        rows.append((depth, dept))
        stack.extend(
            (depth + 1, c) for c in sorted(children.get(dept.id, []), key=lambda d: d.code, reverse=True)
        )
    return rows


@bp.route("/staff")
def staff() -> str:
    """Staff with their current posts, searchable by number, name or reading."""
    q = request.args.get("q", "").strip()
    stmt = select(Staff).order_by(Staff.employee_no)
    if q:
        like = f"%{q}%"
        stmt = stmt.where(
            or_(Staff.employee_no.ilike(like), Staff.name.contains(q), Staff.name_kana.contains(q))
        )
    page: Page[Staff] = paginate(db(), stmt.options(selectinload(Staff.assignments)), request.args)
    audit_event(
        "staff.list", object_type="staff", details={"q": q, "page": page.number, "shown": len(page.items)}
    )
    return render_template("admin/staff.html", page=page, q=q, today=today())


@bp.route("/users", methods=["GET", "POST"])
def users() -> str | BaseResponse:
    """Accounts, and a form to add one (the service checks name, role, staff link and password)."""
    session = db()
    error: str | None = None
    form = {k: request.form.get(k, "").strip() for k in ("username", "role", "employee_no")}
    if request.method == "POST":
        try:
            role = Role(form["role"])
        except ValueError:
            error = f"role {form['role']!r}: choose one of {', '.join(r.value for r in Role)}"
        else:
            try:
                user = create_user(
                    session,
                    username=form["username"],
                    password=request.form.get("password", ""),
                    role=role,
                    employee_no=form["employee_no"] or None,
                )
            except HandoverError as e:
                error = str(e)
            else:
                audit_event(
                    "user.create", object_type="user", object_id=user.id, details={"role": user.role.value}
                )
                flash(_("アカウント %(name)s を作成しました。", name=user.username), "success")
                return redirect(url_for("admin.users"))
    accounts = session.scalars(select(User).options(selectinload(User.staff)).order_by(User.username)).all()
    return render_template("admin/users.html", form=form, error=error, accounts=accounts, roles=list(Role))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
def toggle_active(user_id: int) -> BaseResponse:
    """Deactivate an account (signed out at once) or activate it again."""
    user = _user(db(), user_id)
    user.active = not user.active
    audit_event("user.activate" if user.active else "user.deactivate", object_type="user", object_id=user.id)
    return redirect(url_for("admin.users"))


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"user {user_id}")
    return user
