"""Contact fields checked against each other and against the address of the same card.

A card prints the same facts twice over: the phone and fax share an area code, the e-mail
domain and the web host are one name, a public body's domain names the place of its address.
Where OCR garbled one copy, the other puts it right.
"""

from __future__ import annotations

import re

from handover.reader.address import public_domain
from handover.reader.email_names import fix_local_part, name_forms
from handover.reader.fields_reading import LATIN_NAME
from handover.reader.fields_state import CardState, next_to
from handover.reader.gazetteer import full_city, municipalities, readings, split_municipality
from handover.reader.romaji import passport_form
from handover.reader.types import FieldValue
from handover.reader.web_address import find_email, reconcile

_CONTACT_LABEL = re.compile(r"e-?mail|\bmail\b|https?:|www\.|\bURL\b|@", re.IGNORECASE)


def shared_area_code(card: CardState) -> None:
    """Phone and fax of one office share their area code and exchange; where OCR added a digit
    to one area code (093-3054-3468 beside 03-3054-3465), the other's is taken."""
    phone, fax = card.out["phone"], card.out["fax"]
    if phone is None or fax is None:
        return
    a, b = phone.value.split(" ")[0].split("-"), fax.value.split(" ")[0].split("-")
    if len(a) != 3 or len(b) != 3 or a[1] != b[1] or len(a[0]) == len(b[0]):
        return
    short, long = sorted((a[0], b[0]), key=len)
    if len(long) - len(short) != 1 or not any(long[:i] + long[i + 1 :] == short for i in range(len(long))):
        return
    for name, value in (("phone", phone), ("fax", fax)):
        fixed = short + value.value[value.value.index("-") :]
        card.out[name] = FieldValue(fixed, value.confidence, value.box)


# A number printed without its area code (or OCR lost it with its label): exchange and line.
_NO_AREA = re.compile(r"(?:fax|ファクス|ファックス|f)?\W{0,3}(\d{2,4})\s*[-‐ー一]\s*(\d{4})", re.IGNORECASE)


def fax_without_area_code(card: CardState) -> None:
    """A lone "3231-2562" beside the phone 03-3231-2553 is the office's fax with the area code
    left off: phone and fax share area code and exchange."""
    phone = card.out["phone"]
    if phone is None or card.out["fax"] is not None:
        return
    groups = phone.value.split(" ")[0].split("-")
    if len(groups) != 3:
        return
    for i, text in enumerate(card.texts):
        m = _NO_AREA.fullmatch(text.strip())
        if i in card.used or m is None or m.group(1) != groups[1] or m.group(2) == groups[2]:
            continue
        card.put("fax", f"{groups[0]}-{m.group(1)}-{m.group(2)}", card.lines[i].conf * 0.7, card.lines[i].box)
        card.used.add(i)
        return


# An e-mail or web address cut at the end of its line: a dot, a host without its top level.
_CUT_WEB = re.compile(r"(?:[.,]|(?:@|www\.|//)[a-z0-9.,-]*)\s*$", re.IGNORECASE)
_WEB_END = re.compile(r"(?:jp|com|org|net|info|biz|io)\W*$", re.IGNORECASE)
_OWN_LABEL = re.compile(r"(?:url|web|hp|tel|fax|e-?mail|mail|www|http)\b", re.IGNORECASE)
_WEB_REST = re.compile(r"[a-z0-9][a-z0-9@.,_ -]{0,30}", re.IGNORECASE)


def web_tail(card: CardState, i: int) -> str:
    """Line i's text, with the rest of an e-mail or web address that OCR put on a line of its
    own ("tsuchiya@wakaba-npo." | "org"); the lines joined on are used up."""
    text = card.texts[i]
    nxt = i + 1
    while (
        nxt < len(card.texts)
        and nxt not in card.used
        and (_CONTACT_LABEL.search(text) or re.search(r"mail", text, re.IGNORECASE))
        and _CUT_WEB.search(text)
        and not _WEB_END.search(text)
        and _WEB_REST.fullmatch(card.texts[nxt].strip())
        and not _OWN_LABEL.match(card.texts[nxt].strip())
        and next_to(card.lines[nxt - 1], card.lines[nxt])
    ):
        text = text.rstrip() + card.texts[nxt].strip()
        card.used.add(nxt)
        nxt += 1
    return text


def reconcile_domains(card: CardState) -> None:
    """E-mail domain and web host read from two lines: where one only lost a letter, the other
    gives it back (akumo-consul.co.jp beside www.yakumo-consul.co.jp)."""
    email, url = card.out["email"], card.out["url"]
    if email is None or url is None:
        return
    local, domain = email.value.rsplit("@", 1)
    m = re.match(r"((?:https?://)?(?:www\.)?)([^/]+)(.*)", url.value)
    if m is None:
        return
    fuller = reconcile(domain, m.group(2))
    if fuller is not None:
        card.out["email"] = FieldValue(f"{local}@{fuller}", email.confidence, email.box)
        card.out["url"] = FieldValue(m.group(1) + fuller + m.group(3), url.confidence, url.box)


