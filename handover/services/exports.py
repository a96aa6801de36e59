"""Exports of the directory: vCard 4.0, CSV for Excel (UTF-8 with BOM, or Shift_JIS), XLSX handover report.

Readings: vCard 4.0 (RFC 6350) has no field for a name's pronunciation; its SORT-AS parameter on N
is how a sort string is carried, and in Japan a reading is exactly that (五十音順). The phone and
mail applications that people import into (iOS, Android, Outlook) read X-PHONETIC-LAST-NAME and
X-PHONETIC-FIRST-NAME instead. Both are written; the importer reads both.

Shift_JIS: Excel on Japanese Windows reads CP932. Characters outside it (𠮷, 〜 as U+301C, some
JIS X 0213 kanji) are replaced: variant kanji by their common form, dashes and tildes by their
CP932 look-alikes, anything else by 〓 (geta, the customary mark for a missing character). Every
replaced row and column is listed, so nobody loses the difference without knowing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

import vobject
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import Session

from handover.models import Connection, Contact, Staff
from handover.services import audit
from handover.services.contacts import contact_rows, staff_by_employee_no
from handover.services.normalize import ITAIJI

FORMATS = ("vcard", "csv", "csv-sjis", "xlsx")
CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    ("氏名", "name"),
    ("氏名（カナ）", "name_kana"),
    ("会社名", "organization"),
    ("部署名", "department"),
    ("役職", "title"),
    ("郵便番号", "postal_code"),
    ("住所", "address"),
    ("電話番号", "phone"),
    ("FAX", "fax"),
    ("携帯電話", "mobile"),
    ("メールアドレス", "email"),
    ("URL", "url"),
    ("保有職員", "holders"),
)
# CP932 writes these as their full-width look-alikes (the WAVE DASH problem of Shift_JIS).
_CP932_LOOKALIKES = str.maketrans(
    {"〜": "～", "−": "－", "‖": "∥", "—": "―", "¢": "￠", "£": "￡", "¬": "￢"}
)
GETA = "〓"
AUDIT_ID_LIMIT = 1000


@dataclass
class Export:
    """The bytes of one export, how many contacts it holds, and the cells changed to fit Shift_JIS."""

    data: bytes
    media_type: str
    suffix: str
    count: int
    contact_ids: list[int] = field(default_factory=list)
    replaced: list[dict[str, Any]] = field(default_factory=list)


def export_rows(session: Session, *, staff_employee_no: str | None = None) -> list[dict[str, Any]]:
    """Every live contact (or those a staff member holds) with every field, for the exports."""
    stmt = select(Contact.id).where(Contact.merged_into_id.is_(None)).order_by(Contact.id)
    if staff_employee_no:
        staff = staff_by_employee_no(session, staff_employee_no)
        held = select(Connection.contact_id).where(
            Connection.staff_id == staff.id, Connection.until.is_(None)
        )
        stmt = stmt.where(Contact.id.in_(held))
    ids = list(session.scalars(stmt))
    rows = contact_rows(session, ids)
    contacts = {c.id: c for c in session.scalars(select(Contact).where(Contact.id.in_(ids)))} if ids else {}
    for row in rows:
        contact = contacts[row["id"]]
        for name in ("postal_code", "address", "fax", "mobile", "url"):
            row[name] = getattr(contact, name)
    return rows


def _split_name(name: str) -> tuple[str, str]:
    # Japanese names are family name first; a space (full or half width) separates the two.
    parts = name.replace("\u3000", " ").split(" ", 1)
    return (parts[0], parts[1] if len(parts) > 1 else "")


def to_vcard(rows: list[dict[str, Any]]) -> bytes:
    """vCard 4.0, one card per contact, UTF-8."""
    out = []
    for row in rows:
        card = vobject.vCard()
        card.add("version").value = "4.0"
        family, given = _split_name(row["name"])
        n = card.add("n")
        n.value = vobject.vcard.Name(family=family, given=given)
        card.add("fn").value = row["name"]
        if row.get("name_kana"):
            kana_family, kana_given = _split_name(row["name_kana"])
            n.params["SORT-AS"] = [",".join(p for p in (kana_family, kana_given) if p)]
            card.add("x-phonetic-last-name").value = kana_family
            if kana_given:
                card.add("x-phonetic-first-name").value = kana_given
        if row.get("organization") or row.get("department"):
            card.add("org").value = [
                row.get("organization") or "",
                *([row["department"]] if row.get("department") else []),
            ]
        if row.get("title"):
            card.add("title").value = row["title"]
        for key, types in (
            ("phone", ["work", "voice"]),
            ("mobile", ["cell", "voice"]),
            ("fax", ["work", "fax"]),
        ):
            if row.get(key):
                tel = card.add("tel")
                tel.value = row[key]
                tel.params["TYPE"] = types
        if row.get("email"):
            email = card.add("email")
            email.value = row["email"]
            email.params["TYPE"] = ["work"]
        if row.get("postal_code") or row.get("address"):
            adr = card.add("adr")
            adr.value = vobject.vcard.Address(
                street=row.get("address") or "", code=row.get("postal_code") or ""
            )
            adr.params["TYPE"] = ["work"]
        if row.get("url"):
            card.add("url").value = row["url"]
        out.append(card.serialize())
    return "".join(out).encode("utf-8")


def _cells(row: dict[str, Any]) -> list[str]:
    holders = "、".join(f"{h['employee_no']}（{h['post'] or '-'}）" for h in row.get("holders", []))
    return [holders if key == "holders" else (row.get(key) or "") for _header, key in CSV_COLUMNS]


def fit_cp932(text: str) -> str:
    """`text` with every character CP932 lacks replaced by its common form, a look-alike, or 〓."""
    out = []
    for ch in text.translate(_CP932_LOOKALIKES):
        for candidate in (ch, ITAIJI.get(ch, "")):
            if candidate and _encodes(candidate):
                out.append(candidate)
                break
        else:
            out.append(GETA)
    return "".join(out)


def _encodes(text: str) -> bool:
    try:
        text.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True


def to_csv(rows: list[dict[str, Any]], *, encoding: str) -> tuple[bytes, list[dict[str, Any]]]:
    """CSV as Excel opens it (CRLF): 'utf-8-sig' or 'cp932'; returns the cells changed to fit."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header for header, _key in CSV_COLUMNS])
    replaced: list[dict[str, Any]] = []
    for spreadsheet_row, row in enumerate(rows, start=2):
        cells = _cells(row)
        if encoding == "cp932":
            for index, cell in enumerate(cells):
                if not _encodes(cell):
                    cells[index] = fit_cp932(cell)
                    replaced.append(
                        {"row": spreadsheet_row, "contact_id": row["id"], "column": CSV_COLUMNS[index][0]}
                    )
        writer.writerow(cells)
    return buffer.getvalue().encode(encoding), replaced


