"""Card originals stored under their SHA-256, written atomically and never overwritten."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from handover.errors import HandoverError

_CHUNK = 1024 * 1024


class StorageError(HandoverError):
    """A stored file could not be written or does not match its name."""


def sha256_of(data: bytes) -> str:
    """The hex SHA-256 of `data`: the name a stored original goes by."""
    return hashlib.sha256(data).hexdigest()


def original_path(root: Path, sha256: str, ext: str) -> Path:
    """Where the original with this digest lives: ROOT/ab/abcdef....ext (two-level fan-out)."""
    return root / sha256[:2] / f"{sha256}{_clean_ext(ext)}"


def warped_path(root: Path, sha256: str, *, page: int, card_index: int, ext: str = ".jpg") -> Path:
    """Where the straightened image of one card of a scan lives, beside the original."""
    return root / sha256[:2] / f"{sha256}.p{page}c{card_index}{_clean_ext(ext)}"


def _clean_ext(ext: str) -> str:
    ext = ext.lower()
    if ext and not ext.startswith("."):
        ext = "." + ext
    # Only short alphanumeric suffixes reach the file system; anything else is dropped.
    return ext if len(ext) <= 8 and ext[1:].isalnum() else ""


def write_once(path: Path, data: bytes) -> bool:
    """Write `data` to `path` atomically unless it is already there; True when written now.

    The bytes go to a temporary file in the same folder, are synced, then linked into place:
    a reader never sees half a file, and an existing file (same digest, same bytes) is kept.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        return False
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            # link() fails when the name exists, so two writers racing never overwrite each other.
            os.link(tmp, path)
        except FileExistsError:
            return False
        return True
    except OSError as e:
        raise StorageError(f"{path}: cannot store the file ({e.strerror or e})") from e
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def store_original(root: Path, data: bytes, *, ext: str, sha256: str | None = None) -> Path:
    """Store an uploaded original under its digest and return its path (kept if already stored)."""
    digest = sha256 or sha256_of(data)
    path = original_path(root, digest, ext)
    write_once(path, data)
    return path


def verify(path: Path, sha256: str) -> bool:
    """True when the stored file still has the digest it is named by."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest() == sha256
