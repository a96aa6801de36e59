"""Horizontal (横書き) card fronts: four layouts at 91x55 mm, 600 dpi."""

from __future__ import annotations

import random
from collections.abc import Callable

import jaconv
from PIL import Image, ImageDraw

from . import draw as dr
from .fonts import Font, covering, font
from .lines import contact_block, printed
from .spec import CardSpec

W, H = 2150, 1300
PAPERS = ((255, 255, 255), (252, 251, 247), (250, 248, 240), (246, 248, 250))


def kana_line(spec: CardSpec) -> str | None:
    """The reading printed with the name, if any."""
    p = spec.contact.person
    k = spec.style.kana
    if k == "hira":
        return jaconv.kata2hira(p.kana)
    if k == "kata":
        return p.kana
    if k == "romaji":
        return f"{p.given_latin} {p.family_latin.upper()}"
    if k == "romaji_fg":
        return f"{p.family_latin.upper()} {p.given_latin}"
    return None


def name_text(spec: CardSpec, rng: random.Random) -> str:
    """The name as printed: usually with a full-width space between family and given name."""
    p = spec.contact.person
    return p.family + rng.choice(("　", "　", " ", "　　", "")) + p.given


class Painter:
    """Fonts and drawing for one card."""

    def __init__(self, img: Image.Image, spec: CardSpec, rng: random.Random) -> None:
        self.img, self.spec, self.rng = img, spec, rng
        self.d = ImageDraw.Draw(img)
        self.face = spec.style.face
        self.variant = rng.randint(0, 1)
        self.accent = spec.style.accent
        kana = spec.style.kana
        # Romaji usually goes under the name, kana readings over it (as furigana).
        self.kana_above = kana in ("hira", "kata") or (kana is not None and rng.random() < 0.4)

    def head_room(self, size: float) -> float:
        """Space to leave between a line above the name and the name's baseline."""
        return size * 0.95 + (max(26, size * 0.3) * 1.5 if self.kana_above else 0) + 40

    def reg(self, size: float) -> Font:
        """Regular font of the card's face."""
        return font(self.face, int(size), variant=self.variant)

    def bold(self, size: float) -> Font:
        """Bold font of the card's face."""
        return font(self.face, int(size), bold=True)

    def line(
        self,
        x: float,
        y: float,
        s: str,
        size: float,
        *,
        max_w: float,
        bold: bool = False,
        anchor: str = "ls",
        fill: tuple[int, int, int] = dr.INK,
        spacing: float = 0.0,
    ) -> float:
        """Draw a fitted line; returns the size used."""
        f = dr.fit(self.bold if bold else self.reg, s, int(size), max_w - spacing * len(s))
        f = covering(f, s, self.face, bold=bold)
        dr.text(self.d, (x, y), s, f, fill=fill, anchor=anchor, spacing=spacing)
        return f.size

    def block(
        self, x: float, y_bottom: float, lines: list[str], size: float, max_w: float, *, align: str = "l"
    ) -> float:
        """Draw contact lines upward from y_bottom with one common size; returns the top y."""
        longest = max(lines, key=lambda s: self.reg(size).getlength(s))
        f = dr.fit(self.reg, longest, int(size), max_w)
        step = f.size * 1.38
        y = y_bottom - step * (len(lines) - 1)
        top = y - f.size
        for s in lines:
            anchor = "rs" if align == "r" else "ls"
            dr.text(self.d, (x, y), s, covering(f, s, self.face), anchor=anchor)
            y += step
        return top

    def name(self, x: float, y: float, size: float, *, max_w: float, anchor: str = "ls") -> float:
        """Draw the name (bold) and the reading above or below it; returns the name's right edge."""
        spec, rng = self.spec, self.rng
        text = name_text(spec, rng)
        spacing = size * rng.choice((0.0, 0.08, 0.18))
        f = dr.fit(self.bold, text, int(size), max_w - spacing * len(text))
        f = covering(f, text, self.face, bold=True)
        width = dr.spaced_width(text, f, spacing)
        left = x - width / 2 if anchor[0] == "m" else x
        dr.text(self.d, (left, y), text, f, spacing=spacing)
        kana = kana_line(spec)
        if kana:
            ks = max(26, f.size * 0.3)
            if not self.kana_above:
                self.line(left, y + ks * 1.8, kana, ks, max_w=max_w)
            else:
                spacing = ks * 0.25 if spec.style.kana in ("hira", "kata") else 0.0
                self.line(left, y - f.size * 1.08, kana, ks, max_w=width + 200, spacing=spacing)
        return left + width

    def logo(self, box: tuple[int, int, int, int]) -> None:
        """The organisation's mark: an emblem for public bodies, a shape for the others."""
        if self.spec.contact.kind in ("ministry", "agency", "prefecture", "city"):
            dr.emblem(self.d, box, self.accent)
        elif self.spec.style.logo != "none":
            dr.logo(self.d, box, self.spec.style.logo, self.accent, self.rng)


