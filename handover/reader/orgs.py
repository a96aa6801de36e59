"""Organisation, department and title: legal forms, public bodies, unit endings, title words."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from handover.reader.departments import complete_unit
from handover.reader.gazetteer import (
    LEGAL_FORMS,
    ORG_SUFFIXES,
    PREFECTURES,
    UNIT_SUFFIXES,
    is_title,
    municipalities,
    title_at_end,
    title_at_start,
    title_near,
)
from handover.reader.org_words import repair_org_words
from handover.reader.public_bodies import NATIONAL_BODIES, repair_national_body
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
# A company form is known by the character before 会社; OCR often garbles the one before that
# (価式会社, ゅ同会社) or the 社 itself (有限会[).
_COMPANY_FORMS = {f[1]: f for f in ("株式会社", "有限会社", "合同会社", "合名会社", "合資会社", "相互会社")}
_BROKEN_COMPANY = re.compile(
    rf"(?:^[^\u4e00-\u9fff]{{0,2}}|.)([{''.join(_COMPANY_FORMS)}])会(?:社|[\[\]|lI!]|$)"
)
_COMPANY_LOOK_ALIKE = re.compile(rf"(?<=[株有合相{''.join(_COMPANY_FORMS)}])全社")
_FORM_BY_HEAD = {
    head: forms[0]
    for head in {f[0] for f in _COMPANY_FORMS.values()}
    if len(forms := [f for f in _COMPANY_FORMS.values() if f[0] == head]) == 1
}
_HEAD_ONLY = re.compile(rf"(?<![\u4e00-\u9fff])([{''.join(_FORM_BY_HEAD)}])会社")  # not 持株会社
_NO_SHA = re.compile(rf"({'|'.join(f[:2] for f in _COMPANY_FORMS.values())})会(?!社)")
# A form's 会 that OCR broke into kana or marks between its head and 社 (有限ミネ社): the head of
# two characters names the form.
_BROKEN_KAI = re.compile(rf"({'|'.join(f[:2] for f in _COMPANY_FORMS.values())})[^\u4e00-\u9fff\s]{{1,2}}社")
# A company form at the start of a line that lost its head, with 会 read as 全 (全社みらい…): a
# Japanese name in kana follows, so it is no word (全社員, 全社的); 株式会社 is the common form.
_HEADLESS_FORM = re.compile(r"^[^\u3041-\u30ff\u4e00-\u9fff]{0,2}[全会]社(?=[\u3041-\u30ff]{3})")
# Marks and small kana that OCR reads from a logo's edge after a name that ends as bodies end
# (…ネットワークョ』): no word goes on after such an ending with these alone.
_JUNK_TAIL = re.compile(r"[ァィゥェォャュョヮ』」】〕）)\]|・、。]{1,2}$")
_SHORT_FORM = re.compile(r"\((株|有|合|同|一社|一財|公社|公財|独|学|医|福|特非)(?:\)+|(?!\)))")
# ASCII marks OCR makes of specks and of strokes between two Japanese characters (ステラ#総合).
_STRAY_MARKS = re.compile(
    r"(?<=[\u3041-\u30ff\u4e00-\u9fff])[!-'*-/:-@\[-`{-~『』【】「」]+(?=[\u3041-\u30ff\u4e00-\u9fff])"
)
# A parenthesis inside Japanese text that opens or closes nothing short ((株), (同)) is a speck.
_LONE_PAREN = re.compile(
    r"(?<=[\u3041-\u30ff\u4e00-\u9fff])(?:\((?![^()]{1,3}\))|(?<!\([^()])(?<!\([^()]{2})(?<!\([^()]{3})\))"
    r"(?=[\u3041-\u30ff\u4e00-\u9fff])"
)
_EDGE_MARKS = re.compile(r"^[!-'*-/:-@\[-`{-~]+|(?<=[^\x00-\x7f])[!-'*-/:-@\[-`{-~]+$")
# Characters of legal forms and what OCR reads for them: glyphs with the same parts in the same
# places (財: 時 with 日|寸 for 貝|才, 計 with 言|十; 般: 板 with 木|反 for 舟|殳; 社: 杜 and 祉).
_LOOK_ALIKES = {"財": "時則販敗計", "般": "板殷", "社": "杜祉", "益": "盆", "団": "囲"}
_LOGO_MARKS = "〇○◯●◎◆◇■□▲△▼▽★☆"  # a logo's circle or square read before the name
_BAR_BEFORE_END = re.compile(r"(?<=[\u3041-\u30ff\u4e00-\u9fff])[|!lI](\S{2,})$")
_NO_JIN = re.compile(
    "({})(?!人)".format(
        "|".join(
            sorted({f[:-1] for f in LEGAL_FORMS if f.endswith("法人") and len(f) >= 5}, key=len, reverse=True)
        )
    )
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
        elif out and canonical_label(part) in forms and looks_like_name(out[-1]):
            out[-1] += part if not part.isascii() else " " + part
        else:
            out.append(part)
    return out


def repair_legal_form(text: str) -> str:
    """The text with a company form that OCR garbled made whole again (価式会社 -> 株式会社,
    (株 -> (株)), and with stray marks between Japanese characters dropped."""
    text = _SHORT_FORM.sub(lambda m: f"({m.group(1)})", text)
    # 全 is what OCR reads for 会 (人 over the same strokes) after a company form's head, and a
    # form that lost its second character is known by its first where only one begins so (株会社).
    text = _HEAD_ONLY.sub(lambda m: _FORM_BY_HEAD[m.group(1)], _COMPANY_LOOK_ALIKE.sub("会社", text))
    if not any(form in text for form in LEGAL_FORMS if not form.isascii()):
        m = _BROKEN_COMPANY.search(text)
        if m:
            text = text[: m.start()] + _COMPANY_FORMS[m.group(1)] + text[m.end() :]
        elif _BROKEN_KAI.search(text):
            text = _BROKEN_KAI.sub(lambda k: _COMPANY_FORMS[k.group(1)[1]], text, count=1)
        elif _HEADLESS_FORM.search(text):
            text = _HEADLESS_FORM.sub("株式会社", text, count=1)
        elif _NO_SHA.search(text):  # the 社 lost where OCR cut the line: 有限会 常盤
            text = _NO_SHA.sub(r"\1会社", text, count=1)
        else:  # the 人 of a juridical person's form lost: 国立大学法|ネクスト
            text = _NO_JIN.sub(r"\1人", text, count=1)
    text = _LONE_PAREN.sub("", _STRAY_MARKS.sub("", _suffix_head(text)))
    text = re.sub(r"(?<=会社)社(?![会員長内団屋])", "", text)  # 社 read twice once a speck went
    return _EDGE_MARKS.sub("", text) if any(map(is_cjk, text)) else text


def _suffix_head(text: str) -> str:
    """The text with a bar that OCR read for the first character of a name's ending put back
    (町|治会 -> 町自治会), where only one ending goes on as the text does after the bar."""
    m = _BAR_BEFORE_END.search(text)
    if m is None:
        return text
    tail = m.group(1)
    ends = [s for s in ORG_SUFFIXES if s[1:] == tail or s == tail]
    if len(ends) != 1 or ends[0] == tail or text[m.start() - 1] == ends[0][0]:
        return text  # none or many, or the head is there already (研|究所: a speck)
    return text[: m.start()] + ends[0]


def has_legal_form(text: str, *, repair: bool = True) -> bool:
    """True when the text holds a legal form (株式会社, (株), 一般社団法人 ...), also one that OCR
    garbled unless `repair` is off."""
    body = repair_legal_form(canonical_label(text)) if repair else canonical_label(text)
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
    if m and repair_national_body(m.group(0)) in NATIONAL_BODIES:
        return m.end()  # 官公庁 is a word, no body
    for pref in PREFECTURES:
        if text.startswith(pref):
            return len(pref)
    cities = municipalities()
    for end in range(min(len(text), 10), 1, -1):
        if text[:end] in cities:
            end2 = end + 2 if text[end : end + 2] in ("役所", "役場") else end
            return end2
    for suffix in sorted(set(ORG_SUFFIXES) - {"省", "庁"}, key=len, reverse=True):
        at = text.find(suffix)
        if at > 0:
            return at + len(suffix)
    return 0


def _juridical_form(form: str) -> str:
    """The juridical person's form that OCR garbled or cut (一板時団法人, 利活動法人, は営利活動法人),
    when exactly one form fits what was read; else the text as read."""
    forms = [f for f in LEGAL_FORMS if f.endswith("法人")]
    if form in forms:
        return form
    # A tail that ends one form only: what stands before it is its head, garbled or lost.
    for cut in range(len(form)):
        tail = form[cut:]
        if len(tail) < 4:
            break
        ends = [f for f in forms if f.endswith(tail)]
        if len(ends) == 1 and cut <= max(2, len(ends[0]) - len(tail)):
            return ends[0]
        if ends:
            break
    # Otherwise the form its characters fit, counting the look-alikes OCR takes for them.
    fits = {f: _fit(form, f) for f in forms if len(f) >= len(form)}
    best = max(fits.values(), default=0)
    winners = [f for f, n in fits.items() if n == best]
    if len(winners) == 1 and len(form) >= 4 and best >= len(form) - 1:
        return winners[0]
    # Still in doubt: the closest form when it is close, the more common one on a tie (大学法人).
    closest = max(forms, key=lambda f: fuzz.ratio(f, form))
    return closest if fuzz.ratio(closest, form) >= 80 else form


def _fit(read: str, form: str) -> int:
    """Characters of `read` that match the end of `form` at their place, or are read for it."""
    tail = form[len(form) - len(read) :]
    return sum(a == b or a in _LOOK_ALIKES.get(b, "") for a, b in zip(read, tail, strict=True))


def looks_like_name(text: str) -> bool:
    """True unless the text is a short run of marks, digits or stray Latin letters (OCR noise)."""
    japanese = sum(is_cjk(c) for c in text)
    return japanese >= 2 or (text.isascii() and len(text) >= 4 and text[:1].isalpha())


def parse_segment(text: str) -> OrgParts:
    """Read one segment: organisation (with the units that follow it), department or title."""
    body = canonical_label(text)
    marked = body.startswith(("NPO", *(f for f in LEGAL_FORMS if f.startswith("("))))
    if re.match(r"[\x00-\x7f]{1,6}[^\x00-\x7f]", body) and not marked:
        body = re.sub(r"^[\x00-\x7f]+", "", body)  # a logo read as letters before the name
    body = repair_legal_form(body)
    # OCR drops the space after a short English word of a body's name (Ministryof Education).
    body = re.sub(r"\b(Ministry|Agency|Bureau|Department|Division|Office|Board)(of|for)\b", r"\1 \2", body)
    if not body:
        return OrgParts()
    speck = re.fullmatch(r"(.*[^\x00-\x7f])\s?[0-9!-/:-@\[-`{-~]{1,2}", body)
    if speck and is_title(speck.group(1).replace(" ", "")):
        body = speck.group(1)  # a speck beside a title read as a digit or a mark (副参事2)
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
        longer = [
            f for f in LEGAL_FORMS if f.endswith(form) and f != form and prefix.endswith(f[-len(form) - 1])
        ]
        if prefix and len(longer) == 1 and not looks_like_name(prefix[:-1]):
            prefix, form = "", longer[0]  # OCR lost the head of the form: 般財団法人
        if prefix and not looks_like_name(prefix):
            prefix = ""  # logo marks and noise that OCR reads before the organisation's name
        if prefix and rest and is_unit(rest):
            return OrgParts(prefix + form, rest, title_text, strong=True)
        return OrgParts(prefix + form + rest, None, title_text, strong=True)
    if "法人" in body[:12]:
        # Every juridical person's form ends in 法人; OCR may garble the rest (一般時団法人).
        at = body.index("法人")
        letters = (i for i, c in enumerate(body) if is_cjk(c) and c not in _LOGO_MARKS)
        start = next(letters, 0) if at < 8 else 0
        form = _juridical_form(body[start : at + 2])
        return OrgParts(organization=form + body[at + 2 :], title=title_text, strong=True)
    tail = _JUNK_TAIL.search(body)
    if tail and body[: tail.start()].endswith(ORG_SUFFIXES) and tail.start() > 2:
        body = body[: tail.start()]
    if repair_org_words(body).endswith(ORG_SUFFIXES) and not body.endswith(ORG_SUFFIXES):
        body = repair_org_words(body)  # an ending in kana that OCR cut or slipped on (ネットワク)
    if body.endswith(ORG_SUFFIXES) and len(body) > 2:
        return OrgParts(organization=body, title=title_text, strong=True)
    end = _public_body(body)
    if end:
        rest = body[end:]
        if not rest or is_unit(rest):
            return OrgParts(body[:end], rest or None, title_text, strong=True)
    if re.fullmatch(r"[\u4e00-\u9fff々ヶケ]{1,4}[都道府県市区町村]", body):
        return OrgParts(organization=body, title=title_text)  # a local body, perhaps misread
    body = complete_unit(body)
    if is_unit(body):
        return OrgParts(department=body, title=title_text)
    if title_text:  # what precedes a title is its unit, unless a lone speck (凛参事)
        return OrgParts(department=body if looks_like_name(body) else None, title=title_text)
    near = title_near(body)
    return OrgParts(title=near) if near else OrgParts()


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
