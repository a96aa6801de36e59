"""Connected components of a binary image (labelled in 16 bits when they fit, about twice as fast),
and runs of ink along one line."""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

Labels = npt.NDArray[np.uint16] | npt.NDArray[np.int32]


def with_stats(binary: npt.ArrayLike) -> tuple[int, Labels, npt.NDArray[np.int32]]:
    """`cv2.connectedComponentsWithStats` (8-connected): count, labels and stats, same values.

    Labels are uint16 unless the image has 65535 components or more (noise), then int32; OpenCV
    labels both the same way, the narrower type only halves the memory it writes.
    """
    image = np.asarray(binary, np.uint8)
    try:
        n, labels, stats, _ = cv2.connectedComponentsWithStats(image, connectivity=8, ltype=cv2.CV_16U)
        return int(n), np.asarray(labels, np.uint16), np.asarray(stats, np.int32)
    except cv2.error:  # too many components for 16 bits
        n, labels, stats, _ = cv2.connectedComponentsWithStats(image, connectivity=8, ltype=cv2.CV_32S)
        return int(n), np.asarray(labels, np.int32), np.asarray(stats, np.int32)


def labelled(binary: npt.ArrayLike) -> tuple[int, Labels]:
    """`cv2.connectedComponents` (8-connected): count and labels, in 16 bits when they fit."""
    image = np.asarray(binary, np.uint8)
    try:
        n, labels = cv2.connectedComponents(image, connectivity=8, ltype=cv2.CV_16U)
        return int(n), np.asarray(labels, np.uint16)
    except cv2.error:
        n, labels = cv2.connectedComponents(image, connectivity=8, ltype=cv2.CV_32S)
        return int(n), np.asarray(labels, np.int32)


def runs(flags: npt.ArrayLike, *, join: int = 0) -> list[tuple[int, int]]:
    """(start, end) of the runs of True in a 1-D array, runs apart by at most `join` False joined."""
    at = np.flatnonzero(np.asarray(flags, bool))
    if not len(at):
        return []
    breaks = np.flatnonzero(np.diff(at) > join + 1)
    starts = np.concatenate(([at[0]], at[breaks + 1]))
    ends = np.concatenate((at[breaks] + 1, [at[-1] + 1]))
    return list(zip(starts.tolist(), ends.tolist(), strict=True))
