"""The organisation and department lines of a card: legal forms, public bodies, repairs, the e-mail domain."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from handover.reader.address import body_from_domain
from handover.reader.departments import repair_department
from handover.reader.fields_state import CardState, next_to, union
from handover.reader.fragments import splice_fragments
from handover.reader.gazetteer import (
    LEGAL_FORMS,
    ORG_SUFFIXES,
    PostalPlace,
    is_title,
    office_body,
    split_municipality,
)
from handover.reader.org_words import repair_kodomo, repair_org_words
from handover.reader.orgs import OrgParts, has_legal_form, looks_like_name, parse_segment, segments
from handover.reader.public_bodies import repair_national_body
from handover.reader.textnorm import canonical_label, fold, is_cjk, kanji_digits, squash
from handover.reader.types import Box

_LONE_DIGIT = re.compile(
    r"(?<=[\u4e00-\u9fff])(?<!第)\d(?=[\u4e00-\u9fff])(?![番号丁階館期回年月日次代世条区])"
)
_TRAILING_MARKS = re.compile(r"(?<=.)[、。・]+ー?$")  # センター・ー: a dash read twice, a comma
_LEADING_SPECK = re.compile(r"^[^\s、。][、。]\s*(?=\S{2})")  # 作、小屋南…: a logo read as a character
_MAX_CUT_NAME = 1  # characters after a legal form that no name stops at (国立大学法人白)


def find_organisation(card: CardState, place: PostalPlace | None, name_index: int | None) -> None:
    """Organisation, department (levels joined in reading order) and title from the other lines."""
    org: tuple[str, float, Box, bool] | None = None
    org_index = -1
    departments: list[tuple[str, float, Box]] = []
    _splice(card)
    for i, line in enumerate(card.lines):
        if i in card.used:
            continue
        if org is not None and i == org_index + 1 and _continues_org(card, org_index, i):
            # A long name that OCR cut in two lines (合同会社東 / サービス; "..., Sports," / "Science").
            joint = " " if org[0].endswith(",") else ""
            org = (org[0] + joint + canonical_label(card.texts[i]), org[1], org[2].union(line.box), org[3])
            continue
        compact = squash(card.texts[i]).replace(" ", "")
        pending = ""
        pieces = segments(line)
        broken_form = has_legal_form(compact) and not any(has_legal_form(p, repair=False) for p in pieces)
        if is_title(compact) or broken_form:
            pieces = [compact]  # OCR's gaps broke a title or a legal form apart (株 式会社)
        open_org = False  # the organisation just read may go on in the next piece ((株)八雲 メディカル)
        for piece in pieces:
            parts: OrgParts = parse_segment(piece)
            if pending:
                # OCR's gaps also fall inside a name (経営 企画室, 第 二営業部, 千束まち くり協議会):
                # a piece that means nothing alone belongs to the unit, title or body after it.
                joined = parse_segment(pending + piece)
                if (joined.department or joined.title) and not joined.organization:
                    parts = joined
                elif parts.organization and (joined.organization or "").endswith(parts.organization):
                    parts = joined if looks_like_name(pending) else parts
            if not (parts.organization or parts.department or parts.title):
                if open_org and org is not None and (looks_like_name(piece) or _completes(org[0], piece)):
                    org = (org[0] + canonical_label(piece), org[1], org[2], org[3])
                    continue
                pending += piece
                continue
            pending = ""
            if open_org and org is not None and _cut_short(org[0]) and _rest_of_name(piece, parts):
                # A gap inside the name (国立大学法人白 鷺科学技術大学): the rest ends as bodies end.
                org = (org[0] + (parts.organization or ""), org[1], org[2], org[3])
                open_org = False
                continue
            open_org = False
            if parts.organization and (org is None or (parts.strong and not org[3])):
                org = (parts.organization, line.conf * (1.0 if parts.strong else 0.6), line.box, parts.strong)
                org_index = i
                open_org = not _org_complete(parts.organization)
            if parts.department:
                departments.append((parts.department, line.conf, line.box))
            if parts.title:
                card.put("title", parts.title, line.conf, line.box)
    office = _office_name(place)
    body = _body_at_address(card, org[0] if org else None)
    if org is not None:
        value, conf, box, strong = org
        value = _drop_specks(repair_kodomo(repair_org_words(repair_national_body(value))))
        if office and value != office and (fuzz.ratio(value, office) >= 70 or not strong):
            value, conf = office, max(conf, 0.8)  # the large-office code names the body
        elif office and value == office:
            conf = min(1.0, conf + 0.2)
        elif body and value != body and fuzz.ratio(value, body) >= 50 and value[0] == body[0]:
            value, conf = body, conf * 0.8
        card.put("organization", value, conf, box)
    elif office and any(map(is_cjk, "".join(card.texts))):  # not on an English side
        card.put("organization", office, 0.5, None)
    else:
        _organisation_from_domain(card)
    if departments:
        value = repair_department(canonical_label("".join(d for d, _, _ in departments)))
        conf = min(c for _, c, _ in departments)
        card.put("department", value, conf, union([b for _, _, b in departments]))


def _splice(card: CardState) -> None:
    """Put the characters OCR lifted out of a line back in it (総務|局 -> 総務局)."""
    lines, spliced = splice_fragments(card.lines, card.used)
    for i, line in enumerate(lines):
        if line is not card.lines[i]:
            card.texts[i] = kanji_digits(fold(line.text))
    card.lines = lines
    card.used |= spliced


def _org_complete(name: str) -> bool:
    """True when the name ends as names of bodies end (a legal form, 協会, 省, 市 ...)."""
    return name.endswith((*ORG_SUFFIXES, *LEGAL_FORMS)) or bool(re.search(r"[都道府県市区町村]$", name))


def _drop_specks(name: str) -> str:
    """The name without marks at its end (、, ・ー), without one character and a comma before it (no
    name begins so: a logo read as text), and without a lone digit between two kanji, which OCR
    makes of a speck (推進3協会); 第3, 7番 and numbers of two digits or more are kept."""
    return _LEADING_SPECK.sub("", _TRAILING_MARKS.sub("", _LONE_DIGIT.sub("", name)))


def _completes(name: str, piece: str) -> bool:
    """True when a piece too short to be a name of its own ends the name as bodies end
    (湊総合研究 + 所 -> …研究所)."""
    joined = _LONE_DIGIT.sub("", canonical_label(name + piece))
    return any(joined.endswith(s) and len(s) > len(piece) for s in ORG_SUFFIXES)


def _cut_short(name: str) -> bool:
    """True when a name begins with its legal form and has only one character after it."""
    form = next((f for f in sorted(LEGAL_FORMS, key=len, reverse=True) if name.startswith(f)), "")
    return bool(form) and 0 < len(name) - len(form) <= _MAX_CUT_NAME


def _rest_of_name(piece: str, parts: OrgParts) -> bool:
    """True when a piece after an organisation's name that stops short is the rest of it: a
    Japanese name ending as bodies end (…大学, …協会), with no legal form of its own."""
    rest = parts.organization or ""
    return (
        bool(rest)
        and not (parts.department or parts.title)
        and all(map(is_cjk, rest))
        and not has_legal_form(piece)
        and _org_complete(rest)
    )


def _continues_org(card: CardState, org_index: int, i: int) -> bool:
    """True when line i is the rest of the organisation's name on line org_index."""
    text = squash(card.texts[i]).replace(" ", "")
    head = canonical_label(card.texts[org_index]).replace(" ", "")
    first, second = card.lines[org_index], card.lines[i]
    if head.isascii() and head.endswith(","):
        return bool(re.fullmatch(r"[A-Za-z ,&.-]+", card.texts[i].strip()))  # "... Culture, Sports,"
    if len(text) < 2 or not all(is_cjk(c) for c in text) or parse_segment(text).department or is_title(text):
        return False
    # Only a name that stops short: one that ends as names of bodies end is complete.
    if _org_complete(head):
        return False
    return abs(first.size - second.size) < 0.2 * first.size and next_to(first, second)


