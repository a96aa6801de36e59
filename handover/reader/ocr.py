"""The one adapter around Tesseract: recognised words with boxes, and orientation detection (OSD)."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from handover.reader import components, engine
from handover.reader.columns import back_to_column, column_as_row, name_columns
from handover.reader.furigana import ReadLine, reread_readings
from handover.reader.given_glyph import resolve_given_names
from handover.reader.glyph_variants import printed_forms
from handover.reader.name_repair import name_likeness
from handover.reader.settings import ReaderSettings
from handover.reader.types import Box, Word, mean_conf

log = logging.getLogger(__name__)

GrayImage = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class Osd:
    """Tesseract's orientation guess: rotate the image clockwise by `rotate` degrees to read it."""

    rotate: int  # 0, 90, 180, 270
    confidence: float  # Tesseract's orientation confidence (unbounded, >2 is fairly sure)
    script: str


def recognize(
    image: GrayImage,
    *,
    languages: str,
    psm: int,
    settings: ReaderSettings,
    offset: tuple[int, int] = (0, 0),
) -> list[Word]:
    """Words Tesseract reads in `image`, boxes shifted by `offset`, confidences in 0..1.

    Raises OcrFailed when Tesseract is missing, fails or runs past `settings.tesseract_timeout`.
    """
    data = engine.words(image, languages=languages, psm=psm, timeout=settings.tesseract_timeout)
    return _words(data, offset, settings.min_word_conf)


def with_margin(image: GrayImage, pad: int) -> GrayImage:
    """The image inside a white margin: Tesseract reads glyphs touching the image edge poorly."""
    return np.asarray(cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255), np.uint8)


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
    """Tesseract OSD (`--psm 0`) on `image`; None when it finds too little text to judge.

    OSD takes a fraction of a second and libtesseract cannot interrupt it: no timeout applies.
    """
    found = engine.orientation(image)
    if found is None:
        log.debug("OSD gave no result")
        return None
    return Osd(found.rotate, found.orientation_confidence, found.script)


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
    # Columns of big glyphs on a 縦書き card (the name), each with its glyphs top to bottom.
    large_columns: tuple[tuple[Box, tuple[Box, ...]], ...] = ()


def _paint(chosen: npt.NDArray[np.bool_], labels: npt.ArrayLike) -> npt.NDArray[np.uint8]:
    """255 where a pixel's component is chosen: a lookup table indexed by label, not a bool image."""
    table = np.where(chosen, 255, 0).astype(np.uint8)
    return np.asarray(np.take(table, np.asarray(labels)), np.uint8)  # take: the same lookup, faster


