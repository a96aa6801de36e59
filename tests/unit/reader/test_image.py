"""image.load_pages: formats, EXIF orientation, guards against bad and oversized input."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from handover.errors import InvalidImage
from handover.reader.image import load_pages
from handover.reader.settings import ReaderSettings

SETTINGS = ReaderSettings()


def _png(im: Image.Image) -> bytes:
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    return buf.getvalue()


def test_png_is_loaded_as_bgr() -> None:
    im = Image.new("RGB", (40, 30), (255, 0, 0))
    pages = load_pages(_png(im), settings=SETTINGS)
    assert len(pages) == 1
    assert pages[0].image.shape == (30, 40, 3)
    assert pages[0].image.dtype == np.uint8
    assert pages[0].image[0, 0].tolist() == [0, 0, 255]


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    im = Image.new("RGB", (80, 40), (255, 255, 255))
    im.paste((0, 0, 0), (0, 0, 10, 10))  # a black square top-left
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to display", as phones write it
    path = tmp_path / "phone.jpg"
    im.save(path, format="JPEG", exif=exif)
    page = load_pages(path, settings=SETTINGS)[0]
    assert page.image.shape[:2] == (80, 40)
    assert page.image[2, -3].mean() < 60  # the square moved to the top-right
    assert page.image[2, 2].mean() > 200


def test_multi_page_tiff(tmp_path: Path) -> None:
    path = tmp_path / "scan.tif"
    frames = [Image.new("L", (50, 30), 255), Image.new("RGB", (60, 40), (0, 255, 0))]
    frames[0].save(path, format="TIFF", save_all=True, append_images=frames[1:])
    pages = load_pages(path, settings=SETTINGS)
    assert [p.index for p in pages] == [0, 1]
    assert pages[1].image.shape == (40, 60, 3)
    assert pages[1].image[0, 0].tolist() == [0, 255, 0]


def test_pdf_pages_are_rendered_at_300_dpi(tmp_path: Path) -> None:
    path = tmp_path / "cards.pdf"
    # 91 x 55 mm at 72 dpi is about 258 x 156 points.
    pages = [Image.new("RGB", (258, 156), (255, 255, 255)) for _ in range(2)]
    pages[0].save(path, format="PDF", resolution=72, save_all=True, append_images=pages[1:])
    loaded = load_pages(path, settings=SETTINGS)
    assert len(loaded) == 2
    h, w = loaded[0].image.shape[:2]
    assert abs(w - 258 * 300 / 72) < 4 and abs(h - 156 * 300 / 72) < 4


def test_transparency_is_flattened_on_white() -> None:
    im = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    page = load_pages(_png(im), settings=SETTINGS)[0]
    assert page.image.min() == 255


def test_corrupt_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with pytest.raises(InvalidImage, match=r"broken\.jpg"):
        load_pages(path, settings=SETTINGS)


def test_corrupt_pdf_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n garbage")
    with pytest.raises(InvalidImage, match=r"broken\.pdf"):
        load_pages(path, settings=SETTINGS)


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(InvalidImage, match=r"nothere\.png"):
        load_pages(tmp_path / "nothere.png", settings=SETTINGS)
    with pytest.raises(InvalidImage, match="empty"):
        load_pages(b"", settings=SETTINGS)


def test_too_many_pixels_is_refused() -> None:
    data = _png(Image.new("L", (3000, 3000), 255))
    with pytest.raises(InvalidImage, match="too large"):
        load_pages(data, settings=ReaderSettings(max_pixels=1_000_000), name="big.png")


def test_decompression_bomb_is_refused() -> None:
    # A tiny file that claims huge dimensions: Pillow's own guard must become InvalidImage.
    data = _png(Image.new("1", (20000, 20000), 0))
    assert len(data) < 200_000
    with pytest.raises(InvalidImage, match=r"bomb\.png"):
        load_pages(data, settings=ReaderSettings(max_pixels=10**9), name="bomb.png")


def test_file_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    path.write_bytes(b"\x89PNG" + b"\0" * 2000)
    with pytest.raises(InvalidImage, match=r"huge\.png"):
        load_pages(path, settings=ReaderSettings(max_file_bytes=1000))


def test_pixels_are_the_files_own_in_bgr_order() -> None:
    rng = np.random.default_rng(3)
    rgb = rng.integers(0, 256, (37, 53, 3), dtype=np.uint8)
    page = load_pages(_png(Image.fromarray(rgb, "RGB")), settings=SETTINGS)[0]
    assert page.image.flags.c_contiguous
    assert np.array_equal(page.image, rgb[:, :, ::-1])


def test_gray_and_palette_images_become_bgr() -> None:
    rng = np.random.default_rng(4)
    gray = rng.integers(0, 256, (30, 41), dtype=np.uint8)
    page = load_pages(_png(Image.fromarray(gray, "L")), settings=SETTINGS)[0]
    assert page.image.shape == (30, 41, 3)
    assert all(np.array_equal(page.image[:, :, c], gray) for c in range(3))
    palette = Image.fromarray(rng.integers(0, 256, (30, 41, 3), dtype=np.uint8), "RGB").quantize(16)
    page = load_pages(_png(palette), settings=SETTINGS)[0]
    assert np.array_equal(page.image, np.asarray(palette.convert("RGB"))[:, :, ::-1])


def test_exif_orientation_of_a_png_is_applied() -> None:
    im = Image.new("RGB", (60, 40), (255, 255, 255))
    im.paste((0, 0, 0), (0, 0, 10, 10))  # a black square top-left
    exif = Image.Exif()
    exif[0x0112] = 3  # upside down
    buf = io.BytesIO()
    im.save(buf, format="PNG", exif=exif)
    page = load_pages(buf.getvalue(), settings=SETTINGS)[0]
    assert page.image.shape[:2] == (40, 60)
    assert page.image[-3, -3].mean() < 60  # the square is now bottom-right
    assert page.image[2, 2].mean() > 200
