"""Warp each card found in an image flat, even its light, scale, deskew and clean it for Tesseract."""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from handover.reader import components
from handover.reader.detect import CardQuad, Quad, find_cards, order_corners, side_lengths
from handover.reader.settings import CARD_ASPECT, ReaderSettings

__all__ = ["CardQuad", "Quad", "find_cards", "order_corners"]  # card finding, used through here

BGRImage = npt.NDArray[np.uint8]
GrayImage = npt.NDArray[np.uint8]


def to_gray(image: BGRImage) -> GrayImage:
    """Grayscale copy of a BGR (or already gray) image."""
    if image.ndim == 2:
        return image
    return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dtype=np.uint8)


def warp_card(image: BGRImage, card: CardQuad, *, settings: ReaderSettings) -> BGRImage:
    """The card cut out and flattened: 91:55 (or 55:91) at about its resolution in the input."""
    if not card.found:
        return image
    w, h = side_lengths(card.corners)
    long_side = min(max(w, h), float(settings.card_long_side) * 1.6)
    if w >= h:
        size = (round(long_side), round(long_side / CARD_ASPECT))
    else:
        size = (round(long_side / CARD_ASPECT), round(long_side))
    dst = np.array([[0, 0], [size[0] - 1, 0], [size[0] - 1, size[1] - 1], [0, size[1] - 1]], np.float32)
    m = cv2.getPerspectiveTransform(card.corners, dst)
    warped = cv2.warpPerspective(image, m, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return np.asarray(warped, np.uint8)


def normalize_illumination(gray: GrayImage) -> GrayImage:
    """Even out shadows and light gradients by dividing by the paper's estimated brightness."""
    h, w = gray.shape
    f = min(1.0, 400 / max(h, w))
    small = cv2.resize(gray, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA)
    k = max(3, round(max(small.shape) / 25)) | 1
    # Closing removes dark strokes thinner than k, leaving the paper with its shading.
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    paper = cv2.GaussianBlur(paper, (0, 0), k / 2)
    lo, hi = np.percentile(paper, (5, 95))
    if hi - lo < 0.08 * hi:
        return gray  # evenly lit: leave the scan alone
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    out = gray.astype(np.float32) * (235.0 / np.maximum(paper, 16.0))
    return np.clip(out, 0, 255).astype(np.uint8)


def _ink(gray: GrayImage) -> npt.NDArray[np.uint8]:
    """Dark-on-light text as 1s (Otsu)."""
    _, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return np.asarray(ink, np.uint8)


def glyph_sizes(gray: GrayImage) -> list[int]:
    """Sizes in px of the character-like ink blobs (kanji parts joined), for size and count."""
    ink = cv2.dilate(_ink(gray), np.ones((3, 3), np.uint8))  # joins the parts of a kanji
    _, _, stats = components.with_stats(ink)
    h, w = gray.shape
    cw, ch = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    area = stats[1:, cv2.CC_STAT_AREA]
    long_side, short_side = np.maximum(cw, ch), np.minimum(cw, ch)
    glyph = (ch >= 5) & (ch <= h / 4) & (cw <= w / 4) & (area >= 12) & (long_side <= 4 * short_side)
    return [int(v) for v in long_side[glyph]]


def estimate_text_size(gray: GrayImage) -> float:
    """Typical character size in px (line height of 横書き, column width of 縦書き), 0 if no text.

    Measured on whole lines rather than glyphs: Mincho kanji fall apart into several blobs and
    Latin lower case is half a kanji, so blob sizes underestimate; a smeared line does not.
    """
    h0, w0 = gray.shape
    f = min(1.0, 1000 / max(h0, w0))  # the measure needs no more detail; smearing is costly
    if f < 1:
        gray = np.asarray(
            cv2.resize(gray, (round(w0 * f), round(h0 * f)), interpolation=cv2.INTER_AREA), np.uint8
        )
    ink = _ink(gray)
    h, w = gray.shape
    k = max(3, round(0.012 * max(h, w)))
    best: tuple[float, float] = (0.0, 0.0)  # (total line length, size)
    for kernel, along in (((k, 1), 0), ((1, k), 1)):
        smeared = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        n, labels, stats = components.with_stats(smeared)
        # Counting only inked pixels' labels: the same sums as weights over every pixel, far faster.
        ink_of = np.bincount(labels[ink > 0], minlength=n)
        bw, bh = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
        length, thick = (bw, bh) if along == 0 else (bh, bw)
        density = ink_of[1:] / np.maximum(1, bw * bh)
        ok = (length >= 3 * thick) & (thick >= 4) & (density < 0.6) & (thick < 0.2 * min(h, w))
        if not ok.any():
            continue
        total = float(length[ok].sum())
        if total > best[0]:
            # Median over the ink run length, so that fragments (ruby, punctuation) count little.
            order = np.argsort(thick[ok])
            cum = np.cumsum(length[ok][order])
            best = (total, float(thick[ok][order][np.searchsorted(cum, cum[-1] / 2)]))
    if best[1]:
        return float(best[1] / f)
    sizes = glyph_sizes(gray)
    return float(np.percentile(sizes, 70)) / f if len(sizes) >= 5 else 0.0


def scale_for_ocr(gray: GrayImage, *, settings: ReaderSettings) -> tuple[GrayImage, float]:
    """Resize so characters are about `target_text_height` px tall; returns the image and factor."""
    size = estimate_text_size(gray)
    factor = settings.target_text_height / size if size else 1.0
    factor = float(np.clip(factor, 0.4, 2.5))
    h, w = gray.shape
    factor = min(factor, 2600 / max(h, w))
    if 0.9 <= factor <= 1.1:
        return gray, 1.0
    interp = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    out = cv2.resize(gray, (max(1, round(w * factor)), max(1, round(h * factor))), interpolation=interp)
    return np.asarray(out, np.uint8), factor


def rotate_quarter(image: npt.NDArray[np.uint8], degrees: int) -> npt.NDArray[np.uint8]:
    """`image` turned clockwise by 0, 90, 180 or 270 degrees."""
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    d = degrees % 360
    return image if d == 0 else np.asarray(cv2.rotate(image, codes[d]), np.uint8)


def _profile_score(ink: npt.NDArray[np.float32]) -> float:
    # cv2.reduce sums far faster than numpy; float32 sums of 0/1 pixels are exact either way.
    rows = cv2.reduce(ink, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32F).ravel()
    cols = cv2.reduce(ink, 0, cv2.REDUCE_SUM, dtype=cv2.CV_32F).ravel()
    return float(np.var(rows) / max(1.0, rows.mean() ** 2) + np.var(cols) / max(1.0, cols.mean() ** 2))


def estimate_skew(gray: GrayImage, *, max_angle: float) -> float:
    """Small text skew in degrees (counter-clockwise positive), from projection profile sharpness."""
    h, w = gray.shape
    f = min(1.0, 700 / max(h, w))
    small = cv2.resize(gray, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA)
    ink = _ink(np.asarray(small, np.uint8))
    if ink.sum() < 50:
        return 0.0
    sh, sw = ink.shape
    centre = (sw / 2, sh / 2)
    inkf = ink.astype(np.float32)

    def score(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        return _profile_score(
            np.asarray(cv2.warpAffine(inkf, m, (sw, sh), flags=cv2.INTER_NEAREST), np.float32)
        )

    coarse = np.arange(-max_angle, max_angle + 0.01, 0.5)
    best = float(max(coarse, key=score))
    fine = np.arange(best - 0.4, best + 0.41, 0.1)
    return round(float(max(fine, key=score)), 2)


def deskew(gray: GrayImage, *, settings: ReaderSettings) -> tuple[GrayImage, float]:
    """`gray` rotated to make text lines straight; returns the image and the angle applied."""
    angle = estimate_skew(gray, max_angle=settings.deskew_max_angle)
    if abs(angle) < 0.3:
        return gray, 0.0
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    out = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    return np.asarray(out, np.uint8), angle


def binarize(gray: GrayImage) -> GrayImage:
    """Black text on white (Otsu), for evenly lit images where Tesseract's own threshold slips."""
    _, out = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return np.asarray(out, np.uint8)


def orientation_candidates(gray: GrayImage, *, settings: ReaderSettings) -> tuple[int, ...]:
    """Rotations (clockwise degrees) worth trying to make the text upright, likeliest first.

    One when Tesseract's OSD is sure; a rotation and its flip when OSD is unsure (it mostly gets
    the text axis right and hesitates between 0 and 180); all four when OSD has no opinion.
    """
    from handover.reader import ocr  # the Tesseract adapter; imported here to keep this module pure

    if not settings.use_osd:
        return (0, 180, 90, 270)
    h, w = gray.shape
    size = estimate_text_size(gray) or float(settings.target_text_height)
    osd = None
    # OSD judges best with characters of about 20-26 px; if it finds too little, try larger.
    for target in (22.0, 34.0):
        f = min(target / size, 2000 / max(h, w), 2.0)
        interp = cv2.INTER_AREA if f < 1 else cv2.INTER_CUBIC
        scaled = np.asarray(cv2.resize(gray, (round(w * f), round(h * f)), interpolation=interp), np.uint8)
        osd = ocr.detect_orientation(scaled, settings=settings)
        if osd is not None:
            break
    if osd is not None and osd.confidence >= settings.osd_min_confidence:
        return (osd.rotate,)
    if osd is not None:
        return (osd.rotate, (osd.rotate + 180) % 360)
    return (0, 180, 90, 270)


def decide_orientation(gray: GrayImage, *, settings: ReaderSettings) -> int:
    """Degrees (0/90/180/270) to turn the card clockwise so its text is upright."""
    from handover.reader import ocr

    candidates = orientation_candidates(gray, settings=settings)
    if len(candidates) == 1:
        return candidates[0]
    # OSD unsure (few characters, odd fonts): compare how confidently each rotation reads.
    h, w = gray.shape
    f = min(1.0, 700 / max(h, w))
    tiny = np.asarray(cv2.resize(gray, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA), np.uint8)
    best, best_score = candidates[0], -1.0
    for rot in candidates:
        words = ocr.recognize(rotate_quarter(tiny, rot), languages="jpn+eng", psm=6, settings=settings)
        score = sum(wd.conf * len(wd.text) for wd in words if wd.conf > 0.5)
        if score > best_score:
            best, best_score = rot, score
    return best


def median_level(gray: GrayImage) -> float:
    """`np.median` of an 8-bit image, from its histogram (about 30 times faster on a card)."""
    hist = cv2.calcHist([np.ascontiguousarray(gray)], [0], None, [256], [0, 256]).ravel().astype(np.int64)
    cum = np.cumsum(hist)
    n = gray.size
    lo = int(np.searchsorted(cum, (n - 1) // 2, side="right"))
    hi = int(np.searchsorted(cum, n // 2, side="right"))
    return (lo + hi) / 2


def clear_border(gray: GrayImage, *, fraction: float = 0.015) -> GrayImage:
    """Paint a thin frame in the paper's colour: a warp a few pixels too wide leaves desk there."""
    h, w = gray.shape
    m = max(1, round(fraction * min(h, w)))
    out = gray.copy()
    paper = np.uint8(median_level(gray))
    out[:m, :] = paper
    out[-m:, :] = paper
    out[:, :m] = paper
    out[:, -m:] = paper
    return out


def _band_text(holes: npt.NDArray[np.bool_], s: float) -> npt.NDArray[np.bool_]:
    """The holes of a colour band that are characters: not the solid blobs (a pale smear, a
    window in the band) that fill most of a box wider than a character."""
    _, labels, stats, _ = cv2.connectedComponentsWithStats(holes.astype(np.uint8), connectivity=8)
    bw, bh = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    fill = stats[:, cv2.CC_STAT_AREA] / np.maximum(1, bw * bh)
    glyph = ~((fill > 0.7) & (np.minimum(bw, bh) > 1.2 * s))
    glyph[0] = False
    return np.asarray(glyph[labels], np.bool_)


def remove_graphics(gray: GrayImage, *, char_size: float) -> GrayImage:
    """Paint out rules, bars and frames, and turn white-on-colour bands into dark-on-white text.

    Tesseract's page layout takes a thick bar at the card's edge or a ruled line for a picture
    or a table and then splits or drops the text beside it.
    """
    s = max(char_size, 6.0)
    _, raw = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = np.asarray(raw, np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n <= 1:
        return gray
    bw, bh = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    area = stats[:, cv2.CC_STAT_AREA]
    long_side, short_side = np.maximum(bw, bh), np.minimum(bw, bh)
    fill = area / np.maximum(1, bw * bh)
    h, w = gray.shape
    rule = (long_side > 6 * s) & ((short_side < 0.35 * s) | (fill > 0.8))
    frame = (long_side > 0.5 * min(h, w)) & (fill < 0.15)
    solid = (fill > 0.85) & (short_side > 1.2 * s) & (area > (2 * s) ** 2)
    big = (fill > 0.6) & (area >= (4 * s) ** 2) & (short_side > 1.2 * s)
    rule[0] = frame[0] = solid[0] = big[0] = False
    out = gray.copy()
    erase = rule | frame | solid
    for i in np.flatnonzero(big):
        x, y = stats[i, cv2.CC_STAT_LEFT], stats[i, cv2.CC_STAT_TOP]
        region = labels[y : y + bh[i], x : x + bw[i]] == i
        filled = np.zeros(region.shape, np.uint8)
        contours, _ = cv2.findContours(region.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        cv2.drawContours(filled, contours, -1, 1, thickness=cv2.FILLED)
        inside = filled > 0
        if (inside.sum() - area[i]) < 0.03 * inside.sum():
            continue  # no holes: a plain bar or block, erased below
        # A band of colour with white text in it (the holes): invert the band so the text
        # becomes dark on light, as on the rest of the card.
        erase[i] = False
        text = _band_text(inside & (ink[y : y + bh[i], x : x + bw[i]] == 0), s)  # light: the letters
        if not text.any():
            continue
        box = out[y : y + bh[i], x : x + bw[i]]
        inverted = 255 - box
        lo, hi = np.percentile(inverted[text], (2, 98))
        stretched = np.clip((inverted.astype(np.float32) - lo) * (255.0 / max(1.0, hi - lo)), 0, 255)
        # Only the text and its edges keep their shades; the rest of the band, with the pale
        # smear that evening the light leaves on a wide band and the band's edge, turns white.
        near = cv2.dilate(text.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
        keep = near & inside
        band = cv2.dilate(inside.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
        box[band & ~keep] = 255
        box[keep] = stretched.astype(np.uint8)[keep]
    if erase.any():
        mask = cv2.dilate(erase[labels].astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
        out[mask] = 255
    return out
