"""Organisation, department and title: legal forms, public bodies, unit endings, title words."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from handover.reader.gazetteer import (
    LEGAL_FORMS,
    ORG_SUFFIXES,
    PREFECTURES,
    UNIT_SUFFIXES,
    is_title,
    municipalities,
    title_at_end,
    title_at_start,
)
from handover.reader.textnorm import canonical_label, fold, is_cjk
from handover.reader.types import Line

_EN_ORG = re.compile(
    r"\b(?:Ministry|Agency|Cabinet|Government|Prefecture|City|Town|Village|Ward|University|Association"
    r"|Foundation|Corporation|Institute|Council|Bank|Co\.,?\s*Ltd|Inc\.|Ltd\.?|LLC|K\.K\.)\b",
    re.IGNORECASE,
)
_EN_UNIT = re.compile(
    r"\b(?:Division|Department|Dept\.?|Bureau|Section|Office|Unit|Team|Group|Secretariat)\b"
)
_EN_TITLE = re.compile(
    r"^(?:[A-Z][a-z]+\s+){0,3}"
    r"(?:Director(?:-General)?|Manager|Chief|President|Officer|Engineer|Consultant|Researcher"
    r"|Counsellor|Counselor|Specialist|Leader|Head|Secretary|Professor|Staff|CEO|CTO|CFO|COO)"
    r"(?:\s*(?:&|and)\s*(?:CEO|COO|CFO|CTO))?$"
)
_SHARED_UNIT_ENDINGS = ("センター", "課", "部", "局", "室", "係", "所", "班")
_UNITS_LONGEST_FIRST = tuple(sorted(UNIT_SUFFIXES, key=len, reverse=True))


@dataclass(frozen=True)
class OrgParts:
    """What one piece of text says about organisation, department and title."""

    organization: str | None = None
    department: str | None = None
    title: str | None = None
    strong: bool = False  # the organisation was recognised by a legal form or a public-body name


def segments(line: Line) -> list[str]:
    """The line cut where the card leaves a wide gap (words apart by more than half a character)."""
    words = [w for w in line.words if w.text.strip()]
    joined = "".join(w.text for w in words).replace(" ", "")
    text = fold(line.text)
    tokens = text.split()
    # Words joined by a space each (bare Tesseract) say nothing: measure the gaps instead. A
    # layout step that already kept only the real spaces is taken at its word.
    spaced_out = len(tokens) >= 2 and sum(map(len, tokens)) / len(tokens) <= 2.5
    if spaced_out and words and joined == line.text.replace(" ", "").replace("\u3000", ""):
        parts = [words[0].text]
        for prev, word in itertools.pairwise(words):
            gap = word.box.y - prev.box.bottom if line.vertical else word.box.x - prev.box.right
            latin = word.text.isascii() and prev.text.isascii()
            if gap > 0.6 * max(line.size, 1.0) and not latin:
                parts.append(word.text)
            else:
                parts[-1] += word.text if is_cjk(word.text[:1]) or is_cjk(parts[-1][-1:]) else " " + word.text
        return _glue_legal_forms([p.strip() for p in parts if p.strip()])
    if len(tokens) >= 3 and sum(map(len, tokens)) / len(tokens) <= 1.5:
        return _glue_legal_forms([p for p in re.split(r"\s{2,}|\u3000", line.text) if p.strip()])
    # Spaces among Latin words belong to one phrase; a space next to Japanese text separates.
    pieces = re.split(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", text)
    return _glue_legal_forms([p for p in pieces if p.strip()])


def _glue_legal_forms(parts: list[str]) -> list[str]:
    """Join a legal form printed apart ("株式会社 サンプル", "サンプル 株式会社") to its name."""
    out: list[str] = []
    forms = set(LEGAL_FORMS)
    for part in parts:
        if out and canonical_label(out[-1]) in forms and not canonical_label(out[-1]).isascii():
            out[-1] += part
        elif out and canonical_label(part) in forms and _looks_like_name(out[-1]):
            out[-1] += part if not part.isascii() else " " + part
        else:
            out.append(part)
    return out


def has_legal_form(text: str) -> bool:
    """True when the text holds a legal form (株式会社, (株), 一般社団法人 ...)."""
    body = canonical_label(text)
    return any(form in body for form in LEGAL_FORMS if not form.isascii())


def is_unit(text: str) -> bool:
    """True when the text names an organisational unit (課, 部, 局, Division ...)."""
    body = canonical_label(text)
    if _EN_UNIT.search(body):
        return True
    return len(body) >= 2 and body.endswith(_UNITS_LONGEST_FIRST)


def _public_body(text: str) -> int:
    """Length of the public body the text starts with (…省, …庁, a prefecture or municipality), or 0."""
    m = re.match(r"^(?:内閣府|内閣官房|[^省庁]{1,12}?(?:省|庁))", text)
    if m:
        return m.end()
    for pref in PREFECTURES:
        if text.startswith(pref):
            return len(pref)
    cities = municipalities()
    for end in range(min(len(text), 10), 1, -1):
        if text[:end] in cities:
            end2 = end + 2 if text[end : end + 2] in ("役所", "役場") else end
            return end2
    for suffix in sorted(ORG_SUFFIXES, key=len, reverse=True):
        at = text.find(suffix)
        if at > 0:
            return at + len(suffix)
    return 0


def _looks_like_name(text: str) -> bool:
    """True unless the text is a short run of marks, digits or stray Latin letters (OCR noise)."""
    japanese = sum(is_cjk(c) for c in text)
    return japanese >= 2 or (text.isascii() and len(text) >= 4 and text[:1].isalpha())


def parse_segment(text: str) -> OrgParts:
    """Read one segment: organisation (with the units that follow it), department or title."""
    body = canonical_label(text)
    marked = body.startswith(("NPO", *(f for f in LEGAL_FORMS if f.startswith("("))))
    if re.match(r"[\x00-\x7f]{1,6}[^\x00-\x7f]", body) and not marked:
        body = re.sub(r"^[\x00-\x7f]+", "", body)  # a logo read as letters before the name
    if not body:
        return OrgParts()
    if is_title(body.replace(" ", "")) or _EN_TITLE.match(body):
        return OrgParts(title=body)
    title = title_at_end(body)
    if title and len(title) < len(body) and not body.endswith(("センター", "事務局")):
        body, title_text = body[: -len(title)], title
        # 総務課長 is the 課長 of 総務課: the unit's ending is shared by the department and the title.
        unit = next((u for u in _SHARED_UNIT_ENDINGS if title.startswith(u)), "")
        if unit and not is_unit(body):
            body += unit
    else:
        title_text = None
    if body.isascii() and re.search(rf"{_EN_UNIT.pattern}$", body):
        return OrgParts(department=body, title=title_text)  # "Local Government Sales Section"
    if _EN_ORG.search(body):
        return OrgParts(organization=body, title=title_text, strong=True)
    for form in sorted(LEGAL_FORMS, key=len, reverse=True):
        at = body.find(form)
        if at < 0:
            continue
        prefix, rest = body[:at], body[at + len(form) :]
        if prefix and not _looks_like_name(prefix):
            prefix = ""  # logo marks and noise that OCR reads before the organisation's name
        if prefix and rest and is_unit(rest):
            return OrgParts(prefix + form, rest, title_text, strong=True)
        return OrgParts(prefix + form + rest, None, title_text, strong=True)
    if "法人" in body[:12]:
        # Every juridical person's form ends in 法人; OCR may garble the rest (一般時団法人).
        at = body.index("法人")
        start = next((i for i, c in enumerate(body) if is_cjk(c)), 0) if at < 8 else 0
        form = body[start : at + 2]
        forms = [f for f in LEGAL_FORMS if f.endswith("法人")]
        best = max(forms, key=lambda f: fuzz.ratio(f, form))
        completions = [f for f in forms if f.endswith(form)]
        if fuzz.ratio(best, form) >= 80:
            form = best
        elif form not in forms and len(form) >= 4 and len(completions) == 1:
            form = completions[0]  # OCR lost the head of the form: 利活動法人
        return OrgParts(organization=form + body[at + 2 :], title=title_text, strong=True)
    if body.endswith(ORG_SUFFIXES) and len(body) > 2:
        return OrgParts(organization=body, title=title_text, strong=True)
    end = _public_body(body)
    if end:
        rest = body[end:]
        if not rest or is_unit(rest):
            return OrgParts(body[:end], rest or None, title_text, strong=True)
    if re.fullmatch(r"[\u4e00-\u9fff々ヶケ]{1,4}[都道府県市区町村]", body):
        return OrgParts(organization=body, title=title_text)  # a local body, perhaps misread
    if is_unit(body):
        return OrgParts(department=body, title=title_text)
    if title_text:
        return OrgParts(department=body, title=title_text)
    return OrgParts()


def name_and_title(text: str) -> tuple[str, str | None]:
    """Split a title printed before or after a name on the same line ("係長 山田太郎")."""
    body = canonical_label(text).replace(" ", "") if any(is_cjk(c) for c in text) else text.strip()
    head = title_at_start(body)
    if head and len(body) - len(head) >= 2:
        return body[len(head) :], head
    tail = title_at_end(body)
    if tail and len(body) - len(tail) >= 2:
        return body[: -len(tail)], tail
    return body, None
