"""Downloads of contacts (vCard, CSV in UTF-8 or Shift_JIS for Excel, the XLSX handover report)."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, request

from handover.errors import InvalidState, NotAllowed
from handover.models import Role
from handover.services.exports import export_contacts
from handover.web import account, actor_name, current_scope, db, login_required, today

bp = Blueprint("exports", __name__, url_prefix="/exports")
FORMATS = ("csv", "csv-sjis", "vcard", "xlsx")


@bp.before_request
@login_required
def _officials_only() -> None:
    current_scope().require_role(Role.STAFF, Role.MANAGER, Role.ADMIN)


@bp.route("/contacts")
def contacts() -> Response:
    """The contacts you hold (everyone) or every contact (admins), in the chosen format; audited."""
    fmt = request.args.get("format", "csv")
    if fmt not in FORMATS:
        raise InvalidState(f"format {fmt!r}: choose one of {', '.join(FORMATS)}")
    whole = request.args.get("scope") == "all"
    user = account()
    if whole:
        current_scope().require_role(Role.ADMIN)
    elif user.staff is None:
        raise NotAllowed("only accounts linked to a staff member hold contacts")
    employee_no = None if whole else user.staff.employee_no if user.staff else None
    # The service records the export in the audit log (format, whose contacts, how many).
    export = export_contacts(
        db(), fmt, actor=actor_name(user), staff_employee_no=employee_no, target="all" if whole else "mine"
    )
    # 連絡先_20260401.csv: RFC 5987 keeps the Japanese file name intact in every browser.
    name = f"連絡先_{today():%Y%m%d}{export.suffix}"
    response = Response(export.data, mimetype=export.media_type)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"contacts{export.suffix}\"; filename*=UTF-8''{quote(name)}"
    )
    return response
