"""Settings of the card reader, passed in as one frozen value."""

from __future__ import annotations

from dataclasses import dataclass

# A Japanese business card (名刺, 4号) is 91 x 55 mm.
CARD_ASPECT = 91 / 55


@dataclass(frozen=True)
class ReaderSettings:
    """Knobs of the card reader; the defaults suit business cards and Tesseract 5."""

    # Tesseract
    tesseract_timeout: float = 60.0  # seconds per Tesseract call
    languages: str = "jpn+eng"  # horizontal text
    vertical_languages: str = "jpn_vert"  # 縦書き columns
    # Large names read again on their own: with eng loaded too, Tesseract turns big bold kanji
    # into Latin look-alikes ("SEK"); jpn alone reads romaji as well.
    name_languages: str = "jpn"
    horizontal_psm: int = 3  # automatic layout: copes with mixed sizes (a large name)
    vertical_psm: int = 5  # uniform block of vertical text: best on masked 縦書き columns
    min_word_conf: float = 0.0  # words below this confidence (0..1) are dropped
    # Input guards
    max_pixels: int = 80_000_000  # decoded pixels per page/frame
    max_file_bytes: int = 60_000_000
    max_pages: int = 20  # PDF pages or TIFF frames read from one file
    pdf_dpi: int = 300
    # Geometry
    card_long_side: int = 1820  # px of the long side of a warped card (~508 dpi for 91 mm)
    min_card_area: float = 0.04  # of the image, for a contour to count as a card
    max_cards: int = 8  # per image
    target_text_height: int = 30  # px, the height Tesseract reads best
    deskew_max_angle: float = 8.0  # degrees
    # Orientation
    accept_quality: float = 0.72  # a reading this good (read.reading_quality) needs no OSD
    plausible_quality: float = 0.3  # enough to confirm OSD's unsure first choice
    use_osd: bool = True
    osd_min_confidence: float = 2.0  # Tesseract OSD orientation confidence to trust alone
    binarize: bool = False  # Otsu after illumination normalisation
