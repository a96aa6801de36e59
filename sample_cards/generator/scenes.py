"""Turn a rendered card into what an official uploads: a scan, a skewed or low-resolution scan,
a phone photo on a desk, or a scan or photo holding several cards.

Each scene returns the image and, for every card in it, the four corners of the card (its upright
top-left, top-right, bottom-right, bottom-left) in pixels of the output image.
"""

from __future__ import annotations

import random

import cv2
import numpy as np
from PIL import Image

Quad = list[list[int]]
Array = np.ndarray


def _np(img: Image.Image) -> Array:
    return np.asarray(img.convert("RGB"), dtype=np.uint8).copy()


def _scale(card: Array, long_side: int) -> Array:
    h, w = card.shape[:2]
    k = long_side / max(h, w)
    return cv2.resize(card, (round(w * k), round(h * k)), interpolation=cv2.INTER_AREA)


def _blurred_noise(rng: np.random.Generator, shape: tuple[int, int], scale: float) -> Array:
    small = rng.standard_normal((max(2, int(shape[0] / scale)), max(2, int(shape[1] / scale)))).astype(
        np.float32
    )
    return cv2.resize(small, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC)


def background(rng: np.random.Generator, kind: str, size: tuple[int, int]) -> Array:
    """A procedural surface: dark desk, wood, cloth, white paper or a scanner lid."""
    h, w = size
    low = _blurred_noise(rng, (h, w), 60)
    if kind == "scanner":
        base, var = np.array([250, 250, 249], np.float32), 1.0
    elif kind == "desk":
        base, var = np.array([52, 50, 48], np.float32) + rng.uniform(-10, 10), 6.0
    elif kind == "paper":
        base, var = np.array([236, 234, 228], np.float32), 4.0
    elif kind == "cloth":
        base = np.array(rng.choice([[40, 55, 95], [50, 80, 60], [110, 108, 104], [120, 40, 45]]), np.float32)
        var = 6.0
    else:  # wood
        base, var = np.array([150, 105, 65], np.float32), 10.0
    img = np.empty((h, w, 3), np.float32)
    img[:] = base
    img += (low * var)[..., None]
    if kind == "wood":
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        grain = np.sin(yy / rng.uniform(6, 12) + _blurred_noise(rng, (h, w), 200) * 1.2 + xx / 1500)
        img += (grain * 14)[..., None] * np.array([1.0, 0.8, 0.6], np.float32)
    elif kind == "cloth":
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        img += ((np.sin(xx * 1.3) * np.sin(yy * 1.3)) * 5)[..., None]
    return np.clip(img, 0, 255).astype(np.uint8)


def _paste(bg: Array, card: Array, quad: Array) -> Array:
    """Warp the card onto the background at quad (TL, TR, BR, BL), with a soft drop shadow."""
    h, w = card.shape[:2]
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    m = cv2.getPerspectiveTransform(src, quad.astype(np.float32))
    size = (bg.shape[1], bg.shape[0])
    warped = cv2.warpPerspective(card, m, size, flags=cv2.INTER_AREA, borderMode=cv2.BORDER_CONSTANT)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), m, size, flags=cv2.INTER_LINEAR)
    shadow = cv2.GaussianBlur(np.roll(mask, (6, 5), axis=(0, 1)), (0, 0), 7).astype(np.float32) / 255
    out = bg.astype(np.float32) * (1 - 0.35 * shadow[..., None])
    alpha = mask.astype(np.float32)[..., None] / 255
    return (out * (1 - alpha) + warped.astype(np.float32) * alpha).clip(0, 255).astype(np.uint8)


def _rot90(card: Array, turns: int) -> tuple[Array, int]:
    """Turn a card counter-clockwise; the reader must turn it back clockwise by the returned degrees."""
    return np.ascontiguousarray(np.rot90(card, turns)), (90 * turns) % 360


def _upright_corners(quad: Array, turns: int) -> Quad:
    """Corners in the card's own upright order, after it was turned counter-clockwise."""
    q = np.roll(quad, turns, axis=0) if turns else quad
    return [[round(float(x)), round(float(y))] for x, y in q]


def _rect_quad(cx: float, cy: float, w: float, h: float, angle: float) -> Array:
    a = np.deg2rad(angle)
    ca, sa = np.cos(a), np.sin(a)
    pts = np.array([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]])
    rot = np.array([[ca, sa], [-sa, ca]])  # positive angle turns counter-clockwise on screen
    out: Array = pts @ rot.T + np.array([cx, cy])
    return out


