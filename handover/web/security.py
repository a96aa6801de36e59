"""CSRF on every form, security headers on every response, and error pages that say little."""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from handover.errors import HandoverError, InvalidFile, InvalidState, NotAllowed, NotFound, PlanConflict

csrf = CSRFProtect()
log = logging.getLogger(__name__)

# Nothing is loaded from elsewhere (closed networks), and no inline script or style may run:
# every script and stylesheet is a file under /static.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(), microphone=(), camera=(self)",
}


def init_app(app: Flask) -> None:
    """Turn on CSRF protection, the headers and the error pages."""
    csrf.init_app(app)
    app.after_request(_add_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(HandoverError, _domain_error)
    app.register_error_handler(Exception, _unexpected_error)


def _add_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    # Pages show personal data: browsers and proxies must not keep copies.
    if not request.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def wants_json() -> bool:
    """API calls and script requests get JSON errors; browsers get pages."""
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def error_response(status: int, message: str) -> tuple[Response | str, int]:
    """An error in the form the client expects: JSON for the API, a Japanese page otherwise."""
    if wants_json():
        return jsonify({"error": message, "status": status}), status
    return render_template("error.html", status=status, message=message), status


def _csrf_error(error: CSRFError) -> tuple[Response | str, int]:
    return error_response(
        400, _("フォームの有効期限が切れたか、不正な送信です。ページを読み込み直してください。")
    )


def _http_error(error: HTTPException) -> tuple[Response | str, int] | HTTPException:
    status = error.code or 500
    if status < 400:
        return error
    messages = {
        403: _("このページを見る権限がありません。"),
        404: _("お探しのページは見つかりません。"),
        405: _("この操作はできません。"),
        413: _("ファイルが大きすぎます。"),
    }
    return error_response(status, messages.get(status, error.description or _("エラーが発生しました。")))


def _domain_error(error: HandoverError) -> tuple[Response | str, int]:
    if isinstance(error, NotFound):
        # The same answer as a page that does not exist: an object outside your scope is not there.
        return error_response(404, _("お探しのページは見つかりません。"))
    if isinstance(error, NotAllowed):
        return error_response(403, _("このページを見る権限がありません。"))
    if isinstance(error, InvalidState | PlanConflict):
        return error_response(409, str(error))
    if isinstance(error, InvalidFile):
        return error_response(422, str(error))
    return error_response(400, str(error))


def _unexpected_error(error: Exception) -> tuple[Response | str, int]:
    if current_app.testing:
        raise error
    # Logged without the request body: it may hold a card's personal data.
    log.exception("unexpected error on %s %s", request.method, request.path)
    return error_response(500, _("システムエラーが発生しました。管理者に連絡してください。"))
