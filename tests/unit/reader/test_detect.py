"""detect: cards touching each other, white cards on pale desks, rims open on one side."""

from __future__ import annotations

import cv2
import numpy as np

from handover.reader import detect
from handover.reader.settings import ReaderSettings
from tests.unit.reader.synthetic_cards import draw_horizontal_card, draw_vertical_card

SETTINGS = ReaderSettings()


def _centres(cards: list[detect.CardQuad]) -> list[tuple[float, float]]:
    return [(float(c.corners[:, 0].mean()), float(c.corners[:, 1].mean())) for c in cards]


def test_two_touching_cards_are_cut_apart_at_their_seam() -> None:
    scene = np.full((1700, 1200, 3), 70, np.uint8)
    card = cv2.resize(draw_vertical_card(), (400, 662))
    scene[150:812, 300:700] = card
    scene[812:1474, 300:700] = card
    scene[810:814, 300:700] = 150  # the shadow line where the two cards meet
    cards = detect.find_cards(scene, settings=SETTINGS)
    assert len(cards) == 2 and all(c.found for c in cards)
    (x0, y0), (x1, y1) = _centres(cards)
    assert abs(x0 - 500) < 15 and abs(y0 - 481) < 20
    assert abs(x1 - 500) < 15 and abs(y1 - 1143) < 20


def test_a_long_strip_without_a_seam_is_no_pair_of_cards() -> None:
    gray = np.full((900, 400), 200, np.uint8)
    quad = np.array([[50, 50], [300, 50], [300, 850], [50, 850]], np.float32)
    assert detect.split_touching(gray, quad) == []


def test_white_card_whose_top_rim_fades_into_a_white_desk_is_found() -> None:
    scene = np.full((1000, 1500, 3), 238, np.uint8)
    card = draw_horizontal_card(width=1000)  # 1000 x 604
    x, y = 250, 200
    h, w = card.shape[:2]
    # A drop shadow on the left, right and bottom sides only; the top side is white on white.
    scene[y : y + h + 6, x - 6 : x + w + 6] = 205
    scene[y : y + h, x : x + w] = card
    scene[y : y + h, x : x + w][card.min(axis=2) > 240] = 241
    cards = detect.find_cards(scene, settings=SETTINGS)
    assert len(cards) == 1 and cards[0].found
    (cx, cy) = _centres(cards)[0]
    assert abs(cx - (x + w / 2)) < 20 and abs(cy - (y + h / 2)) < 20


def test_rim_contrast_tells_a_card_edge_from_a_smooth_gradient() -> None:
    scene = np.zeros((600, 900, 3), np.uint8)
    scene[:] = np.linspace(180, 250, 900, dtype=np.uint8)[None, :, None]  # light falling across a desk
    scene[150:450, 400:800] = 255
    lab = cv2.cvtColor(scene, cv2.COLOR_BGR2LAB).astype(np.float32)
    card = np.array([[400, 150], [799, 150], [799, 449], [400, 449]], np.float32)
    gradient = np.array([[100, 100], [380, 100], [380, 500], [100, 500]], np.float32)
    assert detect.rim_contrast(lab, card) > 6.0
    assert detect.rim_contrast(lab, gradient) < 2.0