def scan(
    card_img: Image.Image, rng: random.Random, *, long_side: int, skew: float = 0.0
) -> tuple[Array, Quad]:
    """A flatbed scan: white lid, a small margin, optionally rotated by a few degrees."""
    card = _scale(_np(card_img), long_side)
    h, w = card.shape[:2]
    rad = np.deg2rad(abs(skew))
    margin = long_side * rng.uniform(0.02, 0.06)
    bw = int(w * np.cos(rad) + h * np.sin(rad) + 2 * margin)
    bh = int(h * np.cos(rad) + w * np.sin(rad) + 2 * margin)
    nrng = np.random.default_rng(rng.randint(0, 2**31))
    bg = background(nrng, "scanner", (bh, bw))
    quad = _rect_quad(bw / 2 + rng.uniform(-8, 8), bh / 2 + rng.uniform(-8, 8), w, h, skew)
    out = _paste(bg, card, quad)
    return out, _upright_corners(quad, 0)


def photo(card_img: Image.Image, rng: random.Random, *, turns: int) -> tuple[Array, Quad, int]:
    """A phone photo: perspective, any quarter turn plus a tilt, light gradient, blur, noise."""
    card, rotation = _rot90(_scale(_np(card_img), rng.randint(1000, 1250)), turns)
    h, w = card.shape[:2]
    bw, bh = (1600, 1200) if w >= h else (1200, 1600)
    nrng = np.random.default_rng(rng.randint(0, 2**31))
    bg = background(nrng, rng.choice(("desk", "wood", "cloth", "paper")), (bh, bw))
    quad = _rect_quad(bw / 2 + rng.uniform(-60, 60), bh / 2 + rng.uniform(-50, 50), w, h, rng.uniform(-9, 9))
    quad += np.array([[rng.uniform(-1, 1) * w * 0.05, rng.uniform(-1, 1) * h * 0.05] for _ in range(4)])
    # A phone held above the far edge shrinks that edge: the classic keystone.
    far = rng.randint(0, 3)
    centre = quad.mean(axis=0)
    for i in (far, (far + 1) % 4):
        quad[i] = centre + (quad[i] - centre) * rng.uniform(0.88, 0.97)
    out = _paste(bg, card, quad)
    return _camera(out, nrng, rng), _upright_corners(quad, turns), rotation


def _camera(img: Array, nrng: np.random.Generator, rng: random.Random) -> Array:
    """Uneven light, a soft shadow, focus blur and sensor noise."""
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    a = rng.uniform(0, 2 * np.pi)
    ramp = np.cos(a) * xx / w + np.sin(a) * yy / h
    light = rng.uniform(0.9, 1.05) + rng.uniform(0.12, 0.3) * (ramp - ramp.mean())
    if rng.random() < 0.5:
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        blob = np.exp(-(((xx - cx) / (w * 0.35)) ** 2 + ((yy - cy) / (h * 0.35)) ** 2))
        light -= blob * rng.uniform(0.1, 0.3)
    out = img.astype(np.float32) * light[..., None]
    out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.5, 1.3))
    out += nrng.normal(0, rng.uniform(1.5, 3.5), out.shape).astype(np.float32)
    result: Array = out.clip(0, 255).astype(np.uint8)
    return result


def multi(cards: list[Image.Image], rng: random.Random, *, as_photo: bool) -> tuple[Array, list[Quad]]:
    """Two to four cards in rows on a scanner lid or a desk, none overlapping."""
    n = len(cards)
    cols = 2 if n > 1 else 1
    rows = (n + 1) // 2
    cell_w, cell_h = 1090, 900
    bw, bh = cell_w * cols + 80, cell_h * rows + 80
    nrng = np.random.default_rng(rng.randint(0, 2**31))
    kind = rng.choice(("desk", "wood", "cloth")) if as_photo else "scanner"
    out = background(nrng, kind, (bh, bw))
    quads: list[Quad] = []
    for i, card_img in enumerate(cards):
        card = _scale(_np(card_img), rng.randint(980, 1020) if card_img.width > card_img.height else 860)
        h, w = card.shape[:2]
        r, col = divmod(i, cols)
        cx = 40 + cell_w * (col + 0.5) + rng.uniform(-25, 25)
        cy = 40 + cell_h * (r + 0.5) + rng.uniform(-15, 15)
        quad = _rect_quad(cx, cy, w, h, rng.uniform(-4, 4) if as_photo else rng.uniform(-1.5, 1.5))
        out = _paste(out, card, quad)
        quads.append(_upright_corners(quad, 0))
    if as_photo:
        out = _camera(out, nrng, rng)
    return out, quads
