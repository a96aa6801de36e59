"""The person's part of an e-mail address checked against the person's name.

Most card holders' addresses spell their own name (yamazaki, k.hirose, inouer for 井上 凛).
Where OCR garbled one letter of such a word (vamashitaj, haruka.yvamazaki, sugaware), the
name's reading from the same card puts it right. A word is only changed when it is not a
name itself and one reading, known to the name data, is a single edit away.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import jaconv
from rapidfuzz.distance import Levenshtein

from handover.reader.names import given_readings, romaji_readings, split_name, surname_reading
from handover.reader.romaji import passport_form

_MIN_WORD = 4  # shorter words are too easily one edit from another name


def name_romaji(kana_words: Iterable[str], *, known_only: bool = True) -> list[str]:
    """Romanised spellings (Hepburn as written, and the passport form) of katakana name words;
    with `known_only`, only those the name data knows (garbled or unknown readings give nothing)."""
    out: list[str] = []
    for word in kana_words:
        if not re.fullmatch(r"[\u30a1-\u30fa\u30fc]{2,}", word):
            continue
        plain = jaconv.kana2alphabet(jaconv.kata2hira(word)).replace("'", "")
        for form in (plain, passport_form(word)):
            known = romaji_readings(form) or not known_only
            if re.fullmatch(r"[a-z]+", form) and known and form not in out:
                out.append(form)
    return out


def _is_name(token: str) -> bool:
    """True when the word, or the word without an initial at either end, is a known name."""
    return any(romaji_readings(t) for t in (token, token[:-1], token[1:]) if len(t) >= 2)


def _candidates(forms: list[str]) -> set[str]:
    """Each name word alone and with another word's initial before or after it (inouer, jsmith)."""
    initials = {form[0] for form in forms}
    out = set()
    for form in forms:
        if len(form) >= _MIN_WORD:
            out.add(form)
            out.update(form + i for i in initials)
            out.update(i + form for i in initials)
    return out


def fix_local_part(local: str, forms: list[str]) -> str:
    """The local part with each word that is one OCR slip from the person's name put right."""
    candidates = _candidates(forms)
    if not candidates:
        return local
    pieces = re.split(r"([._-])", local)
    for k, token in enumerate(pieces):
        if len(token) < _MIN_WORD or not token.isalpha() or _is_name(token) or token in candidates:
            continue
        # A bare name word before one with an initial; then the spelling of the same length.
        near = sorted(
            (c not in forms, abs(len(c) - len(token)), c)
            for c in candidates
            if Levenshtein.distance(token, c) == 1
        )
        if near and (len(near) == 1 or near[0][:2] < near[1][:2]):
            pieces[k] = near[0][2]
    return "".join(pieces)


def name_forms(name: str | None, kana: str | None, latin: Iterable[str]) -> list[str]:
    """Spellings of the person's name words: from the reading, from the name data's readings of
    the kanji name, and from a name printed in Latin letters."""
    # A printed reading is the person's own, even when the name data does not know it (コクブン
    # where the data reads 國分 コクブ): it stands alone, the data's readings are only a fallback.
    printed = (kana or "").split()
    forms = name_romaji(printed, known_only=False)
    if name and not printed:
        parts = name.split()
        family, given = (parts[0], parts[1]) if len(parts) == 2 else split_name(name)[:2]
        words = [r for r in (surname_reading(family),) if r] + list(given_readings(given))
        forms = name_romaji(words)
    for word in latin:
        word = word.lower()
        if re.fullmatch(r"[a-z]{2,}", word) and romaji_readings(word) and word not in forms:
            forms.append(word)
    return forms
