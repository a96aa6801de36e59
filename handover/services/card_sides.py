"""Front and back of one card: which read cards are the English side of another, and what it adds.

Japanese business cards are often printed on both sides, Japanese on the front and English (romaji
name, English title, address written the Western way) on the back. Read alone, the back would be a
second contact with an English name. Two cards are paired as front and back when all of these hold:

1. They come one after the other: neighbours on one page or photo, pages one after the other of one
   file (a duplex sheet-fed scanner writes front, back, front, back...), or one-card files one after
   the other in one import (a flatbed scan of each side).
2. One side is Japanese (kanji or kana in its fields) and the other is Latin only: that one is the back.
3. Nothing personal disagrees: not two different e-mail addresses, not two different mobiles.
4. They are the same person: the same e-mail address or mobile, or the English name is the romaji of
   the front's reading (Higa Miwa / ヒガ ミワ, in either order, long vowels written either way).
   For sides that are alone on their page or in their file, with no name read on one of them, the
   same office is enough: the same phone, fax, web site or e-mail domain.

A card pairs once, with its first neighbour that qualifies. The back fills only what the front
lacks of the fields written the same way on both sides (contact numbers and addresses on the net);
its name, title, organisation and address are English and never replace the Japanese ones.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

import jaconv

# Written the same way on an English side, so the back can stand in for what the front lacks.
FILL_FROM_BACK: tuple[str, ...] = ("email", "url", "mobile", "phone", "fax", "postal_code")
_WRITTEN = ("name", "organization", "department", "title", "address")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
# Postal codes are shared by a whole district, so they do not tell an office apart.
_OFFICE = ("phone", "fax")


@dataclass(frozen=True)
class Side:
    """One read card as the pairing sees it: its id, its fields, and where it lies in the input."""

    key: int
    fields: Mapping[str, str | None]
    sheet: int  # page of the file, or position of the file in an import
    alone: bool = True  # the only card on its sheet (pair_sides also counts the sheet)


def script(fields: Mapping[str, str | None]) -> str | None:
    """ "japanese" when a written field holds kana or kanji, "latin" when they are all Latin, else None."""
    written = [v for k in _WRITTEN if (v := fields.get(k))]
    if any(_JAPANESE.search(v) for v in written):
        return "japanese"
    if written and any(_LATIN.search(v) for v in written):
        return "latin"
    return None


def _romaji(word: str) -> str:
    """A romanised name folded so that Hepburn variants meet (Ōno, Ohno, Oono -> ono)."""
    text = "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if "a" <= c <= "z")
    text = text.replace("tch", "cch").replace("jy", "j")
    text = re.sub(r"m(?=[bmp])", "n", text)
    text = re.sub(r"oh(?![aeiou])", "o", text)
    for long, short in (("ou", "o"), ("oo", "o"), ("uu", "u"), ("aa", "a"), ("ii", "i"), ("ee", "e")):
        text = text.replace(long, short)
    return text


def names_agree(kana: str | None, latin_name: str | None) -> bool:
    """True when the Latin name is the romaji of the reading, family and given in either order."""
    if not kana or not latin_name:
        return False
    spoken = [_romaji(jaconv.kana2alphabet(jaconv.kata2hira(part))) for part in kana.split()]
    written = [_romaji(part) for part in re.split(r"[\s,]+", latin_name) if part]
    spoken = [p for p in spoken if p]
    return len(spoken) >= 2 and set(spoken) <= set(written)


def _value(fields: Mapping[str, str | None], name: str) -> str | None:
    value = fields.get(name)
    if not value:
        return None
    if name == "email":
        return value.strip().lower()
    if name == "url":
        host = re.sub(r"^[a-z]+://", "", value.strip().lower()).split("/")[0]
        return host.removeprefix("www.")
    return re.sub(r"\D", "", value) if name in ("phone", "fax", "mobile", "postal_code") else value


def _differs(a: Mapping[str, str | None], b: Mapping[str, str | None], name: str) -> bool:
    x, y = _value(a, name), _value(b, name)
    return x is not None and y is not None and x != y


def _same(a: Mapping[str, str | None], b: Mapping[str, str | None], name: str) -> bool:
    x = _value(a, name)
    return x is not None and x == _value(b, name)


def _domain(fields: Mapping[str, str | None]) -> str:
    return (_value(fields, "email") or "").partition("@")[2]


def _same_office(a: Mapping[str, str | None], b: Mapping[str, str | None]) -> bool:
    if any(_same(a, b, name) for name in (*_OFFICE, "url")):
        return True
    return bool(_domain(a)) and _domain(a) == _domain(b)


def is_back_of(front: Side, back: Side) -> bool:
    """Whether `back` is the English side of `front` by rules 2-4 (neighbourhood is the caller's)."""
    if script(front.fields) != "japanese" or script(back.fields) != "latin":
        return False
    if _differs(front.fields, back.fields, "email") or _differs(front.fields, back.fields, "mobile"):
        return False
    if _same(front.fields, back.fields, "email") or _same(front.fields, back.fields, "mobile"):
        return True
    kana, latin_name = front.fields.get("name_kana"), back.fields.get("name")
    if names_agree(kana, latin_name):
        return True
    if kana and latin_name:
        return False  # both names read, and they are two people (colleagues of one ministry)
    return (
        front.alone and back.alone and front.sheet != back.sheet and _same_office(front.fields, back.fields)
    )


def pair_sides(sides: Sequence[Side]) -> list[tuple[int, int]]:
    """(front key, back key) for each card that is the back of its neighbour, in reading order."""
    per_sheet = Counter(s.sheet for s in sides)
    ordered = [Side(s.key, s.fields, s.sheet, per_sheet[s.sheet] == 1 and s.alone) for s in sides]
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for a, b in pairwise(ordered):
        if a.key in used or b.key in used or abs(a.sheet - b.sheet) > 1:
            continue
        for front, back in ((a, b), (b, a)):
            if is_back_of(front, back):
                pairs.append((front.key, back.key))
                used.update((a.key, b.key))
                break
    return pairs


def back_fill(front: Mapping[str, str | None], backs: Sequence[Mapping[str, str | None]]) -> dict[str, str]:
    """What the backs add to the front: only the fields it lacks, only those written alike on both sides."""
    filled: dict[str, str] = {}
    for name in FILL_FROM_BACK:
        if front.get(name):
            continue
        value = next((v for back in backs if (v := back.get(name))), None)
        if value:
            filled[name] = value
    return filled
