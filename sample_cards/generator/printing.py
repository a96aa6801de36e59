"""How a card prints each field (labels, number forms) and the canonical truth of what it prints.

Truth values follow handover/reader/types.py; decisions beyond it are documented in README.md:
organization is NFKC of what is printed ("（株）東邦精機" -> "(株)東邦精機"), addresses keep the
form printed (hyphens, 丁目番号, or kanji numerals on some vertical cards) with digits made half width.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

import jaconv

from .contact import Contact

TEL_LABELS = ("TEL", "Tel.", "TEL.", "電話", "Tel", "T.", "直通", "代表")
FAX_LABELS = ("FAX", "Fax", "FAX.", "F.", "ファクス")
MOBILE_LABELS = ("携帯", "Mobile", "M.", "携帯電話", "Mob.")
EMAIL_LABELS = ("E-mail", "Mail", "e-mail", "Email", "E-mail:", "")
URL_LABELS = ("URL", "", "Web", "HP")
_KANJI_DIGITS = "〇一二三四五六七八九"
_DASHES = "‐‑‒–—―−－ｰ"


@dataclass(frozen=True)
class Style:
    """The printing choices of one card."""

    face: str  # gothic | mincho
    kana: str | None  # hira | kata | romaji (Taro YAMADA) | romaji_fg (YAMADA Taro) | None
    tel_label: str
    fax_label: str
    mobile_label: str
    email_label: str
    url_label: str
    sep: str  # between label and value
    phone_form: str  # hyphen | paren | dot | full
    postal_form: str  # format with one {} for NNN-NNNN
    address_form: str  # hyphen | full | chome | kanji
    accent: tuple[int, int, int]
    logo: str


ACCENTS = (
    (0, 72, 140),
    (0, 110, 80),
    (170, 30, 40),
    (30, 30, 30),
    (200, 110, 0),
    (90, 50, 140),
    (0, 130, 160),
)


def choose_style(rng: random.Random, *, vertical: bool, government: bool) -> Style:
    """Pick the printing choices of one card."""
    kana_choices: tuple[str | None, ...] = (
        ("hira", "kata", None) if vertical else ("hira", "kata", "romaji", "romaji_fg", None)
    )
    address_forms = (
        ("kanji", "full", "chome") if vertical else ("hyphen", "hyphen", "hyphen", "full", "chome")
    )
    return Style(
        face=rng.choice(("mincho", "gothic"))
        if government or vertical
        else rng.choice(("gothic", "gothic", "mincho")),
        kana=rng.choice(kana_choices),
        tel_label=rng.choice(TEL_LABELS),
        fax_label=rng.choice(FAX_LABELS),
        mobile_label=rng.choice(MOBILE_LABELS),
        email_label=rng.choice(EMAIL_LABELS),
        url_label=rng.choice(URL_LABELS),
        sep=rng.choice((" ", "  ", ": ", "：", " ")),
        phone_form=rng.choice(("hyphen", "hyphen", "hyphen", "paren", "dot", "full")),
        postal_form=rng.choice(("〒{}", "〒{}", "〒 {}", "〒{}")),
        address_form=rng.choice(address_forms),
        accent=rng.choice(ACCENTS),
        logo=rng.choice(("circle", "squares", "mountain", "wave", "ring", "none")),
    )


def kanji_number(n: int) -> str:
    """Traditional kanji numeral as vertical addresses print it: 52 -> 五十二."""
    if n == 0:
        return "〇"
    out = ""
    for value, mark in ((1000, "千"), (100, "百"), (10, "十")):
        q, n = divmod(n, value)
        if q:
            out += ("" if q == 1 else _KANJI_DIGITS[q]) + mark
    return out + (_KANJI_DIGITS[n] if n else "")


def printed_banchi(banchi: str, form: str) -> str:
    """A street number in the printed form: 2-1-2, ２－１－２, 2丁目1番2号 or 二丁目一番二号."""
    if form in ("hyphen", "full") or not re.fullmatch(r"\d+(-\d+)*", banchi):
        text = banchi
    else:
        parts = [int(x) for x in banchi.split("-")]
        marks = {3: ("丁目", "番", "号"), 2: ("番", "号"), 1: ("番地",)}[len(parts)]
        num = kanji_number if form == "kanji" else str
        text = "".join(num(p) + m for p, m in zip(parts, marks, strict=True))
    return jaconv.h2z(text, digit=True, ascii=True) if form in ("full", "kanji") else text


def printed_address(c: Contact, form: str) -> tuple[str, str | None]:
    """The address line and the building line as printed."""
    p = c.place
    main = p.prefecture + p.city + p.neighborhood + printed_banchi(c.banchi, form)
    building = c.building
    if building and form in ("full", "kanji"):
        building = jaconv.h2z(building, digit=True, ascii=True)
    return main, building


def phone_text(number: str, form: str) -> str:
    """A national-format number in the printed form."""
    if form == "paren":
        a, b, c = number.split("-")
        return f"{a}({b}){c}"
    if form == "dot":
        return number.replace("-", ".")
    if form == "full":
        return jaconv.h2z(number, digit=True, ascii=True)
    if form == "intl":
        return "+81-" + number[1:]
    return number


def extension_text(ext: str, rng: random.Random) -> str:
    """An extension as cards print it."""
    return rng.choice(("（内線{}）", "(内線 {})", " 内線{}", "（内{}）")).format(ext)


def clean_text(text: str) -> str:
    """NFKC, and spaces removed except between Latin words (organization, department, title)."""
    text = unicodedata.normalize("NFKC", text).strip()

    def keep(m: re.Match[str]) -> str:
        before, after = text[m.start() - 1], text[m.end()]
        return " " if before.isascii() and after.isascii() else ""

    return re.sub(r"\s+", keep, text)


def canonical_address(main: str, building: str | None) -> str:
    """Truth form of a printed address: NFKC, dashes between digits as '-', building after one space."""
    text = unicodedata.normalize("NFKC", main)
    text = re.sub(f"(?<=\\d)[{_DASHES}](?=\\d)", "-", text)
    if building:
        text += " " + unicodedata.normalize("NFKC", building).replace(" ", "")
    return text


def truth_fields(c: Contact, s: Style) -> dict[str, str | None]:
    """The canonical fields of a Japanese (front) side."""
    main, building = printed_address(c, s.address_form)
    departments = [d for d in c.departments if d]
    phone = c.phone
    if phone and c.extension:
        phone = f"{phone} 内線 {c.extension}"
    return {
        "name": c.person.name,
        "name_kana": c.person.kana if s.kana else None,
        "organization": clean_text(c.organization),
        "department": clean_text("".join(departments)) if departments else None,
        "title": clean_text(c.title) if c.title else None,
        "postal_code": c.place.postal_code,
        "address": canonical_address(main, building),
        "phone": phone,
        "fax": c.fax,
        "mobile": c.mobile,
        "email": c.email.lower() if c.email else None,
        "url": c.url,
    }
