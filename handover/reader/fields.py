"""Lines of OCR text -> the fields of a business card, each with a confidence and a box.

Read as an attentive clerk would: first what has a fixed shape (phone numbers, e-mail, URL,
postal code), then the address next to the postal code, then the person's name (the largest
name-like line, checked against real surnames) and its reading, and last the organisation,
department and title from what is left.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from handover.reader.address import (
    body_from_domain,
    has_street_number,
    is_continuation,
    looks_like_address,
    parse_address,
    postal_from_address,
    postal_near,
)
from handover.reader.address_lines import pieces_of, spliced_text
from handover.reader.contact_checks import public_domains, reconcile_domains, shared_area_code, web_tail
from handover.reader.departments import repair_department
from handover.reader.fields_contact import find_email, find_phones, find_postal, find_url
from handover.reader.fields_name import find_name
from handover.reader.fields_state import CardState, next_to, union
from handover.reader.fragments import splice_fragments
from handover.reader.gazetteer import (
    LEGAL_FORMS,
    ORG_SUFFIXES,
    PostalPlace,
    is_title,
    lookup_postal,
    office_body,
    split_municipality,
)
from handover.reader.org_words import repair_org_words
from handover.reader.orgs import OrgParts, has_legal_form, looks_like_name, parse_segment, segments
from handover.reader.public_bodies import repair_national_body
from handover.reader.textnorm import canonical_label, fold, is_cjk, kanji_digits, squash
from handover.reader.types import FIELD_NAMES, Box, FieldValue, Line

_LATIN_ADDRESS = re.compile(
    r"\d+(?:-\d+)*,?\s+[A-Z][a-z]+.*,\s*(?:[A-Z][a-z]+-(?:ku|shi|cho|machi|gun)|Japan)"
)
_PHONE_START = re.compile(r"\D{0,8}0\d{1,4}[-(]\d")
_PHONE_CUT = re.compile(r"(?:tel|fax|電話|代表|直通|[tfm])\W{0,3}0\d{0,4}$", re.IGNORECASE)
_PHONE_LABEL = re.compile(r"tel|fax|ファクス|携帯|mobile|mob\.", re.IGNORECASE)
_DEBRIS = re.compile(r"[\W_ー一]*")  # dots, commas and dashes OCR finds in stains
_CONTACT_LABEL = re.compile(r"e-?mail|\bmail\b|https?:|www\.|\bURL\b|@", re.IGNORECASE)


def extract_fields(
    lines: Sequence[Line], *, width: int, height: int, vertical: bool
) -> dict[str, FieldValue | None]:
    """Every field of FIELD_NAMES read from the card's lines (None where the card has none)."""
    card = CardState(lines, [kanji_digits(fold(line.text)) for line in lines])
    card.out = dict.fromkeys(FIELD_NAMES)
    _contacts(card)
    place = _postal_and_address(card)
    name_index = find_name(card)
    _organisation(card, place, name_index)
    if card.out["postal_code"] is None:
        _postal_from_address(card)
    return card.out


