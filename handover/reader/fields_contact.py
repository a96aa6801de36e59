"""Structured contact fields found by pattern: postal code, phone numbers, e-mail, URL.

Every finder takes NFKC-folded line text (see textnorm.fold) and tolerates the usual OCR noise.
E-mail and URL live in web_address and are re-exported here.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import phonenumbers

from handover.reader.gazetteer import lookup_postal
from handover.reader.textnorm import squash
from handover.reader.web_address import Found, find_email, find_url

__all__ = ["Found", "Phone", "find_email", "find_phones", "find_postal", "find_url"]

# Letters Tesseract puts in place of digits inside a number.
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "|": "1",
                                   "i": "1", "!": "1", "Z": "2", "S": "5", "s": "5", "B": "8", "b": "6",
                                   "g": "9", "q": "9", "@": "0"})  # fmt: skip
_LOOK = "OoDQlIi|!ZSsBbgq@"


# -- postal code -------------------------------------------------------------------------------

# 〒 is often read as T, 干 or 〒 followed by noise; the code may lack its hyphen.
_POSTAL = re.compile(r"(?:(〒|T|干|₸|テ|〒\s*:)\s*)?(?<![\d.-])(\d{3})\s*[-.']?\s*(\d{4})(?![\d.-])")


# Tesseract often reads 〒 as a 7 glued to the code: "7100-8926".
_SEVEN_FOR_MARK = re.compile(r"(?<![\d-])7(?=\d{3}[-\s]\d{4}(?![\d-]))")


# A 縦書き code: the hyphen turned a quarter reads as 1 or I, the mark as 〒, テ, 『, ー or
# nothing, and a 1 as l ("〒l0018916", "ー73018511", "70010922").
_POSTAL_TURNED_DASH = re.compile(r"^(\D{0,3}?)([\dlI|]{8,9})\D{0,2}$")


def find_postal(text: str) -> Found | None:
    """The first postal code in the text, checked against Japan Post (quality 1 when it exists)."""
    text = _SEVEN_FOR_MARK.sub("〒", text)
    # 〒|00-8959, 〒l00 8916: a 1 read as a mark.
    text = re.sub(r"(?<=〒)(\s*)[|lI!](?=\d{2}\s?-?\s?\d{4}(?!\d))", r"\g<1>1", text)
    for m in _POSTAL.finditer(text):
        marked = m.group(1) is not None
        hyphen = re.search(r"\d[-.']", m.group(0)) is not None
        if not (marked or hyphen):
            continue
        code = f"{m.group(2)}-{m.group(3)}"
        known = lookup_postal(code) is not None
        if not known and not marked:
            continue
        return Found(code, m.start(), m.end(), 1.0 if known else 0.5)
    # OCR spaces the digits out after the mark ("〒424 00 46").
    spaced = re.search(r"〒\s*(\d{3})\s*-?\s*(\d\s?\d\s?\d\s?\d)(?![\d-])", text)
    if spaced is not None:
        code = f"{spaced.group(1)}-{spaced.group(2).replace(' ', '')}"
        if lookup_postal(code) is not None:
            return Found(code, spaced.start(), spaced.end(), 0.8)
    # In vertical text the hyphen is turned a quarter and read as 1 ("〒86115522").
    turned = _POSTAL_TURNED_DASH.match(text.replace(" ", ""))
    if turned is not None:
        digits = turned.group(2).translate(_DIGIT_LOOKALIKES)
        for skip in (0, 1):  # a stray mark read as a digit before the code
            head, middle = digits[skip : skip + 3], digits[skip + 3 : -4]
            if 1 <= len(middle) <= 2 and set(middle) == {"1"} and lookup_postal(head + digits[-4:]):
                return Found(f"{head}-{digits[-4:]}", 0, len(text), 0.8 if "〒" in turned.group(1) else 0.6)
    return None


# -- phone numbers ------------------------------------------------------------------------------

_LABELS: tuple[tuple[str, str], ...] = (
    (r"携帯\s*(?:電話)?|mobile|mob\.?|cell(?:ular)?|keitai|(?<![a-z])m(?![a-z])", "mobile"),
    (r"fax|ファクス|ファックス|ファクシミリ|(?<![a-z])f(?![a-z])", "fax"),
    (r"tel|phone|電話|代表|直通|直|ダイヤルイン|(?<![a-z])t(?![a-z])", "phone"),
)
_LABEL = re.compile("|".join(f"(?P<{kind}>{pattern})" for pattern, kind in _LABELS), re.IGNORECASE)
# A number starts with 0 (or O, @, 9 as OCR reads a 0); separators are whatever cards and OCR
# put between the groups.
_PHONE = re.compile(
    rf"(?:\+\s*81[\s-]*\(?0?\)?|(?<!\d)(?=[0O@(9]))"
    rf"[\d{_LOOK}()][\d{_LOOK}()\s.,:-]{{7,16}}\d"
)
_GROUP_SEP = re.compile(r"[\s().,:-]+")
_EXTENSION = re.compile(
    r"^\s*[(\[]?\s*(?:内\s*線|内|ext\.?|ex\.?|x)\s*[:.]?\s*(\d{1,6})\s*[)\]]?", re.IGNORECASE
)


@dataclass(frozen=True)
class Phone:
    """A phone number found on the card: which kind (phone, fax, mobile) and the formatted value."""

    kind: str
    found: Found
    labelled: bool


def _format(digits: str) -> tuple[str, bool] | None:
    try:
        number = phonenumbers.parse(digits, "JP")
    except phonenumbers.NumberParseException:
        return None
    text = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return text, bool(phonenumbers.is_valid_number(number))


def _turned_dashes(raw: str) -> str | None:
    """The number when a vertical card turned its hyphens and OCR read them as 1, I or l.

    ("031392412025", "07619591I11362"). Taken only when the hyphens fall exactly where the
    national format puts its own. A vertical line's words are joined without a space, so what
    follows the number's last four digits (a mark, a second reading of the number) may be
    glued on ("082140718742B7"): the last group is cut to its four digits when nothing else fits.
    """
    first = raw.split()[0]
    text = first if len(first) >= 12 else raw.replace(" ", "")  # digits after a space are debris
    spans = [
        (i, i + n)
        for i in range(2, len(text))
        for n in (1, 2, 3)
        if i + n < len(text) and all(c in "1Il|i" for c in text[i : i + n])
    ]
    for last in (len(text), 4):
        for (a1, b1), (a2, b2) in itertools.combinations(spans, 2):
            if a2 < b1 + 2:
                continue
            pieces = [text[:a1], text[b1:a2], text[b2:][:last]]
            groups = [re.sub(r"\D", "", p.translate(_DIGIT_LOOKALIKES)) for p in pieces]
            formatted = _format("".join(groups))
            if formatted and formatted[1] and formatted[0] == "-".join(groups):
                return "".join(groups)
    return None


def _grouped(raw: str) -> tuple[str, int] | None:
    """(digits, length of raw used) when the first three printed groups already make a number.

    Keeps "025-544-9131 3" from swallowing the stray 3 after the number.
    """
    groups = [g for g in _GROUP_SEP.split(raw) if g]
    if len(groups) < 3 or raw.startswith("+"):
        return None
    third = raw.index(groups[2], raw.index(groups[1]) + len(groups[1]))
    ends = [third + len(groups[2])] if len(groups) > 3 else []
    if len(groups[2]) > 4:
        ends.append(third + 4)  # the next number glued on ("O6-5997-487706-599")
    for end in ends:
        digits = re.sub(r"\D", "", raw[:end].translate(_DIGIT_LOOKALIKES))
        formatted = _format(digits) if 10 <= len(digits) <= 11 else None
        if formatted and formatted[1]:
            return digits, end
    return None


def _one_slip(raw: str) -> str | None:
    """The number when OCR added one character to its printed groups ("06-5S067-0265",
    "O38-3667-2907"): taken only when one number, valid and grouped as printed, comes out."""
    groups = [g for g in _GROUP_SEP.split(raw.strip()) if g]
    if len(groups) != 3:
        return None
    for letters_only in (True, False):  # a letter OCR added is likelier than a digit
        found = set()
        for k, group in enumerate(groups):
            for i in range(len(group)):
                if letters_only and group[i].isdigit():
                    continue
                trial = [*groups[:k], group[:i] + group[i + 1 :], *groups[k + 1 :]]
                parts = [re.sub(r"\D", "", t.translate(_DIGIT_LOOKALIKES)) for t in trial]
                formatted = _format("".join(parts))
                if formatted and formatted[1] and formatted[0] == "-".join(parts):
                    found.add("".join(parts))
        if found:
            return found.pop() if len(found) == 1 else None
    return None


# A labelled number whose leading 0 OCR read as another digit ("TEL 676-902-2302").
_LEAD_MISREAD = re.compile(
    r"((?:tel|fax|電話|代表|直通|ファ\s*ク\s*ス|ファックス|(?<![a-z])[tf])\W{0,3})[1-9](\d{1,3}-\d{2,4}-\d{4})(?!\d)",
    re.I,
)


def _lead_zero(m: re.Match[str]) -> str:
    digits = "0" + m.group(2)
    formatted = _format(digits.replace("-", ""))
    ok = formatted is not None and formatted[1] and formatted[0] == digits
    return m.group(1) + digits if ok else m.group(0)


def find_phones(text: str) -> list[Phone]:
    """Phone, fax and mobile numbers in the text, each with the label that stands before it."""
    out: list[Phone] = []
    last_end = 0
    text = _LEAD_MISREAD.sub(_lead_zero, text)
    for m in _PHONE.finditer(text):
        raw = m.group(0)
        international = raw.startswith("+")
        body = raw[raw.index("1") + 1 :] if international else raw
        digits = re.sub(r"\D", "", body.translate(_DIGIT_LOOKALIKES))
        if international and not digits.startswith("0"):
            digits = "0" + digits
        end = m.end()
        grouped = _grouped(raw)
        if grouped is not None:
            digits, end = grouped[0], m.start() + grouped[1]
        if digits.startswith("00") and 11 <= len(digits) <= 12 and (_format(digits[1:]) or ("", False))[1]:
            digits = digits[1:]  # a colon or bracket before the number read as O
        if len(digits) >= 12 and digits.startswith("0"):
            turned = _turned_dashes(raw) or (_turned_dashes(raw[1:]) if digits.startswith("00") else None)
            digits = turned or digits
        if digits.startswith("90") and len(digits) == 11 and (_format(digits[1:]) or ("", False))[1]:
            digits = digits[1:]  # a colon before the number read as 9
        elif digits.startswith("9") and 10 <= len(digits) <= 11:
            digits = "0" + digits[1:]  # 0 read as 9; kept only if valid below
        if 10 <= len(digits) <= 12 and (
            not (_format(digits) or ("", False))[1] or re.search(r"\d[A-Za-z|!]|[A-Za-z|!]\d", raw.strip())
        ):
            digits = _one_slip(raw) or digits  # an invalid number, or a letter inside it
        if not 10 <= len(digits) <= 11 or not digits.startswith("0"):
            continue
        formatted = _format(digits)
        if formatted is None or (not formatted[1] and not raw.lstrip("(").startswith(("0", "O"))):
            continue
        value, valid = formatted
        ext = _EXTENSION.match(text[end:])
        if ext:
            value += f" 内線 {ext.group(1)}"
            end += ext.end()
        labels = list(_LABEL.finditer(squash(text[last_end : m.start()])))
        kind = labels[-1].lastgroup if labels else None
        labelled = kind is not None
        if kind is None or (kind == "phone" and re.match(r"0[789]0", digits)):
            kind = "mobile" if re.match(r"0[789]0", digits) else "phone"
        quality = (1.0 if valid else 0.4) * (1.0 if raw.count("-") >= 1 or labelled else 0.8)
        out.append(Phone(str(kind), Found(value, m.start(), end, quality), labelled))
        last_end = end
    return out
