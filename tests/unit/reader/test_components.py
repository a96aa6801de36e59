"""components: the 16-bit connected components give OpenCV's 32-bit labelling, and fall back when full."""

from __future__ import annotations

import cv2
import numpy as np

from handover.reader import components
from handover.reader.preprocess import to_gray
from tests.unit.reader.synthetic_cards import draw_horizontal_card


def _ink() -> np.ndarray:
    gray = to_gray(draw_horizontal_card())
    _, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return np.asarray(ink, np.uint8)


def test_with_stats_gives_the_32_bit_labelling_in_16_bits() -> None:
    ink = _ink()
    n, labels, stats = components.with_stats(ink)
    ref_n, ref_labels, ref_stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    assert labels.dtype == np.uint16
    assert n == ref_n > 50
    assert np.array_equal(labels, ref_labels)
    assert np.array_equal(stats, ref_stats)


def test_labelled_gives_the_32_bit_labelling_in_16_bits() -> None:
    ink = _ink()
    n, labels = components.labelled(ink)
    ref_n, ref_labels = cv2.connectedComponents(ink, connectivity=8)
    assert labels.dtype == np.uint16
    assert n == ref_n
    assert np.array_equal(labels, ref_labels)


def test_too_many_components_for_16_bits_are_labelled_in_32() -> None:
    dots = np.zeros((900, 900), np.uint8)
    dots[::3, ::3] = 1  # 90 000 separate dots: more labels than 16 bits hold
    n, labels, stats = components.with_stats(dots)
    assert n == 90_001 and labels.dtype == np.int32 and int(labels.max()) == 90_000
    assert stats.shape == (90_001, 5)
    n2, labels2 = components.labelled(dots)
    assert n2 == 90_001 and labels2.dtype == np.int32


def test_runs_of_ink_along_a_line_join_across_short_gaps_only_when_asked() -> None:
    flags = [0, 1, 1, 0, 1, 0, 0, 0, 1, 1]
    assert components.runs(flags) == [(1, 3), (4, 5), (8, 10)]
    assert components.runs(flags, join=1) == [(1, 5), (8, 10)]
    assert components.runs(flags, join=3) == [(1, 10)]
    assert components.runs([0, 0]) == []
