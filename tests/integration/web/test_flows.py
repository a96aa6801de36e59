"""The pages behind the product's flows: transfer list to inbox decision, review, upload, API."""

from __future__ import annotations

import io
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handover.models import AuditEvent, HandoverItem, ItemStatus, PlanStatus, RotationPlan, User
from handover.services.users import issue_api_token
from handover.web.openapi import PATHS
from tests.factories import csv_bytes
from tests.integration.web.conftest import Office, csrf_token, login

HEADER = ("職員番号", "氏名", "旧所属", "旧職名", "新所属", "新職名", "発令日")
SWAP = [
    ("E0002", "上野 舞", "K11", "主事", "K2", "主事", "令和9年4月1日"),
    ("E0004", "大野 咲", "K2", "主事", "K11", "主事", "R9.4.1"),
]


def _upload_list(client: FlaskClient, rows: list[tuple[str, ...]], name: str = "naiji.csv") -> str:
    data = {
        "file": (io.BytesIO(csv_bytes(HEADER, rows)), name),
        "csrf_token": csrf_token(client, "/rotation"),
    }
    response = client.post("/rotation", data=data, content_type="multipart/form-data")
    assert response.status_code in (302, 422), response.status_code
    return response.headers.get("Location", "") or response.get_data(as_text=True)


def _applied(client: FlaskClient) -> int:
    login(client, "admin")
    location = _upload_list(client, SWAP)
    plan_id = int(location.rsplit("/", 1)[-1])
    page = client.get(location).get_data(as_text=True)
    assert "令和9年4月1日" in page and "上野 舞" in page
    client.post(f"/rotation/{plan_id}/apply", data={"csrf_token": csrf_token(client, location)})
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    return plan_id


def test_transfer_list_to_inbox_decision(client: FlaskClient, office: Office, session: Session) -> None:
    plan_id = _applied(client)
    assert session.get(RotationPlan, plan_id).status is PlanStatus.APPLIED  # type: ignore[union-attr]
    login(client, "staff_b")
    inbox = client.get("/inbox").get_data(as_text=True)
    assert "架空 太郎" in inbox and "上野 舞" in inbox
    item_id = int(re.search(r'name="item" value="(\d+)"', inbox).group(1))  # type: ignore[union-attr]
    response = client.post(
        "/inbox/decide",
        data={"item": [str(item_id)], "decision": "keep", "csrf_token": csrf_token(client, "/inbox")},
    )
    assert response.status_code == 302
    assert session.get(HandoverItem, item_id).status is ItemStatus.KEPT  # type: ignore[union-attr]
    assert "判断待ちの引き継ぎはありません" in client.get("/inbox").get_data(as_text=True)


def test_only_the_successor_decides_and_a_refusal_changes_nothing(
    client: FlaskClient, office: Office, session: Session
) -> None:
    _applied(client)
    items = session.scalars(select(HandoverItem).order_by(HandoverItem.id)).all()
    login(client, "staff_a")
    mine = next(i for i in items if i.to_staff_id == office.staff_a.id)
    theirs = next(i for i in items if i.to_staff_id == office.staff_b.id)
    token = csrf_token(client, "/inbox")
    # staff_a inherited one item and handed over the other: deciding both at once is refused whole.
    response = client.post(
        "/inbox/decide",
        data={"item": [str(mine.id), str(theirs.id)], "decision": "archive", "csrf_token": token},
    )
    assert response.status_code == 403
    session.expire_all()
    assert {i.status for i in session.scalars(select(HandoverItem))} == {ItemStatus.PENDING}


def test_predecessor_answers_an_introduction_request(
    client: FlaskClient, office: Office, session: Session
) -> None:
    _applied(client)
    login(client, "staff_b")
    inbox = client.get("/inbox").get_data(as_text=True)
    item_id = re.search(r'name="item" value="(\d+)"', inbox).group(1)  # type: ignore[union-attr]
    client.post(
        "/inbox/decide",
        data={
            "item": [item_id],
            "decision": "ask-intro",
            "note": "ご紹介を",
            "csrf_token": csrf_token(client, "/inbox"),
        },
    )
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    login(client, "staff_a")
    side = client.get("/inbox?side=predecessor").get_data(as_text=True)
    assert "架空 太郎" in side and "ご紹介を" in side
    client.post(
        f"/inbox/{item_id}/answer",
        data={"text": "来週の会議で紹介します", "csrf_token": csrf_token(client, "/")},
    )
    assert session.get(HandoverItem, int(item_id)).intro_answer == "来週の会議で紹介します"  # type: ignore[union-attr]