def public_domains(card: CardState) -> None:
    """A public body's domain names its place: the address spells it right (pref.miyagi.jp)."""
    address = card.out["address"]
    cut_public_email(card)
    for name in ("email", "url"):
        value = card.out[name]
        if value is None or address is None:
            continue
        domain = re.match(r"([^@]*@|(?:https?://)?)([^/]+)(.*)", value.value)
        fixed = public_domain(domain.group(2), address.value) if domain else None
        if domain is not None and fixed is not None:
            fixed = domain.group(1) + fixed + domain.group(3)
            card.out[name] = FieldValue(fixed, value.confidence, value.box)


# An e-mail cut at the card's edge right after a public body's first label ("inouem@city").
_CUT_PUBLIC = re.compile(r"[a-z0-9]\s*@\s*(city|pref|town|vill)\W*$", re.IGNORECASE)
# The reading of a municipality's or prefecture's suffix, as its domain leaves it off.
_SUFFIX_KANA = {"市": "シ", "区": "ク", "町": "(?:マチ|チョウ)", "村": "(?:ムラ|ソン)",
                "県": "ケン", "府": "フ", "都": "ト"}  # fmt: skip


def cut_public_email(card: CardState) -> None:
    """An e-mail OCR cut after "@city" (or @pref, @town, @vill): a local government's mail
    host is <kind>.<its name>.lg.jp, and the address names the body (city.kawasaki.lg.jp)."""
    address = card.out["address"]
    if card.out["email"] is not None or address is None:
        return
    for i, text in enumerate(card.texts):
        m = _CUT_PUBLIC.search(text)
        name = public_name(m.group(1).lower(), address.value) if m else None
        if m is None or name is None:
            continue
        found = find_email(f"{text[: m.end(1)]}.{name}.lg.jp")
        if found is not None:
            card.put("email", found.value, card.lines[i].conf * 0.6, card.lines[i].box)
            return


def public_name(kind: str, address: str) -> str | None:
    """The romanised name a public body of this kind (city, pref, town, vill) at the address
    puts in its domain: the name without its suffix (川崎市川崎区 -> kawasaki, 広島県 -> hiroshima)."""
    found = split_municipality(address)
    if found is None or not found[0]:
        return None
    prefecture, city, _ = found
    if kind == "pref":
        body, kana = prefecture, readings(prefecture, full_city(prefecture, city))[0]
    else:
        ward = re.fullmatch(r"(.+?市).+区", city)  # a designated city's ward: the city is the body
        body = ward.group(1) if ward else city
        full = full_city(prefecture, city)
        kana = _city_kana(prefecture, body) if ward else readings(prefecture, full)[1]
        if "郡" in full and "グン" in kana:
            kana = kana.split("グン", 1)[1]  # a town's district is not in its domain
    suffix = _SUFFIX_KANA.get(body[-1:], "")
    name = re.sub(f"{suffix}$", "", kana) if kana else ""
    return passport_form(name) or None


def _city_kana(prefecture: str, city: str) -> str:
    """The reading of a designated city, which Japan Post gives only with a ward's: what the
    readings of all its wards share (カワサキシカワサキク, カワサキシサイワイク -> カワサキシ)."""
    wards = [
        w for w, prefs in municipalities().items() if w.startswith(city) and w != city and prefecture in prefs
    ]
    kanas = [k for k in (readings(prefecture, w)[1] for w in wards) if k]
    if len(kanas) < 2:
        return ""
    shared = min(kanas)
    while shared and not all(k.startswith(shared) for k in kanas):
        shared = shared[:-1]
    return shared if shared.endswith("シ") else ""


def email_from_name(card: CardState) -> None:
    """The person's part of the e-mail spells the person's name: a word one OCR slip from the
    name's reading is put right (vamashitaj beside 山下 順子)."""
    email = card.out["email"]
    if email is None or "@" not in email.value:
        return
    name, kana = card.out.get("name"), card.out.get("name_kana")
    latin = [w for t in card.texts if LATIN_NAME.fullmatch(t.strip()) for w in re.split(r"[\s,]+", t.strip())]
    forms = name_forms(name.value if name else None, kana.value if kana else None, latin)
    local, domain = email.value.rsplit("@", 1)
    fixed = fix_local_part(local, forms)
    if fixed != local:
        card.out["email"] = FieldValue(f"{fixed}@{domain}", email.confidence * 0.9, email.box)
