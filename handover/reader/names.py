"""Personal names: family/given split against real name data, readings, romaji to katakana."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import jaconv

from handover.reader.romaji import long_vowel_variants, passport_form, romaji_to_katakana


@lru_cache(maxsize=1)
def _surnames() -> dict[str, tuple[str, str, int]]:
    """Kanji surname -> (reading in katakana, romaji, population)."""
    from japanese_personal_name_dataset import load_dataset

    _, _, last = load_dataset(include_last_names=True)
    return {kanji: (_kana(kanji, e["reading"]), e["en"], int(e["count"])) for kanji, e in last.items()}


def _kana(kanji: str, reading: str) -> str:
    """The data's reading in katakana, in today's kana spelling: 塚 voiced is づか (鬼塚 オニヅカ),
    which the data writes ずか."""
    kata = jaconv.hira2kata(reading)
    return kata.replace("ズカ", "ヅカ") if "塚" in kanji else kata


@lru_cache(maxsize=1)
def _given() -> dict[str, tuple[str, ...]]:
    """Kanji given name -> its readings in katakana (men's and women's names together)."""
    from japanese_personal_name_dataset import load_dataset

    out: dict[str, list[str]] = {}
    for names in load_dataset():
        for reading, entry in names.items():
            for kanji in entry["kanji"]:
                kata = jaconv.hira2kata(reading)
                if kata not in out.setdefault(kanji, []):
                    out[kanji].append(kata)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _surname_readings() -> dict[str, int]:
    """Katakana reading of a surname -> how many people have a surname read so."""
    out: dict[str, int] = {}
    for reading, _, count in _surnames().values():
        out[reading] = out.get(reading, 0) + count
    return out


@lru_cache(maxsize=1)
def _given_readings() -> dict[str, int]:
    """Katakana reading of a given name -> how many kanji spellings the data set lists (popularity)."""
    from japanese_personal_name_dataset import load_dataset

    out: dict[str, int] = {}
    for names in load_dataset():
        for reading, entry in names.items():
            kata = jaconv.hira2kata(reading)
            out[kata] = out.get(kata, 0) + len(entry["kanji"])
    return out


# Old and variant forms that cards print (and name data lists under the usual form).
_VARIANTS = str.maketrans(
    "髙﨑濵德國廣澤邉邊齋齊實櫻嶋槇﨔瀨藏壽彌與惠晉曻",
    "高崎浜徳国広沢辺辺斎斉実桜島槙欅瀬蔵寿弥与恵晋昇",
)


def _surname(kanji: str) -> tuple[str, str, int] | None:
    names = _surnames()
    return names.get(kanji) or names.get(kanji.translate(_VARIANTS))


def surname_count(kanji: str) -> int:
    """How many people bear the surname (0 when the data set does not know it)."""
    entry = _surname(kanji)
    return entry[2] if entry else 0


def given_readings(kanji: str) -> tuple[str, ...]:
    """Katakana readings of a given name in the data set (a kana name reads as written)."""
    if re.fullmatch(r"[\u3041-\u309f\u30a1-\u30ffー]{2,5}", kanji):
        return (jaconv.hira2kata(kanji),)
    given = _given()
    return given.get(kanji) or given.get(kanji.translate(_VARIANTS), ())


def is_given_name(kanji: str) -> bool:
    """True when the data set knows the kanji as a given name."""
    return bool(given_readings(kanji))


def split_name(text: str) -> tuple[str, str, bool]:
    """(family, given, known) for a kanji name written without a space; known when checked."""
    mixed = re.fullmatch(r"([^\u3041-\u309f]+)([\u3041-\u309f]{2,})", text)
    if mixed:
        # A kana given name after a kanji surname (山﨑 さくら): cut where the kana begin.
        return mixed.group(1), mixed.group(2), bool(surname_count(mixed.group(1)))
    best: tuple[int, str, str] | None = None
    for cut in range(1, min(4, len(text) - 1) + 1):
        family, given = text[:cut], text[cut:]
        count = surname_count(family)
        if not count:
            continue
        score = count * (20 if is_given_name(given) else 1)
        if best is None or score > best[0]:
            best = (score, family, given)
    if best is None:
        # An unknown surname: cut where the rest is a known given name; given names of two
        # characters are the commonest, then one, then three, and surnames of two or three
        # characters far commoner than of four (我那覇 久美子, not 我那覇久 美子).
        cuts = [len(text) - size for size in (2, 1, 3)]
        cuts = [c for c in cuts if 1 <= c <= 4 and is_given_name(text[c:]) and (c >= 2 or len(text) <= 3)]
        for cut in sorted(cuts, key=lambda c: not 2 <= c <= 3)[:1]:
            return text[:cut], text[cut:], False
        cut = 2 if len(text) >= 4 else 1
        return text[:cut], text[cut:], False
    return best[1], best[2], True


def is_surname_alone(text: str) -> bool:
    """True when the text is a surname with no given name (OCR lost the rest of the name)."""
    if len(text) > 3 or not surname_count(text):
        return False
    return not any(surname_count(text[:cut]) and is_given_name(text[cut:]) for cut in range(1, len(text)))


def reading_of(family: str, given: str) -> str | None:
    """The katakana reading from the name data when it is unambiguous, else None."""
    entry = _surname(family)
    readings = given_readings(given)
    if entry is None or len(readings) != 1:
        return None
    return f"{entry[0]} {readings[0]}"


def kana_reading(text: str) -> str:
    """A printed kana reading as full-width katakana with the printed spaces reduced to one."""
    kata = jaconv.hira2kata(unicodedata.normalize("NFKC", text))
    return re.sub(r"\s+", " ", kata).strip()


def split_reading(reading: str, family: str) -> str:
    """Insert the family/given space into an unspaced reading using the family name's reading."""
    if " " in reading:
        return reading
    surnames, given = _surname_readings(), _given_readings()
    entry = _surname(family) if family else None
    by_family = None
    if entry and reading.startswith(entry[0]) and len(reading) > len(entry[0]):
        by_family = len(entry[0])
        # A word never starts with ン, ッ, ー or a small kana: the surname reads longer (コクブン).
        while by_family < len(reading) - 1 and reading[by_family] in "ンッーァィゥェォャュョ":
            by_family += 1
        if reading[by_family:] in given:
            return f"{reading[:by_family]} {reading[by_family:]}"
    # Else cut where a common surname reading meets a known given-name reading.
    best: tuple[float, int] | None = None
    for at in range(2, len(reading) - 1):
        score = surnames.get(reading[:at], 0) * (1.0 if reading[at:] in given else 0.001)
        if score and (best is None or score > best[0]):
            best = (score, at)
    cut = by_family if by_family is not None else best[1] if best is not None else None
    if best is not None and reading[best[1] :] in given:
        cut = best[1]
    return reading if cut is None else f"{reading[:cut]} {reading[cut:]}"


