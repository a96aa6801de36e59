"""The contact lines a card prints (postal code, address, phones, e-mail, URL), in its style."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .contact import Contact
from .printing import Style, extension_text, phone_text, printed_address


@dataclass(frozen=True)
class Printed:
    """The strings one card prints, ready for a layout."""

    postal: str
    address: str
    building: str | None
    tel: str | None
    fax: str | None
    mobile: str | None
    email: str | None
    url: str | None


def labelled(label: str, sep: str, value: str) -> str:
    """'TEL 03-...' style text; a missing label prints the value alone."""
    return f"{label}{sep}{value}" if label else value


def printed(c: Contact, s: Style, rng: random.Random, *, phone_form: str | None = None) -> Printed:
    """Everything below the name, formatted the way this card prints it."""
    form = phone_form or s.phone_form
    postal = c.place.postal_code
    if rng.random() < 0.15:
        postal = postal.replace("-", "‐" if rng.random() < 0.5 else "－")
    if form == "full":
        postal = postal.translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))
    address, building = printed_address(c, s.address_form)
    tel = None
    if c.phone:
        tel = labelled(s.tel_label, s.sep, phone_text(c.phone, form))
        if c.extension:
            tel += extension_text(c.extension, rng)
    url = None
    if c.url:
        url = c.url + ("/" if rng.random() < 0.2 else "")
        if s.url_label:
            url = labelled(s.url_label, s.sep, url)
    email = None
    if c.email:
        shown = c.email if rng.random() < 0.9 else c.email[0].upper() + c.email[1:]
        email = labelled(s.email_label, " " if s.email_label.endswith(":") else s.sep, shown)
    return Printed(
        postal=s.postal_form.format(postal),
        address=address,
        building=building,
        tel=tel,
        fax=labelled(s.fax_label, s.sep, phone_text(c.fax, form)) if c.fax else None,
        mobile=labelled(s.mobile_label, s.sep, phone_text(c.mobile, form)) if c.mobile else None,
        email=email,
        url=url,
    )


def contact_block(p: Printed, rng: random.Random, *, max_chars: int = 60) -> list[str]:
    """The lines under the name: postal code and address, building, phones, e-mail, URL."""
    lines: list[str] = []
    head = f"{p.postal} {p.address}" if rng.random() < 0.6 else None
    if head and len(head) <= max_chars:
        lines.append(head)
    else:
        lines += [p.postal, p.address]
    if p.building:
        if rng.random() < 0.4 and len(lines[-1]) + len(p.building) < max_chars:
            lines[-1] += " " + p.building
        else:
            lines.append(p.building)
    phones = [x for x in (p.tel, p.fax) if x]
    if len(phones) == 2 and len(phones[0]) + len(phones[1]) < max_chars - 4 and rng.random() < 0.6:
        lines.append(rng.choice(("  ", " / ", "　")).join(phones))
    else:
        lines += phones
    lines += [x for x in (p.mobile, p.email, p.url) if x]
    return lines
