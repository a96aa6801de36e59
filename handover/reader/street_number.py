"""Street numbers (番地): read them from noisy OCR and write a registered one as the card prints it.

Japanese addresses write the same street number three ways: 1-3-1, 1丁目3番1号, 一丁目三番一号
(and Japan Post's own mix, 1丁目3-1). A large-office postal code comes with the office's
registered number, which is exact where OCR often drops or garbles a digit; the card's own
style is kept by comparing each way of writing it with what OCR read.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from handover.reader.textnorm import kanji_number

_KANJI_DIGITS = "〇一二三四五六七八九"
_KANJI_NUM = "〇一二三四五六七八九十百千"

# Dashes OCR reads for a hyphen besides the ASCII one and ー, 一 (the full-width hyphen of a
# card's 3－1－6 often comes out as an em dash).
_DASHES = "—―‐‑–－"

# What OCR makes of a street number: digits, dashes, kanji numerals before a counter, counters,
# marks read for 1 (!, |, l, I), and a katakana glyph read for a digit before its dash (ユー4).
NUMBER_TEXT = re.compile(
    rf"(?:[\d\s!|lI+\-ー一{_DASHES}]|[{_KANJI_NUM}]+(?=\s*(?:丁目?|目|番|号|\d))|丁目?|目|番地?|号|の(?=\d)"
    r"|(?<=[\d\s])[a-z](?=-?\d)|(?<=\d)[A-HJ-NP-Z](?=\d)"
    rf"|[\u3041-\u30f6](?=[ー一]))*"
)


def to_kanji(number: int) -> str:
    """The kanji numeral as addresses print it: 十, 二十四, 百三十六, 五百二."""
    if number == 0:
        return "〇"
    out = ""
    for unit, mark in ((1000, "千"), (100, "百"), (10, "十")):
        count, number = divmod(number, unit)
        if count:
            out += ("" if count == 1 else _KANJI_DIGITS[count]) + mark
    return out + (_KANJI_DIGITS[number] if number else "")


def _parts(banchi: str) -> tuple[str | None, list[str]] | None:
    """(丁目, the numbers after it) of a registered street number, or None when it is not plain."""
    banchi = re.sub(r"\(.*?\)", "", banchi).strip()
    banchi = re.sub(rf"[{_KANJI_NUM}]+", lambda m: str(kanji_number(m.group(0))), banchi)
    if not re.fullmatch(r"(?:\d+丁目)?(?:\d+(?:番地の|番地|番|号|の|-)?)*", banchi) or not banchi:
        return None
    numbers = re.findall(r"\d+", banchi)
    if "丁目" in banchi:
        return numbers[0], numbers[1:]
    if len(numbers) == 3:
        return numbers[0], numbers[1:]
    return None, numbers


def renderings(banchi: str) -> list[str]:
    """Every usual way to print a registered street number, hyphens first."""
    parts = _parts(banchi)
    if parts is None:
        return []
    chome, rest = parts
    if not rest:
        return [f"{chome}丁目", f"{to_kanji(int(chome))}丁目"] if chome else []
    out = ["-".join(([chome] if chome else []) + rest)]
    if chome:
        out.append(f"{chome}丁目" + "-".join(rest))
    for num in (str, lambda n: to_kanji(int(n))):
        head = f"{num(chome)}丁目" if chome else ""
        if len(rest) == 1:
            out += [head + num(rest[0]) + "番地", head + num(rest[0]) + "番"]
            out += [head + num(rest[0])] if head else []
        elif len(rest) == 2:
            a, b = num(rest[0]), num(rest[1])
            out += [f"{head}{a}番{b}号", f"{head}{a}番地{b}", f"{head}{a}番地の{b}"]
    return out


def _digits(text: str) -> str:
    text = re.sub(rf"[{_KANJI_NUM}]+", lambda m: str(kanji_number(m.group(0)) or ""), text)
    return re.sub(r"\D", "", text.replace("!", "1").replace("|", "1"))


def office_number(banchi: str, written: str) -> str | None:
    """The office's registered street number in the style OCR read, or None when OCR read a
    clean number of its own that disagrees (then the postal code is the misread one)."""
    options = renderings(banchi)
    if not options:
        return None
    written = re.sub(r"\s+", "", written)
    clean = re.fullmatch(r"\d+(?:-\d+){1,2}", written) is not None
    if clean and fuzz.ratio(_digits(written), _digits(options[0])) < 50:
        return None
    return max(options, key=lambda o: fuzz.ratio(o, written)) if written else options[0]


def tidy(number: str) -> str:
    """A street number OCR read, with its usual confusions undone.

    A space between digit groups is a lost hyphen (5-20 15) or a lost 番 (2丁目12 19号); a mark
    standing for 1 (!, |, l, I) next to a hyphen is the digit.
    """
    number = re.sub(f"[{_DASHES}]", "-", number.strip())
    # A full-width 1 between two dashes read as two strokes (3-|| 一6): one digit.
    number = re.sub(r"(?<=-)\s*[!|lI]{2}\s*(?=[-ー一])", "1", number)
    number = re.sub(r"(?<=[\d-])[!|lI](?=[\d\s-]|$)|(?<=-)[!|lI]", "1", number)
    number = re.sub(r"(?<=[\d\s])[a-z](?=-?\d)", "", number)  # a speck read as a letter (5 b-9-18)
    # A capital inside a run of digits is half of a digit OCR cut in two (149S5 for 1495); O and
    # I stand for 0 and 1 and are left to the rules for those.
    number = re.sub(r"(?<=\d)[A-HJ-NP-Z](?=\d)", "", number)
    if re.search(r"丁目|番|号", number):
        number = re.sub(r"(\d+)\s+(\d+)(?=\s*号)", r"\1番\2", number)
        return re.sub(r"\s+", "", number)
    # A dash between digits, also with a stray kana glyph OCR put before it (3うー1-6).
    number = re.sub(r"(?<=\d)\s*[\u3041-\u30f6]?[ー一]\s*(?=\d)|(?<=\d)\s*[ー一]\s*$", "-", number)
    if not re.fullmatch(r"[\d\s-]+", number):
        return re.sub(r"\s+", "", number)
    # After the first hyphen a gap is a hyphen OCR lost (5-20 15), while the number has fewer
    # than three parts; otherwise a gap splits one group (54 8, 18 5-3, 4-2 2-2).
    parts = len(re.split(r"-+", number.strip(" -")))
    out = ""
    for token in re.findall(r"\d+|-+|\s+", number.strip()):
        if token.isspace():
            lost = "-" in out and parts < 3 and not out.endswith("-")
            parts += lost
            token = "-" if lost else ""
        elif token.startswith("-"):
            token = "" if out.endswith("-") else "-"
        out += token
    return out.strip("-")