def analyse_directions(gray: GrayImage, *, char_size: float) -> TextDirections:
    """Tell vertical columns from horizontal lines by smearing the ink along each direction."""
    _, raw = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = np.asarray(raw, np.uint8)
    s = max(char_size, 4.0)
    # Japanese glyphs in a line sit closer than about half a character; lines and columns are
    # spaced wider than that, so a smear of ~0.45 em joins a line but not its neighbours.
    k = max(2, round(0.45 * s))
    inks = []
    long_lines, runs, full_width = np.zeros_like(ink), np.zeros_like(ink), np.zeros_like(ink)
    for kernel, along in (((k, 1), 0), ((1, k), 1)):
        smeared = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        n, labels, stats = components.with_stats(smeared)
        # Counting only inked pixels' labels: the same sums as weights over every pixel, far faster.
        ink_of = np.bincount(labels[ink > 0], minlength=n).astype(np.float64)
        bw, bh = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
        length, thickness = (bw, bh) if along == 0 else (bh, bw)
        density = ink_of / np.maximum(1, bw * bh)
        # A run of at least two characters, no thicker than a large name; solid rules, bars and
        # colour bands are denser than any text.
        keep = (length >= 1.8 * thickness) & (length >= 1.5 * s) & (thickness <= 5 * s) & (density < 0.6)
        keep[0] = False
        if along == 0:
            long_lines = _paint(keep & (length >= 3 * s) & (thickness <= 1.6 * s), labels)
            runs = np.take(keep.astype(np.uint8), labels)
            pieces, thin = labels, thickness <= 1.6 * s
        else:
            # Columns of full-width glyphs. Latin letters of lines set one under another smear
            # into vertical runs too; such a run crosses two horizontal runs or more, a column none.
            lines_n, lines_of = components.labelled(runs)
            both = (labels > 0) & (lines_of > 0) & (ink > 0)
            pairs = np.unique(labels[both].astype(np.int64) * lines_n + lines_of[both])
            crossings = np.bincount(pairs // lines_n, minlength=n)[:n]
            column = keep & (thickness >= 0.7 * s) & (crossings < 2)
            full_width = _paint(column, labels)
        # Big name glyphs smear into short thick runs either way: they do not vote.
        inks.append(int(ink_of[keep & (thickness <= 2.5 * s)].sum()))
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
    # A piece of a line the reach only half covers (a label in a wide monospace font) joins whole.
    touched = np.zeros(len(thin), bool)
    touched[np.unique(pieces[(hmask > 0) & (pieces > 0)])] = True
    hmask[(touched & thin)[pieces]] = 255
    hmask[cv2.dilate(full_width, np.ones((3, 3), np.uint8)) > 0] = 0
    vmask = np.asarray(255 - hmask, np.uint8)
    h_ink = int((ink > 0)[hmask > 0].sum()) if vertical else h_ink
    blobs = _ink_blobs(ink, s)
    glyphs = _large_glyphs(ink, s, blobs)
    # A name printed down a 縦書き card is often bigger still than a big 横書き name (over 8 em
    # of the body text), so its columns are looked for among glyphs up to 12 em.
    columns = tuple(name_columns(ink, _large_glyphs(ink, s, blobs, most=12))) if vertical else ()
    large = _glyph_mask(ink.shape, [g for _, col in columns for g in col]) if columns else None
    rows = () if vertical else tuple(large_rows(glyphs, blobs))
    return TextDirections(vertical, vmask, hmask, v_ink, h_ink, large, rows, tuple(glyphs), columns)


def _ink_blobs(ink: npt.NDArray[np.uint8], s: float) -> list[Box]:
    """Boxes of the ink's blobs, the strokes of a glyph joined (big glyphs come out whole)."""
    # Joining the radicals of a big kanji (金+令) while leaving small characters in a column
    # as a tall thin run: big glyphs come out wide, and at least as tall as about wide.
    r = max(3, round(0.25 * s)) | 1
    joined = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (r, r)))
    n, _, stats = components.with_stats(joined)
    return [
        Box(
            int(stats[i, cv2.CC_STAT_LEFT]),
            int(stats[i, cv2.CC_STAT_TOP]),
            int(stats[i, cv2.CC_STAT_WIDTH]),
            int(stats[i, cv2.CC_STAT_HEIGHT]),
        )
        for i in range(1, n)
    ]


def _large_glyphs(
    ink: npt.NDArray[np.uint8], s: float, blobs: list[Box] | None = None, *, most: float = 8
) -> list[Box]:
    """Boxes of glyphs much bigger than the body text (the name), among the ink's blobs; at
    most `most` times the body text's size."""
    found = _ink_blobs(ink, s) if blobs is None else blobs
    return [b for b in found if 1.7 * s <= b.w <= most * s and 0.7 * b.w <= b.h <= 2 * b.w]


def _glyph_mask(shape: tuple[int, ...], boxes: list[Box]) -> npt.NDArray[np.uint8] | None:
    if len(boxes) < 2:
        return None
    mask = np.zeros(shape[:2], np.uint8)
    for b in boxes:
        m = round(0.15 * b.w)
        mask[max(0, b.y - m) : b.bottom + m, max(0, b.x - m) : b.right + m] = 255
    return mask