def test_a_bad_transfer_list_names_rows_and_writes_nothing(
    client: FlaskClient, office: Office, session: Session
) -> None:
    login(client, "admin")
    page = _upload_list(client, [("E0002", "上野 舞", "K11", "主事", "K2", "主事", "2027-13-45")], "bad.csv")
    assert "bad.csv" in page and "effective_date" in page
    assert session.scalar(select(func.count(RotationPlan.id))) == 0


def test_undo_from_the_page(client: FlaskClient, office: Office, session: Session) -> None:
    plan_id = _applied(client)
    login(client, "admin")
    client.post(f"/rotation/{plan_id}/undo", data={"csrf_token": csrf_token(client, "/rotation")})
    session.expire_all()
    assert session.get(RotationPlan, plan_id).status is PlanStatus.UNDONE  # type: ignore[union-attr]


def test_staff_cannot_reach_rotation(client: FlaskClient, office: Office) -> None:
    login(client, "manager")
    assert client.get("/rotation").status_code == 403


def test_upload_refuses_what_is_not_an_image_and_names_the_file(client: FlaskClient, office: Office) -> None:
    login(client, "staff_a")
    token = csrf_token(client, "/cards/upload")
    response = client.post(
        "/cards/upload",
        data={"files": [(io.BytesIO(b"not an image"), "名刺.jpg")]},
        headers={"X-CSRFToken": token},
        content_type="multipart/form-data",
    )
    [result] = response.get_json()["results"]
    assert result["status"] == "failed" and result["file"] == "名刺.jpg" and "名刺.jpg" in result["error"]


def test_api_needs_a_token_and_respects_scope(
    app: Flask, client: FlaskClient, office: Office, session: Session
) -> None:
    assert client.get("/api/v1/contacts").status_code == 401
    login(client, "staff_b")
    assert client.get("/api/v1/contacts").status_code == 401  # a session cookie is not enough
    user = session.scalars(select(User).where(User.username == "staff_b")).one()
    token = issue_api_token(session, user)
    session.commit()
    api = app.test_client()
    auth = {"Authorization": f"Bearer {token}"}
    names = {c["name"] for c in api.get("/api/v1/contacts", headers=auth).get_json()["contacts"]}
    assert names == {"仮名 花子"}
    assert api.get(f"/api/v1/contacts/{office.contact_a.id}", headers=auth).status_code == 404
    assert api.get(f"/api/v1/contacts/{office.contact_b.id}", headers=auth).get_json()["name"] == "仮名 花子"
    assert api.get("/api/v1/rotation/plans", headers=auth).status_code == 403
    assert session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "contact.view")) == 1


def test_openapi_documents_exactly_the_api_routes(
    app: Flask, client: FlaskClient, office: Office, session: Session
) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    routes = {
        (re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", r.rule), m.lower())
        for r in app.url_map.iter_rules()
        if r.rule.startswith("/api/")
        for m in (r.methods or set()) - {"HEAD", "OPTIONS"}
    }
    documented = {(path, method) for path, ops in document["paths"].items() for method in ops}
    assert documented == routes
    tokens = [
        issue_api_token(session, session.scalars(select(User).where(User.username == name)).one())
        for name in ("admin", "staff_a")
    ]
    session.commit()
    for path, ops in PATHS.items():
        if "get" in ops:
            url = re.sub(r"\{[^}]+\}", "1", path)
            answers = [client.get(url, headers={"Authorization": f"Bearer {t}"}) for t in tokens]
            # Every documented GET answers one role or the other: data, or 404 for an id not here.
            assert any(a.status_code in (200, 404) and a.is_json for a in answers), path
