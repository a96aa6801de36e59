"""Text clean-up shared by the field parsers: width folding, dashes, spacing, kanji numerals."""

from __future__ import annotations

import re
import unicodedata

# Dash look-alikes that OCR and card fonts use between digits; all mean hyphen-minus there.
DASHES = "‐‑‒–—―−ーｰ─━－﹣⁃"
# Between two digits OCR also reads a dash as 一 (kanji one) and doubles it ("5-ー20").
_DASH_BETWEEN_DIGITS = re.compile(rf"(?<=\d)\s*[{re.escape(DASHES)}一~〜\-]+\s*(?=\d)")
_CJK = r"\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆〇ヶ"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")
_KANJI_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_KANJI_NUMBER = re.compile(r"[〇零一二三四五六七八九十百千]+")


def nfkc(text: str) -> str:
    """NFKC-fold the text (full-width digits and Latin to ASCII, half-width kana to full width)."""
    return unicodedata.normalize("NFKC", text)


def fold(text: str) -> str:
    """NFKC plus hyphen-minus for every dash that stands between two digits."""
    return _DASH_BETWEEN_DIGITS.sub("-", nfkc(text))


def squash(text: str) -> str:
    """Drop spaces next to Japanese characters (OCR spaces them out) and collapse the rest."""
    return _SPACES.sub(" ", _SPACE_NEAR_CJK.sub("", text)).strip()


def canonical_label(text: str) -> str:
    """Canonical organisation/department/title text: NFKC, spaces kept only between Latin words."""
    return squash(fold(text)).replace("( ", "(").replace(" )", ")")


def is_cjk(ch: str) -> bool:
    """True for a kanji, kana or Japanese punctuation character."""
    return bool(re.match(rf"[{_CJK}]", ch))


def is_kana(text: str) -> bool:
    """True when the text (spaces aside) is only hiragana and katakana."""
    body = _SPACES.sub("", text)
    return bool(body) and all("\u3041" <= c <= "\u30ff" or c == "ー" for c in body)


_KANJI_DIGIT_RUN = re.compile(rf"[〇零一二三四五六七八九][〇零一二三四五六七八九()\-\s{DASHES}]+")
_NUMBER_MARK = re.compile(r"〒|tel|fax|電話|携帯|ファクス|ファックス|代表|直通|内線", re.IGNORECASE)


def kanji_digits(text: str) -> str:
    """Digits for kanji numerals in a line with a phone or postal mark (vertical cards print 〇三-…)."""
    if not _NUMBER_MARK.search(text):
        return text

    def repl(m: re.Match[str]) -> str:
        run = m.group(0)
        if sum(c in _KANJI_DIGITS for c in run) < 3:
            return run
        return "".join(str(_KANJI_DIGITS[c]) if c in _KANJI_DIGITS else c for c in run)

    return fold(_KANJI_DIGIT_RUN.sub(repl, text))


def kanji_number(text: str) -> int | None:
    """The value of a kanji numeral such as 二十三 or 一〇五, or None when it is not one."""
    if not text or not _KANJI_NUMBER.fullmatch(text):
        return None
    if all(c in _KANJI_DIGITS for c in text):
        return int("".join(str(_KANJI_DIGITS[c]) for c in text))
    total, current = 0, 0
    for c in text:
        if c in _KANJI_DIGITS:
            current = _KANJI_DIGITS[c]
        else:
            unit = {"十": 10, "百": 100, "千": 1000}[c]
            total += (current or 1) * unit
            current = 0
    return total + current
