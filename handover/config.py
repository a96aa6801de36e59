"""Settings from HANDOVER_* environment variables, with safe defaults for the embedded mode."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from handover.errors import ConfigError


@dataclass(frozen=True)
class Settings:
    """Everything the app, the CLI and the workers need to know about their environment."""

    instance_path: Path
    database_url: str
    secret_key: str
    redis_url: str | None = None
    handover_due_days: int = 30
    max_upload_bytes: int = 40 * 1024 * 1024
    ocr_timeout_seconds: int = 60
    testing: bool = False

    @property
    def cards_path(self) -> Path:
        """Where stored card originals and straightened images live."""
        return self.instance_path / "cards"

    @property
    def embedded(self) -> bool:
        """True when no Redis is configured: background work runs in this process."""
        return self.redis_url is None

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with some values changed (tests and the demo use this)."""
        return replace(self, **changes)


def _secret_key(instance_path: Path) -> str:
    """The configured key, or one generated once and kept in the instance folder."""
    configured = os.environ.get("HANDOVER_SECRET_KEY")
    if configured:
        return configured
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="ascii").strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Written with owner-only permissions: the key signs every session cookie.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(key)
    return key


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as e:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from e
    if value <= 0:
        raise ConfigError(f"{name} must be positive, got {value}")
    return value


def load_settings() -> Settings:
    """Read settings from the environment (HANDOVER_DATABASE_URL, HANDOVER_INSTANCE_PATH, ...)."""
    instance_path = Path(os.environ.get("HANDOVER_INSTANCE_PATH") or "instance").resolve()
    database_url = os.environ.get("HANDOVER_DATABASE_URL") or f"sqlite:///{instance_path / 'handover.db'}"
    redis_url = os.environ.get("HANDOVER_REDIS_URL") or None
    return Settings(
        instance_path=instance_path,
        database_url=database_url,
        secret_key=_secret_key(instance_path),
        redis_url=redis_url,
        handover_due_days=_int_env("HANDOVER_DUE_DAYS", 30),
        max_upload_bytes=_int_env("HANDOVER_MAX_UPLOAD_BYTES", 40 * 1024 * 1024),
        ocr_timeout_seconds=_int_env("HANDOVER_OCR_TIMEOUT", 60),
    )