def _classic(p: Painter, block: list[str]) -> None:
    c = p.spec.contact
    p.logo((110, 100, 250, 240))
    p.line(290, 200, c.organization, 76, max_w=W - 420, bold=p.rng.random() < 0.5)
    y = 330
    depts = [d for d in c.departments if d]
    for dept in ["　".join(depts)] if len(depts) >= 3 else depts:
        p.line(290, y, dept, 50, max_w=W - 420)
        y += 66
    top = p.block(120, H - 100, block, 40, W - 240)
    # A long contact block pushes the name (and the romaji under it) up towards the departments.
    below = 60 + (0 if p.kana_above or not p.spec.style.kana else 90)
    name_y = max(min(max(y, 520) + p.head_room(150), top - below), y + p.head_room(150) - 40)
    if c.title:
        p.line(W / 2 - 420, name_y - p.head_room(150), c.title, 52, max_w=700)
    p.name(W / 2 - 420, name_y, 150, max_w=1200)


def _left_band(p: Painter, block: list[str]) -> None:
    c = p.spec.contact
    p.d.rectangle((0, 0, 70, H), fill=p.accent)
    p.logo((W - 260, 90, W - 120, 230))
    p.line(180, 180, c.organization, 70, max_w=W - 500, bold=True, fill=p.accent)
    depts = [d for d in c.departments if d]
    label = "　".join(depts) if len(depts) <= 2 and sum(map(len, depts)) < 18 else None
    y = 300
    for dept in [label] if label else depts:
        p.line(180, y, dept, 46, max_w=W - 400)
        y += 62
    if c.title:
        p.line(180, y, c.title, 46, max_w=900)
        y += 62
    p.name(180, max(y - 20 + p.head_room(140), 640), 140, max_w=1300)
    p.block(180, H - 95, block, 38, W - 300)


def _top_band(p: Painter, block: list[str]) -> None:
    c = p.spec.contact
    p.d.rectangle((0, 0, W, 190), fill=p.accent)
    p.line(130, 125, c.organization, 72, max_w=W - 260, bold=True, fill=(255, 255, 255))
    depts = [d for d in c.departments if d]
    parts = [*depts, c.title] if c.title else depts
    y = 340
    joined = "　".join(x for x in parts if x)
    if len(joined) <= 26:
        p.line(130, y, joined, 48, max_w=W - 260)
    else:
        for part in parts:
            p.line(130, y, part or "", 44, max_w=W - 260)
            y += 60
        y -= 60
    p.name(130, max(y + p.head_room(150), 700), 150, max_w=1300)
    if p.spec.style.logo != "none":
        p.logo((W - 300, 260, W - 130, 430))
    p.block(130, H - 95, block, 38, W - 260)


def _formal(p: Painter, block: list[str]) -> None:
    c = p.spec.contact
    p.logo((W - 250, 90, W - 120, 220))
    y = 170
    p.line(130, y, c.organization, 62, max_w=W - 480)
    for dept in [d for d in c.departments if d]:
        y += 72
        p.line(130, y, dept, 50, max_w=W - 480)
    y = max(y + 110, 400)
    if c.title:
        p.line(W / 2, y, c.title, 50, max_w=800, anchor="ms")
    p.name(W / 2, y + p.head_room(160), 160, max_w=1400, anchor="ms")
    top = p.block(130, H - 90, block, 36, W - 260)
    p.d.line((130, top - 40, W - 130, top - 40), fill=p.accent, width=4)


def _split(p: Painter, block: list[str]) -> None:
    """Name on the left, organisation and contact lines on the right of a thin rule."""
    c = p.spec.contact
    mid = 1040
    p.d.line((mid, 150, mid, H - 150), fill=p.accent, width=5)
    y = 260
    for part in [*[d for d in c.departments if d], c.title]:
        if part:
            p.line(120, y, part, 46, max_w=mid - 200)
            y += 64
    p.name(120, max(y + p.head_room(130), 700), 130, max_w=mid - 200)
    if p.spec.style.logo != "none":
        p.logo((mid + 100, 130, mid + 220, 250))
        p.line(mid + 250, 215, c.organization, 60, max_w=W - mid - 350, bold=True)
    else:
        p.line(mid + 100, 215, c.organization, 60, max_w=W - mid - 200, bold=True)
    p.block(mid + 100, H - 110, block, 36, W - mid - 200)


LAYOUTS: tuple[Callable[[Painter, list[str]], None], ...] = (_classic, _left_band, _top_band, _formal, _split)


def render(spec: CardSpec, rng: random.Random) -> Image.Image:
    """Draw a horizontal card front."""
    img = Image.new("RGB", (W, H), rng.choice(PAPERS))
    painter = Painter(img, spec, rng)
    block = contact_block(
        printed(spec.contact, spec.style, rng), rng, max_chars=30 if spec.layout == 4 else 52
    )
    LAYOUTS[spec.layout](painter, block)
    return img
