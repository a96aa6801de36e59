"""Importing contacts from vCard files and from the CSV exports of card-management services.

Every record goes through the same 名寄せ as a scanned card (resolve_contact) and is connected to the
importing official with source=import. A file with any bad record is rejected whole, every problem
named with its row (CSV, header = row 1) or its position (the n-th vCard), and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import vobject
from sqlalchemy.orm import Session

from handover.errors import InvalidFile, RowError
from handover.models import ConnectionSource, Staff
from handover.services.contacts import connect_contact
from handover.services.csv_input import decode, read_csv
from handover.services.dedup import resolve_contact

# Column headers as the common services and Excel users write them, folded the way csv_input folds
# headers (NFKC, lower case, no spaces: （カナ） becomes (カナ)).
CSV_ALIASES: dict[str, str] = {
    **dict.fromkeys(("氏名", "名前", "フルネーム", "お名前", "name", "fullname"), "name"),
    **dict.fromkeys(("姓", "苗字", "lastname", "familyname"), "family_name"),
    **dict.fromkeys(("名", "firstname", "givenname"), "given_name"),
    **dict.fromkeys(
        (
            "氏名(カナ)",
            "氏名カナ",
            "フリガナ",
            "ふりがな",
            "よみがな",
            "ヨミガナ",
            "氏名(フリガナ)",
            "カナ",
            "name_kana",
        ),
        "name_kana",
    ),
    **dict.fromkeys(("姓(カナ)", "セイ", "姓カナ", "姓(フリガナ)"), "family_kana"),
    **dict.fromkeys(("名(カナ)", "メイ", "名カナ", "名(フリガナ)"), "given_kana"),
    **dict.fromkeys(
        ("会社名", "会社", "組織名", "法人名", "団体名", "company", "organization"), "organization"
    ),
    **dict.fromkeys(("部署名", "部署", "所属", "部門", "department"), "department"),
    **dict.fromkeys(("役職", "役職名", "肩書", "title"), "title"),
    **dict.fromkeys(("メールアドレス", "メール", "e-mail", "email", "mail", "eメール"), "email"),
    **dict.fromkeys(("電話番号", "電話", "会社電話番号", "tel", "phone", "代表電話"), "phone"),
    **dict.fromkeys(("fax", "fax番号", "ファックス", "ファクス"), "fax"),
    **dict.fromkeys(("携帯電話", "携帯電話番号", "携帯番号", "携帯", "mobile"), "mobile"),
    **dict.fromkeys(("郵便番号", "〒", "postal_code", "zip"), "postal_code"),
    **dict.fromkeys(("住所", "所在地", "会社住所", "address"), "address"),
    **dict.fromkeys(("url", "ホームページ", "webサイト", "website"), "url"),
    **dict.fromkeys(("名刺交換日", "交換日", "exchanged_on"), "exchanged_on"),
    **dict.fromkeys(("法人番号", "corporate_number"), "corporate_number"),
}
_HEADER_FOR = {"name": "氏名", "exchanged_on": "名刺交換日"}
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")


@dataclass
class ImportSummary:
    """What an import did, for the CLI and the audit log."""

    created: int = 0
    matched: int = 0
    suggestions: int = 0
    contact_ids: list[int] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The summary as plain values."""
        return {"created": self.created, "matched": self.matched, "suggestions": self.suggestions}


def _parse_date(value: str) -> dt.date | None:
    match = _DATE.fullmatch(value.strip())
    if not match:
        raise ValueError(value)
    return dt.date(*(int(g) for g in match.groups()))


def _csv_records(data: bytes, filename: str) -> list[tuple[str, dict[str, str | None]]]:
    rows = read_csv(data, filename=filename, required=(), aliases=CSV_ALIASES)
    records: list[tuple[str, dict[str, str | None]]] = []
    errors: list[RowError] = []
    for row in rows:
        values: dict[str, str | None] = {k: (v or None) for k, v in row.values.items()}
        if not values.get("name") and (values.get("family_name") or values.get("given_name")):
            values["name"] = " ".join(p for p in (values.get("family_name"), values.get("given_name")) if p)
        if not values.get("name_kana") and (values.get("family_kana") or values.get("given_kana")):
            values["name_kana"] = " ".join(
                p for p in (values.get("family_kana"), values.get("given_kana")) if p
            )
        if not values.get("name"):
            errors.append(RowError(row.row, _HEADER_FOR["name"], "the name is empty"))
        if values.get("exchanged_on"):
            try:
                _parse_date(str(values["exchanged_on"]))
            except ValueError:
                errors.append(RowError(row.row, _HEADER_FOR["exchanged_on"], "not a date (YYYY-MM-DD)"))
        records.append((f"row {row.row}", values))
    if not rows:
        errors.append(RowError(None, None, "no contacts in the file"))
    if errors:
        raise InvalidFile(filename, errors)
    return records


