"""Lines of OCR text -> the fields of a business card, each with a confidence and a box.

Read as an attentive clerk would: first what has a fixed shape (phone numbers, e-mail, URL,
postal code), then the address next to the postal code, then the person's name (the largest
name-like line, checked against real surnames) and its reading, and last the organisation,
department and title from what is left.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from handover.reader.address import (
    has_street_number,
    is_continuation,
    looks_like_address,
    parse_address,
    postal_from_address,
    postal_near,
)
from handover.reader.address_lines import pieces_of, spliced_text
from handover.reader.contact_checks import (
    email_from_name,
    fax_without_area_code,
    public_domains,
    reconcile_domains,
    shared_area_code,
    web_tail,
)
from handover.reader.fields_contact import find_email, find_phones, find_postal, find_url
from handover.reader.fields_name import find_name
from handover.reader.fields_org import find_organisation
from handover.reader.fields_state import CardState, next_to, union
from handover.reader.gazetteer import (
    PostalPlace,
    lookup_postal,
)
from handover.reader.repeated_words import drop_repeated_words
from handover.reader.textnorm import fold, is_cjk, kanji_digits, squash
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
    lines = [drop_repeated_words(line) for line in lines]  # Tesseract's second readings (株式株式会)
    card = CardState(lines, [kanji_digits(fold(line.text)) for line in lines])
    card.out = dict.fromkeys(FIELD_NAMES)
    _contacts(card)
    place = _postal_and_address(card)
    name_index = find_name(card)
    find_organisation(card, place, name_index)
    email_from_name(card)
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
    fax_without_area_code(card)


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
