"""Admin pages for HR, the audit log for auditors, and who may reach them."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from handover.models import AuditEvent, User
from tests.integration.web.conftest import Office, csrf_token, login

ADMIN_PAGES = ("/admin/departments", "/admin/staff", "/admin/users")


@pytest.mark.parametrize("username", ["staff_a", "manager", "auditor"])
def test_non_admins_cannot_reach_admin_pages(client: FlaskClient, office: Office, username: str) -> None:
    login(client, username)
    for path in ADMIN_PAGES:
        assert client.get(path).status_code == 403, path


@pytest.mark.parametrize("username", ["staff_a", "manager", "admin"])
def test_only_auditors_read_the_audit_log(client: FlaskClient, office: Office, username: str) -> None:
    login(client, username)
    assert client.get("/audit").status_code == 403


def test_admin_sees_the_tree_and_staff(client: FlaskClient, office: Office, session: Session) -> None:
    login(client, "admin")
    tree = client.get("/admin/departments").get_data(as_text=True)
    assert tree.index("建設部") < tree.index("道路課") < tree.index("管理係") < tree.index("河川課")
    staff = client.get("/admin/staff?q=上野").get_data(as_text=True)
    assert "上野 舞" in staff and "大野 咲" not in staff and "管理係 主事" in staff
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "staff.list")).one()
    assert event.actor == "user:admin" and event.details["q"] == "上野"


def test_admin_creates_and_deactivates_an_account(
    client: FlaskClient, office: Office, session: Session
) -> None:
    login(client, "admin")
    token = csrf_token(client, "/admin/users")
    created = client.post(
        "/admin/users",
        data={"username": "kudo", "role": "staff", "password": "x" * 10, "csrf_token": token},
    )
    assert created.status_code == 302
    user = session.scalars(select(User).where(User.username == "kudo")).one()
    taken = client.post(
        "/admin/users",
        data={
            "username": "kudo2",
            "role": "staff",
            "employee_no": "E0004",
            "password": "x" * 10,
            "csrf_token": token,
        },
    ).get_data(as_text=True)
    assert "E0004" in taken and "already has an account" in taken
    duplicate = client.post(
        "/admin/users",
        data={"username": "kudo", "role": "staff", "password": "x" * 10, "csrf_token": token},
    )
    assert "already taken" in duplicate.get_data(as_text=True)
    client.post(f"/admin/users/{user.id}/active", data={"csrf_token": token})
    session.expire_all()
    assert session.get(User, user.id).active is False  # type: ignore[union-attr]
    actions = set(session.scalars(select(AuditEvent.action)))
    assert {"user.create", "user.deactivate"} <= actions


def test_auditor_filters_the_log_and_reading_it_is_audited(
    client: FlaskClient, office: Office, session: Session
) -> None:
    login(client, "admin")
    client.get("/admin/staff")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    login(client, "auditor")
    page = client.get("/audit?actor=user:admin&action=staff").get_data(as_text=True)
    assert "staff.list" in page and "auth.login" not in page
    viewed = session.scalars(select(AuditEvent).where(AuditEvent.action == "audit.view")).one()
    assert viewed.details["filters"] == {"actor": "user:admin", "action": "staff"}