def _value(card: Any, key: str) -> str | None:
    item = card.contents.get(key)
    return str(item[0].value).strip() or None if item else None


def _vcard_fields(card: Any) -> dict[str, str | None]:
    fields: dict[str, str | None] = {"name": _value(card, "fn")}
    if "n" in card.contents:
        n = card.n.value
        joined = " ".join(p for p in (str(n.family or "").strip(), str(n.given or "").strip()) if p)
        fields["name"] = joined or fields["name"]
        sort_as = card.n.params.get("SORT-AS")
        if sort_as:
            fields["name_kana"] = " ".join(part.strip() for value in sort_as for part in value.split(","))
    phonetic = [_value(card, "x-phonetic-last-name"), _value(card, "x-phonetic-first-name")]
    if any(phonetic):
        fields["name_kana"] = " ".join(p for p in phonetic if p)
    if "org" in card.contents:
        units = [str(u).strip() for u in card.org.value if str(u).strip()]
        fields["organization"] = units[0] if units else None
        fields["department"] = " ".join(units[1:]) or None
    fields["title"] = _value(card, "title")
    fields["url"] = _value(card, "url")
    for email in card.contents.get("email", []):
        fields.setdefault("email", str(email.value))
    for tel in card.contents.get("tel", []):
        types = {t.lower() for value in tel.params.get("TYPE", []) for t in value.split(",")}
        kind = "fax" if "fax" in types else "mobile" if "cell" in types else "phone"
        fields.setdefault(kind, re.sub(r"^tel:", "", str(tel.value)))
    if "adr" in card.contents:
        adr = card.adr.value
        fields["postal_code"] = str(adr.code or "").strip() or None
        parts = (adr.region, adr.city, adr.street, adr.extended)
        fields["address"] = "".join(str(p).strip() for p in parts if p and str(p).strip()) or None
    return fields


def _vcard_records(text: str, filename: str) -> list[tuple[str, dict[str, str | None]]]:
    records: list[tuple[str, dict[str, str | None]]] = []
    errors: list[RowError] = []
    try:
        cards = list(vobject.readComponents(text))
    except Exception as e:  # vobject raises plain ParseError/ValueError/AttributeError on bad input
        raise InvalidFile(filename, [RowError(None, None, f"not a readable vCard file: {e}")]) from e
    for index, card in enumerate(cards, start=1):
        fields = _vcard_fields(card)
        if not fields.get("name"):
            errors.append(RowError(None, "FN/N", f"vCard {index}: the name is empty"))
        records.append((f"vCard {index}", fields))
    if not cards:
        errors.append(RowError(None, None, "no vCard in the file"))
    if errors:
        raise InvalidFile(filename, errors)
    return records


def read_records(
    source: Path | bytes, *, filename: str | None = None
) -> list[tuple[str, dict[str, str | None]]]:
    """The records of a vCard or CSV file (told apart by content), each with where it came from."""
    name = filename or (source.name if isinstance(source, Path) else "contacts")
    try:
        data = source.read_bytes() if isinstance(source, Path) else source
    except OSError as e:
        raise InvalidFile(name, [RowError(None, None, f"cannot read the file: {e.strerror}")]) from e
    text = decode(data, name)
    if text.lstrip().upper().startswith("BEGIN:VCARD"):
        return _vcard_records(text, name)
    return _csv_records(data, name)


def import_contacts(
    session: Session,
    source: Path | bytes,
    *,
    staff: Staff,
    filename: str | None = None,
    exchanged_on: dt.date | None = None,
) -> ImportSummary:
    """Import every record of a vCard or CSV file through 名寄せ, connecting each to `staff`."""
    records = read_records(source, filename=filename)
    summary = ImportSummary()
    today = dt.date.today()
    for _where, fields in records:
        day = _parse_date(str(fields["exchanged_on"])) if fields.get("exchanged_on") else exchanged_on
        resolution = resolve_contact(session, _only_fields(fields), exchanged_on=day, holder_id=staff.id)
        summary.created += resolution.created
        summary.matched += not resolution.created
        summary.suggestions += len(resolution.suggestions)
        summary.contact_ids.append(resolution.contact.id)
        connect_contact(
            session, resolution.contact, staff, since=day or today, source=ConnectionSource.IMPORT
        )
    return summary


def _only_fields(values: Mapping[str, str | None]) -> dict[str, str | None]:
    keep = ("name", "name_kana", "organization", "department", "title", "postal_code", "address",
            "phone", "fax", "mobile", "email", "url", "corporate_number")  # fmt: skip
    return {k: values.get(k) for k in keep}
