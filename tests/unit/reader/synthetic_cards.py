"""Synthetic business cards drawn with PIL, and scenes that put them on a desk (reader tests)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

GOTHIC = Path("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf")
MINCHO = Path("/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf")
BOLD_GOTHIC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")

Array = npt.NDArray[np.uint8]

HORIZONTAL_LINES: tuple[tuple[str, float, int, int], ...] = (
    # text, font size as a fraction of card height, x, y as fractions x 1000
    ("国土交通省 都市局", 0.055, 60, 80),
    ("都市計画課 課長補佐", 0.05, 60, 170),
    ("山田 太郎", 0.12, 60, 300),
    ("〒100-8918 東京都千代田区霞が関2-1-3", 0.045, 60, 640),
    ("TEL 03-5253-8111 FAX 03-5253-1234", 0.045, 60, 730),
    ("yamada-t2ab@mlit.go.jp", 0.045, 60, 820),
)


def draw_horizontal_card(width: int = 1092, font: Path = GOTHIC) -> Array:
    """A white landscape 91:55 card with typical horizontal Japanese text, as BGR."""
    height = round(width * 55 / 91)
    im = Image.new("RGB", (width, height), (250, 250, 248))
    draw = ImageDraw.Draw(im)
    for text, size, x, y in HORIZONTAL_LINES:
        f = ImageFont.truetype(str(font), max(8, round(size * height)))
        draw.text((x * width / 1000, y * height / 1000), text, fill=(20, 20, 20), font=f)
    return np.asarray(im)[:, :, ::-1].copy()


VERTICAL_COLUMNS: tuple[tuple[str, float, int, int], ...] = (
    # text, font size as a fraction of card width, x, y as fractions x 1000 (column top)
    ("千代田区役所 総務部", 0.07, 820, 80),
    ("総務課長", 0.07, 700, 80),
    ("鈴木 花子", 0.15, 430, 180),
    ("東京都千代田区九段南一丁目", 0.055, 200, 80),
)


def draw_vertical_card(width: int = 660, font: Path = MINCHO) -> Array:
    """A white portrait 55:91 card with 縦書き columns and a horizontal phone line, as BGR."""
    height = round(width * 91 / 55)
    im = Image.new("RGB", (width, height), (250, 250, 248))
    draw = ImageDraw.Draw(im)
    for text, size, x, y in VERTICAL_COLUMNS:
        px = max(8, round(size * width))
        f = ImageFont.truetype(str(font), px)
        cy = y * height / 1000
        for ch in text:
            if ch == " ":
                cy += px * 0.6
                continue
            draw.text((x * width / 1000, cy), ch, fill=(20, 20, 20), font=f)
            cy += px * 1.05
    f = ImageFont.truetype(str(font), round(0.045 * width))
    draw.text((0.06 * width, 0.9 * height), "TEL 03-3264-2111", fill=(20, 20, 20), font=f)
    return np.asarray(im)[:, :, ::-1].copy()


def place_on_background(
    card: Array,
    corners: npt.NDArray[np.float32],
    size: tuple[int, int],
    background: tuple[int, int, int] = (40, 45, 50),
    noise: float = 6.0,
    seed: int = 0,
) -> Array:
    """Warp `card` so that its corners (tl, tr, br, bl) land on `corners` in a W x H scene."""
    w, h = size
    rng = np.random.default_rng(seed)
    scene = np.empty((h, w, 3), np.float32)
    scene[:] = background
    scene += rng.normal(0, noise, scene.shape).astype(np.float32)
    ch, cw = card.shape[:2]
    src = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], np.float32)
    m = cv2.getPerspectiveTransform(src, corners.astype(np.float32))
    warped = cv2.warpPerspective(card, m, (w, h), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((ch, cw), 255, np.uint8), m, (w, h)) > 127
    scene[mask] = warped[mask]
    return np.clip(scene, 0, 255).astype(np.uint8)


def rotate_image(image: Array, degrees: int) -> Array:
    """`image` turned clockwise by a multiple of 90 degrees."""
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return image if degrees % 360 == 0 else cv2.rotate(image, codes[degrees % 360])


def draw_rows(rows: list[tuple[str, int, int, int]], font: Path = BOLD_GOTHIC) -> Array:
    """A white gray card with each (text, x, y, size) drawn in one face (bold gothic by default)."""
    canvas = Image.new("L", (1200, 700), 255)
    draw = ImageDraw.Draw(canvas)
    for text, x, y, size in rows:
        draw.text((x, y), text, font=ImageFont.truetype(str(font), size, index=0), fill=20)
    return np.asarray(canvas)
