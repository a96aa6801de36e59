"""The one adapter around Tesseract: recognised words with boxes, and orientation detection (OSD)."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt
import pytesseract
from PIL import Image

from handover.errors import OcrFailed
from handover.reader.settings import ReaderSettings
from handover.reader.types import Box, Word

log = logging.getLogger(__name__)

# Tesseract's OpenMP threads make it slower, not faster, on a card-sized image: measured on two
# cores, one queue worker read 0.43 cards/s with them and 0.86 with one thread. Parallelism comes
# from reading several cards in processes instead. An administrator's own setting is kept.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

GrayImage = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class Osd:
    """Tesseract's orientation guess: rotate the image clockwise by `rotate` degrees to read it."""

    rotate: int  # 0, 90, 180, 270
    confidence: float  # Tesseract's orientation confidence (unbounded, >2 is fairly sure)
    script: str


def _to_pil(image: GrayImage) -> Image.Image:
    if image.ndim == 3:
        return Image.fromarray(np.ascontiguousarray(image[:, :, ::-1]))
    return Image.fromarray(image)


def recognize(
    image: GrayImage,
    *,
    languages: str,
    psm: int,
    settings: ReaderSettings,
    offset: tuple[int, int] = (0, 0),
) -> list[Word]:
    """Words Tesseract reads in `image`, boxes shifted by `offset`, confidences in 0..1."""
    config = f"--psm {psm} -c preserve_interword_spaces=0"
    try:
        data = pytesseract.image_to_data(
            _to_pil(image),
            lang=languages,
            config=config,
            output_type=pytesseract.Output.DICT,
            timeout=settings.tesseract_timeout,
        )
    except (pytesseract.TesseractError, pytesseract.TesseractNotFoundError, RuntimeError, OSError) as e:
        # pytesseract signals a timeout with a bare RuntimeError.
        raise OcrFailed(f"tesseract ({languages}, psm {psm}) failed: {type(e).__name__}: {e}") from e
    return _words(data, offset, settings.min_word_conf)


def _words(data: dict[str, list[object]], offset: tuple[int, int], min_conf: float) -> list[Word]:
    words: list[Word] = []
    dx, dy = offset
    for i, level in enumerate(data["level"]):
        text = str(data["text"][i]).strip()
        if level != 5 or not text:
            continue
        conf = float(str(data["conf"][i])) / 100.0
        if conf < min_conf:
            continue
        box = Box(
            int(str(data["left"][i])) + dx,
            int(str(data["top"][i])) + dy,
            int(str(data["width"][i])),
            int(str(data["height"][i])),
        )
        words.append(Word(text, box, max(0.0, min(1.0, conf))))
    return words


def detect_orientation(image: GrayImage, *, settings: ReaderSettings) -> Osd | None:
    """Tesseract OSD (`--psm 0`) on `image`; None when it finds too little text to judge."""
    try:
        result = pytesseract.image_to_osd(
            _to_pil(image),
            config="--psm 0",
            output_type=pytesseract.Output.DICT,
            timeout=settings.tesseract_timeout,
        )
    except pytesseract.TesseractError as e:
        # "Too few characters" and similar: not a failure, just no opinion.
        log.debug("OSD gave no result: %s", type(e).__name__)
        return None
    except (pytesseract.TesseractNotFoundError, RuntimeError, OSError) as e:
        raise OcrFailed(f"tesseract OSD failed: {type(e).__name__}: {e}") from e
    try:
        return Osd(int(result["rotate"]) % 360, float(result["orientation_conf"]), str(result["script"]))
    except (KeyError, ValueError, TypeError):
        return None


@dataclass(frozen=True)
class TextDirections:
    """Where the card has vertical (縦書き) columns and horizontal lines, as ink masks."""

    vertical: bool  # the card is mainly 縦書き
    vertical_mask: npt.NDArray[np.uint8]  # 255 where the 縦書き pass reads
    horizontal_mask: npt.NDArray[np.uint8]  # 255 where horizontal lines on a 縦書き card are
    vertical_ink: int
    horizontal_ink: int
    large_mask: npt.NDArray[np.uint8] | None = None  # 255 around big (name) glyphs on a 縦書き card
    large_rows: tuple[Box, ...] = ()  # rows of big glyphs on a 横書き card
    large_glyphs: tuple[Box, ...] = ()  # every big glyph


