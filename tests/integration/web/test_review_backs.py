"""The review pages with two-sided cards and failed scans: backs wait with their front, retry re-queues."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from handover.models import AuditEvent, Card, CardStatus, Scan, ScanStatus
from tests.integration.web.conftest import Office, csrf_token, login

FRONT = {"name": "早川 修一", "name_kana": "ハヤカワ シュウイチ", "organization": "株式会社あさひ精機",
         "email": "s.hayakawa@asahi-seiki.example.jp"}  # fmt: skip
BACK = {"name": "Shuichi Hayakawa", "organization": "Asahi Seiki Co., Ltd.",
        "email": "s.hayakawa@asahi-seiki.example.jp", "mobile": "090-1111-2222"}  # fmt: skip


def _scan(office: Office, digit: str, **kw: object) -> Scan:
    return Scan(sha256=digit * 64, filename=f"scan{digit}.pdf", media_type="application/pdf", size_bytes=10,
                stored_path="o/x.pdf", uploaded_by_staff_id=office.staff_a.id, **kw)  # fmt: skip


@pytest.fixture
def sides(session: Session, office: Office) -> tuple[Card, Card]:
    """A front and its linked back, read from one scan of staff_a's, both waiting for review."""
    scan = _scan(office, "b", status=ScanStatus.DONE)
    confidence = {"confidence": dict.fromkeys(BACK, 0.95)}
    front = Card(scan=scan, page=0, reading={"fields": FRONT, **confidence})
    back = Card(scan=scan, page=1, reading={"fields": BACK, **confidence})
    session.add_all([scan, front, back])
    session.flush()
    back.back_of_card_id = front.id
    session.commit()
    return front, back


def test_the_back_waits_with_its_front_and_fills_the_form(
    client: FlaskClient, sides: tuple[Card, Card], session: Session
) -> None:
    front, back = sides
    login(client, "staff_a")
    queue = client.get("/review").get_data(as_text=True)
    assert queue.count('data-testid="review-card"') == 1
    page = client.get(f"/review/{front.id}").get_data(as_text=True)
    assert 'data-testid="backs"' in page and 'value="090-1111-2222"' in page
    assert 'data-testid="unlink"' in client.get(f"/review/{back.id}").get_data(as_text=True)

    form = {"csrf_token": csrf_token(client, f"/review/{front.id}"), **FRONT, "mobile": "090-1111-2222"}
    assert client.post(f"/review/{front.id}/confirm", data=form).status_code == 302
    session.expire_all()
    confirmed, linked = session.get(Card, front.id), session.get(Card, back.id)
    assert confirmed is not None and linked is not None and confirmed.contact is not None
    assert confirmed.corrections == {} and confirmed.contact.mobile == "090-1111-2222"
    assert (linked.status, linked.contact_id) == (CardStatus.CONFIRMED, None)


def test_a_wrongly_paired_back_is_unlinked_into_the_queue(
    client: FlaskClient, sides: tuple[Card, Card], session: Session
) -> None:
    _, back = sides
    login(client, "staff_a")
    token = csrf_token(client, f"/review/{back.id}")
    assert client.post(f"/review/{back.id}/unlink", data={"csrf_token": token}).status_code == 302
    assert client.get("/review").get_data(as_text=True).count('data-testid="review-card"') == 2
    session.expire_all()
    assert session.get(Card, back.id).back_of_card_id is None  # type: ignore[union-attr]


def test_a_failed_scan_is_read_again_from_the_queue_page_by_its_uploader_only(
    app: Flask, client: FlaskClient, office: Office, session: Session
) -> None:
    scan = _scan(office, "f", status=ScanStatus.FAILED, error="scanf.pdf: Tesseract timed out", attempts=3)
    session.add(scan)
    session.commit()
    other = app.test_client()
    login(other, "staff_b")
    assert "scanf.pdf" not in other.get("/review").get_data(as_text=True)
    token = csrf_token(other, "/review")
    assert other.post(f"/review/scans/{scan.id}/retry", data={"csrf_token": token}).status_code == 404

    login(client, "staff_a")
    page = client.get("/review").get_data(as_text=True)
    assert 'data-testid="retry-scan"' in page and "Tesseract timed out" in page
    token = csrf_token(client, "/review")
    response = client.post(
        f"/review/scans/{scan.id}/retry", data={"csrf_token": token}, follow_redirects=True
    )
    assert re.search(
        "scanf.pdf をもう一度読み取ります|scanf.pdf will be read again", response.get_data(as_text=True)
    )
    session.expire_all()
    again = session.get(Scan, scan.id)
    assert again is not None and (again.status, again.attempts, again.error) == (ScanStatus.QUEUED, 0, None)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "scan.retry"))
    assert event is not None and event.actor_user_id is not None
