"""Drawing helpers shared by the layouts: fitted horizontal text, vertical columns, logos."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import jaconv
from PIL import Image, ImageDraw

from .fonts import Font

INK = (25, 25, 25)
# In vertical writing these are turned a quarter clockwise (the font's vert feature does this).
_ROTATED = set("ー－-‐―〜～~（）()「」『』【】［］[]＝=…：:→")
# Small kana and the ideographic comma and full stop sit in the upper right of their cell.
_UPPER_RIGHT = set("ぁぃぅぇぉっゃゅょァィゥェォッャュョ、。，．")


def fit(font_for_size: Callable[[int], Font], text: str, size: int, max_width: float) -> Font:
    """The largest font (from size down) in which text is no wider than max_width."""
    f = font_for_size(size)
    while f.getlength(text) > max_width and size > 10:
        size = int(size * 0.94)
        f = font_for_size(size)
    return f


def text(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    s: str,
    f: Font,
    *,
    fill: tuple[int, int, int] = INK,
    anchor: str = "ls",
    spacing: float = 0.0,
) -> float:
    """Draw one line (optionally letter-spaced) and return its right edge."""
    x, y = xy
    if not spacing:
        draw.text((x, y), s, font=f, fill=fill, anchor=anchor)
        return x + f.getlength(s)
    for ch in s:
        draw.text((x, y), ch, font=f, fill=fill, anchor=anchor)
        x += f.getlength(ch) + spacing
    return x - spacing


def spaced_width(s: str, f: Font, spacing: float) -> float:
    """Width of a letter-spaced line."""
    return f.getlength(s) + spacing * max(0, len(s) - 1)


def vertical(
    img: Image.Image,
    x_center: float,
    y_top: float,
    s: str,
    f: Font,
    *,
    fill: tuple[int, int, int] = INK,
    pitch: float = 1.0,
) -> float:
    """Draw a vertical column top to bottom; Latin letters and digits are set upright full width."""
    draw = ImageDraw.Draw(img)
    size = int(f.size)
    y = y_top
    for ch in jaconv.h2z(s, kana=False, digit=True, ascii=True):
        if ch in (" ", "　"):
            y += size * 0.5 * pitch
            continue
        if ch in _ROTATED:
            tile = Image.new("L", (size * 2, size * 2), 0)
            ImageDraw.Draw(tile).text((size, size), ch, font=f, fill=255, anchor="mm")
            tile = tile.rotate(-90, resample=Image.Resampling.BICUBIC)
            img.paste(
                Image.new("RGB", tile.size, fill), (int(x_center - size), int(y + size / 2 - size)), tile
            )
        elif ch in _UPPER_RIGHT:
            dx = size * (0.28 if ch in "、。，．" else 0.1)
            dy = size * (-0.3 if ch in "、。，．" else -0.06)
            draw.text((x_center + dx, y + size / 2 + dy), ch, font=f, fill=fill, anchor="mm")
        else:
            draw.text((x_center, y + size / 2), ch, font=f, fill=fill, anchor="mm")
        y += size * pitch
    return y


def vertical_height(s: str, f: Font, pitch: float = 1.0) -> float:
    """Height of a vertical column."""
    spaces = sum(1 for ch in s if ch in (" ", "　"))
    return f.size * pitch * (len(s) - spaces) + f.size * 0.5 * pitch * spaces


def logo(
    draw: ImageDraw.ImageDraw,
    box: tuple[int, int, int, int],
    kind: str,
    color: tuple[int, int, int],
    rng: random.Random,
) -> None:
    """A simple invented emblem in a square box."""
    x0, y0, x1, y1 = box
    w = x1 - x0
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    light = tuple(min(255, c + 90) for c in color)
    if kind == "circle":
        draw.ellipse(box, fill=color)
        draw.ellipse((cx - w * 0.22, cy - w * 0.22, cx + w * 0.22, cy + w * 0.22), fill=(255, 255, 255))
    elif kind == "squares":
        s = w * 0.46
        draw.rectangle((x0, y0, x0 + s, y0 + s), fill=color)
        draw.rectangle((x1 - s, y1 - s, x1, y1), fill=light)
        draw.rectangle((x1 - s, y0, x1, y0 + s), fill=color)
    elif kind == "mountain":
        draw.polygon([(x0, y1), (cx - w * 0.1, y0), (cx + w * 0.15, y0 + w * 0.45), (x1, y1)], fill=color)
        draw.polygon([(cx, y1), (cx + w * 0.3, y0 + w * 0.3), (x1, y1)], fill=light)
    elif kind == "wave":
        for k in range(3):
            pts = [
                (x0 + t * w / 20, y0 + w * (0.3 + 0.22 * k) + math.sin(t / 3 + k) * w * 0.08)
                for t in range(21)
            ]
            draw.line(pts, fill=color if k != 1 else light, width=max(3, int(w * 0.09)))
    elif kind == "ring":
        draw.ellipse(box, outline=color, width=max(4, int(w * 0.12)))
        petals = rng.randint(3, 6)
        for k in range(petals):
            a = 2 * math.pi * k / petals
            px, py = cx + math.cos(a) * w * 0.2, cy + math.sin(a) * w * 0.2
            draw.ellipse((px - w * 0.1, py - w * 0.1, px + w * 0.1, py + w * 0.1), fill=color)


def emblem(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], color: tuple[int, int, int]) -> None:
    """An invented round emblem for a public body (stylised, not any real crest)."""
    x0, y0, x1, y1 = box
    w = x1 - x0
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    draw.ellipse(box, outline=color, width=max(3, int(w * 0.08)))
    pts = []
    for k in range(12):
        a = math.pi * k / 6 - math.pi / 2
        r = w * (0.36 if k % 2 == 0 else 0.16)
        pts.append((cx + math.cos(a) * r, cy + math.sin(a) * r))
    draw.polygon(pts, fill=color)
