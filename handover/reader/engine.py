"""Tesseract in process (tesserocr): each thread loads a language set once and keeps it.

Starting the `tesseract` program costs a process and a fresh load of the language data on every
call (about 0.8 s of CPU for jpn+eng, more than recognising a whole card), and the reader makes
several calls per card. Through libtesseract's API the words, boxes, confidences and OSD are the
ones the program prints (same library, same defaults), without that cost. The price is memory:
about 170 MB per reading thread once jpn+eng, jpn, jpn_vert and osd are all loaded.
"""

from __future__ import annotations

import importlib
import os
import threading
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

from handover.errors import OcrFailed

# Tesseract's OpenMP threads make it slower, not faster, on a card-sized image: measured on two
# cores, one queue worker read 0.43 cards/s with them and 0.86 with one thread. Parallelism comes
# from reading several cards in processes instead. An administrator's own setting is kept. The
# OpenMP runtime reads it when libtesseract is loaded, which is after this module is imported.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

INSTALL_HINT = (
    "run `bash scripts/setup.sh`, or install the Debian packages tesseract-ocr tesseract-ocr-jpn "
    "tesseract-ocr-jpn-vert tesseract-ocr-eng libtesseract-dev libleptonica-dev pkg-config and then "
    "`pip install --no-binary tesserocr tesserocr`"
)

_OSD = "osd"  # the language data `tesseract --psm 0` loads for orientation and script detection
_NUMBERS: tuple[str, ...] = ("level", "page_num", "block_num", "par_num", "line_num", "word_num")
_NUMBERS += ("left", "top", "width", "height", "conf")

Image = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class OsdResult:
    """What `tesseract --psm 0` says: turn the image clockwise by `rotate` degrees to read it."""

    rotate: int  # 0, 90, 180, 270
    orientation_confidence: float
    script: str
    script_confidence: float


class _Apis(threading.local):
    """Loaded Tesseract APIs by language set; an API must never serve two threads at once."""

    def __init__(self) -> None:
        self.by_languages: dict[str, Any] = {}


_apis = _Apis()


def _forget_after_fork() -> None:
    # A forked worker starts with its own APIs rather than copies of its parent's.
    global _apis
    _apis = _Apis()


os.register_at_fork(after_in_child=_forget_after_fork)


def _tesserocr() -> ModuleType:
    try:
        return importlib.import_module("tesserocr")
    except ImportError as e:
        raise OcrFailed(f"Tesseract cannot be used from Python ({e}): {INSTALL_HINT}") from e


def tessdata_path() -> str:
    """Where the language data is: TESSDATA_PREFIX, else the path libtesseract was built with."""
    return os.environ.get("TESSDATA_PREFIX") or str(_tesserocr().get_languages()[0])


def _api(languages: str) -> Any:
    api = _apis.by_languages.get(languages)
    if api is None:
        tesserocr = _tesserocr()
        path = tessdata_path()
        psm = tesserocr.PSM.OSD_ONLY if languages == _OSD else tesserocr.PSM.AUTO
        try:
            api = tesserocr.PyTessBaseAPI(path=path, lang=languages, psm=psm)
            # Tesseract reads every line it is unsure of a second time, inverted, in case it is
            # light text on a dark band; the reader turns such bands dark-on-light itself
            # (preprocess.remove_graphics), so the second reading only costs time.
            api.SetVariable("tessedit_do_invert", "0")
        except RuntimeError as e:
            message = f"Tesseract cannot load the language data {languages!r} from {path}"
            raise OcrFailed(f"{message}: {INSTALL_HINT}") from e
        _apis.by_languages[languages] = api
    return api


def _set_image(api: Any, image: Image) -> None:
    if image.ndim == 3:
        # OpenCV's BGR to the RGB order Tesseract expects of 24-bit pixels.
        image = np.ascontiguousarray(image[:, :, 2::-1])
    depth = 1 if image.ndim == 2 else 3
    height, width = image.shape[:2]
    api.SetImageBytes(np.ascontiguousarray(image).tobytes(), width, height, depth, width * depth)


def words(image: Image, *, languages: str, psm: int, timeout: float) -> dict[str, list[object]]:
    """Tesseract's TSV table for `image` by column, as pytesseract's `image_to_data` gives it."""
    api = _api(languages)
    api.SetPageSegMode(psm)
    _set_image(api, image)
    try:
        # The deadline is checked between words; page layout analysis always runs to its end.
        if not api.Recognize(timeout=max(1, round(timeout * 1000))):
            raise OcrFailed(f"tesseract ({languages}, psm {psm}) failed or timed out after {timeout:g} s")
        tsv = str(api.GetTSVText(0))
    finally:
        api.Clear()
    return _table(tsv)


def words_within(
    image: Image, *, characters: str, languages: str, psm: int, timeout: float
) -> dict[str, list[object]]:
    """`words` with Tesseract allowed only `characters` (a crop that should hold digits).

    The thread's API is reused; its whitelist is put back to what it was, so that the other
    readings on this thread see the full character set.
    """
    api = _api(languages)
    before = api.GetVariableAsString("tessedit_char_whitelist") or ""
    api.SetVariable("tessedit_char_whitelist", characters)
    try:
        return words(image, languages=languages, psm=psm, timeout=timeout)
    finally:
        api.SetVariable("tessedit_char_whitelist", before)


def _table(tsv: str) -> dict[str, list[object]]:
    table: dict[str, list[object]] = {name: [] for name in (*_NUMBERS, "text")}
    for row in tsv.splitlines():
        cells = row.split("\t")
        if len(cells) != len(_NUMBERS) + 1:
            continue
        for name, cell in zip(_NUMBERS, cells, strict=False):
            # Whole numbers, the confidence cut to an integer, as pytesseract has always given them.
            table[name].append(int(float(cell)))
        table["text"].append(cells[-1])
    return table


def orientation(image: Image) -> OsdResult | None:
    """Tesseract's OSD (`--psm 0`) on `image`; None when it finds too few characters to judge."""
    api = _api(_OSD)
    _set_image(api, image)
    try:
        found = api.DetectOrientationScript()
    finally:
        api.Clear()
    if not found:
        return None
    # tesserocr reports how far the page is turned; the program prints the turn that undoes it.
    rotate = (360 - int(found["orient_deg"])) % 360
    script, script_confidence = str(found["script_name"]), float(found["script_conf"])
    return OsdResult(rotate, float(found["orient_conf"]), script, script_confidence)
