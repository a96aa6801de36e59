"""The start page after sign-in, and a health check for load balancers and benchmarks."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from sqlalchemy import text
from werkzeug.wrappers import Response as BaseResponse

from handover.web import account, current_scope, db, login_required, today
from handover.web.nav import home_counts

bp = Blueprint("home", __name__)


@bp.route("/")
@login_required
def index() -> str | BaseResponse:
    """What is waiting for this user: cards to review, inherited contacts to decide."""
    scope = current_scope()
    return render_template(
        "home.html",
        user=account(),
        counts=home_counts(db(), scope),
        today=today(),
        endpoints=set(current_app.view_functions),
    )


@bp.route("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    """200 when the app and its database answer (no personal data, no sign-in)."""
    db().execute(text("SELECT 1"))
    return {"status": "ok"}, 200
