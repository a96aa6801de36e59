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
    # Card ingestion: `--review auto` confirms a card when every field read is at least this sure.
    auto_confirm_confidence: float = 0.85
    # Worker processes (or threads) reading cards; 0 means one per CPU core.
    reading_workers: int = 0
    # A scan claimed longer ago than this by a worker that cannot be checked (another machine)
    # is taken to be abandoned and queued again.
    reading_lease_seconds: int = 900
    # A scan whose reading killed its worker this many times is marked failed, not retried forever.
    max_read_attempts: int = 3
    # Name of the task queue: offices (or test runs) sharing one Redis keep their work apart.
    queue_name: str = "handover"
    # Behind a TLS-terminating proxy: cookies get Secure and X-Forwarded-Proto is trusted.
    behind_tls: bool = False

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


def _confidence_env(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError as e:
        raise ConfigError(f"{name} must be a number between 0 and 1, got {raw!r}") from e
    if not 0.0 <= value <= 1.0:
        raise ConfigError(f"{name} must be between 0 and 1, got {value}")
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
        auto_confirm_confidence=_confidence_env("HANDOVER_AUTO_CONFIRM_CONFIDENCE", 0.85),
        reading_workers=_int_env("HANDOVER_READING_WORKERS", os.cpu_count() or 1),
        reading_lease_seconds=_int_env("HANDOVER_READING_LEASE", 900),
        max_read_attempts=_int_env("HANDOVER_MAX_READ_ATTEMPTS", 3),
        queue_name=os.environ.get("HANDOVER_QUEUE_NAME") or "handover",
        behind_tls=os.environ.get("HANDOVER_BEHIND_TLS", "").lower() in ("1", "true", "yes"),
    )
