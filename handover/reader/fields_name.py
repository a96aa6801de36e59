"""The person's name and its reading, as the field parser finds them among a card's lines."""

from __future__ import annotations

import re

from handover.reader.fields_reading import LATIN_NAME, find_reading
from handover.reader.fields_state import CardState
from handover.reader.gazetteer import is_title
from handover.reader.name_repair import Clues, clues_from, repair_name
from handover.reader.names import (
    is_given_name,
    is_surname_alone,
    kana_reading,
    romaji_name_to_kana,
    split_name,
    surname_count,
)
from handover.reader.orgs import is_unit, name_and_title, parse_segment, segments
from handover.reader.textnorm import is_cjk, is_kana, squash
from handover.reader.types import Line

_JA_NAME = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々〆ヶ\u3041-\u309f\u30a1-\u30ff]{2,7}")
_HALF_NAME = re.compile(_JA_NAME.pattern.replace("{2,7}", "{1,4}"))
_NOT_NAME = re.compile(r"[^\u3400-\u9fff\uf900-\ufaff々〆ヶ\u3041-\u309f\u30a1-\u30ff]")


def _strip_debris(compact: str) -> str:
    """A big name without the stray marks OCR adds around it ('小林'林', '田中詩織ny', '福田1佑香')."""
    kanji = _NOT_NAME.sub("", compact)
    if len(kanji) >= 2 and len(compact) - len(kanji) <= 3 and kanji != compact and not is_kana(kanji):
        compact = kanji
    if not _known_name(compact):
        # A character read twice (斎藤雄雄一): once, when that makes a name the data knows.
        for i in range(1, len(compact)):
            once = compact[:i] + compact[i + 1 :]
            if compact[i] == compact[i - 1] and compact[i] != "々" and _known_name(once):
                return once
    return compact


def _name_like(text: str) -> bool:
    """True when the text begins with a surname the data knows or ends with a given name."""
    return any(surname_count(text[:cut]) for cut in (1, 2, 3)) or any(
        is_given_name(text[-size:]) for size in (2, 3) if size <= len(text)
    )


def _known_name(text: str) -> bool:
    _, given, known = split_name(text)
    return known and is_given_name(given)


def _rare_surname(family: str, given: str) -> bool:
    """A surname of two or three kanji the data lacks (我那覇) before a one-kanji given name."""
    kanji = all("\u3400" <= c <= "\u9fff" for c in family + given)
    return kanji and 2 <= len(family) <= 3 and len(given) == 1 and is_given_name(given)


def _name_candidate(text: str, clues: Clues, *, big: bool = False) -> tuple[str, str | None, bool] | None:
    """(name as found, title beside it, is Latin) when the text can be a person's name.

    `big`: the line is printed far larger than the card's text, as names are; then a surname
    the name data lacks passes before a one-kanji given name it knows.
    """
    core, title = name_and_title(text)
    compact = re.sub(r"^[\W_]+|[\W_]+$", "", squash(core).replace(" ", ""))
    if not LATIN_NAME.fullmatch(core.strip()):
        cleaned = _strip_debris(compact)
        if cleaned != compact and (re.search(r"\d\d", compact) or not _name_like(cleaned)):
            return None  # a number, or what is left of a line without its marks is no name
        compact = cleaned
    # 阿部, 長谷部, 服部: surnames that end like a department (部) are names.
    unit = is_unit(compact) and not is_given_name(compact[2:]) and not surname_count(compact)
    if is_title(compact) or unit:
        return None
    if _JA_NAME.fullmatch(compact) and not is_kana(compact):
        parts = parse_segment(compact)
        # 中村, 木村, 北村: surnames that end like a municipality (村, 町) are names.
        named = surname_count(compact) or _known_name(compact)
        town = parts.organization and (parts.strong or not named)  # a real place (北海道) is none
        if town or (parts.department and not surname_count(compact[:2])):
            return None
        family, given, known = split_name(compact)
        half = surname_count(compact) or is_given_name(compact)  # the other half may be apart
        no_name = not known and not half and not (len(given) >= 2 and is_given_name(given))
        if no_name and repair_name(compact, clues) is None and not (big and _rare_surname(family, given)):
            return None  # neither half is a name anyone has (OCR debris, a slogan), nor near one
        return compact, title, False
    latin = core.strip()
    english = parse_segment(latin)
    if LATIN_NAME.fullmatch(latin) and not (english.organization or english.department or english.title):
        return latin, title, True
    return None