def romaji_name_to_kana(text: str) -> str | None:
    """Katakana 'FAMILY GIVEN' for a printed romanised name such as 'Taro YAMADA' or 'YAMADA Taro'."""
    words = [w for w in re.split(r"[\s,]+", text.strip()) if w]
    if len(words) != 2 or not all(re.fullmatch(r"[A-Za-zĀ-ž'-]+", w) for w in words):
        return None
    first, second = words
    if first.isupper() and not second.isupper():
        family, given = first, second
    elif second.isupper() and not first.isupper():
        family, given = second, first
    elif text.find(",") > 0:
        family, given = first, second
    else:
        # Western order is usual on cards that print a romanised name; prefer a known surname.
        family, given = (
            (first, second) if _known_romaji(first) and not _known_romaji(second) else (second, first)
        )
    kana = [_word_kana(family, surname=True), _word_kana(given, surname=False)]
    if None in kana:
        return None
    return f"{kana[0]} {kana[1]}"


def _known_romaji(word: str) -> bool:
    return _best_reading(word, _surname_readings()) is not None


def _best_reading(word: str, popularity: dict[str, int]) -> str | None:
    """The most popular known reading among the long-vowel spellings of a Hepburn word."""
    plain = unicodedata.normalize("NFKD", word.lower())
    plain = re.sub(r"([ou])[\u0304\u0302]", lambda m: m.group(1).upper(), plain)
    plain = re.sub(r"oh(?![aiueoy])", "O", plain)
    if not re.fullmatch(r"[a-zOU']+", plain):
        return None
    scored = []
    for variant in long_vowel_variants(plain):
        kana = romaji_to_katakana(variant.lower())
        if kana is not None and kana in popularity:
            scored.append((popularity[kana], kana))
    return max(scored)[1] if scored else None


