"""Signing in and out: argon2 hashes, cookie flags, the growing wait after failures, safe redirects."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from handover.app import create_app
from handover.cli import main
from handover.config import Settings
from handover.db import utcnow
from handover.models import AuditEvent, Role, User
from handover.services.users import LoginOutcome, authenticate, lock_seconds, user_for_token
from tests.integration.web.conftest import PASSWORD, Office, csrf_token, login


def _post_login(client: FlaskClient, username: str, password: str) -> str:
    response = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": csrf_token(client)}
    )
    return response.get_data(as_text=True)


def test_pages_need_sign_in_and_login_reaches_home(client: FlaskClient, office: Office) -> None:
    assert client.get("/").headers["Location"].startswith("/login?next=")
    login(client, "staff_a")
    page = client.get("/").get_data(as_text=True)
    assert "上野 舞 さん、こんにちは" in page


def test_session_cookie_is_httponly_and_lax(client: FlaskClient, office: Office) -> None:
    client.get("/login")
    response = client.post(
        "/login", data={"username": "staff_a", "password": PASSWORD, "csrf_token": csrf_token(client)}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_cookie_is_secure_behind_tls(settings: Settings) -> None:
    app = create_app(settings.with_overrides(behind_tls=True))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    app.extensions["handover"].engine.dispose()


def test_wrong_password_is_refused_counted_and_audited(
    client: FlaskClient, office: Office, session: Session
) -> None:
    page = _post_login(client, "staff_a", "wrong-password")
    assert "ユーザー名またはパスワードが違います" in page
    assert client.get("/").status_code == 302
    session.expire_all()
    user = session.scalars(select(User).where(User.username == "staff_a")).one()
    assert user.failed_logins == 1
    assert session.scalar(select(AuditEvent.action).where(AuditEvent.action == "auth.login_failed"))


def test_unknown_user_gets_the_same_answer(client: FlaskClient, office: Office) -> None:
    assert "ユーザー名またはパスワードが違います" in _post_login(client, "nobody", "whatever-123")


def test_failures_lock_the_account_with_a_doubling_wait(session: Session, office: Office) -> None:
    now = utcnow()
    waits = [authenticate(session, "staff_b", "bad", now=now).retry_after_seconds for _ in range(3)]
    assert waits == [0, 0, lock_seconds(3)]
    # While locked even the right password is not checked.
    locked = authenticate(session, "staff_b", PASSWORD, now=now)
    assert locked.outcome is LoginOutcome.LOCKED and locked.retry_after_seconds >= 1
    later = now + dt.timedelta(seconds=lock_seconds(3) + 1)
    assert (
        authenticate(session, "staff_b", "bad", now=later).retry_after_seconds
        == lock_seconds(4)
        == 2 * lock_seconds(3)
    )
    much_later = later + dt.timedelta(hours=1)
    ok = authenticate(session, "staff_b", PASSWORD, now=much_later)
    assert ok.outcome is LoginOutcome.OK and ok.user is not None and ok.user.failed_logins == 0


def test_lock_is_capped() -> None:
    assert lock_seconds(2) == 0 and lock_seconds(100) == 15 * 60


def test_locked_account_sees_the_wait_in_the_form(client: FlaskClient, office: Office) -> None:
    for _ in range(3):
        _post_login(client, "staff_a", "bad")
    assert "秒後に再度お試しください" in _post_login(client, "staff_a", PASSWORD)
    assert client.get("/").status_code == 302


def test_logout_ends_the_session(client: FlaskClient, office: Office) -> None:
    login(client, "staff_a")
    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_next_only_redirects_within_the_site(client: FlaskClient, office: Office) -> None:
    token = csrf_token(client)
    response = client.post(
        "/login?next=//evil.example/x",
        data={"username": "staff_a", "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/"


def test_deactivated_user_is_signed_out(client: FlaskClient, office: Office, session: Session) -> None:
    login(client, "staff_a")
    user = session.scalars(select(User).where(User.username == "staff_a")).one()
    user.active = False
    session.commit()
    assert client.get("/").status_code == 302


def test_english_is_the_second_locale(client: FlaskClient, office: Office) -> None:
    login(client, "staff_a")
    client.post("/locale", data={"locale": "en", "next": "/", "csrf_token": csrf_token(client, "/")})
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page and "Sign out" in page


def test_cli_user_add_and_token(
    cli_env: dict[str, str], runner: CliRunner, session: Session, app: Flask
) -> None:
    result = runner.invoke(
        main,
        ["user", "add", "sato", "--role", "auditor", "--password-stdin"],
        input="long-enough-pw\n",
        env=cli_env,
    )
    assert result.exit_code == 0, result.output
    user = session.scalars(select(User).where(User.username == "sato")).one()
    assert user.role is Role.AUDITOR and user.password_hash.startswith("$argon2id$")
    token = runner.invoke(main, ["user", "token", "sato"], env=cli_env).output.strip()
    assert user_for_token(session, token) is not None
    assert token not in (session.scalar(select(User.api_token_hash).where(User.id == user.id)) or "")


def test_cli_user_add_refuses_short_passwords_and_unknown_staff(
    cli_env: dict[str, str], runner: CliRunner
) -> None:
    short = runner.invoke(
        main, ["user", "add", "a1", "--role", "staff", "--password-stdin"], input="short\n", env=cli_env
    )
    assert short.exit_code == 1 and "at least" in short.output
    unknown = runner.invoke(
        main,
        ["user", "add", "a2", "--role", "staff", "--employee-no", "X9", "--password-stdin"],
        input="long-enough-pw\n",
        env=cli_env,
    )
    assert unknown.exit_code == 1 and "X9" in unknown.output
