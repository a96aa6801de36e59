"""The Japanese fonts Debian installs (Noto CJK and IPA), loaded by face and weight."""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

NOTO = "/usr/share/fonts/opentype/noto/"
# Face index 0 of the Noto CJK collections is the Japanese (JP) face.
FACES: dict[tuple[str, bool], tuple[str, ...]] = {
    ("gothic", False): (
        NOTO + "NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
    ),
    ("gothic", True): (NOTO + "NotoSansCJK-Bold.ttc",),
    ("mincho", False): (
        NOTO + "NotoSerifCJK-Regular.ttc",
        "/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf",
    ),
    ("mincho", True): (NOTO + "NotoSerifCJK-Bold.ttc",),
}
Font = ImageFont.FreeTypeFont


@lru_cache(maxsize=512)
def load(path: str, size: int) -> Font:
    """A font file at a pixel size (JP face of a collection)."""
    return ImageFont.truetype(path, size, index=0)


def font(face: str, size: int, *, bold: bool = False, variant: int = 0) -> Font:
    """A gothic or mincho font; variant picks Noto (0) or IPA (1) for regular weight."""
    paths = FACES[(face, bold)]
    return load(paths[variant % len(paths)], max(8, int(size)))


@lru_cache(maxsize=4096)
def _has_glyph(path: str, ch: str) -> bool:
    f = load(path, 32)
    missing = ImageDraw.Draw(Image.new("L", (1, 1))).textbbox((0, 0), "\ue000", font=f)
    return f.getmask(ch).getbbox() != f.getmask("\ue000").getbbox() or missing == (0, 0, 0, 0)


def covering(f: Font, text: str, face: str, *, bold: bool = False) -> Font:
    """The font itself if it has every glyph of text, else the Noto font of the same face and size."""
    path = str(f.path)
    if all(_has_glyph(path, ch) for ch in text if not ch.isspace()):
        return f
    return load(FACES[(face, bold)][0], int(f.size))
