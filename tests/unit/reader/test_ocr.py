"""ocr: the Tesseract adapter, and telling 縦書き columns from horizontal lines."""

from __future__ import annotations

import multiprocessing
import sys
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import cv2
import numpy as np
import pytesseract
import pytest
from PIL import Image, ImageDraw, ImageFont

from handover.errors import OcrFailed
from handover.reader import engine, ocr
from handover.reader.preprocess import estimate_text_size, to_gray
from handover.reader.read import reading_quality
from handover.reader.settings import ReaderSettings
from handover.reader.types import Box, Word
from tests.unit.reader.synthetic_cards import GOTHIC, draw_horizontal_card, draw_vertical_card, rotate_image

SAMPLE = Path(__file__).resolve().parents[3] / "sample_cards" / "cards" / "0001_flatbed_h.jpg"

SETTINGS = ReaderSettings()


def _text_image(text: str, size: int = 40) -> np.ndarray:
    font = ImageFont.truetype(str(GOTHIC), size)
    im = Image.new("L", (size * len(text) // 2 + 120, size * 2), 255)
    ImageDraw.Draw(im).text((40, size // 2), text, fill=0, font=font)
    return np.asarray(im)


def test_horizontal_card_is_not_vertical() -> None:
    gray = to_gray(draw_horizontal_card())
    d = ocr.analyse_directions(gray, char_size=estimate_text_size(gray))
    assert not d.vertical
    assert d.horizontal_ink > 3 * d.vertical_ink


def test_vertical_card_is_vertical_with_a_horizontal_phone_line() -> None:
    gray = to_gray(draw_vertical_card())
    d = ocr.analyse_directions(gray, char_size=estimate_text_size(gray))
    assert d.vertical
    h, w = gray.shape
    # The phone number at the foot is horizontal, the columns above are not.
    assert d.horizontal_mask[int(0.9 * h) + 10, int(0.2 * w)] == 255
    assert d.horizontal_mask[: int(0.6 * h)].max() == 0
    assert d.vertical_mask[int(0.2 * h), int(0.84 * w)] == 255


def test_words_from_recorded_data_are_shifted_and_scaled() -> None:
    data: dict[str, list[object]] = {
        "level": [4, 5, 5, 5],
        "text": ["", "TEL", " ", "03-1234-5678"],
        "conf": ["-1", "96.5", "-1", "88"],
        "left": [0, 10, 60, 70],
        "top": [0, 5, 5, 5],
        "width": [0, 40, 5, 120],
        "height": [0, 20, 20, 20],
    }
    words = ocr._words(data, (100, 200), 0.0)
    assert [w.text for w in words] == ["TEL", "03-1234-5678"]
    assert words[0].box.x == 110 and words[0].box.y == 205
    assert words[0].conf == pytest.approx(0.965)


@pytest.mark.tesseract
def test_recognize_reads_words_with_boxes() -> None:
    image = _text_image("TEL 5253-8111")
    words = ocr.recognize(image, languages="jpn+eng", psm=7, settings=SETTINGS)
    assert "".join(w.text for w in words).replace(" ", "") == "TEL5253-8111"
    assert all(0 <= w.conf <= 1 and w.box.w > 0 for w in words)
    assert words[0].box.x < words[-1].box.x


@pytest.mark.tesseract
def test_unknown_language_is_ocr_failed() -> None:
    with pytest.raises(OcrFailed):
        ocr.recognize(_text_image("TEL"), languages="xxx_missing", psm=7, settings=SETTINGS)


@pytest.mark.tesseract
def test_osd_says_nothing_on_a_blank_image() -> None:
    assert ocr.detect_orientation(np.full((200, 300), 255, np.uint8), settings=SETTINGS) is None


@pytest.mark.tesseract
def test_vertical_card_reads_columns_and_phone() -> None:
    gray = to_gray(draw_vertical_card(width=900, font=GOTHIC))
    result = ocr.read_words(gray, char_size=estimate_text_size(gray), settings=SETTINGS)
    assert result.vertical
    vertical_text = "".join(w.text for w in result.words if w.vertical)
    horizontal_text = "".join(w.text for w in result.words if not w.vertical)
    assert "鈴木" in vertical_text and "九段" in vertical_text
    assert "03-3264-2111" in horizontal_text


def test_large_glyphs_side_by_side_make_a_row() -> None:
    boxes = [Box(100, 300, 90, 95), Box(200, 305, 92, 90), Box(420, 302, 90, 92), Box(100, 40, 95, 95)]
    rows = ocr.large_rows(boxes)
    assert rows == [Box(100, 300, 410, 95)]  # the lone glyph at the top is no row


def test_reading_quality_tells_right_from_wrong() -> None:
    good = ocr.OcrResult(tuple(Word("山田太郎", Box(0, 0, 100, 30), 0.93) for _ in range(10)), False)
    junk = ocr.OcrResult(tuple(Word("ナ", Box(0, 0, 30, 30), 0.2) for _ in range(30)), False)
    assert reading_quality(good, glyphs=45) > 0.8
    assert reading_quality(junk, glyphs=45) < 0.3
    assert reading_quality(ocr.OcrResult((), False), glyphs=45) == 0.0


def _sample_gray() -> np.ndarray:
    if not SAMPLE.exists():
        pytest.skip("sample_cards not generated")
    return to_gray(cv2.imread(str(SAMPLE)))


def _program_words(image: np.ndarray, *, languages: str, psm: int) -> list[Word]:
    """What the reader got from the tesseract program (pytesseract) before the in-process engine."""
    data = pytesseract.image_to_data(
        Image.fromarray(image),
        lang=languages,
        config=f"--psm {psm} -c preserve_interword_spaces=0",
        output_type=pytesseract.Output.DICT,
    )
    return ocr._words(data, (0, 0), 0.0)


@pytest.mark.tesseract
def test_engine_reads_the_same_words_as_the_tesseract_program() -> None:
    card = _sample_gray()
    words = ocr.recognize(card, languages="jpn+eng", psm=3, settings=SETTINGS)
    assert len(words) > 20
    assert words == _program_words(card, languages="jpn+eng", psm=3)
    line = _text_image("TEL 5253-8111")
    assert ocr.recognize(line, languages="jpn", psm=7, settings=SETTINGS) == _program_words(
        line, languages="jpn", psm=7
    )


@pytest.mark.tesseract
def test_engine_is_loaded_once_per_thread_and_reused() -> None:
    image = _text_image("TEL 5253-8111")
    first = ocr.recognize(image, languages="eng", psm=7, settings=SETTINGS)
    api = engine._apis.by_languages["eng"]
    # A different page segmentation on the same API, then the first one again: nothing carries over.
    ocr.recognize(image, languages="eng", psm=6, settings=SETTINGS)
    assert ocr.recognize(image, languages="eng", psm=7, settings=SETTINGS) == first
    assert engine._apis.by_languages["eng"] is api


@pytest.mark.tesseract
def test_two_threads_read_at_once_with_their_own_engines() -> None:
    images = [_text_image("TEL 5253-8111"), _text_image("FAX 0120-444-555")]
    alone = [ocr.recognize(im, languages="eng", psm=7, settings=SETTINGS) for im in images]
    start = threading.Barrier(2)

    def read(image: np.ndarray) -> tuple[list[list[Word]], int]:
        start.wait()
        results = [ocr.recognize(image, languages="eng", psm=7, settings=SETTINGS) for _ in range(3)]
        return results, id(engine._apis.by_languages["eng"])

    with ThreadPoolExecutor(max_workers=2) as pool:
        (a, api_a), (b, api_b) = pool.map(read, images)
    assert a == [alone[0]] * 3 and b == [alone[1]] * 3
    assert api_a != api_b


def _read_in_child(image: np.ndarray) -> tuple[int, list[Word]]:
    return len(engine._apis.by_languages), ocr.recognize(image, languages="eng", psm=7, settings=SETTINGS)


@pytest.mark.tesseract
def test_a_forked_worker_loads_its_own_engine() -> None:
    image = _text_image("TEL 5253-8111")
    here = ocr.recognize(image, languages="eng", psm=7, settings=SETTINGS)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        inherited, there = pool.submit(_read_in_child, image).result()
    assert inherited == 0
    assert there == here


@pytest.mark.tesseract
def test_osd_turns_a_card_on_its_side_upright_as_the_program_says() -> None:
    gray = to_gray(draw_horizontal_card())
    for turn in (90, 180):
        turned = rotate_image(gray, turn)
        osd = ocr.detect_orientation(turned, settings=SETTINGS)
        assert osd is not None
        assert osd.rotate == (360 - turn) % 360
        program = pytesseract.image_to_osd(
            Image.fromarray(turned), config="--psm 0", output_type=pytesseract.Output.DICT
        )
        assert (osd.rotate, round(osd.confidence, 2), osd.script) == (
            program["rotate"],
            program["orientation_conf"],
            program["script"],
        )


@pytest.mark.tesseract
def test_timeout_is_ocr_failed_and_the_engine_reads_on() -> None:
    card = _sample_gray()
    hurried = ReaderSettings(tesseract_timeout=0.001)
    with pytest.raises(OcrFailed, match="timed out"):
        ocr.recognize(card, languages="jpn+eng", psm=3, settings=hurried)
    assert ocr.recognize(_text_image("TEL"), languages="jpn+eng", psm=7, settings=SETTINGS)


def _read_in_new_thread() -> BaseException | None:
    caught: list[BaseException] = []

    def read() -> None:
        try:
            ocr.recognize(_text_image("TEL"), languages="eng", psm=7, settings=SETTINGS)
        except OcrFailed as e:
            caught.append(e)

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    return caught[0] if caught else None


@pytest.mark.tesseract
def test_missing_tesserocr_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    # A None entry makes `import tesserocr` fail as on a machine without it; a new thread has no
    # engine loaded yet.
    monkeypatch.setitem(sys.modules, "tesserocr", None)
    error = _read_in_new_thread()
    assert isinstance(error, OcrFailed)
    assert "setup.sh" in str(error) and "libtesseract-dev" in str(error)
    assert isinstance(error.__cause__, ImportError)


@pytest.mark.tesseract
def test_missing_language_data_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    error = _read_in_new_thread()
    assert isinstance(error, OcrFailed)
    assert str(tmp_path) in str(error) and "tesseract-ocr-jpn" in str(error)


def test_unsure_lines_are_not_read_a_second_time_inverted() -> None:
    # Tesseract 5 reads each line under 0.7 confidence again, inverted, unless told not to; the
    # reader cleans light-on-dark bands itself, so every engine it opens is told.
    for languages in ("jpn+eng", "jpn_vert"):
        assert engine._api(languages).GetVariableAsString("tessedit_do_invert") == "0"