def _contacts(card: CardState) -> None:
    """Phone, fax, mobile, e-mail and URL; the lines that hold them are used up."""
    urls: list[tuple[float, str, Box]] = []
    for i, (line, text) in enumerate(zip(card.lines, card.texts, strict=True)):
        if i in card.used:
            continue
        text = web_tail(card, i)
        bits = pieces_of(card.lines, i, card.used | {i}) if _CONTACT_LABEL.search(text) else []
        bits = [j for j in bits if not _PHONE_LABEL.search(card.texts[j])]
        if bits and text == card.texts[i]:
            text = fold(spliced_text(card.lines, i, bits))  # "https:// jpo.go.jp" | "www."
            card.used.update(bits)
        email = find_email(text)
        if email:
            card.put("email", email.value, line.conf * email.quality, line.box)
            card.used.add(i)
            text = text[: email.start] + " " * (email.end - email.start) + text[email.end :]
        url = find_url(text)
        if url and (email is None or url.start >= email.end or url.end <= email.start):
            urls.append((line.conf * url.quality, url.value, line.box))
            card.used.add(i)
        if _CONTACT_LABEL.search(text):
            card.used.add(i)  # a mail or web line OCR mangled: never an organisation
        phones = find_phones(text)
        if not phones and len(re.findall(r"\d", text)) >= 3 and "@" not in text:
            # The groups of a number that layout made lines of their own ("03-5070-" | "8416").
            near = pieces_of(card.lines, i, card.used | {i}, both_ways=True)
            joined = fold(spliced_text(card.lines, i, near)) if near else ""
            phones = find_phones(joined) if near else []
            if phones:
                text = joined
                card.used.update(near)
        nxt = i + 1
        if (
            not phones
            and _PHONE_CUT.search(text)
            and nxt < len(card.lines)
            and next_to(line, card.lines[nxt])
        ):
            # A layout step cut the number off its label ("Tel:06" | "-5067-0265").
            phones = find_phones(fold(text + card.texts[nxt]))
            if phones:
                card.used.add(nxt)
        for phone in phones:
            kind = phone.kind
            # Cards list the phone first and the fax next: an unlabelled second landline (its
            # label misread) is the fax.
            if kind == "phone" and not phone.labelled and card.out["phone"] and not card.out["fax"]:
                kind = "fax"
            card.put(kind, phone.found.value, line.conf * phone.found.quality, line.box)
            card.used.add(i)
    if urls:
        conf, value, box = max(urls, key=lambda u: u[0])
        card.put("url", value, conf, box)
    reconcile_domains(card)
    shared_area_code(card)


def _postal_and_address(card: CardState) -> PostalPlace | None:
    """The postal code (checked against Japan Post) and the address lines next to it."""
    place = _find_postal_and_address(card)
    public_domains(card)
    return place