def _word_kana(word: str, *, surname: bool) -> str | None:
    known = _best_reading(word, _surname_readings() if surname else _given_readings())
    if known is not None:
        return known
    # Not in the data: passport romaji drops the long vowel, which after じょ, しょ, きょ ... is
    # nearly always there (一条 Ichijo イチジョウ, 東海林 Shoji ショウジ).
    plain = re.sub(r"((?:j|sh|ch|ky|ry|gy|hy|by|py|my|ny)o)(?=[^aiueou]|$)", r"\1u", word.lower())
    return romaji_to_katakana(plain)


def _spelt(options: list[str], word: str) -> str | None:
    """The reading among `options` that the romanised word spells: exactly (Yuka: ユカ, not
    ユウカ), else as passports shorten long vowels (Yuka: ユウカ)."""
    exact = romaji_to_katakana(word.lower())
    if exact in options:
        return exact
    return next((k for k in options if passport_form(k) == passport_form(word)), None)


def reading_with_romaji(family: str, given: str, romaji: str) -> str | None:
    """The reading of a kanji name whose romanised form is printed too ("Taro Yamada").

    The name data proposes readings of the kanji; the printed romaji picks among them, and is
    converted itself where the data has none that fits.
    """
    words = [w for w in re.split(r"[\s,]+", romaji.strip()) if w]
    if len(words) != 2:
        return None
    fam_entry = _surname(family)
    fam_options = [fam_entry[0]] if fam_entry else []
    giv_options = list(given_readings(given))
    best: tuple[int, str] | None = None
    for fam_word, giv_word in ((words[1], words[0]), (words[0], words[1])):
        fam = _spelt(fam_options, fam_word)
        giv = _spelt(giv_options, giv_word)
        score = (fam is not None) * 2 + (giv is not None) + (fam_word.isupper() and not giv_word.isupper())
        fam = fam or _word_kana(fam_word, surname=True)
        giv = giv or _word_kana(giv_word, surname=False)
        if fam and giv and (best is None or score > best[0]):
            best = (score, f"{fam} {giv}")
    return best[1] if best else None


@lru_cache(maxsize=1)
def surnames_by_reading() -> dict[str, tuple[tuple[str, int], ...]]:
    """Katakana reading -> (kanji surname, population) for every surname read so."""
    out: dict[str, list[tuple[str, int]]] = {}
    for kanji, (reading, _, count) in _surnames().items():
        out.setdefault(reading, []).append((kanji, count))
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def given_by_reading() -> dict[str, tuple[str, ...]]:
    """Katakana reading -> the kanji given names read so (and the name in kana itself)."""
    out: dict[str, list[str]] = {}
    for kanji, readings in _given().items():
        for reading in readings:
            out.setdefault(reading, []).append(kanji)
    return {k: (*v, jaconv.kata2hira(k), k) for k, v in out.items()}


@lru_cache(maxsize=1)
def _known_readings() -> frozenset[str]:
    return frozenset(_surname_readings()) | frozenset(_given_readings())


def romaji_readings(word: str) -> set[str]:
    """Katakana readings of a romanised name word that the name data knows (as either half)."""
    plain = unicodedata.normalize("NFKD", word.lower())
    plain = re.sub(r"oh(?![aiueoy])", "o", plain)
    if not re.fullmatch(r"[a-z']{2,}", plain):
        return set()
    known = _known_readings()
    out = set()
    for variant in long_vowel_variants(plain):
        kana = romaji_to_katakana(variant)
        if kana is not None and kana in known:
            out.add(kana)
    return out


def plain_form(text: str) -> str:
    """The text with old and variant kanji in their usual form, for comparing names."""
    return text.translate(_VARIANTS)


def surname_reading(kanji: str) -> str | None:
    """The katakana reading of a surname the data set knows, else None."""
    entry = _surname(kanji)
    return entry[0] if entry else None
