"""The postal address: find its lines, fix the known part against Japan Post, keep the rest."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from handover.reader.gazetteer import (
    PREFECTURES,
    PostalPlace,
    full_city,
    office_body,
    offices_in,
    readings,
    split_municipality,
    towns,
)
from handover.reader.romaji import passport_form
from handover.reader.street_number import NUMBER_TEXT, office_number, tidy
from handover.reader.textnorm import is_cjk, squash

_LABEL = re.compile(r"^(?:住所|所在地|Address|Add\.?)\s*[:.]?\s*", re.IGNORECASE)
_KANJI_NUM = "〇一二三四五六七八九十百千"
# Street numbers stay as printed (2-1-2, 2丁目1番2号, 二丁目一番二号); a kanji numeral only starts
# one when a counter follows, so that town names such as 一番町 stay whole.
_NUMBER_START = re.compile(rf"\d|[{_KANJI_NUM}]+(?:丁目|番地|番(?=[{_KANJI_NUM}\d号]|$)|号)")
_BUILDING_HINT = re.compile(
    r"ビル|ピル|館|階|\dF|タワー?|庁舎|棟|センター|プラザ|スクエア|会館|ハイツ|マンション|号室"
)


@dataclass(frozen=True)
class Address:
    """A parsed address in canonical form, and how well its known part matched Japan Post."""

    value: str
    quality: float  # 1: prefecture, city and town confirmed; lower when guessed or fixed much


# A postal code too garbled to read ("〒 107-005)") still stands before the address.
_POSTAL_DEBRIS = re.compile(
    rf"^(?:(?:〒|T)?\s*\d{{3}}[-\d)]{{1,6}}\s*(?=[^\x00-\x7f])|[\x21-\x7e\s一ー]{{1,12}}(?={'|'.join(PREFECTURES)}))"
)  # or what is left of one before the prefecture ("0 神奈川県")


def mend_prefecture(text: str) -> str:
    """The text with its prefecture put right when OCR garbled one character of it (緊京都世田谷区
    -> 東京都世田谷区): only when a municipality of that prefecture follows, and the text as read
    does not start with an address of its own."""
    if text.startswith(PREFECTURES) or split_municipality(text) is not None:
        return text
    for prefecture in PREFECTURES:
        n = len(prefecture)
        if len(text) <= n or sum(a != b for a, b in zip(text[:n], prefecture, strict=True)) != 1:
            continue
        found = split_municipality(prefecture + text[n:])
        if found is not None and found[0] == prefecture:
            return prefecture + text[n:]
    return text


def looks_like_address(text: str) -> bool:
    """True when the text starts like a Japanese address (prefecture or municipality, then numbers)."""
    body = mend_prefecture(_POSTAL_DEBRIS.sub("", _LABEL.sub("", squash(text))))
    if not re.search(rf"\d|[{_KANJI_NUM}]+(?:丁目|番)", body):
        return _names_town(body)
    return split_municipality(body) is not None or body.startswith(PREFECTURES)


def _names_town(body: str) -> bool:
    """True when the text is prefecture, municipality and one of its towns, and nothing more.

    Layout may cut the street number (6丁目) off a 縦書き column; what is left is still plainly
    an address, unlike an organisation's line that starts with a place name (札幌市役所).
    """
    found = split_municipality(body)
    if found is None or not found[0] or not 2 <= len(found[2]) <= 8 or not all(map(is_cjk, found[2])):
        return False
    prefecture, city, rest = found
    _, score = _best_town(rest, list(towns(prefecture, full_city(prefecture, city))))
    return score >= 85


def has_street_number(text: str) -> bool:
    """True once the address text has reached its street number."""
    return _NUMBER_START.search(squash(text)) is not None


def is_continuation(text: str, previous: str) -> bool:
    """True for a second address line: street numbers or a building name."""
    body = squash(text)
    if "@" in body or (len(body) < 2 and not previous.rstrip().endswith("-")):
        return False
    return bool(re.match(r"^\d+(?:[-丁番号]\d|$)", body) or _BUILDING_HINT.search(body))


def _split_head(text: str, known_towns: tuple[str, ...] = ()) -> tuple[str, str]:
    """(place names, street number and building): the head ends where the street number starts.

    A known town name is kept whole even when it holds a numeral (麻布十番, 一番町).
    """
    for town in sorted(known_towns, key=len, reverse=True):
        at = text.replace(" ", "").find(town)
        if at >= 0:
            compact = text.replace(" ", "")
            cut = at + len(town)
            if cut == len(compact) or _NUMBER_START.match(compact, cut):
                seen = 0
                for pos, ch in enumerate(text):
                    if seen == cut:
                        return compact[:cut], text[pos:].lstrip()
                    seen += ch != " "
                return compact[:cut], ""
    m = _NUMBER_START.search(text)
    if m is None:
        return text, ""
    return text[: m.start()], text[m.start() :]


def _best_town(written: str, candidates: tuple[str, ...] | list[str]) -> tuple[str, float]:
    best, score = written, 0.0
    for town in candidates:
        s = float(fuzz.ratio(written, town))
        if written.startswith(town):
            s = max(s, 95.0)
        if s > score:
            best, score = town, s
    return best, score


# Counters and numerals as OCR misreads them inside a street number: 九 as 刀 or 力
# (百刀十八番地), and 番 as another kanji between the numbers of N丁目N番N号 (6丁目50器10号).
_NUMERAL_SLIPS = (
    (re.compile(rf"(?<=[{_KANJI_NUM}])[刀力](?=[十百千番号丁])"), "九"),
    (re.compile(r"(?<=丁目\d)(\d{0,3})(?![十百千番号地目丁])[\u4e00-\u9fff](?=\d{1,4}号)"), r"\1番"),
)


def parse_address(text: str, place: PostalPlace | None, *, vertical: bool = False) -> Address:
    """Canonical address from the joined address text, corrected with the postal code's place."""
    # Keep the one space that separates the building; spaces among Japanese are OCR noise.
    text = mend_prefecture(_POSTAL_DEBRIS.sub("", squash(_LABEL.sub("", text.strip()))))
    for slip, right in _NUMERAL_SLIPS:
        text = slip.sub(right, text)
    head, tail = _split_head(text, place.towns if place else ())
    head = head.replace(" ", "")
    number_hint = place.banchi if place and place.office else None
    if place is not None and len(place.towns) <= 1:
        # A code for one town (or a large office) fixes everything before the street number,
        # unless what is written is clearly another place (then the code is the misread one).
        known = place.prefecture + place.city + (place.towns[0] if place.towns else "")
        full = head.startswith(place.prefecture)
        score = fuzz.ratio(head, known) if full else fuzz.partial_ratio(head, known)
        if score >= 50 or sum(map(is_cjk, head)) < 4:
            quality = 1.0 if score >= 90 else 0.8 if score >= 60 else 0.5
            return Address(_join_building(known, tail, number_hint, vertical), quality)
    quality = 0.6
    if place is not None and place.towns:
        written = head.removeprefix(place.prefecture)
        city_ok = fuzz.partial_ratio(place.city, written[: len(place.city) + 1]) >= 70
        if written.startswith(place.city) or city_ok:
            town, score = _best_town(written[len(place.city) :], place.towns)
            if score >= 60:
                head = place.prefecture + place.city + town
                quality = 1.0 if score >= 95 else 0.8
    if quality < 0.8:
        found = split_municipality(head)
        if found is not None and found[0]:
            prefecture, city, rest = found
            candidates = towns(prefecture, full_city(prefecture, city))
            town, score = _best_town(rest, list(candidates))
            head = prefecture + city + (town if score >= 80 else rest)
            quality = 0.9 if score >= 95 else 0.7
    number_hint = number_hint if quality >= 0.8 else None  # the code may be the misread part
    return Address(_join_building(head, tail, number_hint, vertical), quality)


