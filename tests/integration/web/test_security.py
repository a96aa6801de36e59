"""CSRF on every POST route, security headers, and error pages that reveal nothing."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from tests.integration.web.conftest import Office, login


def _post_routes(app: Flask) -> list[Rule]:
    return sorted(
        (r for r in app.url_map.iter_rules() if "POST" in (r.methods or set())), key=lambda r: r.rule
    )


def _concrete(rule: Rule) -> str:
    # Every argument gets a harmless value: the request must be refused before the view runs.
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", "1", rule.rule)


def test_the_app_has_post_routes_to_check(app: Flask) -> None:
    endpoints = {r.endpoint for r in _post_routes(app)}
    assert {"auth.login", "auth.logout", "admin.users"} <= endpoints


@pytest.mark.parametrize("username", [None, "admin"])
def test_every_post_without_a_csrf_token_is_refused(
    app: Flask, client: FlaskClient, office: Office, username: str | None
) -> None:
    if username:
        login(client, username)
    for rule in _post_routes(app):
        url = _concrete(rule)
        response = client.post(url, data={"x": "1"})
        if rule.rule.startswith("/api/"):
            # The API takes no cookies at all: without a bearer token it answers 401.
            assert response.status_code == 401, url
        else:
            assert response.status_code == 400, url
            assert "不正な送信" in response.get_data(as_text=True), url


def test_a_token_from_another_session_is_refused(app: Flask, office: Office) -> None:
    one, other = app.test_client(), app.test_client()
    login(one, "admin")
    login(other, "staff_a")
    from tests.integration.web.conftest import csrf_token

    stolen = csrf_token(other, "/")
    response = one.post(
        "/admin/users", data={"username": "x1", "role": "staff", "password": "p" * 12, "csrf_token": stolen}
    )
    assert response.status_code == 400


def test_security_headers_on_pages(client: FlaskClient) -> None:
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_no_inline_script_or_style_in_pages(client: FlaskClient, office: Office) -> None:
    login(client, "admin")
    for path in ("/login", "/", "/admin/departments", "/admin/users"):
        page = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), path
        assert " style=" not in page and "<style" not in page, path


def test_error_pages_are_japanese_and_plain(client: FlaskClient, office: Office) -> None:
    login(client, "staff_a")
    missing = client.get("/no/such/page")
    assert missing.status_code == 404 and "お探しのページは見つかりません" in missing.get_data(as_text=True)
    assert client.get("/api/v1/nothing", headers={"Accept": "application/json"}).status_code in (401, 404)


def test_healthz_needs_no_sign_in(client: FlaskClient) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}
