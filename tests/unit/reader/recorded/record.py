"""Record plain-Tesseract lines of sample cards as JSON fixtures for the field parser's tests.

    .venv/bin/python tests/unit/reader/recorded/record.py 0001_flatbed_h 0004_flatbed_v ...

Each card of sample_cards/truth.json is cut out along its truth quad (so the recording tests the
field parser, not card finding) and read by bare Tesseract: jpn+eng for horizontal cards, jpn_vert
for vertical ones plus a jpn+eng pass kept for its Latin lines (e-mail, URL, phones printed across
the foot). Lines are Tesseract's own (block, paragraph, line) groups, words joined by spaces, with
their realistic OCR errors. The fixture keeps the truth and `pinned`: the fields extract_fields
read right when the fixture was made, which the tests hold it to.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytesseract
from PIL import Image

HERE = Path(__file__).parent
SAMPLES = HERE.parents[3] / "sample_cards"


def tesseract_lines(gray: Any, *, lang: str, psm: int, vertical: bool) -> list[dict[str, Any]]:
    """Bare Tesseract's lines of a grey image: text, box, size, conf, vertical and words."""
    data = pytesseract.image_to_data(
        Image.fromarray(gray), lang=lang, config=f"--psm {psm}", output_type=pytesseract.Output.DICT
    )
    groups: dict[tuple[int, int, int], list[dict[str, Any]]] = {}
    for i, text in enumerate(data["text"]):
        if not text.strip() or float(data["conf"][i]) < 0:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        box = [data["left"][i], data["top"][i], data["width"][i], data["height"][i]]
        groups.setdefault(key, []).append({"text": text, "box": box, "conf": float(data["conf"][i]) / 100})
    lines = []
    for words in groups.values():
        boxes = [w["box"] for w in words]
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
        sizes = sorted(b[2] if vertical else b[3] for b in boxes)
        lines.append({
            "text": " ".join(w["text"] for w in words),
            "box": [x0, y0, x1 - x0, y1 - y0],
            "size": float(sizes[len(sizes) // 2]),
            "conf": round(sum(w["conf"] for w in words) / len(words), 3),
            "vertical": vertical,
            "words": words,
        })  # fmt: skip
    return lines


def card_fixture(image_path: Path, card: dict[str, Any], name: str) -> dict[str, Any]:
    """Bare-Tesseract lines of one card of a sample file, cut out along its truth quad."""
    image = cv2.imread(str(image_path))
    quad = np.array(card["quad"], np.float32)
    width = round(float(np.linalg.norm(quad[1] - quad[0])))
    height = round(float(np.linalg.norm(quad[3] - quad[0])))
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    warped = cv2.warpPerspective(image, cv2.getPerspectiveTransform(quad, target), (width, height))
    gray = cv2.cvtColor(warped, cv2.COLOR_BGR2GRAY)
    if card["vertical"]:
        lines = tesseract_lines(gray, lang="jpn_vert", psm=5, vertical=True)
        latin = tesseract_lines(gray, lang="jpn+eng", psm=11, vertical=False)
        lines += [
            ln
            for ln in latin
            if len(ln["text"]) > 6 and sum(c.isascii() for c in ln["text"]) > 0.6 * len(ln["text"])
        ]
    else:
        lines = tesseract_lines(gray, lang="jpn+eng", psm=3, vertical=False)
    return {"card": name, "width": width, "height": height, "vertical": card["vertical"], "lines": lines,
            "truth": card["fields"]}  # fmt: skip


def record(stem: str, truth: list[dict[str, Any]]) -> dict[str, Any]:
    """The fixture of the first card of one sample file."""
    entry = next(e for e in truth if Path(e["file"]).stem == stem)
    return card_fixture(SAMPLES / entry["file"], entry["cards"][0], stem)


def main(stems: list[str]) -> None:
    """Write one fixture per sample file named on the command line, with its pinned fields."""
    sys.path.insert(0, str(HERE.parents[3]))
    from tests.unit.reader.test_fields_recorded import read_fixture  # the tests' own loader

    truth = json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))
    for stem in stems:
        fixture = record(stem, truth)
        got = read_fixture(fixture)
        fixture["pinned"] = sorted(k for k, v in fixture["truth"].items() if got[k] == v)
        path = HERE / f"{stem}.json"
        path.write_text(json.dumps(fixture, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
