"""Both sides of real sample cards, imported as a duplex PDF and as two files: one contact each."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from handover.cli import main
from handover.models import Card, Contact, Scan, ScanStatus, Staff
from tests.integration.test_ingest import SAMPLES


def _pairs(count: int) -> list[tuple[Path, Path]]:
    """(front, back) files of sample cards printed on both sides."""
    entries = json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))
    pairs = [(SAMPLES / e["pair"], SAMPLES / e["file"]) for e in entries if e["category"] == "back"]
    assert len(pairs) >= count, "sample_cards/ holds too few two-sided cards; regenerate them"
    return pairs[:count]


def _invoke(runner: CliRunner, env: dict[str, str], *args: str) -> Any:
    return runner.invoke(main, list(args), env={**env, "HANDOVER_READING_WORKERS": "2"})


@pytest.mark.tesseract
def test_a_duplex_pdf_and_two_files_of_both_sides_make_one_contact_each(
    runner: CliRunner, cli_env: dict[str, str], session: Session, official: Staff, tmp_path: Path
) -> None:
    (front_a, back_a), (front_b, back_b) = _pairs(2)
    scans = tmp_path / "scans"
    scans.mkdir()
    with Image.open(front_a) as front, Image.open(back_a) as back:
        front.convert("RGB").save(scans / "0_duplex.pdf", save_all=True, append_images=[back.convert("RGB")])
    shutil.copyfile(front_b, scans / "1_front.jpg")
    shutil.copyfile(back_b, scans / "2_back.jpg")

    result = _invoke(runner, cli_env, "cards", "import", str(scans), "--staff", "E0001", "--review", "none",
                     "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert len(out["cards"]) == 4
    session.expire_all()
    cards = list(session.scalars(select(Card).order_by(Card.id)))
    backs = [c for c in cards if c.back_of_card_id is not None]
    assert len(backs) == 2 and all(b.contact_id is None for b in backs)
    contacts = list(session.scalars(select(Contact)))
    assert len(contacts) == 2
    # The contacts carry the Japanese side's name, never the romaji of the back.
    assert all(not c.name.isascii() for c in contacts)


def test_a_back_is_confirmed_with_its_front_unless_unlinked(
    runner: CliRunner, cli_env: dict[str, str], session: Session, official: Staff
) -> None:
    scan = Scan(sha256="c" * 64, filename="duplex.pdf", media_type="application/pdf", size_bytes=1,
                stored_path="none.pdf", uploaded_by_staff_id=official.id, status=ScanStatus.DONE)  # fmt: skip
    front = Card(
        scan=scan, page=0, reading={"fields": {"name": "早川 修一", "name_kana": "ハヤカワ シュウイチ"}}
    )
    back = Card(
        scan=scan, page=1, reading={"fields": {"name": "Shuichi Hayakawa", "mobile": "090-1111-2222"}}
    )
    session.add_all([scan, front, back])
    session.flush()
    back.back_of_card_id = front.id
    session.commit()

    listed = json.loads(_invoke(runner, cli_env, "cards", "list", "--format", "json").stdout)
    assert {r["id"]: r["back_of_card_id"] for r in listed} == {front.id: None, back.id: front.id}
    refused = _invoke(runner, cli_env, "cards", "confirm", str(back.id))
    assert refused.exit_code == 1 and f"back of card {front.id}" in refused.stderr
    assert _invoke(runner, cli_env, "cards", "unlink", str(back.id)).exit_code == 0
    assert _invoke(runner, cli_env, "cards", "unlink", str(back.id)).exit_code == 1
    assert _invoke(runner, cli_env, "cards", "confirm", str(back.id)).exit_code == 0
    session.expire_all()
    assert session.get(Card, back.id).contact_id is not None  # type: ignore[union-attr]
