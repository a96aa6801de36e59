"""preprocess: card finding, warping, illumination, text size, deskew and orientation."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from handover.reader import preprocess as P
from handover.reader.settings import ReaderSettings
from tests.unit.reader.synthetic_cards import (
    draw_horizontal_card,
    draw_vertical_card,
    place_on_background,
    rotate_image,
)

SETTINGS = ReaderSettings()


def _corner_error(found: np.ndarray, expected: np.ndarray) -> float:
    return float(np.linalg.norm(P.order_corners(found) - P.order_corners(expected), axis=1).max())


def test_order_corners() -> None:
    pts = np.array([[10, 90], [100, 5], [0, 0], [110, 95]], np.float32)
    assert P.order_corners(pts).tolist() == [[0, 0], [100, 5], [110, 95], [10, 90]]


@pytest.mark.parametrize(
    ("background", "noise"),
    [((40, 45, 50), 6.0), ((90, 120, 160), 12.0), ((244, 244, 242), 2.0)],
    ids=["dark-desk", "wood-colour", "white-scanner-bed"],
)
def test_card_in_perspective_is_found(background: tuple[int, int, int], noise: float) -> None:
    corners = np.array([[300, 200], [1500, 350], [1400, 1100], [200, 950]], np.float32)
    scene = place_on_background(draw_horizontal_card(), corners, (1800, 1300), background, noise)
    cards = P.find_cards(scene, settings=SETTINGS)
    assert len(cards) == 1 and cards[0].found
    assert _corner_error(cards[0].corners, corners) < 15  # px, in an 1800 px image


def test_several_cards_come_in_reading_order() -> None:
    scene = np.full((1500, 2000, 3), 60, np.uint8)
    h = cv2.resize(draw_horizontal_card(), (700, 423))
    v = cv2.resize(draw_vertical_card(), (400, 662))
    scene[100:523, 1200:1900] = h  # top right
    scene[120:543, 100:800] = h  # top left, a little lower
    scene[750:1412, 500:900] = v  # bottom
    cards = P.find_cards(scene, settings=SETTINGS)
    centres = [c.corners.mean(axis=0).round().tolist() for c in cards]
    assert len(cards) == 3
    assert centres[0][0] < 800 and centres[1][0] > 1200 and centres[2][1] > 750


def test_no_outline_falls_back_to_whole_image() -> None:
    card = draw_horizontal_card()
    cards = P.find_cards(card, settings=SETTINGS)
    assert len(cards) == 1 and not cards[0].found
    assert P.warp_card(card, cards[0], settings=SETTINGS) is card


@pytest.mark.parametrize("turn", [0, 90])
def test_warp_gives_card_aspect(turn: int) -> None:
    corners = np.array([[300, 200], [1500, 350], [1400, 1100], [200, 950]], np.float32)
    scene = rotate_image(place_on_background(draw_horizontal_card(), corners, (1800, 1300)), turn)
    card = P.find_cards(scene, settings=SETTINGS)[0]
    h, w = P.warp_card(scene, card, settings=SETTINGS).shape[:2]
    ratio = w / h if turn == 0 else h / w
    assert abs(ratio - 91 / 55) < 0.01


def test_warp_is_flat() -> None:
    card = draw_horizontal_card()
    corners = np.array([[300, 200], [1500, 350], [1400, 1100], [200, 950]], np.float32)
    scene = place_on_background(card, corners, (1800, 1300))
    warped = P.warp_card(scene, P.find_cards(scene, settings=SETTINGS)[0], settings=SETTINGS)
    back = cv2.resize(warped, (card.shape[1], card.shape[0]), interpolation=cv2.INTER_AREA)
    diff = np.abs(back.astype(int) - card.astype(int)).mean()
    assert diff < 12


def test_illumination_is_evened_out() -> None:
    gray = P.to_gray(draw_horizontal_card())
    shade = np.linspace(0.45, 1.0, gray.shape[1])[None, :]  # a shadow from the left
    shaded = (gray * shade).astype(np.uint8)
    out = P.normalize_illumination(shaded)
    paper = gray > 200
    assert np.ptp(np.percentile(shaded[paper].reshape(-1), [5, 95])) > 80
    left, right = out[:, :100][paper[:, :100]], out[:, -100:][paper[:, -100:]]
    assert abs(float(np.median(left)) - float(np.median(right))) < 15


def test_evenly_lit_scan_is_left_alone() -> None:
    gray = P.to_gray(draw_horizontal_card())
    assert P.normalize_illumination(gray) is gray


def test_text_size_and_scaling() -> None:
    gray = P.to_gray(draw_horizontal_card(width=1092))  # body text drawn ~30 px high
    assert 18 <= P.estimate_text_size(gray) <= 40
    small = cv2.resize(gray, None, fx=0.4, fy=0.4, interpolation=cv2.INTER_AREA)
    scaled, factor = P.scale_for_ocr(small, settings=SETTINGS)
    assert factor > 1.5
    assert abs(P.estimate_text_size(scaled) - SETTINGS.target_text_height) < 10


@pytest.mark.parametrize("angle", [-4.0, 2.5])
def test_deskew_finds_small_angles(angle: float) -> None:
    gray = P.to_gray(draw_horizontal_card())
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    skewed = cv2.warpAffine(gray, m, (w, h), borderValue=250)
    assert abs(P.estimate_skew(skewed, max_angle=8) + angle) < 0.5
    straight, applied = P.deskew(skewed, settings=SETTINGS)
    assert abs(applied + angle) < 0.5
    assert abs(P.estimate_skew(straight, max_angle=8)) < 0.5


def test_clear_border_paints_desk_edges() -> None:
    gray = np.full((100, 160), 240, np.uint8)
    gray[:, :1] = 0
    assert P.clear_border(gray).min() == 240


@pytest.mark.tesseract
@pytest.mark.parametrize("turn", [90, 180, 270])
@pytest.mark.parametrize("kind", ["horizontal", "vertical"])
def test_orientation_is_found(turn: int, kind: str) -> None:
    card = draw_horizontal_card() if kind == "horizontal" else draw_vertical_card()
    gray = P.to_gray(rotate_image(card, turn))
    assert (P.decide_orientation(gray, settings=SETTINGS) + turn) % 360 == 0


@pytest.mark.tesseract
def test_orientation_without_osd_compares_readings() -> None:
    gray = P.to_gray(rotate_image(draw_horizontal_card(), 180))
    settings = ReaderSettings(use_osd=False)
    assert P.decide_orientation(gray, settings=settings) == 180


def test_graphics_are_removed_and_bands_inverted() -> None:
    gray = P.to_gray(draw_horizontal_card())
    h = gray.shape[0]
    gray[:, :25] = 30  # a dark bar down the left edge
    gray[h - 8 : h - 5, 60:900] = 0  # a thin rule
    band = np.full((90, 500), 70, np.uint8)
    cv2.putText(band, "ABC", (20, 70), cv2.FONT_HERSHEY_SIMPLEX, 2.2, 255, 6)  # white on colour
    gray[h - 200 : h - 110, 560:1060] = band
    out = P.remove_graphics(gray, char_size=30)
    assert out[:, :20].min() > 200 and out[h - 7, 100:800].min() > 200
    inverted = out[h - 200 : h - 110, 560:1060]
    assert np.median(inverted) > 200  # the band is light now
    assert inverted.min() < 80  # and its letters dark
    # The text of the card is untouched.
    assert np.array_equal(out[100:300, 60:500], gray[100:300, 60:500])


def test_an_inverted_band_keeps_only_its_text() -> None:
    """A wide band whose empty part the light evening left paler inverts to plain white there,
    with no frame, and its text dark."""
    h, w = 400, 1200
    gray = np.full((h, w), 245, np.uint8)
    band = np.full((100, 1100), 70, np.uint8)
    band[25:75, 550:950] = 200  # the pale smear on the band's empty part
    cv2.putText(band, "ABC", (20, 75), cv2.FONT_HERSHEY_SIMPLEX, 2.2, 255, 6)
    gray[20:120, 50:1150] = band
    out = P.remove_graphics(gray, char_size=30)
    assert out[20:120, 400:1150].min() > 240  # the empty part and the smear are white
    assert out[18:22, 50:1150].min() > 240 and out[118:122, 50:1150].min() > 240  # no frame
    assert out[20:120, 50:400].min() < 80  # the letters are dark
