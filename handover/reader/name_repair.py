"""Repairing an OCR'd name with the reading the card prints beside it and the real name data.

Tesseract drops or misreads a character of a big bold name more often than of anything else on
a card. Most cards print the name's reading too (furigana, a romanised name, an e-mail address
made of the name), and the name data knows which kanji are read so: a misread character is put
right when exactly one name of that reading is one edit away from what OCR saw.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import jaconv

from handover.reader.names import (
    given_by_reading,
    given_readings,
    is_given_name,
    plain_form,
    romaji_readings,
    split_name,
    surname_reading,
    surnames_by_reading,
)


@dataclass
class Clues:
    """Katakana readings the card prints for each half of the name."""

    family: set[str] = field(default_factory=set)
    given: set[str] = field(default_factory=set)

    def add_words(self, words: list[set[str]]) -> None:
        """Readings of the words of a romanised name (each word: its possible readings).

        One word alone is the surname (an e-mail's "suzuki"); of two, either may be the
        family name, as long as the other is then a given name.
        """
        words = [w for w in words if w]
        if len(words) == 1:
            self.family |= {r for r in words[0] if r in surnames_by_reading()}
        elif len(words) == 2:
            for fam, giv in (words, words[::-1]):
                fam = {r for r in fam if r in surnames_by_reading()}
                giv = {r for r in giv if r in given_by_reading()}
                if fam and giv:
                    self.family |= fam
                    self.given |= giv


def clues_from(kana: str | None, romaji: Iterable[str], email: str | None) -> Clues:
    """Readings from a printed kana reading, romanised name lines and the e-mail's local part."""
    clues = Clues()
    if kana:
        kata = jaconv.hira2kata(kana)
        parts = kata.split()
        if len(parts) == 2:
            clues.family.add(parts[0])
            clues.given.add(parts[1])
        else:
            whole = "".join(parts)
            for cut in range(1, len(whole)):
                if whole[:cut] in surnames_by_reading() and whole[cut:] in given_by_reading():
                    clues.family.add(whole[:cut])
                    clues.given.add(whole[cut:])
    for line in romaji:
        clues.add_words([romaji_readings(w) for w in re.split(r"[\s,]+", line.strip()) if w])
    if email and "@" in email:
        words = []
        for token in re.split(r"[._\-]+", email.split("@")[0]):
            readings = romaji_readings(token)
            if not readings and len(token) >= 5:
                # An initial glued to the surname (tanakas, ichijon): the rest is the surname.
                readings = {r for r in romaji_readings(token[:-1]) if r in surnames_by_reading()}
            words.append(readings)
        clues.add_words(words)
    return clues


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: characters dropped, added or misread."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _near(readings: Iterable[str], clues: set[str]) -> bool:
    """True when one of the readings is the printed one, or one kana off (OCR of the reading)."""
    return any(edit_distance(r, c) <= 1 for r in readings for c in clues)


def _options(part: str, known: tuple[str, ...], clues: set[str], data: list[str]) -> list[tuple[str, int]]:
    """Spellings this half may have, each with how many edits OCR made of it."""
    if not clues or not data:
        return [(part, 0)] if part else []
    if part and known and _near(known, clues):
        return [(part, 0)]  # OCR read a name of this reading: keep it as printed
    plain = plain_form(part)
    out = []
    for name in data:
        cost = edit_distance(plain, plain_form(name))
        # One slip at most, and a character of the half read right (美 for 美咲, not 前 for 剛).
        if cost == 0 or (cost == 1 and max(len(part), len(name)) >= 2):
            out.append((part if cost == 0 else name, cost))
    return out


def repair_name(text: str, clues: Clues, *, chars: float | None = None) -> tuple[str, str] | None:
    """(family, given) nearest to the OCR text among the names read as the card prints.

    None when there is no clue, nothing is near enough, or several names are equally near and
    neither the glyph count (`chars`, estimated from the line's size) nor the surnames'
    populations tell them apart.
    """
    if not (clues.family or clues.given):
        return None
    counts = {k: c for r in clues.family for k, c in surnames_by_reading().get(r, ())}
    given_data = sorted({k for r in clues.given for k in given_by_reading().get(r, ())})
    found: dict[tuple[str, str], tuple[int, int]] = {}
    # A half OCR read right stays as read when the other half has no reading to check it by:
    # else the surname alone (東海林) would lend its last character to a made-up given name.
    exact = [False, False]
    for cut in range(len(text) + 1):
        head, tail = text[:cut], text[cut:]
        head_reading = surname_reading(head)
        head_known = (head_reading,) if head_reading else ()
        families = _options(head, head_known, clues.family, sorted(counts))
        givens = _options(tail, given_readings(tail) if tail else (), clues.given, given_data)
        exact[0] |= not given_data and bool(counts) and any(c == 0 for _, c in families)
        exact[1] |= not counts and bool(given_data) and any(c == 0 for _, c in givens)
        for family, f_cost in families:
            for given, g_cost in givens:
                key = (family, given)
                if key not in found or sum(found[key]) > f_cost + g_cost:
                    found[key] = (f_cost, g_cost)
    costs = {k: f + g for k, (f, g) in found.items() if not (exact[0] and f) and not (exact[1] and g)}
    if not costs:
        return None
    best = min(costs.values())
    limit = 1 if len(text) <= 3 else 2
    tied = [k for k, v in costs.items() if v == best]
    # The same name in its usual and its printed variant form (沢田, 澤田): as printed.
    printed = {plain_form(f + g): (f, g) for f, g in tied if f in text}
    tied = list({plain_form(f + g): printed.get(plain_form(f + g), (f, g)) for f, g in tied}.values())
    if best > limit or any(best >= len(f + g) for f, g in tied):
        return None
    if len(tied) > 1 and chars is not None:
        gap = min(abs(len(f + g) - chars) for f, g in tied)
        tied = [(f, g) for f, g in tied if abs(len(f + g) - chars) <= gap + 0.25]
    if len(tied) > 1 and len({g for _, g in tied}) == 1:
        ranked = sorted(tied, key=lambda k: -counts.get(k[0], 0))
        if counts.get(ranked[0][0], 0) >= 3 * counts.get(ranked[1][0], 0):
            tied = ranked[:1]  # a surname far commoner than any other read so
    return tied[0] if len(tied) == 1 else None


def _same_surname_reading(printed: str, listed: str) -> bool:
    """True when two readings differ only as a surname's readings do: voicing (ヤマサキ,
    ヤマザキ) or a final ン or ウ (コクブ, コクブン)."""

    def core(kana: str) -> str:
        bare = "".join(c for c in unicodedata.normalize("NFD", kana) if c not in "\u3099\u309a")
        return bare.rstrip("ンウ")

    return core(printed) == core(listed)


def repair_reading(reading: str, family: str, given: str, clues: Clues | None = None) -> str | None:
    """The printed reading with OCR slips put right: the name data's reading of the name that
    is nearest to what OCR read, when it is near enough (a kana or two off) and unique."""
    fam = surname_reading(family)
    if fam is None:
        return None
    parts = reading.split()
    if len(parts) == 2 and parts[1] in given_readings(given) and _same_surname_reading(parts[0], fam):
        return None  # a reading of the surname other than the one the data lists (コクブン)
    flat = reading.replace(" ", "")
    options = {f"{fam} {g}": edit_distance(flat, fam + g) for g in given_readings(given)}
    if not options:
        return None
    best = min(options.values())
    tied = [k for k, v in options.items() if v == best]
    for liked in ({f"{fam} {parts[-1]}"}, {f"{fam} {g}" for g in clues.given} if clues else set()):
        # Equally near: the given name's reading as printed, or as the romaji or e-mail spell it.
        if len(tied) > 1 and len(set(tied) & liked) == 1:
            tied = list(set(tied) & liked)
    if len(tied) != 1 or best > (1 if len(flat) <= 4 else 2):
        return None
    return tied[0]


def name_likeness(text: str) -> float:
    """0.5 when the text (marks aside) is a surname and a given name the data knows, 0.2 when
    it begins with a known surname, else 0: a vote among OCR's readings of a big name."""
    kanji = re.sub(r"[^\u3400-\u9fff々\u3041-\u30ff]", "", text)
    if len(kanji) < 2:
        return 0.0
    _, given, known = split_name(kanji)
    return 0.5 if known and is_given_name(given) else 0.2 if known else 0.0
