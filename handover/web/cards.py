"""Uploading card scans (many files, drag and drop, phone camera) and following their reading."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any, cast

from flask import Blueprint, current_app, jsonify, render_template, request, send_file
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response as BaseResponse

from handover.errors import InvalidImage, NotAllowed, NotFound
from handover.models import Role, Scan, Staff
from handover.models.cards import ReviewPolicy
from handover.services.ingest import SCAN_SUFFIXES, ingest_files
from handover.tasks import ReadingQueue
from handover.web import (
    account,
    actor_name,
    after_commit,
    audit_event,
    current_scope,
    db,
    login_required,
    state,
    today,
)
from handover.web.scope import require_card

bp = Blueprint("cards", __name__, url_prefix="/cards")
MAX_FILES_PER_REQUEST = 50
_QUEUE_KEY = "handover.reading_queue"


def reading_queue() -> ReadingQueue:
    """The app's reading queue (SQLite beside the database, or Redis), made on first use."""
    queue = current_app.extensions.get(_QUEUE_KEY)
    if queue is None:
        queue = current_app.extensions[_QUEUE_KEY] = ReadingQueue(state().settings)
    return cast(ReadingQueue, queue)


@bp.before_request
@login_required
def _officials_only() -> None:
    current_scope().require_role(Role.STAFF, Role.MANAGER, Role.ADMIN)


def _uploader() -> Staff:
    user = account()
    if user.staff is None:
        raise NotAllowed("only accounts linked to a staff member can upload cards")
    return user.staff


@bp.route("/upload", methods=["GET"])
def upload() -> str:
    """The upload page: pick or drop many files, or take photos with the phone's camera."""
    return render_template(
        "cards/upload.html",
        today=today(),
        accept=",".join(sorted(SCAN_SUFFIXES)) + ",image/*,application/pdf",
        can_upload=account().staff is not None,
        max_bytes=state().settings.max_upload_bytes,
    )


def _exchanged_on() -> dt.date:
    raw = request.form.get("exchanged_on", "")
    try:
        day = dt.date.fromisoformat(raw) if raw else today()
    except ValueError as e:
        raise InvalidImage(f"exchanged_on: {raw!r} is not a date (YYYY-MM-DD)") from e
    if day > today():
        raise InvalidImage(f"exchanged_on: {day.isoformat()} is in the future")
    return day


@bp.route("/upload", methods=["POST"])
def upload_files() -> tuple[BaseResponse, int]:
    """Store the posted files and queue them for reading; one result per file, in order."""
    files = [f for f in request.files.getlist("files") if f.filename]
    if not files:
        return jsonify({"error": _("ファイルが選択されていません。")}), 400
    if len(files) > MAX_FILES_PER_REQUEST:
        return jsonify(
            {"error": _("一度に送れるのは %(n)s ファイルまでです。", n=MAX_FILES_PER_REQUEST)}
        ), 400
    staff = _uploader()
    settings = state().settings
    user = account()
    with tempfile.TemporaryDirectory(prefix="handover-upload-") as tmp:
        paths, names = _save_uploads(files, Path(tmp))
        report = ingest_files(
            db(),
            paths,
            staff=staff,
            exchanged_on=_exchanged_on(),
            storage_root=settings.cards_path,
            review=ReviewPolicy.ALL,
            max_bytes=settings.max_upload_bytes,
            uploaded_by_user_id=user.id,
            actor=actor_name(user),
        )
    results: list[dict[str, Any]] = []
    for f in report.imported:
        results.append({"file": names[f.file], "status": "queued", "scan_id": f.scan_id})
    for d in report.duplicates:
        results.append({"file": names[d.file], "status": "duplicate", "scan_id": d.scan_id})
    for failed in report.failed:
        # The service names our temporary path; the person knows the file by its own name.
        message = failed.error.replace(failed.file, names[failed.file])
        results.append({"file": names[failed.file], "status": "failed", "error": message})
    scan_ids = report.scan_ids
    if scan_ids:
        # Queued only once committed: a worker must never look for a scan that is not there yet.
        after_commit(lambda: reading_queue().enqueue(scan_ids))
    return jsonify({"results": results}), 200


def _save_uploads(files: list[FileStorage], folder: Path) -> tuple[list[Path], dict[str, str]]:
    """Write each upload under its own name in a folder of its own (the scan keeps the name people
    gave the file, 名刺_山田.jpg included); map the path the service reports back to that name."""
    paths: list[Path] = []
    names: dict[str, str] = {}
    for i, upload in enumerate(files):
        original = Path((upload.filename or "").replace("\\", "/")).name.replace("\x00", "")[-200:]
        safe = original if original not in ("", ".", "..") else f"file-{i}"
        path = folder / f"{i:03d}" / safe
        path.parent.mkdir()
        upload.save(path)
        paths.append(path)
        names[str(path)] = safe
    return paths, names


@bp.route("/scans")
def scan_status() -> BaseResponse:
    """Reading progress of the user's own scans (ids=1,2,3): status and the cards found."""
    raw = request.args.get("ids", "")
    ids = [int(x) for x in raw.split(",") if x.isdigit()][: MAX_FILES_PER_REQUEST * 4]
    user = account()
    query = select(Scan).options(selectinload(Scan.cards)).where(Scan.id.in_(ids))
    if current_scope().role is not Role.ADMIN:
        query = query.where(Scan.uploaded_by_staff_id == (user.staff_id or -1))
    scans = db().scalars(query)
    return jsonify(
        {
            "scans": [
                {
                    "id": s.id,
                    "status": s.status.value,
                    "error": s.error,
                    "cards": [{"id": c.id, "status": c.status.value} for c in s.cards],
                }
                for s in scans
            ]
        }
    )


@bp.route("/<int:card_id>/image")
def card_image(card_id: int) -> BaseResponse:
    """The straightened card image (only for cards in the user's scope); the viewing is audited."""
    card = require_card(db(), current_scope(), card_id)
    if not card.warped_path:
        raise NotFound(f"card {card_id} has no image")
    root = state().settings.cards_path.resolve()
    path = (root / card.warped_path).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise NotFound(f"card {card_id} image")
    audit_event("card.image", object_type="card", object_id=card.id)
    response = send_file(path, mimetype="image/jpeg", max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response
