"""The Flask application factory: settings passed in, extensions bound, blueprints registered."""

from __future__ import annotations

from importlib import import_module

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from handover.config import Settings, load_settings
from handover.web import auth, i18n, init_database, labels, nav, security

# Each module defines `bp`; the order only matters for the navigation built from it.
BLUEPRINT_MODULES = (
    "handover.web.home",
    "handover.web.admin",
    "handover.web.audit_log",
    "handover.web.cards",
    "handover.web.review",
    "handover.web.contacts",
    "handover.web.rotation",
    "handover.web.inbox",
    "handover.web.network",
    "handover.web.exports",
    "handover.web.api",
)


def create_app(settings: Settings | None = None) -> Flask:
    """Build the web app for `settings` (read from the environment when not given)."""
    settings = settings or load_settings()
    app = Flask("handover.web", instance_path=str(settings.instance_path), instance_relative_config=False)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        TESTING=settings.testing,
        MAX_CONTENT_LENGTH=settings.max_upload_bytes,
        SESSION_COOKIE_NAME="handover_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.behind_tls,
        PERMANENT_SESSION_LIFETIME=8 * 3600,
        # Forms stay valid for a working day: a reviewer may leave a card open over lunch.
        WTF_CSRF_TIME_LIMIT=8 * 3600,
        WTF_CSRF_SSL_STRICT=settings.behind_tls,
        JSON_AS_ASCII=False,
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    if settings.behind_tls:
        # Trust one proxy's X-Forwarded-Proto/For so that request.is_secure and addresses are right.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)  # type: ignore[method-assign]
    init_database(app, settings)
    security.init_app(app)
    i18n.init_app(app)
    auth.init_app(app)
    nav.init_app(app)
    labels.init_app(app)
    for name in BLUEPRINT_MODULES:
        app.register_blueprint(import_module(name).bp)
    return app
