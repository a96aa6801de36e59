"""Roles and scope: who sees which contacts, cards and items; anything outside answers 404."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from handover.models import AuditEvent
from tests.integration.web.conftest import Office, login

_CSRF = re.compile(r'(name="csrf[-_]token" (?:content|value)=)"[^"]*"')


@pytest.mark.parametrize(
    ("username", "sees_a", "sees_b"),
    [
        ("staff_a", True, False),  # holds contact_a
        ("staff_a2", True, False),  # same 係: the department shares it
        ("staff_b", False, True),  # another 課
        ("manager", True, False),  # 道路課長: the 係 below, not 河川課
        ("admin", True, True),
    ],
)
def test_contact_pages_follow_the_scope(
    client: FlaskClient, office: Office, username: str, sees_a: bool, sees_b: bool
) -> None:
    login(client, username)
    for contact, sees in ((office.contact_a, sees_a), (office.contact_b, sees_b)):
        response = client.get(f"/contacts/{contact.id}")
        assert response.status_code == (200 if sees else 404), (username, contact.name)
        listed = client.get("/contacts/search.json").get_json()["contacts"]
        assert (contact.id in {c["id"] for c in listed}) is sees


def test_a_missing_contact_and_a_hidden_one_answer_alike(client: FlaskClient, office: Office) -> None:
    login(client, "staff_b")
    hidden = client.get(f"/contacts/{office.contact_a.id}")
    missing = client.get("/contacts/999999")
    assert hidden.status_code == missing.status_code == 404

    # Word for word the same page, but for the link back to the page itself and the CSRF token,
    # which carries the second it was signed in.
    def page(response: TestResponse, contact_id: object) -> str:
        text = response.get_data(as_text=True).replace(f"/contacts/{contact_id}", "/contacts/N")
        return _CSRF.sub("CSRF", text)

    assert page(hidden, office.contact_a.id) == page(missing, 999999)


def test_auditors_see_no_contacts(client: FlaskClient, office: Office) -> None:
    login(client, "auditor")
    assert client.get(f"/contacts/{office.contact_a.id}").status_code == 403
    assert client.get("/contacts").status_code == 403


def test_viewing_a_contact_is_audited(client: FlaskClient, office: Office, session: Session) -> None:
    login(client, "staff_a")
    page = client.get(f"/contacts/{office.contact_a.id}").get_data(as_text=True)
    assert "架空 太郎" in page and "taro@example.co.jp" in page and "上野 舞" in page
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "contact.view")).one()
    assert (event.actor, event.object_id) == ("user:staff_a", str(office.contact_a.id))
    assert event.remote_addr == "127.0.0.1"


def test_search_as_you_type_finds_partial_japanese(
    client: FlaskClient, office: Office, session: Session
) -> None:
    login(client, "admin")
    found = client.get("/contacts/search.json?q=名花子").get_json()["contacts"]
    assert [c["name"] for c in found] == ["仮名 花子"]
    two_characters = client.get("/contacts/search.json?q=架空").get_json()["contacts"]
    assert [c["name"] for c in two_characters] == ["架空 太郎"]
    by_org = client.get(f"/contacts/search.json?org={office.contact_a.organization_id}").get_json()[
        "contacts"
    ]
    assert {c["name"] for c in by_org} == {"架空 太郎", "仮名 花子"}
    searches = session.scalars(select(AuditEvent).where(AuditEvent.action == "contact.search")).all()
    assert searches[0].details["q"] == "名花子"


def test_exports_hold_only_your_contacts_and_are_audited(
    client: FlaskClient, office: Office, session: Session
) -> None:
    login(client, "staff_a")
    response = client.get("/exports/contacts?format=csv")
    text = response.data.decode("utf-8-sig")
    assert "架空 太郎" in text and "仮名 花子" not in text
    assert "filename*=UTF-8''%E9%80%A3%E7%B5%A1%E5%85%88_" in response.headers["Content-Disposition"]
    assert client.get("/exports/contacts?format=xlsx&scope=all").status_code == 403
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "contact.export")).one()
    assert event.actor == "user:staff_a"
    assert (event.details["format"], event.details["staff"], event.details["count"]) == ("csv", "E0002", 1)


def test_network_pictures_keep_to_the_scope(client: FlaskClient, office: Office, session: Session) -> None:
    login(client, "staff_b")
    graph = client.get("/network/departments.json").get_json()
    labels = {e["data"]["label"] for e in graph["elements"] if "source" not in e["data"]}
    assert labels == {"河川課", "株式会社さくら建設"}
    mine = client.get(f"/network/staff/{office.staff_b.id}.json").get_json()
    assert "仮名 花子" in {e["data"].get("label") for e in mine["elements"] if "source" not in e["data"]}
    assert client.get(f"/network/staff/{office.staff_a.id}.json").status_code == 404
    assert client.get("/network").status_code == 200
    assert session.scalar(select(AuditEvent.id).where(AuditEvent.action == "network.view")) is not None
