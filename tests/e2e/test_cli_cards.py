"""`handover cards ...` as an official uses it: import a pile of scans, review, confirm, reject."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handover.cli import main
from handover.models import AuditEvent, Card, Connection, Contact, Scan, ScanStatus, Staff
from tests.factories import add_department, add_staff
from tests.integration.test_ingest import sample_files


@pytest.fixture
def office(session: Session) -> dict[str, Staff]:
    """Two officials in two sections."""
    a = add_staff(session, "E0001", "相川 明", add_department(session, "K1", "道路課"), "主査")
    b = add_staff(session, "E0002", "井口 舞", add_department(session, "K2", "河川課"), "係長")
    session.commit()
    return {"a": a, "b": b}


@pytest.fixture
def card_image() -> np.ndarray:  # type: ignore[type-arg]
    """A real sample card, as pixels (so that it can be saved as different files)."""
    image = cv2.imread(str(sample_files(1)[0]))
    assert image is not None
    return image


def _invoke(runner: CliRunner, env: dict[str, str], *args: str) -> Any:
    return runner.invoke(main, list(args), env={**env, "HANDOVER_READING_WORKERS": "2"})


def _count(session: Session, model: type[Any]) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.tesseract
def test_a_batch_with_a_corrupt_file_imports_the_rest_names_it_and_a_reimport_changes_nothing(
    runner: CliRunner,
    cli_env: dict[str, str],
    session: Session,
    office: dict[str, Staff],
    tmp_path: Path,
    card_image: np.ndarray,  # type: ignore[type-arg]
) -> None:
    scans = tmp_path / "scans"
    scans.mkdir()
    cv2.imwrite(str(scans / "card.jpg"), card_image)
    (scans / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    args = ["cards", "import", str(scans), "--staff", "E0001", "--exchanged-on", "令和8年10月5日"]
    result = _invoke(runner, cli_env, *args, "--review", "all", "--format", "json")
    assert result.exit_code == 1, result.output
    assert "broken.jpg" in result.stderr
    summary = json.loads(result.stdout)
    assert summary["imported"] == 1 and summary["duplicates"] == 0
    assert [f["file"] for f in summary["failed"]] == [str(scans / "broken.jpg")]
    assert [(c["file"], c["status"], c["contact_id"]) for c in summary["cards"]] == [
        (str(scans / "card.jpg"), "needs_review", None)
    ]
    card = session.get(Card, summary["cards"][0]["card_id"])
    assert card is not None and card.exchanged_on == dt.date(2026, 10, 5)
    assert card.reading["fields"]["name"]

    before = (_count(session, Scan), _count(session, Card), _count(session, AuditEvent))
    again = _invoke(
        runner, cli_env, "cards", "import", str(scans / "card.jpg"), "--staff", "E0001", "--format", "json"
    )
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout) == {"imported": 0, "duplicates": 1, "failed": [], "cards": []}
    assert (_count(session, Scan), _count(session, Card), _count(session, AuditEvent)) == before


@pytest.mark.tesseract
def test_the_same_person_scanned_by_two_officials_is_one_contact_with_two_holders(
    runner: CliRunner,
    cli_env: dict[str, str],
    session: Session,
    office: dict[str, Staff],
    tmp_path: Path,
    card_image: np.ndarray,  # type: ignore[type-arg]
) -> None:
    # Two scans of one card (a JPEG and a PNG: different files, the same person).
    cv2.imwrite(str(tmp_path / "a.jpg"), card_image)
    cv2.imwrite(str(tmp_path / "b.png"), card_image)
    contact_ids = []
    for file, staff in (("a.jpg", "E0001"), ("b.png", "E0002")):
        result = _invoke(
            runner, cli_env, "cards", "import", str(tmp_path / file), "--staff", staff, "--review", "none",
            "--format", "json",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        cards = json.loads(result.stdout)["cards"]
        assert [c["status"] for c in cards] == ["confirmed"]
        contact_ids.append(cards[0]["contact_id"])
    assert contact_ids[0] == contact_ids[1] and _count(session, Contact) == 1
    holders = session.scalars(select(Connection.staff_id).order_by(Connection.staff_id)).all()
    assert holders == [office["a"].id, office["b"].id]


def _waiting_card(session: Session, staff: Staff, fields: dict[str, str | None]) -> int:
    scan = Scan(
        sha256=uuid.uuid4().hex * 2,
        filename="scan.jpg",
        media_type="image/jpeg",
        size_bytes=1,
        stored_path="none.jpg",
        uploaded_by_staff_id=staff.id,
        exchanged_on=dt.date(2026, 10, 1),
        status=ScanStatus.DONE,
    )
    card = Card(scan=scan, reading={"fields": fields, "confidence": {}}, exchanged_on=dt.date(2026, 10, 1))
    session.add(card)
    session.commit()
    return card.id


def test_review_from_the_command_line(
    runner: CliRunner, cli_env: dict[str, str], session: Session, office: dict[str, Staff]
) -> None:
    first = _waiting_card(session, office["a"], {"name": "椎名 遥香", "organization": "株式会社みなと測量"})
    second = _waiting_card(session, office["b"], {"name": "小田 恭平", "title": "主任"})
    listed = _invoke(runner, cli_env, "cards", "list", "--status", "needs_review", "--format", "json")
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert [(r["id"], r["staff"], r["fields"]["name"]) for r in rows] == [
        (second, "E0002", "小田 恭平"),
        (first, "E0001", "椎名 遥香"),
    ]
    bad = _invoke(runner, cli_env, "cards", "confirm", str(first), "--set", "emial=a@b.jp")
    assert bad.exit_code == 1 and "emial" in bad.stderr
    usage = _invoke(runner, cli_env, "cards", "confirm", str(first), "--set", "title")
    assert usage.exit_code == 2
    ok = _invoke(runner, cli_env, "cards", "confirm", str(first), "--set", "title=技師", "--format", "json")
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["corrected"] == ["title"]
    assert _invoke(runner, cli_env, "cards", "reject", str(second)).exit_code == 0
    again = _invoke(runner, cli_env, "cards", "reject", str(second))
    assert again.exit_code == 1 and "rejected" in again.stderr
    missing = _invoke(runner, cli_env, "cards", "import", "/nonexistent", "--staff", "E0001")
    assert missing.exit_code == 2
    unknown = _invoke(runner, cli_env, "cards", "list", "--staff", "E9999")
    assert unknown.exit_code == 1 and "E9999" in unknown.stderr
    session.expire_all()
    statuses = {card.id: card.status for card in session.scalars(select(Card))}
    assert {k: v.value for k, v in statuses.items()} == {first: "confirmed", second: "rejected"}