def _find_postal_and_address(card: CardState) -> PostalPlace | None:
    """The postal code's line, then the address from it or the lines after it."""
    start: tuple[int, str] | None = None
    place: PostalPlace | None = None
    pieces: dict[int, list[int]] = {}

    def text_of(i: int) -> str:
        # The line with the pieces layout cut out of it (a lone 町, the street number beside it).
        pieces[i] = pieces_of(card.lines, i, card.used | {j for p in pieces.values() for j in p} | {i})
        return spliced_text(card.lines, i, pieces[i]) if pieces[i] else card.texts[i]

    for i, text in enumerate(card.texts):
        if i in card.used:
            continue
        postal = find_postal(text)
        if postal is None:
            continue
        place = lookup_postal(postal.value)
        card.put("postal_code", postal.value, card.lines[i].conf * postal.quality, card.lines[i].box)
        card.used.add(i)
        whole = text_of(i)
        again = find_postal(whole)
        if again is not None and again.value == postal.value:
            text, postal = whole, again
        else:
            pieces[i] = []
        rest = text[postal.end :].strip(" :")
        if _LATIN_ADDRESS.search(text):
            # English side: "1-3-1 Kasumigaseki, Chiyoda-ku, Tokyo 100-8901, Japan"; the
            # address is the line without its postal code.
            value = re.sub(r"\s+", " ", text[: postal.start] + text[postal.end :]).strip()
            value = re.sub(r"\s*,\s*", ", ", value)
            card.put("address", value, card.lines[i].conf * 0.9, card.lines[i].box)
            return place
        if len(squash(rest)) >= 4:
            start = (i, rest)
        else:
            # The address follows the postal code, perhaps after a stray mark or two.
            taken = {j for p in pieces.values() for j in p}
            after = [j for j in range(i + 1, min(i + 4, len(card.texts))) if j not in card.used | taken]
            beside = (j for j in after if next_to(card.lines[i], card.lines[j]))
            nxt = next((j for j in after if looks_like_address(card.texts[j])), None)
            nxt = next(beside, after[0] if after else None) if nxt is None else nxt
            if nxt is not None:
                start = (nxt, text_of(nxt))
        break
    if start is None:
        first = (i for i, t in enumerate(card.texts) if i not in card.used and looks_like_address(t))
        found = next(first, None)
        start = (found, text_of(found)) if found is not None else None
    if start is None:
        if place is not None and place.office and any(map(is_cjk, "".join(card.texts))):
            # OCR lost the address line, but a large office's code names the whole address.
            card.put("address", parse_address("", place).value, 0.4, None)
        return place
    index, text = start
    indices = [index]
    # A long address breaks after the city (vertical cards put each part in its own column);
    # the building usually follows on the next line.
    while len(indices) < 4:
        nxt = indices[-1] + 1
        # Skip pieces already put back, stray marks, and a piece of the line after (ター of センタービル).
        while nxt < len(card.texts) and (
            nxt in {j for p in pieces.values() for j in p}
            or _DEBRIS.fullmatch(card.texts[nxt].replace(" ", ""))
            or card.lines[nxt].conf < 0.1  # a stain OCR read as characters
            or (nxt + 1 < len(card.texts) and nxt in pieces_of(card.lines, nxt + 1, card.used))
        ):
            nxt += 1
        if nxt >= len(card.texts) or nxt in card.used:
            break
        if not any(next_to(card.lines[j], card.lines[nxt]) for j in indices):
            break
        following = text_of(nxt)
        if has_street_number(text) and not is_continuation(following, text):
            pieces.pop(nxt)
            break
        if find_phones(following) or _PHONE_START.match(following):
            pieces.pop(nxt)
            break
        text = f"{text} {following}"
        indices.append(nxt)
        if is_continuation(following, text) and not re.match(r"^\s*\d", following):
            break
    card.used.update(indices)
    card.used.update(j for i in indices for j in pieces.get(i, []))
    vertical = any(card.lines[i].vertical for i in indices)
    address = parse_address(text, place, vertical=vertical)
    code = card.out["postal_code"]
    near = postal_near(code.value, address.value) if code and place is None else None
    if code is not None and near is not None:
        # OCR misread one digit of the code: the address's town has a code one digit away.
        place = lookup_postal(near)
        card.out["postal_code"] = FieldValue(near, code.confidence * 0.8, code.box)
        address = parse_address(text, place, vertical=vertical)
    box = union([card.lines[i].box for i in indices])
    conf = min(card.lines[i].conf for i in indices) * address.quality
    card.put("address", address.value, conf, box)
    if card.out["postal_code"] is None and place is None:
        return None
    return place


def _organisation(card: CardState, place: PostalPlace | None, name_index: int | None) -> None:
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
                if open_org and org is not None and looks_like_name(piece):
                    org = (org[0] + canonical_label(piece), org[1], org[2], org[3])
                    continue
                pending += piece
                continue
            pending = ""
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
        value = repair_org_words(repair_national_body(value))
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


def _postal_from_address(card: CardState) -> None:
    """Complete a postal code the card's OCR lost, from the address and the organisation."""
    address, org, email = card.out["address"], card.out["organization"], card.out["email"]
    if address is None:
        return
    public = (org is not None and re.search(r"[省庁都道府県市区町村]$", org.value)) or (
        email is not None and email.value.endswith((".go.jp", ".lg.jp"))
    )
    found = postal_from_address(address.value, org.value if org else None, public=bool(public))
    if found is not None:
        code, office = found
        conf = min(address.confidence, org.confidence) * 0.6 if office and org else address.confidence * 0.5
        card.put("postal_code", code, conf, None)
        if office:
            # The office's registered street number completes what OCR read of it.
            fixed = parse_address(address.value, lookup_postal(code))
            card.out["address"] = FieldValue(fixed.value, address.confidence, address.box)
