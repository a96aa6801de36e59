"""Vertical (縦書き) card fronts: portrait 55x91 mm, columns read right to left.

Real vertical cards set kanji and kana upright, turn the long-vowel mark and dashes a quarter turn,
set digits upright full width, and often print the phone numbers and e-mail horizontally at the
foot of the card. Layout 0 keeps everything vertical except the e-mail and URL; layout 1 prints
the numbers at the foot; layout 2 (the traditional one) also moves the organisation to the left of
the name, after department and title on the right.
"""

from __future__ import annotations

import random

from PIL import Image, ImageDraw

from . import draw as dr
from .fonts import Font, covering, font
from .layout_h import PAPERS, kana_line
from .lines import printed
from .spec import CardSpec

W, H = 1300, 2150


def render(spec: CardSpec, rng: random.Random) -> Image.Image:
    """Draw a vertical card front."""
    img = Image.new("RGB", (W, H), rng.choice(PAPERS))
    d = ImageDraw.Draw(img)
    c, s = spec.contact, spec.style
    variant = rng.randint(0, 1)

    def reg(size: float) -> Font:
        return font(s.face, int(size), variant=variant)

    def column(
        x: float, y: float, text: str, size: float, *, bold: bool = False, max_h: float = H - 260
    ) -> None:
        f = font(s.face, int(size), bold=bold, variant=variant)
        while dr.vertical_height(text, f) > max_h and f.size > 16:
            f = font(s.face, int(f.size * 0.93), bold=bold, variant=variant)
        dr.vertical(img, x, y, text, covering(f, text, s.face, bold=bold))

    horizontal_foot = spec.layout in (1, 2)
    # Layout 2 is the traditional one: title and department right, organisation left of the name.
    org_left = spec.layout == 2
    p = printed(c, s, rng, phone_form="hyphen" if horizontal_foot else "full")
    top = 150
    x = W - 140
    if rng.random() < 0.5:
        d.rectangle((W - 50, 0, W, H), fill=s.accent)
        x -= 30
    if not org_left:
        column(x, top, c.organization, 66, bold=rng.random() < 0.4)
        x -= 105
    for dept in [d for d in c.departments if d]:
        column(x, top + 60, dept, 48)
        x -= 72
    if c.title:
        column(x - 10, top + 360, c.title, 50)
    # The name column sits at the card's centre line; the reading runs beside it on the right.
    name_x = min(x - 200, W / 2 + 40)
    p_ = c.person
    gap = rng.choice(("　", "　", " "))
    name_size = 165
    name_top = top + 520
    column(name_x, name_top, p_.family + gap + p_.given, name_size, bold=True, max_h=H - name_top - 200)
    kana = kana_line(spec)
    if kana:
        column(name_x + name_size * 0.72, name_top + 10, kana, 38, max_h=H - name_top - 200)
    x = int(name_x - 220)
    if org_left:
        column(x, top + 430, c.organization, 60, bold=True, max_h=H - top - 700)
        x -= 110
    foot: list[str] = []
    address_cols = [p.postal, p.address] if len(p.address) <= 20 else [p.postal, *_split(p.address)]
    if p.building:
        address_cols.append(p.building)
    for i, col in enumerate(address_cols):
        column(x, top + 500 + (0 if i == 0 else 60), col, 40, max_h=H - top - 800)
        x -= 62
    if horizontal_foot:
        foot = [t for t in (p.tel, p.fax, p.mobile, p.email, p.url) if t]
    else:
        for t in (p.tel, p.fax, p.mobile):
            if t:
                column(x, top + 560, t, 38, max_h=H - top - 900)
                x -= 58
        foot = [t for t in (p.email, p.url) if t]
    if foot:
        longest = max(foot, key=len)
        f = dr.fit(reg, longest, 34, W - 200)
        y = H - 100 - f.size * 1.4 * (len(foot) - 1)
        for t in foot:
            dr.text(d, (100, y), t, covering(f, t, s.face))
            y += f.size * 1.4
    if s.logo != "none" or c.kind in ("ministry", "agency", "prefecture", "city"):
        box = (90, 110, 210, 230)
        if c.kind in ("ministry", "agency", "prefecture", "city"):
            dr.emblem(d, box, s.accent)
        else:
            dr.logo(d, box, s.logo, s.accent, rng)
    return img


def _split(address: str) -> list[str]:
    """Break a long address after the city (市, 区, 町 or 村) as vertical cards do."""
    for mark in ("区", "市", "郡", "町"):
        i = address.find(mark, 3)
        if 0 < i < len(address) - 4:
            return [address[: i + 1], address[i + 1 :]]
    return [address[:14], address[14:]]
