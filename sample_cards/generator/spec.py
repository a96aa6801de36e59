"""One card to draw: an invented contact, its printing style and its layout, from a seeded RNG."""

from __future__ import annotations

import random
from dataclasses import dataclass

import jaconv

from . import companies, orgs
from .contact import (
    Contact,
    area_code,
    email_local,
    landline,
    latin_of,
    mobile,
    near_number,
    office_place,
    random_banchi,
    random_building,
    random_place,
)
from .names import invent_person
from .printing import Style, choose_style


@dataclass(frozen=True)
class CardSpec:
    """A contact with how its card looks."""

    contact: Contact
    style: Style
    vertical: bool
    layout: int


def _government(rng: random.Random) -> Contact:
    office = rng.choice(orgs.OFFICES)
    place = office_place(office.postal)
    ministry = office.kind in ("ministry", "agency")
    if ministry:
        units = orgs.MINISTRY_UNITS[office.name]
    elif office.kind == "prefecture":
        units = orgs.PREF_UNITS
    else:
        units = orgs.WARD_UNITS if office.name.endswith("区") or office.name == "松本市" else orgs.CITY_UNITS
    bureau, divisions = rng.choice(units)
    title = rng.choice(orgs.MINISTRY_TITLES if ministry else orgs.LOCAL_TITLES)
    departments = [bureau, rng.choice(divisions)]
    if title in ("審議官", "部長"):
        departments = [bureau]
    elif title in ("係長", "主事", "主任", "技師", "担当係長") and not ministry and rng.random() < 0.6:
        departments.append(rng.choice(orgs.SUBSECTIONS))
    phone = landline(rng, area_code(place.prefecture, place.city))
    person = invent_person(rng)
    return Contact(
        person=person,
        kind=office.kind,
        organization=office.name,
        org_english=office.english,
        departments=departments,
        title=title,
        place=place,
        banchi=office.banchi,
        building=office.building,
        phone=phone,
        extension=str(rng.randint(2000, 99999)) if rng.random() < 0.35 else None,
        fax=near_number(rng, phone) if rng.random() < 0.75 else None,
        mobile=mobile(rng) if rng.random() < 0.1 else None,
        email=f"{email_local(rng, person)}@{office.domain}" if rng.random() < 0.85 else None,
        url=f"https://www.{office.domain}" if rng.random() < 0.4 else None,
        domain=office.domain,
    )


def _company(rng: random.Random) -> Contact:
    company = companies.invent_company(rng)
    place = random_place(rng)
    person = invent_person(rng)
    if company.kind == "university":
        departments = rng.choice(
            (["大学院工学研究科", "機械工学専攻"], ["研究推進部", "産学連携課"], ["理学部"])
        )
        title = (
            rng.choice(companies.ACADEMIC_TITLES)
            if departments[0] != "研究推進部"
            else rng.choice(("課長", "係長"))
        )
    elif company.kind in ("association", "npo"):
        departments = rng.choice((["事務局"], [], ["企画部"]))
        title = rng.choice(("事務局長", "理事", "理事長", "主任研究員", "コーディネーター"))
    elif rng.random() < 0.15:
        departments, title = [], rng.choice(companies.EXECUTIVE_TITLES)
    else:
        unit, subs = rng.choice(companies.COMPANY_UNITS)
        departments = [unit, rng.choice(subs)]
        title = rng.choice(companies.COMPANY_TITLES)
    phone = landline(rng, area_code(place.prefecture, place.city))
    return Contact(
        person=person,
        kind=company.kind,
        organization=company.printed,
        org_english=company.english,
        departments=departments,
        title=title,
        place=place,
        banchi=random_banchi(rng, place),
        building=random_building(rng, rng.choice((company.short, place.neighborhood[:3]))),
        phone=phone,
        extension=None,
        fax=near_number(rng, phone) if rng.random() < 0.65 else None,
        mobile=mobile(rng) if rng.random() < 0.4 else None,
        email=f"{email_local(rng, person)}@{company.domain}" if rng.random() < 0.92 else None,
        url=rng.choice(("https://www.", "http://www.", "www.", "https://")) + company.domain
        if rng.random() < 0.65
        else None,
        domain=company.domain,
    )


def _group(rng: random.Random) -> Contact:
    place = random_place(rng)
    group = companies.invent_group(rng, place.neighborhood)
    person = invent_person(rng)
    domain = (
        latin_of(jaconv.z2h(place.neighborhood_kana, kana=False, digit=True)).replace(" ", "") + "-machi.jp"
    )
    has_phone = rng.random() < 0.6
    return Contact(
        person=person,
        kind="group",
        organization=group.printed,
        org_english="",
        departments=[],
        title=rng.choice(companies.GROUP_TITLES),
        place=place,
        banchi=random_banchi(rng, place),
        building=None,
        phone=landline(rng, area_code(place.prefecture, place.city)) if has_phone else None,
        extension=None,
        fax=None,
        mobile=mobile(rng) if not has_phone or rng.random() < 0.5 else None,
        email=f"{person.family_latin.lower()}@{domain}" if rng.random() < 0.6 else None,
        url=None,
        domain=domain,
    )


def invent_card(rng: random.Random, *, vertical: bool, kind: str | None = None) -> CardSpec:
    """A whole card: who, where, and how it is printed."""
    kind = kind or rng.choices(("gov", "company", "group"), weights=(45, 45, 10))[0]
    contact = _government(rng) if kind == "gov" else _company(rng) if kind == "company" else _group(rng)
    style = choose_style(rng, vertical=vertical, government=kind == "gov")
    return CardSpec(contact, style, vertical, rng.randint(0, 4 if not vertical else 2))