def _turned_hyphens(number: str, most: int = 2) -> str:
    """2-1-3 for 21113: a vertical card turns its hyphens and OCR reads them as 1.

    The reading whose parts are all short (chome, ban and go rarely pass two or three digits)
    is taken. (A large office's registered number, when there is one, decides before this.)
    """
    ones = [i for i, c in enumerate(number) if c == "1" and 0 < i < len(number) - 1]
    options = []
    for count in (2, 1)[2 - most :]:
        for cut in itertools.combinations(ones, count):
            if any(b - a < 2 for a, b in itertools.pairwise(cut)):
                continue
            parts, last = [], 0
            for i in cut:
                parts.append(number[last:i])
                last = i + 1
            parts.append(number[last:])
            if all(p and not p.startswith("0") and len(p) <= 3 for p in parts):
                options.append((max(map(len, parts)), -len(parts), "-".join(parts)))
    return min(options)[2] if options else number


# Words of building names as OCR misreads them (庁 and 店 differ by a stroke; a long-vowel
# mark is lost or read as 一); the government's joint buildings are 中央合同庁舎第N号館.
_BUILDING_TYPOS = (
    (r"店舎", "庁舎"),
    (r"ビピル|ピル", "ビル"),
    (r"センタ[一ー]?(?=ビル|$)", "センター"),
    (r"タワ[一ー]?", "タワー"),
    (r"(?<=\d)[障陪]$", "階"),
    (r"合同庁舎(?=\d+号館)", "合同庁舎第"),
    (r"合同(?!庁舎)[^\d\s第]{1,2}(?=第\d+号館)", "合同庁舎"),  # 庁舎 read as one other glyph (合同人第2号館)
)