def analyse_directions(gray: GrayImage, *, char_size: float) -> TextDirections:
    """Tell vertical columns from horizontal lines by smearing the ink along each direction."""
    _, raw = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = np.asarray(raw, np.uint8)
    s = max(char_size, 4.0)
    # Japanese glyphs in a line sit closer than about half a character; lines and columns are
    # spaced wider than that, so a smear of ~0.45 em joins a line but not its neighbours.
    k = max(2, round(0.45 * s))
    masks, inks, long_lines = [], [], np.zeros_like(ink)
    for kernel, along in (((k, 1), 0), ((1, k), 1)):
        smeared = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        n, labels, stats, _ = cv2.connectedComponentsWithStats(smeared, connectivity=8)
        ink_of = np.bincount(labels.ravel(), weights=ink.ravel(), minlength=n)
        bw, bh = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
        length, thickness = (bw, bh) if along == 0 else (bh, bw)
        density = ink_of / np.maximum(1, bw * bh)
        # A run of at least two characters, no thicker than a large name; solid rules, bars and
        # colour bands are denser than any text.
        keep = (length >= 1.8 * thickness) & (length >= 1.5 * s) & (thickness <= 5 * s) & (density < 0.6)
        keep[0] = False
        if along == 0:
            long_lines = ((keep & (length >= 3 * s) & (thickness <= 1.6 * s))[labels] * 255).astype(np.uint8)
        masks.append((keep[labels] * 255).astype(np.uint8))
        # Big name glyphs smear into short thick runs either way: they do not vote.
        inks.append(int(ink_of[keep & (thickness <= 2.5 * s)].sum()))
    hmask, vmask = masks
    h_ink, v_ink = inks
    # 縦書き cards are portrait and 横書き cards mostly landscape; the contact block of a 縦書き
    # card is often horizontal, so a portrait card needs fewer vertical runs to count as one.
    height, width = gray.shape
    portrait = height > 1.2 * width
    vertical = v_ink > (0.6 if portrait else 1.5) * h_ink and v_ink > 0
    # On a 縦書き card only long horizontal lines (phone, e-mail, URL) are read as horizontal,
    # stretched sideways to take in a short label ("TEL") a word space away; all the rest,
    # including big name characters spaced too far apart to smear, goes to the vertical pass.
    reach = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, round(6 * s)) | 1, max(3, round(s / 2)) | 1))
    hmask = np.asarray(cv2.dilate(long_lines, reach), np.uint8)
    hmask[cv2.dilate(vmask, np.ones((3, 3), np.uint8)) > 0] = 0
    vmask = np.asarray(255 - hmask, np.uint8)
    h_ink = int((ink > 0)[hmask > 0].sum()) if vertical else h_ink
    glyphs = _large_glyphs(ink, s)
    large = _glyph_mask(ink.shape, glyphs) if vertical else None
    rows = () if vertical else tuple(large_rows(glyphs))
    return TextDirections(vertical, vmask, hmask, v_ink, h_ink, large, rows, tuple(glyphs))


def _large_glyphs(ink: npt.NDArray[np.uint8], s: float) -> list[Box]:
    """Boxes of glyphs much bigger than the body text (the name)."""
    # Joining the radicals of a big kanji (金+令) while leaving small characters in a column
    # as a tall thin run: big glyphs come out wide, and at least as tall as about wide.
    r = max(3, round(0.25 * s)) | 1
    joined = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (r, r)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    boxes = []
    for i in range(1, n):
        x, y = int(stats[i, cv2.CC_STAT_LEFT]), int(stats[i, cv2.CC_STAT_TOP])
        bw, bh = int(stats[i, cv2.CC_STAT_WIDTH]), int(stats[i, cv2.CC_STAT_HEIGHT])
        if 1.7 * s <= bw <= 8 * s and 0.7 * bw <= bh <= 2 * bw:
            boxes.append(Box(x, y, bw, bh))
    return boxes


def _glyph_mask(shape: tuple[int, ...], boxes: list[Box]) -> npt.NDArray[np.uint8] | None:
    if len(boxes) < 2:
        return None
    mask = np.zeros(shape[:2], np.uint8)
    for b in boxes:
        m = round(0.15 * b.w)
        mask[max(0, b.y - m) : b.bottom + m, max(0, b.x - m) : b.right + m] = 255
    return mask


def large_rows(boxes: list[Box]) -> list[Box]:
    """Big glyphs side by side merged into rows (a horizontally printed name); two glyphs or more."""
    rows: list[list[Box]] = []
    for b in sorted(boxes, key=lambda b: b.x):
        for row in rows:
            last = row[-1]
            overlap = min(last.bottom, b.bottom) - max(last.y, b.y)
            if overlap > 0.5 * min(last.h, b.h) and b.x - last.right < 2.5 * max(last.h, b.h):
                row.append(b)
                break
        else:
            rows.append([b])
    merged = []
    for row in rows:
        if len(row) >= 2:
            box = row[0]
            for b in row[1:]:
                box = box.union(b)
            merged.append(box)
    return merged