def large_rows(boxes: list[Box], blobs: Sequence[Box] = ()) -> list[Box]:
    """Big glyphs side by side merged into rows (a horizontally printed name); two glyphs or more.

    A big glyph of separate strokes (一, 小, 川) or glyphs that touch are no glyph-shaped blob:
    the blobs that sit in the row's band, as tall as its glyphs (or as wide) and beside its end,
    are the row's too.
    """
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
            merged.append(_with_strokes(box, max(b.h for b in row), blobs))
    return merged


def _with_strokes(row: Box, glyph: int, blobs: Sequence[Box]) -> Box:
    """The row widened over stroke blobs in its band right before or after it (一条, 小鳥遊)."""
    grown = True
    while grown:
        grown = False
        for b in blobs:
            in_band = b.y >= row.y - 0.15 * glyph and b.bottom <= row.bottom + 0.15 * glyph
            # A tall stroke (小's, 川's), glyphs touching in one blob (鳥遊) or a flat stroke (一);
            # smaller glyphs set beside the name are lower, and a picture is bigger.
            tall = 0.6 * glyph <= b.h <= 1.2 * glyph and b.w <= 3 * glyph
            flat = 0.5 * glyph <= b.w <= 1.2 * glyph and b.h <= 0.3 * glyph
            before = b.x < row.x and -0.5 * glyph < row.x - b.right < 0.75 * glyph
            # A given name of two touching glyphs (悠人) after the full-width space that often
            # parts it from the family name.
            pair = 0.8 * glyph <= b.h <= 1.2 * glyph and 1.5 * glyph <= b.w <= 2.3 * glyph
            space = 1.5 * glyph if pair else 0.75 * glyph
            after = b.right > row.right and -0.5 * glyph < b.x - row.right < space
            if in_band and (tall or flat) and (before or after):
                x = min(row.x, b.x)
                row, grown = Box(x, row.y, max(row.right, b.right) - x, row.h), True
    return row


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
    pad = 12
    crop = with_margin(crop, pad)
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


# px: glyph sizes tried besides _LARGE_TARGET when its reading of a large row is doubtful. A
# glyph LSTM misreads at one size it often reads right at another (理織 / 香織, 降 / 隆).
_LARGE_RETRIES = (36, 64)


def _reading_score(words: list[Word]) -> float:
    """Mean character confidence, more when the row reads as a name the name data knows."""
    if not any(wd.text for wd in words):
        return -1.0
    return mean_conf(words) + name_likeness("".join(wd.text for wd in words))