def _clean_building(building: str) -> str:
    """The building and floor without the OCR debris around them, or '' when it is debris.

    A building name ends in a word that says so (ビル, 館, タワー, 庁舎, 3F ...); what OCR makes
    of logos and stains beside the address does not, and is dropped.
    """
    # A stray Latin or kana mark before the name; a kana word (ひまわり会館) stays.
    building = re.sub(
        r"^(?:[A-Za-z]{1,3}(?=[^\x00-\x7f])|[\u3041-\u309f](?=[^\x00-\x7f\u3041-\u309f]))", "", building
    )
    for wrong, right in _BUILDING_TYPOS:
        building = re.sub(wrong, right, building)
    hints = list(_BUILDING_HINT.finditer(building))
    if not hints:
        return ""
    end = hints[-1].end()
    floor = re.match(r"\d{1,2}(?:F|階)", building[end:])
    return building[: end + (floor.end() if floor else 0)]


def _town_in_building(building: str, head: str) -> str:
    """A building named after its town (下硯川会館 in 下硯川町) with the town's name as the
    address spells it, where OCR misread one character of it (下窟川会館)."""
    found = split_municipality(head)
    if not building or found is None or not found[0]:
        return building
    town = re.sub(r"\d+丁目$", "", found[2])
    if len(town) >= 3 and all(map(is_cjk, town)) and building.startswith(town[1:]):
        rest = building[len(town) - 1 :]  # the town's first character lost (越町タワー in 樋越町)
        if _BUILDING_HINT.match(rest):
            return town + rest
    stem = re.sub(r"[町村]$", "", town)
    if len(stem) < 3 or not all(map(is_cjk, stem)) or building.startswith(stem):
        return building
    # One character inside the name (or the first part of it: 東雁来 of 東雁来九条) misread; the
    # building word follows (not 首里山会館 in 首里山川町).
    for size in range(len(stem), 2, -1):
        if building.startswith(stem[:size]):
            return building
        slips = [i for i, (a, b) in enumerate(zip(building, stem[:size], strict=False)) if a != b]
        rest = building[size:]
        if len(slips) == 1 and slips[0] != size - 1 and _BUILDING_HINT.match(rest):
            return stem[:size] + rest
    return building


def _split_long_group(number: str) -> str:
    """One hyphen read as l, the other as 1 ("3l130114", "4l3012"): the long group holds it."""
    if not re.fullmatch(r"\d+-\d+", number):
        return number
    parts = number.split("-")
    long = max(range(2), key=lambda k: len(parts[k]))
    if len(parts[long]) >= 4:
        parts[long] = _turned_hyphens(parts[long], most=1)
    return "-".join(parts)


def _unturned(number: str) -> str:
    """A 縦書き street number with its turned hyphens read as l or I, and perhaps a 1 beside
    them (3l130114 is 3-30-14, 4l1312 is 4-13-2): of the two readings, the one that gives the
    three groups of chome, ban and go in the shortest parts."""
    readings = []
    for hyphen in (r"1?[lI|]+1?", r"[lI|]+"):
        reading = _split_long_group(tidy(re.sub(hyphen, "-", number.strip())))
        parts = reading.split("-")
        readings.append((len(parts) != 3, max(map(len, parts)), reading))
    return min(readings, key=lambda r: r[:2])[2]


