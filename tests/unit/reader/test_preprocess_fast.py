"""The vectorised and OpenCV paths of preprocess give what the plain loops and numpy sums give."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from handover.reader import preprocess as P
from handover.reader import read
from handover.reader.detect import CardQuad, whole_image_quad
from tests.unit.reader.synthetic_cards import draw_horizontal_card, place_on_background


def _glyph_sizes_by_loop(gray: np.ndarray) -> list[int]:
    ink = cv2.dilate(P._ink(gray), np.ones((3, 3), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    h, w = gray.shape
    sizes = []
    for i in range(1, n):
        cw, ch, area = stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT], stats[i, cv2.CC_STAT_AREA]
        if ch < 5 or ch > h / 4 or cw > w / 4 or area < 12 or max(cw, ch) > 4 * min(cw, ch):
            continue
        sizes.append(int(max(cw, ch)))
    return sizes


def test_glyph_sizes_are_the_blobs_a_loop_keeps_in_label_order() -> None:
    gray = P.to_gray(draw_horizontal_card())
    cv2.line(gray, (20, 20), (900, 20), 0, 3)  # a rule: too long to be a glyph
    sizes = P.glyph_sizes(gray)
    assert len(sizes) > 50
    assert sizes == _glyph_sizes_by_loop(gray)


def test_profile_score_sums_rows_and_columns_as_numpy_does() -> None:
    rng = np.random.default_rng(5)
    ink = (rng.random((300, 480)) < 0.1).astype(np.float32)
    ink[100:104, 20:460] = 1  # a text line: a sharp row profile
    rows, cols = ink.sum(axis=1), ink.sum(axis=0)
    expected = float(np.var(rows) / max(1.0, rows.mean() ** 2) + np.var(cols) / max(1.0, cols.mean() ** 2))
    assert P._profile_score(ink) == expected


def test_text_size_counts_ink_per_line_as_the_weighted_count_did() -> None:
    # Only inked pixels are counted per smeared line now; a card whose lines are far denser than
    # text (solid bars) is measured by its glyphs, one with text by its lines.
    card = P.to_gray(draw_horizontal_card())
    assert 18 <= P.estimate_text_size(card) <= 40
    bars = np.full((400, 700), 255, np.uint8)
    bars[50:90, 50:650] = 0  # solid: denser than any line of text, and no glyphs
    bars[200:240, 50:650] = 0
    assert P.estimate_text_size(bars) == 0.0


def test_a_photo_is_told_from_a_scan_by_its_border_alone() -> None:
    card = draw_horizontal_card(600)
    corners = np.array([[100, 80], [700, 90], [690, 450], [95, 440]], np.float32)
    scene = place_on_background(card, corners, (800, 540), background=(60, 70, 80))
    assert read.looks_like_photo(scene, CardQuad(corners, found=True))
    white = np.full((400, 600, 3), 250, np.uint8)
    white[150:250, 200:400] = 30  # dark ink in the middle does not make a photo
    assert not read.looks_like_photo(white, CardQuad(whole_image_quad(white), found=True))
    assert not read.looks_like_photo(scene, CardQuad(whole_image_quad(scene), found=False))


@pytest.mark.parametrize("shape", [(90, 150), (91, 151), (1, 1), (2, 2)])
def test_the_median_level_is_numpys_median(shape: tuple[int, int]) -> None:
    gray = np.random.default_rng(sum(shape)).integers(0, 256, shape, dtype=np.uint8)
    assert P.median_level(gray) == float(np.median(gray))
    assert P.median_level(np.full(shape, 7, np.uint8)) == 7.0
