"""Signing in and out: argon2 passwords, session cookies, a growing wait after failed attempts."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import LoginManager, login_user, logout_user
from werkzeug.wrappers import Response as BaseResponse

from handover.db import utcnow
from handover.models import User
from handover.services.users import LoginOutcome, authenticate
from handover.web import SignedIn, audit_event, db, login_required, signed_in_user
from handover.web.i18n import LOCALE_COOKIE, LOCALES

bp = Blueprint("auth", __name__)
login_manager = LoginManager()


def init_app(app: Flask) -> None:
    """Bind Flask-Login: sessions only (no remember-me cookie), strong session protection."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = ""
    login_manager.session_protection = "strong"
    login_manager.user_loader(_load_user)
    app.register_blueprint(bp)


def _load_user(user_id: str) -> SignedIn | None:
    if not user_id.isdigit():
        return None
    user = db().get(User, int(user_id))
    return SignedIn(user) if user is not None and user.active else None


def _safe_next(target: str | None) -> str:
    # Only paths on this site: an open redirect would let a phishing link borrow our login page.
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | BaseResponse:
    """The sign-in form; a wrong password is counted and the account then waits longer each time."""
    if signed_in_user() is not None:
        return redirect(_safe_next(request.args.get("next")))
    error: str | None = None
    username = request.form.get("username", "").strip()[:64]
    if request.method == "POST":
        # CSRFProtect has already checked the token before this view runs.
        result = authenticate(db(), username, request.form.get("password", "")[:256], now=utcnow())
        if result.outcome is LoginOutcome.OK and result.user is not None:
            session.clear()
            login_user(SignedIn(result.user))
            audit_event("auth.login", object_type="user", object_id=result.user.id, user=result.user)
            return redirect(_safe_next(request.args.get("next")))
        audit_event("auth.login_failed", details={"username": username[:64], "outcome": result.outcome.value})
        if result.outcome is LoginOutcome.LOCKED:
            error = _(
                "ログインの失敗が続いたため、%(seconds)s 秒後に再度お試しください。",
                seconds=result.retry_after_seconds,
            )
        else:
            error = _("ユーザー名またはパスワードが違います。")
    return render_template("login.html", username=username, error=error)


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> BaseResponse:
    """Sign out and forget the session."""
    user = signed_in_user()
    if user is not None:
        audit_event("auth.logout", object_type="user", object_id=user.id, user=user)
    logout_user()
    session.clear()
    flash(_("ログアウトしました。"))
    return redirect(url_for("auth.login"))


@bp.route("/locale", methods=["POST"])
def set_locale() -> BaseResponse:
    """Switch between 日本語 and English (kept on the account, or in a cookie before sign-in)."""
    chosen = request.form.get("locale", "ja")
    if chosen not in LOCALES:
        chosen = "ja"
    user = signed_in_user()
    if user is not None:
        user.locale = chosen
    response: Response = redirect(_safe_next(request.form.get("next")))  # type: ignore[assignment]
    response.set_cookie(
        LOCALE_COOKIE,
        chosen,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
    )
    return response
