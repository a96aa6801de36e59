"""Typed values that flow between the card reader's steps.

The pipeline is: image.load -> preprocess -> ocr -> layout -> fields -> CardReading.
Every step takes and returns these plain, immutable values so that each can be tested alone
(the steps after OCR are tested with recorded OCR output).

Field values follow one canonical form, the same as sample_cards/truth.json:
- name: family name, one ASCII space, given name ("山田 太郎"); Latin names as printed.
- name_kana: full-width katakana, family and given separated by one space ("ヤマダ タロウ").
- postal_code: "NNN-NNNN".
- phone, fax, mobile: Japanese national format with hyphens as `phonenumbers` formats it
  ("03-3581-4111", "090-1234-5678"); extensions as " 内線 1234".
- email: lower case; url: as printed, without a trailing slash, scheme kept when printed.
- address: full-width digits and hyphen-minus as printed are normalised to half width
  ("東京都千代田区霞が関1-3-1 中央合同庁舎第4号館"); building names kept after one space.
- organization, department, title: NFKC-normalised text, inner spaces removed except between
  Latin words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

FIELD_NAMES: tuple[str, ...] = (
    "name",
    "name_kana",
    "organization",
    "department",
    "title",
    "postal_code",
    "address",
    "phone",
    "fax",
    "mobile",
    "email",
    "url",
)


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in pixels of the straightened card image."""

    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        """The x coordinate just past the box."""
        return self.x + self.w

    @property
    def bottom(self) -> int:
        """The y coordinate just past the box."""
        return self.y + self.h

    def along(self, vertical: bool) -> tuple[int, int]:
        """Start and end of the box along the reading direction (down a column, across a row)."""
        return (self.y, self.bottom) if vertical else (self.x, self.right)

    def across(self, vertical: bool) -> tuple[int, int]:
        """Start and end of the box across the reading direction."""
        return (self.x, self.right) if vertical else (self.y, self.bottom)

    def union(self, other: Box) -> Box:
        """The smallest box holding both boxes."""
        x = min(self.x, other.x)
        y = min(self.y, other.y)
        return Box(x, y, max(self.right, other.right) - x, max(self.bottom, other.bottom) - y)


@dataclass(frozen=True)
class Word:
    """One word (or character run) as Tesseract recognised it."""

    text: str
    box: Box
    conf: float  # 0..1
    vertical: bool = False  # read by the 縦書き (jpn_vert) pass

    def centred_in(self, box: Box) -> bool:
        """True when the word's centre lies inside `box`."""
        cx, cy = self.box.x + self.box.w / 2, self.box.y + self.box.h / 2
        return box.x <= cx <= box.right and box.y <= cy <= box.bottom


def mean_conf(words: Sequence[Word]) -> float:
    """Mean confidence per character of some words; 0 when they hold no text."""
    chars = sum(len(w.text) for w in words)
    return sum(w.conf * len(w.text) for w in words) / chars if chars else 0.0


@dataclass(frozen=True)
class Line:
    """A line of text in reading order, with its character size in pixels."""

    text: str
    box: Box
    words: tuple[Word, ...]
    size: float  # character height (horizontal) or width (vertical) in pixels
    conf: float  # mean word confidence, 0..1
    vertical: bool = False


@dataclass(frozen=True)
class FieldValue:
    """One parsed field with how sure the reader is of it and where it was found."""

    value: str
    confidence: float  # 0..1
    box: Box | None = None


@dataclass(frozen=True)
class CardReading:
    """Everything the reader knows about one card found in an input file."""

    file: str
    card_index: int
    fields: dict[str, FieldValue | None]
    orientation: int  # degrees the input was rotated clockwise to read it: 0, 90, 180, 270
    vertical: bool
    text: str
    lines: tuple[Line, ...] = ()
    page: int = 0
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, object]:
        """The JSON object `handover read --format json` prints for this card."""
        return {
            "file": self.file,
            "page": self.page,
            "card_index": self.card_index,
            "fields": {k: (v.value if v else None) for k, v in self.fields.items()},
            "confidence": {k: (round(v.confidence, 3) if v else None) for k, v in self.fields.items()},
            "orientation": self.orientation,
            "vertical": self.vertical,
            "text": self.text,
            "warnings": list(self.warnings),
        }