def _body_at_address(card: CardState, org: str | None) -> str | None:
    """The public body of the address (its municipality or prefecture) when the organisation read
    looks like a misread of it (名者市 for 名古屋市)."""
    address = card.out["address"]
    if org is None or address is None or not re.search(r"[都道府県市区町村]$", org):
        return None
    found = split_municipality(address.value)
    if found is None or not found[0]:
        return None
    prefecture, city, _ = found
    ward_city = re.match(r".+?市", city)
    body = ward_city.group(0) if ward_city and not city.endswith("市") else city
    return body if org.endswith(body[-1]) else prefecture if org.endswith(prefecture[-1]) else None


def _organisation_from_domain(card: CardState) -> None:
    """A public body named by its web domain (city.yokohama.lg.jp) and the address it is at."""
    address = card.out["address"]
    for name in ("email", "url"):
        value = card.out[name]
        if address is None or value is None:
            continue
        domain = re.sub(r"^https?://", "", value.value.split("@")[-1]).split("/")[0]
        body = body_from_domain(address.value, domain)
        if body:
            card.put("organization", body, min(address.confidence, value.confidence) * 0.6, None)
            return


def _office_name(place: PostalPlace | None) -> str | None:
    """The organisation a large-office postal code belongs to (its first word, e.g. 総務省)."""
    if place is None or place.office is None:
        return None
    return office_body(canonical_label(place.office.split(" ")[0]))