def find_name(card: CardState) -> int | None:
    """The person's name (largest name-like line) and its printed reading; returns the line index."""
    best: tuple[float, int, str, str | None, bool] | None = None
    clues = _clues(card)
    sizes = sorted(line.size for line in card.lines)
    body = sizes[len(sizes) // 2] if sizes else 0.0
    for i, line in enumerate(card.lines):
        if i in card.used:
            continue
        big = line.size >= 2.5 * body and line.size >= max(sizes) * 0.8
        found = _name_candidate(card.texts[i], clues, big=big)
        if found is None:
            continue
        value, title, latin = found
        if line.conf < 0.3 and (latin or not (_known_name(value) or repair_name(value, clues))):
            continue  # marks and logos that OCR turns into a few characters
        known = not latin and any(surname_count(value[:cut]) for cut in (1, 2, 3))
        score = line.size * (1.25 if known else 1.0) * (0.8 if latin else 1.0)
        if not latin and re.search(r"[\u30a1-\u30ff]", value) and not is_kana(value):
            score *= 0.5  # kanji mixed with katakana is rarely a name (a building, a product)
        if best is None or score > best[0]:
            best = (score, i, value, title, latin)
    if best is None:
        find_reading(card, None, "", None, clues)  # OCR lost the name; its printed reading may be there
        return None
    _, index, value, title, latin = best
    line = card.lines[index]
    card.used.add(index)
    if title:
        card.put("title", title, line.conf, line.box)
    if latin:
        if sum(map(is_cjk, "".join(card.texts))) >= 8:
            # A Japanese side whose kanji name OCR lost: the romanised line is only its reading.
            kana = romaji_name_to_kana(value)
            card.put("name_kana", kana, line.conf * 0.7, line.box)
            return None
        # An English side prints no reading; a romanised name alone is not one (truth: null).
        card.put("name", value, line.conf * 0.9, line.box)
        return index
    printed = [_NOT_NAME.sub("", squash(s)) for s in segments(line)]
    printed = [s for s in printed if s]
    if "".join(printed) != value:
        printed = [value]
    other = _other_half(card, index, value)
    if other is not None:
        # The wide space between family and given name made OCR cut the name in two lines.
        other_index, other_text = other
        card.used.add(other_index)
        first_is_family = _before(line, card.lines[other_index])
        printed = [value, other_text] if first_is_family else [other_text, value]
        value = "".join(printed)
        line = Line(
            value, line.box.union(card.lines[other_index].box), (), line.size, line.conf, line.vertical
        )
    repaired = repair_name(value, clues, chars=_glyphs(line))
    sureness = 1.0
    if repaired is not None and "".join(repaired) != value:
        # Put right from the reading: likely, not certain; a reviewer should see it.
        printed, value, sureness = list(repaired), "".join(repaired), 0.8
    if is_surname_alone(value) or (is_given_name(value) and not split_name(value)[2]):
        card.put("name", None, 0.0, None)  # half a name is no name: leave it to the reviewer
        find_reading(card, index, value, "", clues)
        return index
    if len(printed) == 2 and surname_count(printed[0]):
        family, given, known = printed[0], printed[1], True
    else:
        family, given, known = split_name(value)
    card.put("name", f"{family} {given}", line.conf * sureness * (1.0 if known else 0.6), line.box)
    find_reading(card, index, family, given, clues)
    return index


def _clues(card: CardState) -> Clues:
    """Every reading of the name the card may print: kana lines, romanised names, the e-mail."""
    clues = Clues()
    email = card.out.get("email")
    romaji = [t for t in card.texts if LATIN_NAME.fullmatch(t.strip())]
    for text in card.texts:
        if is_kana(text) and len(text.replace(" ", "")) >= 3:
            found = clues_from(kana_reading(text), (), None)
            clues.family |= found.family
            clues.given |= found.given
    found = clues_from(None, romaji, email.value if email else None)
    clues.family |= found.family
    clues.given |= found.given
    return clues


def _glyphs(line: Line) -> float:
    """About how many characters wide (tall, in a column) the line is."""
    return (line.box.h if line.vertical else line.box.w) / max(1.0, line.size)


def _other_half(card: CardState, index: int, value: str) -> tuple[int, str] | None:
    """Another line in the same row (column) as the name, holding its other half."""
    line = card.lines[index]
    for j, other in enumerate(card.lines):
        # The halves may come out of OCR in different sizes: a box that took in the reading
        # printed over the family name is taller than the glyphs, one glyph alone is sized
        # by its own height.
        text = _strip_debris(squash(card.texts[j]).replace(" ", ""))
        # One glyph's box may take in a mark over or under it: its width is its size.
        size = (
            min(other.size, other.box.h if other.vertical else other.box.w) if len(text) == 1 else other.size
        )
        if j == index or j in card.used or not 0.4 * line.size <= size <= 2.2 * line.size:
            continue
        a, b = line.box, other.box
        across, gap = (
            (abs((a.x + a.w / 2) - (b.x + b.w / 2)), max(b.y - a.bottom, a.y - b.bottom))
            if line.vertical
            else (abs((a.y + a.h / 2) - (b.y + b.h / 2)), max(b.x - a.right, a.x - b.right))
        )
        if across > 0.5 * min(line.size, other.size) or gap > 3 * line.size:
            continue
        if not _HALF_NAME.fullmatch(text) or is_title(text) or is_unit(text):
            continue
        joined = value + text if _before(line, other) else text + value
        if (len(text) >= 2 and 0.5 * line.size <= size <= 2 * line.size) or _known_name(joined):
            return j, text
    return None


def _before(first: Line, second: Line) -> bool:
    """True when `first` comes before `second` in reading order within a row or column."""
    return first.box.y < second.box.y if first.vertical else first.box.x < second.box.x
