"""Japanese first, English second: every string translated, the compiled catalogue current, 和暦 dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from handover.web.i18n import wareki

ROOT = Path(__file__).resolve().parents[3]
CATALOG = ROOT / "handover" / "translations" / "en" / "LC_MESSAGES"
METHODS = [("web/**.py", "python"), ("web/templates/**.html", "jinja2")]


def _source_messages() -> set[str]:
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
    found = extract_from_dir(ROOT / "handover", METHODS, keywords=keywords)
    return {message if isinstance(message, str) else message[0] for _f, _l, message, _c, _x in found}


def test_every_japanese_string_has_an_english_translation() -> None:
    with (CATALOG / "messages.po").open("rb") as f:
        po = {m.id: m.string for m in read_po(f) if m.id}
    untranslated = sorted(m for m in _source_messages() if not po.get(m))
    assert not untranslated, "add to messages.po and run pybabel compile: " + ", ".join(untranslated)


def test_the_compiled_catalogue_matches_the_po_file() -> None:
    with (CATALOG / "messages.po").open("rb") as f:
        po = {m.id: m.string for m in read_po(f) if m.id}
    with (CATALOG / "messages.mo").open("rb") as f:
        mo = {m.id: m.string for m in read_mo(f) if m.id}
    assert mo == po, "run: pybabel compile -d handover/translations"


def test_wareki_follows_the_era_boundaries() -> None:
    assert wareki(dt.date(2026, 4, 1)) == "令和8年4月1日"
    assert wareki(dt.date(2019, 5, 1)) == "令和元年5月1日"
    assert wareki(dt.date(2019, 4, 30)) == "平成31年4月30日"
    assert wareki(dt.date(1989, 1, 7)) == "昭和64年1月7日"
    assert wareki(dt.date(1989, 1, 8)) == "平成元年1月8日"
