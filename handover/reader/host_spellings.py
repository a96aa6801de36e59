"""The words a card's web address spells, and how they are written in kanji.

An office's or a company's web address and e-mail domain usually spell its name in romaji
(kohaku-sekkei.co.jp for 琥珀設計, shirasagi.or.jp for 白鷺). The romanised words of a host name
are looked up in IPAdic (Debian's mecab-ipadic: Japanese words with their readings, read from
its CSV sources once per process) for their kanji spellings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from handover.reader.romaji import long_vowel_variants, romaji_to_katakana
from handover.reader.web_address import HOST_ENDS, HOST_WORDS

IPADIC_DIR = Path("/usr/share/mecab/dic/ipadic")
_KANJI_WORD = re.compile(r"[\u3400-\u9fff々]{1,4}")
_HOST = re.compile(r"(?:@|https?://|www\.)([a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)+)", re.IGNORECASE)
# Labels of a host name that say what kind of site it is, not whose (co, lg, jp, city, www ...).
_GENERIC_LABELS = frozenset((*HOST_ENDS, *HOST_WORDS, "web"))
# IPAdic's nouns a name of a firm, a body or a building is made of: common nouns (琥珀, 楓),
# proper nouns and places (白鷺, 八雲, 東雲), organisations, and nouns of action (設計, 建設).
# Given and family names, numbers and pronouns are left out: they are many and no such word.
_NOUN_FILES = (
    "Noun.csv",
    "Noun.proper.csv",
    "Noun.place.csv",
    "Noun.org.csv",
    "Noun.verbal.csv",
    "Noun.adjv.csv",
)


@lru_cache(maxsize=1)
def kanji_by_reading() -> dict[str, frozenset[str]]:
    """Katakana reading -> the nouns of one to four kanji IPAdic spells so ({} without IPAdic)."""
    found: dict[str, set[str]] = {}
    for path in sorted(IPADIC_DIR / name for name in _NOUN_FILES):
        if not path.exists():
            continue  # IPAdic not installed: no spellings, the step does nothing
        with path.open(encoding="euc-jp", errors="replace") as rows:
            for row in rows:
                cols = row.split(",")
                if len(cols) > 11 and _KANJI_WORD.fullmatch(cols[0]):
                    found.setdefault(cols[11], set()).add(cols[0])
    return {reading: frozenset(words) for reading, words in found.items()}


def host_words(texts: Iterable[str]) -> list[str]:
    """The romanised words of the host names in e-mail and web addresses (kohaku, sekkei)."""
    out: list[str] = []
    for text in texts:
        for host in _HOST.findall(text.replace(" ", "")):
            for label in host.lower().split("."):
                if label in _GENERIC_LABELS:
                    continue
                for part in re.split(r"[-_]", label):
                    if len(part) >= 3 and part.isalpha() and part not in out:
                        out.append(part)
    return out


def spellings(word: str) -> set[str]:
    """Kanji spellings of a romanised word, with or without the long vowels Hepburn drops."""
    table = kanji_by_reading()
    out: set[str] = set()
    for variant in long_vowel_variants(word):
        kana = romaji_to_katakana(variant)
        if kana:
            out |= table.get(kana, frozenset())
    return out
