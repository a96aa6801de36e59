"""The faint ends of a line of text: strokes too light for the threshold that found the line.

Ink lines are found on one global threshold, which drops the faint thin strokes of a blurred
glyph; a line cut at them is read wrong ("主" read as "E" without its bars). Before a line is
read again alone, its box is widened over such faint ink at its ends.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from handover.reader import components, preprocess
from handover.reader.types import Box

GrayImage = npt.NDArray[np.uint8]

_HALO = 0.15  # em: faint ink reaching no further past a line's end is the blur around its glyphs


def faint_level(gray: GrayImage) -> float:
    """Gray level halfway between the ink threshold and the paper: faint strokes are darker."""
    threshold, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return (float(threshold) + preprocess.median_level(gray)) / 2


def with_faint_ends(gray: GrayImage, box: Box, *, char_size: float, faint: float) -> Box:
    """The line's box widened over the faint ink at its ends, where it reaches past the blur
    around every glyph's edge.

    Ink lines are found on a global threshold, which drops the faint thin strokes of a blurred
    glyph: the horizontal bars of "主" fall outside its line, and read cut it becomes "E". The
    smear that found the line keeps other ink on its row 0.8 em away, so reaching at most 0.6 em
    takes in no neighbour. Not above and below: lines sit closer than that.
    """
    s = max(char_size, 4.0)
    reach, gap = round(0.6 * s), max(1, round(0.1 * s))
    x0, x1 = max(0, box.x - reach), min(gray.shape[1], box.right + reach)
    inked: npt.NDArray[np.bool_] = np.asarray((gray[box.y : box.bottom, x0:x1] < faint).any(axis=0), bool)
    left, right = (_ink_run_end(run, gap) for run in (inked[: box.x - x0][::-1], inked[box.right - x0 :]))
    halo = _HALO * s  # a pixel or two of blur is no stroke: the box is left as it is
    x0 = box.x - (left if left > halo else 0)
    x1 = box.right + (right if right > halo else 0)
    return Box(x0, box.y, x1 - x0, box.h)


def _ink_run_end(inked: npt.NDArray[np.bool_], gap: int) -> int:
    """How far ink goes on from a line's end (columns in reading order), over gaps under `gap`."""
    runs = components.runs(inked, join=gap - 1)
    return runs[0][1] if runs and runs[0][0] < gap else 0
