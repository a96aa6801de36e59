"""The review page: image with field boxes, unsure fields marked, confirm with corrections, next card."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from handover.config import Settings
from handover.models import AuditEvent, Card, CardStatus, Scan
from tests.integration.web.conftest import Office, csrf_token, login

READING = {
    "fields": {
        "name": "山川 一郎",
        "organization": "株式会社みどり設計",
        "title": "部長",
        "email": "ichiro@example.co.jp",
    },
    "confidence": {"name": 0.97, "organization": 0.55, "title": 0.91, "email": 0.95},
    "boxes": {
        "name": [100, 200, 300, 60],
        "organization": [100, 60, 400, 40],
        "title": None,
        "email": [100, 400, 350, 30],
    },
    "text": "",
    "warnings": [],
}


@pytest.fixture
def cards(session: Session, office: Office, settings: Settings) -> list[Card]:
    """Two cards read from one scan uploaded by staff_a, with a straightened image."""
    root = settings.cards_path
    (root / "w").mkdir(parents=True)
    buffer = io.BytesIO()
    Image.new("RGB", (910, 550), "white").save(buffer, "JPEG")
    (root / "w" / "card.jpg").write_bytes(buffer.getvalue())
    scan = Scan(
        sha256="a" * 64,
        filename="名刺スキャン.pdf",
        media_type="application/pdf",
        size_bytes=10,
        stored_path="o/x.pdf",
        uploaded_by_staff_id=office.staff_a.id,
    )
    found = [Card(scan=scan, card_index=i, warped_path="w/card.jpg", reading=READING) for i in range(2)]
    session.add_all([scan, *found])
    session.commit()
    return found


def test_review_page_shows_image_boxes_and_unsure_fields(
    client: FlaskClient, cards: list[Card], session: Session
) -> None:
    login(client, "staff_a")
    queue = client.get("/review").get_data(as_text=True)
    assert queue.count('data-testid="review-card"') == 2
    page = client.get(f"/review/{cards[0].id}").get_data(as_text=True)
    assert 'data-field="organization" class="box unsure"' in page
    assert 'class="field unsure" data-field="organization"' in page
    assert 'class="field" data-field="name"' in page
    assert 'value="株式会社みどり設計"' in page
    image = client.get(f"/cards/{cards[0].id}/image")
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    image.close()
    actions = set(session.scalars(select(AuditEvent.action)))
    assert {"card.view", "card.image", "card.list"} <= actions


def test_confirm_with_a_correction_makes_a_contact_and_opens_the_next_card(
    client: FlaskClient, cards: list[Card], session: Session
) -> None:
    login(client, "staff_a")
    form = {
        "csrf_token": csrf_token(client, f"/review/{cards[0].id}"),
        **READING["fields"],
        "title": "営業部長",
    }
    response = client.post(f"/review/{cards[0].id}/confirm", data=form)
    assert response.headers["Location"] == f"/review/{cards[1].id}"
    session.expire_all()
    card = session.get(Card, cards[0].id)
    assert card is not None and card.status is CardStatus.CONFIRMED
    assert card.corrections == {"title": {"read": "部長", "confirmed": "営業部長"}}
    assert card.contact is not None and card.contact.title == "営業部長"
    assert "新しい連絡先として登録しました" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_bad_correction_is_refused_and_nothing_changes(
    client: FlaskClient, cards: list[Card], session: Session
) -> None:
    login(client, "staff_a")
    form = {
        "csrf_token": csrf_token(client, f"/review/{cards[0].id}"),
        **READING["fields"],
        "email": "not-an-address",
    }
    response = client.post(f"/review/{cards[0].id}/confirm", data=form, follow_redirects=True)
    assert "is not an e-mail address" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Card, cards[0].id).status is CardStatus.NEEDS_REVIEW  # type: ignore[union-attr]


def test_other_departments_cannot_see_the_card(client: FlaskClient, cards: list[Card]) -> None:
    login(client, "staff_b")
    assert client.get(f"/review/{cards[0].id}").status_code == 404
    assert client.get(f"/cards/{cards[0].id}/image").status_code == 404
    assert 'data-testid="review-card"' not in client.get("/review").get_data(as_text=True)


def test_card_images_stay_inside_the_storage_folder(
    client: FlaskClient, cards: list[Card], session: Session, tmp_path: Path
) -> None:
    (tmp_path / "secret.jpg").write_bytes(b"x")
    cards[0].warped_path = "../../secret.jpg"
    session.commit()
    login(client, "staff_a")
    assert client.get(f"/cards/{cards[0].id}/image").status_code == 404
