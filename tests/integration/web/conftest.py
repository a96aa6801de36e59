"""Fixtures for the web app: an app on the test database, a small office, accounts of each role."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from handover.app import create_app
from handover.config import Settings
from handover.models import Connection, ConnectionSource, Contact, ExternalOrganization, Role, Staff, User
from handover.services.contact_fields import refresh_search_text
from handover.services.users import hash_password
from tests.factories import add_department, add_staff

PASSWORD = "test-password-123"
_TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Settings for an app on the fresh test database."""
    return Settings(
        instance_path=tmp_path / "instance", database_url=database_url, secret_key="test-secret", testing=True
    )


@pytest.fixture
def app(settings: Settings) -> Iterator[Flask]:
    """The web app, its engine disposed after the test."""
    app = create_app(settings)
    yield app
    app.extensions["handover"].engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser-like client that keeps cookies."""
    return app.test_client()


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token a page carries in its <meta>, as the app's scripts read it."""
    match = _TOKEN.search(client.get(path).get_data(as_text=True))
    assert match, f"no csrf token on {path}"
    return match.group(1)


def login(client: FlaskClient, username: str, password: str = PASSWORD) -> None:
    """Sign in through the form, as a person would."""
    response = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": csrf_token(client)}
    )
    assert response.status_code == 302, response.get_data(as_text=True)


@functools.cache
def _password_hash() -> str:
    # argon2 takes a third of a second per hash by design; one hash serves every test account.
    return hash_password(PASSWORD)


@dataclass
class Office:
    """Two 課 under one 部; a staff member in each, a manager over the first, contacts in each."""

    staff_a: Staff
    staff_a2: Staff
    staff_b: Staff
    contact_a: Contact
    contact_b: Contact


def _connect(session: Session, contact: Contact, staff: Staff) -> None:
    post = staff.assignments[0].post
    session.add(
        Connection(
            contact=contact, staff=staff, post=post, since=dt.date(2025, 4, 1), source=ConnectionSource.CARD
        )
    )


@pytest.fixture
def office(session: Session) -> Office:
    """The office, committed, with accounts: staff_a, staff_a2, staff_b, manager, admin, auditor."""
    bu = add_department(session, "D1", "建設部")
    ka_a = add_department(session, "K1", "道路課", bu)
    kakari_a = add_department(session, "K11", "管理係", ka_a)
    ka_b = add_department(session, "K2", "河川課", bu)
    manager = add_staff(session, "E0001", "井口 誠", ka_a, "課長", is_head=True)
    staff_a = add_staff(session, "E0002", "上野 舞", kakari_a, "主事")
    staff_a2 = add_staff(session, "E0003", "江藤 亮", kakari_a, "係長")
    staff_b = add_staff(session, "E0004", "大野 咲", ka_b, "主事")
    org = ExternalOrganization(name="株式会社さくら建設", normalized_name="さくら建設")
    contact_a = Contact(
        name="架空 太郎", normalized_name="架空太郎", organization=org, email="taro@example.co.jp"
    )
    contact_b = Contact(
        name="仮名 花子", normalized_name="仮名花子", organization=org, email="hanako@example.co.jp"
    )
    for contact in (contact_a, contact_b):
        refresh_search_text(contact)
    session.add_all([org, contact_a, contact_b])
    session.flush()
    _connect(session, contact_a, staff_a)
    _connect(session, contact_b, staff_b)
    password_hash = _password_hash()
    for username, role, staff in (
        ("staff_a", Role.STAFF, staff_a),
        ("staff_a2", Role.STAFF, staff_a2),
        ("staff_b", Role.STAFF, staff_b),
        ("manager", Role.MANAGER, manager),
        ("admin", Role.ADMIN, None),
        ("auditor", Role.AUDITOR, None),
    ):
        session.add(User(username=username, password_hash=password_hash, role=role, staff=staff))
    session.commit()
    return Office(staff_a, staff_a2, staff_b, contact_a, contact_b)
