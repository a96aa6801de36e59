"""The web app's shared plumbing: one database session per request, the signed-in account, auditing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import flask_login
from flask import Flask, Response, current_app, g, request
from flask_login import current_user
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from handover.config import Settings
from handover.db import make_engine, make_session_factory
from handover.errors import NotAllowed
from handover.models import User
from handover.services import audit
from handover.web.scope import Scope, scope_for

EXTENSION_KEY = "handover"
# Japan keeps no daylight saving time, so a fixed offset is exact for 日本標準時.
JST = dt.timezone(dt.timedelta(hours=9), "JST")


@dataclass(frozen=True)
class WebState:
    """What the app holds for its whole life: settings, the engine and the session factory."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]


def init_database(app: Flask, settings: Settings) -> None:
    """Bind the engine to the app: a session per request, committed once if the request succeeded."""
    engine = make_engine(settings.database_url)
    app.extensions[EXTENSION_KEY] = WebState(settings, engine, make_session_factory(engine))
    app.after_request(_finish_unit_of_work)
    app.teardown_request(_close_session)


def state() -> WebState:
    """The running app's settings, engine and session factory."""
    return cast(WebState, current_app.extensions[EXTENSION_KEY])


def db() -> Session:
    """This request's database session (opened on first use)."""
    if "db_session" not in g:
        g.db_session = state().sessions()
    return cast(Session, g.db_session)


def _finish_unit_of_work(response: Response) -> Response:
    # STYLE §2: the request owns the transaction. Any error status rolls back everything the
    # request did, so a refused form or a failed service call leaves the database untouched.
    session: Session | None = g.get("db_session")
    if session is not None:
        if response.status_code < 400:
            session.commit()
            for callback in g.pop("after_commit", []):
                callback()
        else:
            session.rollback()
    return response


def after_commit(callback: Callable[[], None]) -> None:
    """Run `callback` once this request's transaction is committed (e.g. queue work it created)."""
    g.setdefault("after_commit", []).append(callback)


def _close_session(_exc: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.rollback()
        session.close()


def today() -> dt.date:
    """Today's date in Japan (the office's calendar, whatever the server's zone)."""
    return dt.datetime.now(JST).date()


class SignedIn:
    """Flask-Login's view of an account: wraps the User row for one request."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, user: User) -> None:
        self.user = user

    def get_id(self) -> str:
        """The id kept in the session cookie."""
        return str(self.user.id)

    @property
    def is_active(self) -> bool:
        """Deactivated accounts are signed out on their next request."""
        return self.user.active


F = TypeVar("F", bound=Callable[..., Any])


def login_required(view: F) -> F:
    """Flask-Login's login_required, typed: unsigned visitors go to the sign-in page."""
    return cast(F, flask_login.login_required(view))


def signed_in_user() -> User | None:
    """The user behind this request (API token or session), or None."""
    api_user: User | None = g.get("api_user")
    if api_user is not None:
        return api_user
    proxied = current_user._get_current_object()
    return proxied.user if isinstance(proxied, SignedIn) else None


def account() -> User:
    """The signed-in user (views behind login_required only)."""
    user = signed_in_user()
    if user is None:
        raise NotAllowed("sign-in required")
    return user


def actor_name(user: User | None) -> str:
    """How the audit log names a web or API actor."""
    return f"user:{user.username}" if user is not None else "anonymous"


def audit_event(
    action: str,
    *,
    object_type: str | None = None,
    object_id: object | None = None,
    details: dict[str, Any] | None = None,
    user: User | None = None,
) -> None:
    """Record what the signed-in user did (view, export, change) with their address."""
    who = user if user is not None else signed_in_user()
    audit.record(
        db(),
        actor=actor_name(who),
        action=action,
        object_type=object_type,
        object_id=object_id,
        details=details,
        actor_user_id=who.id if who is not None else None,
        remote_addr=request.remote_addr,
    )


def current_scope() -> Scope:
    """The signed-in user's scope for today, computed once per request."""
    if "scope" not in g:
        g.scope = scope_for(db(), account(), today())
    return cast(Scope, g.scope)