def _join_building(head: str, tail: str, office_banchi: str | None = None, vertical: bool = False) -> str:
    """Head + street number, then one space and the building when there is one.

    A large office's registered street number replaces what OCR read of it, in the card's style.
    """
    m = NUMBER_TEXT.match(tail)
    written = m.group(0) if m else ""
    number = written
    turned = vertical and re.fullmatch(r"\d[\dlI|]*[lI|][\dlI|]*\d", number.strip()) is not None
    number = _unturned(number) if turned else tidy(number)
    if office_banchi:
        number = office_number(office_banchi, written) or number
    elif vertical and re.fullmatch(r"\d{4,}", number):
        number = _turned_hyphens(number)
    building = _town_in_building(_clean_building(tail[len(written) :].replace(" ", "")), head)
    if not building:
        return head + number
    return f"{head}{number} {building}"


def _town_of(address: str) -> tuple[str, str, str, dict[str, tuple[str, ...]]] | None:
    """(prefecture, city, town, the city's postal codes by town) of an address that names a known town."""
    found = split_municipality(address)
    if found is None or not found[0]:
        return None
    prefecture, city, rest = found
    town_codes = towns(prefecture, full_city(prefecture, city))
    town = max((t for t in town_codes if rest.startswith(t)), key=len, default=None)
    return None if town is None else (prefecture, city, town, town_codes)


def postal_from_address(address: str, organization: str | None, *, public: bool) -> tuple[str, bool] | None:
    """(postal code, is a large-office code) for an address whose code the OCR lost.

    A public body has its own large-office code: it is taken only when Japan Post lists an
    office of that name in that town. Anyone else gets the town's code when it has only one.
    """
    located = _town_of(address)
    if located is None:
        return None
    prefecture, city, town, town_codes = located
    if organization is not None:
        offices = offices_in(prefecture, city)
        named = [o for o in offices if o.town == town and office_body(o.name) == organization]
        # The body itself before a part of it registered under its name (宮城県庁, 宮城県 警察本部).
        codes = {o.code for o in named if o.whole} or {o.code for o in named}
        if len(codes) == 1:
            return codes.pop(), True
    if not public and len(town_codes[town]) == 1:
        return town_codes[town][0], False
    return None


def body_from_domain(address: str, domain: str) -> str | None:
    """The public body whose web domain the card shows (city.yokohama.lg.jp), checked against
    the address: the municipality or prefecture of the address when the domain names it."""
    found = split_municipality(address)
    labels = domain.lower().split(".")
    if found is None or not found[0] or len(labels) < 3:
        return None
    prefecture, city, _ = found
    pref_kana, city_kana = readings(prefecture, full_city(prefecture, city))
    for kind, name in itertools.pairwise(labels):
        if kind == "city" and passport_form(city_kana).startswith(name):
            ward_city = re.match(r".+?市", city)  # a designated city's ward: the city is the body
            return ward_city.group(0) if ward_city and not city.endswith("市") else city
        if kind in ("pref", "metro") and passport_form(pref_kana).startswith(name):
            return prefecture
    return None


def public_domain(domain: str, address: str) -> str | None:
    """A public body's web domain (pref.miyagi.jp, city.matsumoto.lg.jp) with the place name
    OCR garbled put right from the address's prefecture or municipality, or None."""
    found = split_municipality(address)
    labels = domain.split(".")
    kinds = [i for i, label in enumerate(labels[:-2]) if label in ("city", "pref", "metro", "town", "vill")]
    if found is None or not found[0] or not kinds:
        return None
    prefecture, city, _ = found
    pref_kana, city_kana = readings(prefecture, full_city(prefecture, city))
    at = kinds[0] + 1
    name = labels[at]
    roman = passport_form(pref_kana if labels[kinds[0]] in ("pref", "metro") else city_kana)
    if not roman or not name:
        return None
    heads = [roman[:n] for n in range(max(1, len(name) - 1), len(name) + 2)]
    best = max(heads, key=lambda head: fuzz.ratio(head, name))
    if best == name or fuzz.ratio(best, name) < 70:
        return None
    return ".".join([*labels[:at], best, *labels[at + 1 :]])


def postal_near(code: str, address: str) -> str | None:
    """The postal code of the address's town that differs from a code OCR read (and Japan Post
    does not know) in one digit: 140-9015 for 東京都品川区西大井 (140-0015)."""
    located = _town_of(address)
    if located is None:
        return None
    town, town_codes = located[2], located[3]
    near = {c for c in town_codes[town] if sum(a != b for a, b in zip(c, code, strict=True)) == 1}
    return near.pop() if len(near) == 1 else None
