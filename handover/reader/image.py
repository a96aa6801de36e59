"""Load card images (JPEG, PNG, TIFF with several frames, PDF pages) into BGR arrays, safely."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
from PIL import ExifTags, Image, ImageOps, ImageSequence, UnidentifiedImageError

from handover.errors import InvalidImage
from handover.reader.settings import ReaderSettings

BGRImage = npt.NDArray[np.uint8]

_PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class Page:
    """One raster page of an input file: a PDF page, a TIFF frame, or the whole image."""

    image: BGRImage  # H x W x 3, uint8, BGR
    index: int  # 0-based page or frame number


def read_source(source: str | Path | bytes, *, settings: ReaderSettings) -> tuple[str, bytes]:
    """The display name and raw bytes of a path or a bytes upload, with a size guard."""
    if isinstance(source, bytes):
        name, data = "<bytes>", source
    else:
        path = Path(source)
        name = str(path)
        try:
            size = path.stat().st_size
            if size > settings.max_file_bytes:
                raise InvalidImage(f"{name}: file too large ({size} bytes > {settings.max_file_bytes})")
            data = path.read_bytes()
        except OSError as e:
            raise InvalidImage(f"{name}: cannot read file ({e.strerror or e})") from e
    if len(data) > settings.max_file_bytes:
        raise InvalidImage(f"{name}: file too large ({len(data)} bytes > {settings.max_file_bytes})")
    if not data:
        raise InvalidImage(f"{name}: empty file")
    return name, data


def load_pages(
    source: str | Path | bytes, *, settings: ReaderSettings, name: str | None = None
) -> list[Page]:
    """Every page of an image or PDF file as upright BGR arrays (EXIF orientation applied)."""
    display, data = read_source(source, settings=settings)
    display = name or display
    if data.startswith(_PDF_MAGIC):
        return _load_pdf(data, display, settings)
    return _load_raster(data, display, settings)


def _load_raster(data: bytes, name: str, settings: ReaderSettings) -> list[Page]:
    pages: list[Page] = []
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its own limit; we treat any bomb as an error.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                for i, frame in enumerate(ImageSequence.Iterator(im)):
                    if i >= settings.max_pages:
                        break
                    _check_pixels(frame.size, name, settings)
                    pages.append(Page(_to_bgr(_upright(frame)), i))
    except InvalidImage:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise InvalidImage(f"{name}: image too large (decompression bomb guard)") from e
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as e:
        raise InvalidImage(f"{name}: not a readable image ({type(e).__name__})") from e
    if not pages:
        raise InvalidImage(f"{name}: no image frames")
    return pages


def _check_pixels(size: tuple[int, int], name: str, settings: ReaderSettings) -> None:
    w, h = size
    if w < 16 or h < 16:
        raise InvalidImage(f"{name}: image too small ({w}x{h} px)")
    if w * h > settings.max_pixels:
        raise InvalidImage(f"{name}: image too large ({w}x{h} px > {settings.max_pixels} pixels)")


def _upright(frame: Image.Image) -> Image.Image:
    """The frame turned as its EXIF Orientation tag says; the frame itself when it says nothing.

    (ImageOps.exif_transpose alone would copy every unturned image once more.)
    """
    frame.load()  # as exif_transpose does: some formats keep their EXIF after the pixels
    if frame.getexif().get(ExifTags.Base.Orientation, 1) in range(2, 9):
        return ImageOps.exif_transpose(frame)
    return frame


def _to_bgr(im: Image.Image) -> BGRImage:
    """Pillow image of any mode -> 8-bit BGR; transparency is flattened onto white."""
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = Image.alpha_composite(background, rgba)
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr16 = np.asarray(im, dtype=np.float64)
        top = float(arr16.max()) or 1.0
        gray = (arr16 * (255.0 / top)).clip(0, 255).astype(np.uint8)
        return np.ascontiguousarray(np.repeat(gray[:, :, None], 3, axis=2))
    if im.mode == "L":
        return np.asarray(cv2.cvtColor(np.asarray(im, dtype=np.uint8), cv2.COLOR_GRAY2BGR), np.uint8)
    rgb = np.asarray(im if im.mode == "RGB" else im.convert("RGB"), dtype=np.uint8)
    # OpenCV swaps the channels several times faster than a reversed numpy view copied.
    return np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), np.uint8)


def _load_pdf(data: bytes, name: str, settings: ReaderSettings) -> list[Page]:
    import pypdfium2 as pdfium  # imported late: only PDF uploads need it

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        raise InvalidImage(f"{name}: not a readable PDF") from e
    pages: list[Page] = []
    try:
        count = len(doc)
        if count == 0:
            raise InvalidImage(f"{name}: PDF has no pages")
        for i in range(min(count, settings.max_pages)):
            page = doc[i]
            try:
                w_pt, h_pt = page.get_size()
                scale = settings.pdf_dpi / 72.0
                pixels = w_pt * h_pt * scale * scale
                if pixels > settings.max_pixels:
                    # A poster-sized page: render it smaller instead of refusing it.
                    scale *= (settings.max_pixels / pixels) ** 0.5
                bitmap = page.render(scale=scale, fill_color=(255, 255, 255, 255))
                rgb = np.asarray(bitmap.to_pil().convert("RGB"), dtype=np.uint8)
            finally:
                page.close()
            pages.append(Page(np.ascontiguousarray(rgb[:, :, ::-1]), i))
    except pdfium.PdfiumError as e:
        raise InvalidImage(f"{name}: cannot render PDF page") from e
    finally:
        doc.close()
    return pages
