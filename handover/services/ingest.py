"""Taking in card scans: store each original once under its SHA-256 and queue it for reading."""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import Session

from handover.errors import InvalidImage
from handover.models import Scan, ScanStatus, Staff
from handover.models.cards import ReviewPolicy
from handover.reader.image import load_pages
from handover.reader.settings import ReaderSettings
from handover.services import audit, storage

log = logging.getLogger(__name__)

# What a folder given to `cards import` is searched for; other files in it are left alone.
SCAN_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".pdf", ".bmp", ".webp", ".gif"})
_EXT_BY_MEDIA_TYPE = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/tiff": ".tif",
    "image/bmp": ".bmp",
    "image/webp": ".webp",
    "image/gif": ".gif",
}


@dataclass(frozen=True)
class IngestedFile:
    """A file stored and queued as a new scan."""

    file: str
    scan_id: int
    sha256: str


@dataclass(frozen=True)
class DuplicateFile:
    """A file whose bytes were imported before (or earlier in the same batch): nothing changed."""

    file: str
    scan_id: int


@dataclass(frozen=True)
class FailedFile:
    """A file that could not be taken in; the error names the file."""

    file: str
    error: str


@dataclass
class IngestReport:
    """What one import did with each file, in input order within each list."""

    imported: list[IngestedFile] = field(default_factory=list)
    duplicates: list[DuplicateFile] = field(default_factory=list)
    failed: list[FailedFile] = field(default_factory=list)

    @property
    def scan_ids(self) -> list[int]:
        """The new scans, to queue once the import is committed."""
        return [f.scan_id for f in self.imported]


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, plus the scans inside named folders (sorted, hidden files skipped)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in SCAN_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            files.append(path)
    return files


def media_type_of(data: bytes, name: str) -> str:
    """The media type of an upload from its content (never from its name)."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    try:
        with Image.open(io.BytesIO(data)) as im:
            fmt = im.format
    except (UnidentifiedImageError, OSError, ValueError) as e:
        raise InvalidImage(f"{name}: not an image or PDF") from e
    return Image.MIME.get(fmt or "", "application/octet-stream")


def _check_readable(data: bytes, name: str, max_bytes: int) -> str:
    """Decode the whole file now, so a corrupt scan is refused at once and never queued."""
    media_type = media_type_of(data, name)
    load_pages(data, settings=ReaderSettings(max_file_bytes=max_bytes), name=name)
    return media_type


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise InvalidImage(f"{path}: cannot read the file ({e.strerror or e})") from e


def ingest_files(
    session: Session,
    paths: Sequence[Path],
    *,
    staff: Staff,
    exchanged_on: dt.date,
    storage_root: Path,
    review: ReviewPolicy = ReviewPolicy.AUTO,
    max_bytes: int = 40 * 1024 * 1024,
    uploaded_by_user_id: int | None = None,
    actor: str = "cli",
) -> IngestReport:
    """Store and queue every readable file; duplicates change nothing, failures name the file."""
    report = IngestReport()
    seen: dict[str, int] = {}
    for path in expand_paths(paths):
        display = str(path)
        try:
            data = _read(path)
            digest = storage.sha256_of(data)
            existing = seen.get(digest) or session.scalar(select(Scan.id).where(Scan.sha256 == digest))
            if existing is not None:
                report.duplicates.append(DuplicateFile(display, existing))
                continue
            if len(data) > max_bytes:
                raise InvalidImage(f"{display}: file too large ({len(data)} bytes > {max_bytes})")
            media_type = _check_readable(data, display, max_bytes)
            ext = _EXT_BY_MEDIA_TYPE.get(media_type, path.suffix)
            stored = storage.store_original(storage_root, data, ext=ext, sha256=digest)
        except InvalidImage as e:
            report.failed.append(FailedFile(display, str(e)))
            continue
        scan = Scan(
            sha256=digest,
            filename=path.name[:255],
            media_type=media_type,
            size_bytes=len(data),
            stored_path=str(stored.relative_to(storage_root)),
            uploaded_by_staff_id=staff.id,
            uploaded_by_user_id=uploaded_by_user_id,
            exchanged_on=exchanged_on,
            status=ScanStatus.QUEUED,
            review=review,
        )
        session.add(scan)
        # Flushed file by file so each scan has its id; a concurrent import of the same bytes
        # fails the whole batch on the unique digest at commit, and nothing is written.
        session.flush()
        seen[digest] = scan.id
        report.imported.append(IngestedFile(display, scan.id, digest))
        audit.record(
            session,
            actor=actor,
            action="scan.upload",
            object_type="scan",
            object_id=scan.id,
            actor_user_id=uploaded_by_user_id,
            details={"sha256": digest, "staff": staff.employee_no, "review": review.value},
        )
    session.flush()
    log.info(
        "ingest: %d imported, %d duplicates, %d failed",
        len(report.imported),
        len(report.duplicates),
        len(report.failed),
    )
    return report