def _row_ink_only(crop: GrayImage, glyph: int) -> GrayImage:
    """The crop of a row with the ink of the lines over and under it painted out.

    The crop takes a margin around the row's band of glyphs; a line printed close above or
    below (the reading, a romanised name) then shows in it cut in half, and Tesseract, asked
    for a single line, returns nothing at all. Marks wholly in the margin or cut by the
    crop's edge are not the row's.
    """
    margin = (crop.shape[0] - glyph) // 2
    if margin <= 2:
        return crop  # no margin: a column's glyphs laid out as a row
    _, raw = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(np.asarray(raw, np.uint8), connectivity=8)
    top, bottom = stats[:, cv2.CC_STAT_TOP], stats[:, cv2.CC_STAT_TOP] + stats[:, cv2.CC_STAT_HEIGHT]
    h = crop.shape[0]
    foreign = (top <= 0) | (bottom >= h) | (bottom <= margin) | (top >= h - margin)
    foreign[0] = False
    if not foreign.any():
        return crop
    out = crop.copy()
    # With the anti-aliased rim around the marks, which the threshold leaves out.
    rim = cv2.dilate(foreign[labels].astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    out[rim] = np.uint8(np.median(crop))
    return out


def _read_large_row(
    crop: GrayImage,
    glyph: int,
    offset: tuple[int, int],
    *,
    settings: ReaderSettings,
    psms: tuple[int, ...] = (7,),
) -> list[Word]:
    """A row of big glyphs read as a single line, at a second and third size when in doubt,
    without the ink of the lines over and under it and, still in doubt, with it (Tesseract
    now and then reads nothing at all of a crop it reads well with a mark more or less);
    in the next page segmentation mode of `psms` only while no glyph is read with confidence."""
    cleaned = _row_ink_only(crop, glyph)
    best: list[Word] = []
    sources = [cleaned] if cleaned is crop else [cleaned, crop]
    for psm, source in itertools.product(psms, sources):
        if psm != psms[0] and best and min(wd.conf for wd in best) >= 0.6:
            break
        for target in (_LARGE_TARGET, *_LARGE_RETRIES):
            words = _recognize_scaled(
                source,
                target / glyph,
                offset,
                languages=settings.name_languages,
                psm=psm,
                vertical=False,
                settings=settings,
            )
            if _reading_score(words) > _reading_score(best):
                best = words
            sure = best and min(wd.conf for wd in best) >= 0.6
            if sure and name_likeness("".join(wd.text for wd in best)) >= 0.5:
                return _in_band(best, crop, glyph, offset)  # a known name read with confidence
    return _in_band(best, crop, glyph, offset)


def _in_band(words: list[Word], crop: GrayImage, glyph: int, offset: tuple[int, int]) -> list[Word]:
    """Words of a row read as one line, their boxes cut to the row's band: Tesseract gives a
    glyph now and then a box reaching far over or under it, which splits the row in layout."""
    top = offset[1] + max(0, (crop.shape[0] - glyph) // 2)
    bottom = top + glyph
    out = []
    for wd in words:
        y0, y1 = max(wd.box.y, top), min(wd.box.bottom, bottom)
        if y1 - y0 >= 0.5 * glyph and (y0, y1) != (wd.box.y, wd.box.bottom):
            wd = Word(wd.text, Box(wd.box.x, y0, wd.box.w, y1 - y0), wd.conf, wd.vertical)
        out.append(wd)
    return out


def _reading_reader(settings: ReaderSettings) -> ReadLine:
    """Reads a crop as one line of Japanese (the kana reading of a name), boxes mapped back.

    As a raw line (psm 13): as a single line with layout analysis (psm 7), Tesseract takes a
    line of small light kana for noise and reads Latin and digits into it.
    """

    def read(crop: GrayImage, factor: float, offset: tuple[int, int]) -> list[Word]:
        return _recognize_scaled(
            crop, factor, offset, languages=settings.name_languages, psm=13, vertical=False, settings=settings
        )

    return read


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
            again = _read_large_row(crop, row.h, (x0, y0), settings=settings)
            if again:
                words = [wd for wd in words if not wd.centred_in(row)] + again
        words = reread_readings(gray, directions.large_rows, words, _reading_reader(settings))
        words = printed_forms(gray, words, min_size=1.7 * char_size)
        words = resolve_given_names(gray, words, min_size=1.7 * char_size)
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
        names = np.full_like(gray, 255)
        names[big] = gray[big]
        # jpn_vert returns nothing at all for some columns of big bold glyphs, which the
        # horizontal model reads well: each name column is laid out as a row and read so.
        for col, cut in directions.large_columns:
            glyphs = list(cut)
            strip, slots = column_as_row(names, col, glyphs)
            size = max(b.h for b in glyphs)
            # As a raw line (psm 13) when the single-line layout analysis drops the whole row
            # (now and then, with a wide gap between family and given name) or garbles a glyph.
            read = _read_large_row(strip, size, (0, 0), settings=settings, psms=(7, 13))
            back = [wd for wd in (back_to_column(wd, slots, glyphs) for wd in read) if wd is not None]
            result += printed_forms(gray, back, min_size=1.7 * char_size)
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
