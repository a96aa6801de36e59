"""Romanised Japanese (Hepburn, passport style, wāpuro) to katakana, and back for comparing."""

from __future__ import annotations

import re
import unicodedata

import jaconv

_ROMAJI: dict[str, str] = {}
_EXTRA = (
    "shi:シ chi:チ tsu:ツ fu:フ ji:ジ si:シ ti:チ tu:ツ hu:フ zi:ジ di:ヂ du:ヅ wo:ヲ n':ン"
    " je:ジェ she:シェ che:チェ fa:ファ fi:フィ fe:フェ fo:フォ va:ヴァ vi:ヴィ vu:ヴ"
)
_YOUON = "ky:キ gy:ギ sh:シ sy:シ j:ジ jy:ジ zy:ジ ch:チ cy:チ ty:チ ny:ニ hy:ヒ by:ビ py:ピ my:ミ ry:リ"


def _table() -> dict[str, str]:
    """Hepburn (and common wāpuro) syllables -> katakana, built once."""
    if _ROMAJI:
        return _ROMAJI
    rows = {
        "": "アイウエオ", "k": "カキクケコ", "s": "サシスセソ", "t": "タチツテト", "n": "ナニヌネノ",
        "h": "ハヒフヘホ", "m": "マミムメモ", "y": "ヤ-ユ-ヨ", "r": "ラリルレロ", "w": "ワ---ヲ",
        "g": "ガギグゲゴ", "z": "ザジズゼゾ", "d": "ダヂヅデド", "b": "バビブベボ", "p": "パピプペポ",
    }  # fmt: skip
    for consonant, kana in rows.items():
        for vowel, ch in zip("aiueo", kana, strict=True):
            if ch != "-":
                _ROMAJI[consonant + vowel] = ch
    for pair in _EXTRA.split():
        roman, kana = pair.split(":")
        _ROMAJI[roman] = kana
    for head, ch in (pair.split(":") for pair in _YOUON.split()):
        for vowel, small in (("a", "ャ"), ("u", "ュ"), ("o", "ョ")):
            _ROMAJI[head + vowel] = ch + small
    return _ROMAJI


def romaji_to_katakana(word: str) -> str | None:
    """Katakana for one romanised Japanese word (Hepburn with ō/ou/oh long vowels), else None."""
    table = _table()
    text = unicodedata.normalize("NFKD", word.lower())
    # A macron or circumflex marks a long vowel: ō is written オウ in names (佐藤 サトウ), ū ウウ.
    text = re.sub(
        r"([aiueo])[\u0304\u0302]", lambda m: m.group(1) + ("u" if m.group(1) == "o" else m.group(1)), text
    )
    text = re.sub(r"[^a-z']", "", text)
    text = re.sub(r"oh(?![aiueoy])", "ou", text)
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "n" and (i + 1 == len(text) or text[i + 1] not in "aiueoy'"):
            out.append("ン")
            i += 1
            continue
        if text[i] == "m" and i + 1 < len(text) and text[i + 1] in "bmp":
            out.append("ン")  # Hepburn writes ン as m before b, m, p (Namba, Homma).
            i += 1
            continue
        if text[i] == "'":
            i += 1
            continue
        if i + 1 < len(text) and text[i] == text[i + 1] and text[i] not in "aiueon":
            out.append("ッ")
            i += 1
            continue
        if text.startswith("tch", i):
            out.append("ッ")
            i += 1
            continue
        for size in (3, 2, 1):
            piece = text[i : i + size]
            if piece in table:
                out.append(table[piece])
                i += size
                break
        else:
            return None
    return "".join(out) or None


def long_vowel_variants(word: str) -> list[str]:
    """Spellings a Hepburn word without macrons may stand for: o as o/ou/oo, u as u/uu."""
    variants = [""]
    for i, ch in enumerate(word):
        # Upper-case O and U mark a macron (ō, ū): certainly long. n before a vowel may be ン.
        options = {"o": ("o", "ou", "oo"), "u": ("u", "uu"), "O": ("ou", "oo"), "U": ("uu",)}.get(ch, (ch,))
        if ch == "n" and word[i + 1 : i + 2] in ("a", "i", "u", "e", "o", "O", "U", "y"):
            options = ("n", "n'")
        # Passport Hepburn writes づ as zu and ぢ as ji (鬼塚 Onizuka).
        if word[i : i + 2] == "zu" and ch == "z":
            options = ("z", "d")
        variants = [v + o for v in variants for o in options]
        if len(variants) > 200:
            return [word]
    return variants


def passport_form(text: str) -> str:
    """A romanisation reduced the way passports write it, to compare spellings (さとう, Satoh -> sato)."""
    latin = text.lower().replace("'", "").replace("-", "")
    if not latin.isascii() or not latin.isalpha():
        latin = jaconv.kana2alphabet(jaconv.kata2hira(text)).replace("'", "")
    latin = re.sub(r"oh(?![aiueoy])", "o", latin)
    latin = re.sub(r"m(?=[bmp])", "n", latin)
    for long, short in (("ou", "o"), ("oo", "o"), ("uu", "u")):
        latin = latin.replace(long, short)
    return latin
