"""The card reader's entry point: a file (or bytes) in, one CardReading per card found out."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from handover.errors import HandoverError, InvalidImage
from handover.reader import digit_reread, gaps, ocr, preprocess, web_words
from handover.reader.fields import extract_fields
from handover.reader.image import BGRImage, load_pages
from handover.reader.layout import build_lines
from handover.reader.preprocess import GrayImage
from handover.reader.settings import ReaderSettings
from handover.reader.types import Box, CardReading, Word

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CardResult:
    """A reading and the straightened card image its boxes refer to (for review)."""

    reading: CardReading
    image: BGRImage  # upright, deskewed card, BGR


@dataclass(frozen=True)
class StraightCard:
    """One card after preprocessing: what Tesseract reads, and the same card in colour."""

    gray: GrayImage  # deskewed, scaled for OCR, not yet turned upright
    color: BGRImage  # deskewed, at warp resolution
    scale: float  # gray pixels per color pixel
    char_size: float  # in gray pixels
    glyphs: int  # character-like blobs seen, to judge how much of the text a reading got
    outline_found: bool


def straighten(image: BGRImage, card: preprocess.CardQuad, *, settings: ReaderSettings) -> StraightCard:
    """Warp, normalise, scale and deskew one card (turning it upright comes with reading it)."""
    color = preprocess.warp_card(image, card, settings=settings)
    gray = preprocess.to_gray(color)
    if card.found:
        gray = preprocess.clear_border(gray)
    gray = preprocess.normalize_illumination(gray)
    gray, scale = preprocess.scale_for_ocr(gray, settings=settings)
    gray, angle = preprocess.deskew(gray, settings=settings)
    if angle:
        h, w = color.shape[:2]
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        color = np.asarray(
            cv2.warpAffine(color, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE),
            np.uint8,
        )
    size = preprocess.estimate_text_size(gray) or float(settings.target_text_height)
    gray = preprocess.remove_graphics(gray, char_size=size)
    if settings.binarize:
        gray = preprocess.binarize(gray)
    sizes = preprocess.glyph_sizes(gray)
    return StraightCard(gray, color, scale, size, len(sizes), card.found)


def reading_quality(result: ocr.OcrResult, glyphs: int) -> float:
    """0..1: how plausible a reading is; text read the wrong way up scores low.

    Tesseract reads upside-down or sideways Japanese as scattered low-confidence characters, so
    the share of characters in confident words, and how much of the ink became text, tell a
    right reading from a wrong one without asking OSD.
    """
    chars = sum(len(w.text) for w in result.words)
    if chars == 0:
        return 0.0
    confident = sum(len(w.text) for w in result.words if w.conf >= 0.75) / chars
    mean = sum(w.conf * len(w.text) for w in result.words) / chars
    coverage = min(1.0, chars / max(1.0, 0.6 * glyphs))
    return float(min(confident, mean) * coverage)


def orient_and_read(
    card: StraightCard, *, settings: ReaderSettings, osd_first: bool = False
) -> tuple[int, ocr.OcrResult]:
    """Turn the card upright and read it, spending OSD and extra passes only when needed.

    Scanned cards arrive upright, so they are read as they are and OSD is asked only when that
    reading looks wrong. Photos come any way round (`osd_first`): OSD is asked first. Turning a
    card by 90 degrees swaps both its aspect and its line direction, so a sideways 横書き card
    looks like an upright 縦書き one; only the characters themselves (OSD, OCR) tell them apart.
    """
    best: tuple[float, int, ocr.OcrResult | None] = (-1.0, 0, None)
    if not osd_first:
        first = ocr.read_words(card.gray, char_size=card.char_size, settings=settings)
        best = (reading_quality(first, card.glyphs), 0, first)
        log.debug("read as is: quality %.2f", best[0])
        if best[0] >= settings.accept_quality:
            return 0, first
    candidates = preprocess.orientation_candidates(card.gray, settings=settings)
    log.debug("orientation candidates %s", candidates)
    tried: dict[int, tuple[float, ocr.OcrResult]] = {}
    if best[2] is not None:
        tried[0] = (best[0], best[2])
    for rotation in candidates:
        if rotation in tried:
            quality = tried[rotation][0]
        else:
            turned = preprocess.rotate_quarter(card.gray, rotation)
            result = ocr.read_words(turned, char_size=card.char_size, settings=settings)
            quality = reading_quality(result, card.glyphs)
            log.debug("read turned %d: quality %.2f", rotation, quality)
            tried[rotation] = (quality, result)
            if quality > best[0]:
                best = (quality, rotation, result)
        # OSD's first choice is right even when it is unsure (blurred photos read poorly at any
        # rotation), unless its reading is clearly nonsense; then the flip is tried.
        first_choice = rotation == candidates[0] and len(candidates) <= 2
        if quality >= settings.accept_quality or len(candidates) == 1:
            break
        if first_choice and quality >= settings.plausible_quality:
            break
    assert best[2] is not None
    if len(candidates) == 2 and candidates[0] in tried and best[1] != candidates[0]:
        first_quality, first_result = tried[candidates[0]]
        if best[0] < first_quality + 0.15:
            # Two poor readings (a blurred photo) differ by chance: OSD's first choice stands.
            return candidates[0], first_result
    return best[1], best[2]


def _with_skipped_lines(
    card: StraightCard, rotation: int, result: ocr.OcrResult, *, settings: ReaderSettings
) -> ocr.OcrResult:
    """The reading completed on the upright card: the lines Tesseract's page layout skipped read one
    by one, numbers with stray characters read again, and words the web address spells found."""
    upright = preprocess.rotate_quarter(card.gray, rotation)
    find = gaps.read_skipped_columns if result.vertical else gaps.read_skipped_lines
    words = find(upright, result.words, char_size=card.char_size, settings=settings)
    words = digit_reread.reread_numbers(upright, words, settings=settings)
    words = web_words.spell_web_words(upright, words)
    return ocr.OcrResult(tuple(words), result.vertical)


def looks_like_photo(image: BGRImage, card: preprocess.CardQuad) -> bool:
    """A card found on a darker or coloured background (a desk), not on a white scanner bed."""
    if not card.found:
        return False
    # Only the border is looked at: only its strips are made gray, not the whole photo.
    strips = (image[:8], image[-8:], image[:, :8], image[:, -8:])
    border = np.concatenate([preprocess.to_gray(np.ascontiguousarray(s)).ravel() for s in strips])
    return float(np.median(border)) < 200


def _unscale(word: Word, scale: float) -> Word:
    b = word.box
    box = Box(round(b.x / scale), round(b.y / scale), max(1, round(b.w / scale)), max(1, round(b.h / scale)))
    return Word(word.text, box, word.conf, word.vertical)


def read_card_images(
    source: str | Path | bytes, *, settings: ReaderSettings | None = None, name: str | None = None
) -> list[CardResult]:
    """Read every card in a file, keeping each straightened card image for review."""
    settings = settings or ReaderSettings()
    pages = load_pages(source, settings=settings, name=name)
    display = name or ("<bytes>" if isinstance(source, bytes) else str(source))
    results: list[CardResult] = []
    for page in pages:
        for card in preprocess.find_cards(page.image, settings=settings):
            straight = straighten(page.image, card, settings=settings)
            photo = looks_like_photo(page.image, card)
            rotation, found = orient_and_read(straight, settings=settings, osd_first=photo)
            found = _with_skipped_lines(straight, rotation, found, settings=settings)
            color = preprocess.rotate_quarter(straight.color, rotation)
            h, w = color.shape[:2]
            words = [_unscale(word, straight.scale) for word in found.words]
            lines = tuple(build_lines(words))
            warnings = []
            if not card.found:
                warnings.append("no card outline found; the whole image was read")
            if not lines:
                warnings.append("no text found")
            reading = CardReading(
                file=display,
                card_index=len(results),
                fields=extract_fields(lines, width=w, height=h, vertical=found.vertical),
                orientation=rotation,
                vertical=found.vertical,
                text="\n".join(ln.text for ln in lines),
                lines=lines,
                page=page.index,
                warnings=tuple(warnings),
            )
            results.append(CardResult(reading, color))
            log.debug("%s page %d card %d: %d lines", display, page.index, reading.card_index, len(lines))
    return results


def read_card(
    path_or_bytes: str | Path | bytes, *, settings: ReaderSettings | None = None, name: str | None = None
) -> list[CardReading]:
    """One CardReading per card found in an image or PDF (all pages)."""
    return [r.reading for r in read_card_images(path_or_bytes, settings=settings, name=name)]


def encode_card_image(image: BGRImage, *, ext: str = ".jpg", quality: int = 90) -> bytes:
    """A straightened card image as JPEG (or PNG with ext='.png') bytes, for the review page."""
    params = [cv2.IMWRITE_JPEG_QUALITY, quality] if ext.lower() in (".jpg", ".jpeg") else []
    ok, buf = cv2.imencode(ext, image, params)
    if not ok:
        raise InvalidImage(f"cannot encode card image as {ext}")
    return bytes(buf.tobytes())


def save_card_image(image: BGRImage, path: str | Path) -> Path:
    """Write a straightened card image; the format follows the file extension."""
    out = Path(path)
    out.write_bytes(encode_card_image(image, ext=out.suffix or ".jpg"))
    return out


@dataclass(frozen=True)
class BatchItem:
    """The outcome of reading one file in a batch: readings, or an error naming the file."""

    file: str
    readings: tuple[CardReading, ...] = ()
    error: str | None = None


def _read_one(args: tuple[str, ReaderSettings]) -> BatchItem:
    path, settings = args
    try:
        return BatchItem(path, tuple(read_card(path, settings=settings)))
    except HandoverError as e:
        message = str(e)
        return BatchItem(path, error=message if path in message else f"{path}: {message}")
    except Exception as e:  # a batch must go on past one bad file; the error names it
        log.exception("unexpected error reading %s", path)
        return BatchItem(path, error=f"{path}: unexpected error ({type(e).__name__})")


def _init_worker() -> None:
    # One Tesseract thread per process: the pool already uses every core.
    os.environ["OMP_THREAD_LIMIT"] = "1"


def read_batch(
    files: Iterable[str | Path], *, settings: ReaderSettings | None = None, jobs: int | None = None
) -> Iterator[BatchItem]:
    """Read many files on every core (or `jobs` processes); results come in input order."""
    settings = settings or ReaderSettings()
    paths = [str(f) for f in files]
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(paths) <= 1:
        yield from (_read_one((p, settings)) for p in paths)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(paths)), initializer=_init_worker) as pool:
        yield from pool.map(_read_one, [(p, settings) for p in paths])
