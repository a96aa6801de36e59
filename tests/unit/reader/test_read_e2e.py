"""read_card end to end with the real Tesseract: synthetic scenes, the CLI, and sample_cards."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from handover.cli.read import read_command
from handover.reader.read import read_batch, read_card, read_card_images, save_card_image
from tests.unit.reader.synthetic_cards import (
    draw_horizontal_card,
    draw_vertical_card,
    place_on_background,
    rotate_image,
)

pytestmark = pytest.mark.tesseract

SAMPLES = Path(__file__).resolve().parents[3] / "sample_cards"
TRUTH = SAMPLES / "truth.json"


def _photo(turn: int = 0) -> np.ndarray:
    corners = np.array([[300, 200], [1500, 350], [1400, 1100], [200, 950]], np.float32)
    return rotate_image(place_on_background(draw_horizontal_card(), corners, (1800, 1300)), turn)


def _compact(text: str) -> str:
    return text.replace(" ", "")


def test_photo_turned_on_its_side(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    cv2.imwrite(str(path), _photo(turn=90))
    results = read_card_images(path)
    assert len(results) == 1
    reading = results[0].reading
    assert reading.orientation == 270 and not reading.vertical
    assert "03-5253-8111" in reading.text and "山田" in reading.text
    h, w = results[0].image.shape[:2]
    assert abs(w / h - 91 / 55) < 0.02  # the review image is the upright card
    saved = save_card_image(results[0].image, tmp_path / "card.png")
    with Image.open(saved) as im:
        assert im.size == (w, h)
    assert all(ln.box.x >= 0 and ln.box.right <= w + 2 for ln in reading.lines)


def test_two_cards_and_a_vertical_one_from_bytes() -> None:
    scene = np.full((1500, 2000, 3), 60, np.uint8)
    scene[120:543, 100:800] = cv2.resize(draw_horizontal_card(), (700, 423))
    scene[100:523, 1200:1900] = cv2.resize(draw_horizontal_card(), (700, 423))
    scene[750:1412, 800:1200] = cv2.resize(draw_vertical_card(width=900), (400, 662))
    _ok, buf = cv2.imencode(".png", scene)
    readings = read_card(buf.tobytes(), name="desk.png")
    assert [r.card_index for r in readings] == [0, 1, 2]
    assert [r.vertical for r in readings] == [False, False, True]
    assert all(r.file == "desk.png" for r in readings)
    assert "03-3264-2111" in readings[2].text


def test_cli_json_reports_broken_files_and_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "card.png"
    cv2.imwrite(str(good), draw_horizontal_card())
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"not an image")
    result = CliRunner().invoke(read_command, [str(bad), str(good), "--format", "json", "--jobs", "1"])
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert out[0]["file"] == str(bad) and "bad.jpg" in out[0]["error"]
    assert out[1]["file"] == str(good) and "5253-8111" in out[1]["text"]
    assert set(out[1]["fields"]) >= {"name", "phone", "email"}


def test_batch_on_two_processes_keeps_order(tmp_path: Path) -> None:
    paths = []
    for i, turn in enumerate((0, 180)):
        paths.append(tmp_path / f"{i}.jpg")
        cv2.imwrite(str(paths[-1]), rotate_image(draw_horizontal_card(), turn))
    items = list(read_batch(paths, jobs=2))
    assert [i.file for i in items] == [str(p) for p in paths]
    assert [i.readings[0].orientation for i in items] == [0, 180]


def _truth() -> list[dict[str, object]]:
    if not TRUTH.exists():
        pytest.skip("sample_cards/truth.json not generated")
    data = json.loads(TRUTH.read_text(encoding="utf-8"))
    return list(data["cards"] if isinstance(data, dict) else data)


def _entry(name: str) -> dict[str, object]:
    for entry in _truth():
        if str(entry["file"]).endswith(name):
            return entry
    pytest.skip(f"{name} not in sample_cards/truth.json")


# One file per kind of input; these read correctly today, and must keep doing so.
SAMPLE_FILES = (
    "0023_skewed_h.jpg",
    "0005_lowres_h.jpg",
    "0065_photo_h.jpg",  # a quarter turn
    "0078_photo_h.jpg",  # upside down
    "0003_skewed_v.jpg",  # 縦書き
    "0088_multi_h.jpg",  # three cards
)


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_sample_cards_key_fields(name: str) -> None:
    entry = _entry(name)
    readings = read_card(SAMPLES / str(entry["file"]))
    cards = entry["cards"]
    assert isinstance(cards, list)
    assert len(readings) == len(cards)
    for reading, card in zip(readings, cards, strict=True):
        assert reading.orientation == entry["rotation"]
        assert reading.vertical == card["vertical"]
        for field in ("phone", "email"):
            expected = card["fields"][field]
            got = reading.fields.get(field)
            assert (got.value if got else None) == expected, field
