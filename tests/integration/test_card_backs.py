"""The English back of a card: paired with its front, fills only what the front lacks, no second contact."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from handover.config import Settings
from handover.db import make_session_factory, utcnow
from handover.errors import InvalidState
from handover.models import AuditEvent, Card, CardStatus, Contact, Scan, Staff
from handover.models.cards import ReviewPolicy
from handover.reader.read import CardResult
from handover.reader.types import CardReading, FieldValue
from handover.services.card_backs import unlink_back
from handover.services.card_sides import Side, back_fill, names_agree, pair_sides
from handover.services.claims import claim_scan
from handover.services.ingest import ingest_files
from handover.services.reading import save_reading
from handover.services.review import confirm_card, reject_card
from tests.integration.test_ingest import png

FRONT = {
    "name": "早川 修一",
    "name_kana": "ハヤカワ シュウイチ",
    "organization": "株式会社あさひ精機",
    "title": "営業課長",
    "phone": "03-5555-0101",
    "email": "s.hayakawa@asahi-seiki.example.jp",
}
BACK = {
    "name": "Shuichi Hayakawa",
    "organization": "Asahi Seiki Co., Ltd.",
    "title": "Sales Manager",
    "phone": "03-5555-0101",
    "email": "s.hayakawa@asahi-seiki.example.jp",
    "mobile": "090-1111-2222",
    "url": "https://www.asahi-seiki.example.jp",
}
STRANGER = {"name": "Emma Clarke", "organization": "Clarke Consulting", "email": "emma@clarke.example.com"}


@pytest.mark.parametrize(
    ("kana", "latin", "agree"),
    [
        ("ハヤカワ シュウイチ", "Shuichi Hayakawa", True),
        ("ハヤカワ シュウイチ", "HAYAKAWA Shuichi", True),
        ("オオノ ユウキ", "Yuki Ohno", True),
        ("サトウ ジュンコ", "Junko Satō", True),
        ("ナンバ ケン", "Ken Namba", True),
        ("タナカ ショウタ", "Koji Kokubun", False),
        ("タナカ", "Shota Tanaka", False),  # one part is not enough to call it the same name
    ],
)
def test_the_english_name_is_matched_to_the_reading(kana: str, latin: str, agree: bool) -> None:
    assert names_agree(kana, latin) is agree


def test_the_pairing_rule() -> None:
    assert pair_sides([Side(1, FRONT, 0), Side(2, BACK, 0)]) == [(1, 2)]
    assert pair_sides([Side(1, BACK, 0), Side(2, FRONT, 0)]) == [(2, 1)]  # back scanned first
    assert pair_sides([Side(1, FRONT, 0), Side(2, STRANGER, 0)]) == []
    assert pair_sides([Side(1, FRONT, 0), Side(2, dict(FRONT), 0)]) == []  # two Japanese sides
    colleague = {**BACK, "name": "Koji Mori", "email": "k.mori@asahi-seiki.example.jp", "mobile": None}
    assert pair_sides([Side(1, FRONT, 0), Side(2, colleague, 1)]) == []
    # Alone on their pages, with the English name unread: the same office is enough.
    unnamed = {**BACK, "name": None, "email": None, "mobile": None}
    assert pair_sides([Side(1, FRONT, 0), Side(2, unnamed, 1)]) == [(1, 2)]
    assert pair_sides([Side(1, FRONT, 0), Side(2, unnamed, 0), Side(3, STRANGER, 0)]) == []
    assert pair_sides([Side(1, FRONT, 0), Side(3, STRANGER, 1), Side(2, BACK, 2)]) == []  # not neighbours


def test_the_back_fills_only_what_the_front_lacks_and_never_the_written_fields() -> None:
    assert back_fill(FRONT, [BACK]) == {
        "mobile": "090-1111-2222",
        "url": "https://www.asahi-seiki.example.jp",
    }
    assert back_fill({}, [BACK]).keys() == {"phone", "email", "mobile", "url"}


def _scans(
    session: Session, settings: Settings, staff: Staff, tmp_path: Path, count: int, policy: ReviewPolicy
) -> list[int]:
    paths = []
    for i in range(count):
        (tmp_path / f"s{i}.png").write_bytes(png(40 + i))
        paths.append(tmp_path / f"s{i}.png")
    report = ingest_files(
        session,
        paths,
        staff=staff,
        exchanged_on=dt.date(2026, 11, 2),
        storage_root=settings.cards_path,
        review=policy,
    )
    session.commit()
    return report.scan_ids


def _result(fields: dict[str, str], *, page: int = 0, index: int = 0) -> CardResult:
    reading = CardReading(
        file="scan",
        card_index=index,
        page=page,
        fields={k: FieldValue(v, 0.95) for k, v in fields.items()},
        orientation=0,
        vertical=False,
        text="\n".join(fields.values()),
    )
    return CardResult(reading, np.full((55, 91, 3), 255, np.uint8))


def _save(engine: Engine, settings: Settings, scan_id: int, results: list[CardResult]) -> list[int]:
    factory = make_session_factory(engine)
    with factory() as s, s.begin():
        assert claim_scan(s, scan_id, worker="test:1", now=utcnow())
    outcome = save_reading(factory, scan_id, worker="test:1", results=results, error=None, settings=settings)
    assert outcome.status == "done"
    return outcome.card_ids


def _contacts(session: Session) -> list[Contact]:
    session.expire_all()
    return list(session.scalars(select(Contact).where(Contact.merged_into_id.is_(None))))


def _card(session: Session, card_id: int) -> Card:
    card = session.get(Card, card_id)
    assert card is not None
    return card


def test_a_two_page_scan_of_both_sides_makes_one_contact_filled_from_the_back(
    session: Session, engine: Engine, settings: Settings, official: Staff, tmp_path: Path
) -> None:
    (scan_id,) = _scans(session, settings, official, tmp_path, 1, ReviewPolicy.NONE)
    front_id, back_id = _save(engine, settings, scan_id, [_result(FRONT), _result(BACK, page=1)])
    (contact,) = _contacts(session)
    front, back = _card(session, front_id), _card(session, back_id)
    assert (back.back_of_card_id, back.status, back.contact_id) == (front.id, CardStatus.CONFIRMED, None)
    assert front.contact_id == contact.id and contact.name == "早川 修一" and contact.title == "営業課長"
    assert (contact.mobile, contact.url) == ("090-1111-2222", "https://www.asahi-seiki.example.jp")
    assert front.corrections == {}  # what the back filled in is not a correction of the reader
    assert (
        session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "card.back"))
        == 1
    )


def test_under_review_the_back_is_decided_with_its_front(
    session: Session, engine: Engine, settings: Settings, official: Staff, tmp_path: Path
) -> None:
    (scan_id,) = _scans(session, settings, official, tmp_path, 1, ReviewPolicy.ALL)
    front_id, back_id = _save(engine, settings, scan_id, [_result(FRONT), _result(BACK, index=1)])
    assert _contacts(session) == []
    with pytest.raises(InvalidState, match=f"back of card {front_id}"):
        confirm_card(session, back_id, corrections={})
    result = confirm_card(session, front_id, corrections={"mobile": "080-3333-4444"})
    session.commit()
    assert result.contact.mobile == "080-3333-4444"  # a person's correction wins over the back
    assert result.card.corrections == {"mobile": {"read": "090-1111-2222", "confirmed": "080-3333-4444"}}
    assert _card(session, back_id).status is CardStatus.CONFIRMED and len(_contacts(session)) == 1


def test_rejecting_the_front_rejects_its_back_and_a_wrong_pair_can_be_unlinked(
    session: Session, engine: Engine, settings: Settings, official: Staff, tmp_path: Path
) -> None:
    first, second = _scans(session, settings, official, tmp_path, 2, ReviewPolicy.ALL)
    front_id, back_id = _save(engine, settings, first, [_result(FRONT), _result(BACK, index=1)])
    reject_card(session, front_id)
    session.commit()
    assert _card(session, back_id).status is CardStatus.REJECTED

    front_id, back_id = _save(engine, settings, second, [_result(FRONT), _result(BACK, index=1)])
    unlink_back(session, back_id)
    confirm_card(session, back_id, corrections={})
    confirm_card(session, front_id, corrections={})
    session.commit()
    by_name = {c.name: c for c in _contacts(session)}
    assert by_name.keys() == {"早川 修一", "Shuichi Hayakawa"} and by_name["早川 修一"].mobile is None


@pytest.mark.parametrize("back_first", [False, True])
def test_front_and_back_in_two_files_of_one_import_pair_in_whichever_order_they_are_read(
    session: Session, engine: Engine, settings: Settings, official: Staff, tmp_path: Path, back_first: bool
) -> None:
    front_scan, back_scan = _scans(session, settings, official, tmp_path, 2, ReviewPolicy.NONE)
    if back_first:
        (back_id,) = _save(engine, settings, back_scan, [_result(BACK)])
        assert _card(session, back_id).status is CardStatus.NEEDS_REVIEW  # waits for its front
        (front_id,) = _save(engine, settings, front_scan, [_result(FRONT)])
    else:
        (front_id,) = _save(engine, settings, front_scan, [_result(FRONT)])
        (back_id,) = _save(engine, settings, back_scan, [_result(BACK)])
    (contact,) = _contacts(session)
    back = _card(session, back_id)
    assert (back.back_of_card_id, back.status, back.contact_id) == (front_id, CardStatus.CONFIRMED, None)
    assert (contact.name, contact.mobile) == ("早川 修一", "090-1111-2222")


def test_an_english_card_of_someone_else_next_in_the_import_becomes_its_own_contact(
    session: Session, engine: Engine, settings: Settings, official: Staff, tmp_path: Path
) -> None:
    front_scan, other_scan = _scans(session, settings, official, tmp_path, 2, ReviewPolicy.NONE)
    (other_id,) = _save(engine, settings, other_scan, [_result(STRANGER)])
    assert _card(session, other_id).status is CardStatus.NEEDS_REVIEW
    _save(engine, settings, front_scan, [_result(FRONT)])
    assert sorted(c.name for c in _contacts(session)) == ["Emma Clarke", "早川 修一"]
    assert _card(session, other_id).back_of_card_id is None
    assert session.scalar(select(Scan.id).where(Scan.id == other_scan)) == other_scan