def to_xlsx(rows: list[dict[str, Any]], *, staff: Staff | None, today: dt.date) -> bytes:
    """An XLSX handover report: who the contacts are and who holds them (one staff member or all)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "引き継ぎ名簿" if staff else "連絡先"
    sheet.append(["引き継ぎ名簿" if staff else "連絡先一覧"])
    sheet["A1"].font = Font(bold=True, size=14)
    if staff is not None:
        sheet.append(["職員番号", staff.employee_no, "氏名", staff.name])
    sheet.append(["作成日", f"{today.year}年{today.month}月{today.day}日", "件数", len(rows)])
    sheet.append([])
    sheet.append([header for header, _key in CSV_COLUMNS] + ["保有開始日"])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    header_row = sheet.max_row
    for row in rows:
        since = min((h["since"] for h in row.get("holders", [])), default="")
        sheet.append([*_cells(row), since])
    sheet.freeze_panes = f"B{header_row + 1}"
    for column, width in zip(
        "ABCDEFGHIJKLMN", (16, 18, 26, 20, 14, 10, 36, 14, 14, 14, 30, 26, 28, 12), strict=True
    ):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_contacts(
    session: Session, fmt: str, *, actor: str, staff_employee_no: str | None = None, target: str | None = None
) -> Export:
    """Build one export in `fmt` (vcard, csv, csv-sjis, xlsx) and record it in the audit log."""
    export = _build(session, fmt, staff_employee_no=staff_employee_no)
    audit.record(
        session,
        actor=actor,
        action="contact.export",
        details={
            "format": fmt,
            "staff": staff_employee_no,
            "count": export.count,
            "target": target,
            # Which people left the building, for a handover-sized export; a whole-directory
            # export is described by its filter and count instead of a million ids.
            "contact_ids": export.contact_ids if len(export.contact_ids) <= AUDIT_ID_LIMIT else None,
            "replaced_cells": len(export.replaced),
        },
    )
    return export


def _build(session: Session, fmt: str, *, staff_employee_no: str | None) -> Export:
    rows = export_rows(session, staff_employee_no=staff_employee_no)
    if fmt == "vcard":
        return Export(to_vcard(rows), "text/vcard", ".vcf", len(rows), [r["id"] for r in rows])
    if fmt in ("csv", "csv-sjis"):
        data, replaced = to_csv(rows, encoding="utf-8-sig" if fmt == "csv" else "cp932")
        return Export(data, "text/csv", ".csv", len(rows), [r["id"] for r in rows], replaced)
    if fmt == "xlsx":
        staff = staff_by_employee_no(session, staff_employee_no) if staff_employee_no else None
        data = to_xlsx(rows, staff=staff, today=dt.date.today())
        media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return Export(data, media_type, ".xlsx", len(rows), [r["id"] for r in rows])
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