def _recognize_scaled(
    crop: GrayImage,
    factor: float,
    offset: tuple[int, int],
    *,
    languages: str,
    psm: int,
    vertical: bool,
    settings: ReaderSettings,
) -> list[Word]:
    """A crop read at a smaller scale (Tesseract misreads glyphs over ~80 px), boxes mapped back."""
    if factor < 1:
        crop = np.asarray(
            cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA), np.uint8
        )
    else:
        factor = 1.0
    # A white margin: Tesseract reads a line poorly when its glyphs touch the image edge.
    pad = 12
    crop = np.asarray(cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255), np.uint8)
    words = recognize(crop, languages=languages, psm=psm, settings=settings)
    dx, dy = offset

    def back(v: int) -> int:
        return round(v / factor)

    return [
        Word(
            w.text,
            Box(dx + back(w.box.x - pad), dy + back(w.box.y - pad), back(w.box.w), back(w.box.h)),
            w.conf,
            vertical,
        )
        for w in words
    ]


def _inside(word: Word, box: Box) -> bool:
    cx, cy = word.box.x + word.box.w / 2, word.box.y + word.box.h / 2
    return box.x <= cx <= box.right and box.y <= cy <= box.bottom


_LARGE_TARGET = 48  # px: glyph size at which large names are read again


def _covered(box: Box, words: list[Word]) -> float:
    """Share of `box` covered by word boxes."""
    area = 0
    for w in words:
        ix = min(box.right, w.box.right) - max(box.x, w.box.x)
        iy = min(box.bottom, w.box.bottom) - max(box.y, w.box.y)
        if ix > 0 and iy > 0:
            area += ix * iy
    return area / max(1, box.w * box.h)


@dataclass(frozen=True)
class OcrResult:
    """Words read on one upright card, and whether it was read as 縦書き."""

    words: tuple[Word, ...]
    vertical: bool


def read_words(
    gray: GrayImage, *, char_size: float, settings: ReaderSettings, directions: TextDirections | None = None
) -> OcrResult:
    """All words on an upright card: one Tesseract pass, or two or three for 縦書き cards."""
    directions = directions or analyse_directions(gray, char_size=char_size)
    if not directions.vertical:
        words = recognize(gray, languages=settings.languages, psm=settings.horizontal_psm, settings=settings)
        # Tesseract misreads glyphs much over ~80 px and its page layout now and then takes a
        # large bold name for a picture: such a row is read again, smaller, as a single line.
        h, w = gray.shape
        for row in directions.large_rows:
            m = round(0.3 * row.h)
            x0, y0 = max(0, row.x - m), max(0, row.y - m)
            crop = gray[y0 : min(h, row.bottom + m), x0 : min(w, row.right + m)]
            again = _recognize_scaled(
                crop,
                _LARGE_TARGET / row.h,
                (x0, y0),
                languages=settings.name_languages,
                psm=7,
                vertical=False,
                settings=settings,
            )
            if again:
                words = [wd for wd in words if not _inside(wd, row)] + again
        return OcrResult(tuple(words), vertical=False)
    # 縦書き: jpn_vert reads the columns; the horizontal bits (phone, e-mail, URL at the foot of
    # the card) are read apart, because jpn_vert turns Latin lines into noise.
    # jpn_vert's uniform-block mode drops or garbles a column whose characters are twice the
    # size of the others, so a big name is read in a pass of its own.
    keep = directions.vertical_mask > 0
    result: list[Word] = []
    if directions.large_mask is not None:
        big = directions.large_mask > 0
        keep &= ~big
        ys, xs = np.nonzero(big)
        x0, y0 = int(xs.min()), int(ys.min())
        names = np.full_like(gray, 255)
        names[big] = gray[big]
        crop = names[y0 : int(ys.max()) + 1, x0 : int(xs.max()) + 1]
        width = float(np.median([b.w for b in directions.large_glyphs])) or _LARGE_TARGET
        result += _recognize_scaled(
            crop,
            _LARGE_TARGET / width,
            (x0, y0),
            languages=settings.vertical_languages,
            psm=settings.vertical_psm,
            vertical=True,
            settings=settings,
        )
    columns = gray.copy()
    columns[~keep] = 255
    words = recognize(
        columns, languages=settings.vertical_languages, psm=settings.vertical_psm, settings=settings
    )
    result += [Word(wd.text, wd.box, wd.conf, vertical=True) for wd in words]
    if directions.horizontal_ink > 0:
        rest = gray.copy()
        rest[directions.horizontal_mask == 0] = 255
        result += recognize(
            rest, languages=settings.languages, psm=settings.horizontal_psm, settings=settings
        )
    return OcrResult(tuple(result), vertical=True)
