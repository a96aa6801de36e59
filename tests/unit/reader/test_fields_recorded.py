"""extract_fields on recorded plain-Tesseract output of sample cards, OCR errors and all.

The fixtures in recorded/ are made by recorded/record.py. Each pins the fields the parser read
right when it was recorded; a change that loses one of them fails here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from handover.reader.fields import extract_fields
from handover.reader.types import FIELD_NAMES, Box, Line, Word

RECORDED = Path(__file__).parent / "recorded"
FIXTURES = sorted(RECORDED.glob("*.json"))


def lines_of(fixture: dict[str, Any]) -> list[Line]:
    """The recorded lines as the reader's Line values."""
    return [
        Line(
            text=ln["text"],
            box=Box(*ln["box"]),
            words=tuple(Word(w["text"], Box(*w["box"]), w["conf"]) for w in ln["words"]),
            size=ln["size"],
            conf=ln["conf"],
            vertical=ln["vertical"],
        )
        for ln in fixture["lines"]
    ]


def read_fixture(fixture: dict[str, Any]) -> dict[str, str | None]:
    """Field values extract_fields reads from a fixture."""
    fields = extract_fields(
        lines_of(fixture), width=fixture["width"], height=fixture["height"], vertical=fixture["vertical"]
    )
    return {k: (v.value if v else None) for k, v in fields.items()}


def test_there_are_recordings() -> None:
    assert len(FIXTURES) >= 8
    assert any(json.loads(p.read_text(encoding="utf-8"))["vertical"] for p in FIXTURES)


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_recorded_card(path: Path) -> None:
    fixture = json.loads(path.read_text(encoding="utf-8"))
    got = read_fixture(fixture)
    assert set(got) == set(FIELD_NAMES)
    wrong = {k: (fixture["truth"][k], got[k]) for k in fixture["pinned"] if got[k] != fixture["truth"][k]}
    assert not wrong


def test_recordings_are_mostly_read_right() -> None:
    """Across the recordings, most fields come out exactly as the truth says."""
    right = total = 0
    for path in FIXTURES:
        fixture = json.loads(path.read_text(encoding="utf-8"))
        got = read_fixture(fixture)
        right += sum(got[k] == fixture["truth"][k] for k in FIELD_NAMES)
        total += len(FIELD_NAMES)
    assert right / total >= 0.7
