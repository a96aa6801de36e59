"""ruff and mypy are part of the suite: the code that ships stays clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_is_clean() -> None:
    paths = [
        p for p in ("handover", "tests", "migrations", "benchmarks", "sample_cards") if (ROOT / p).exists()
    ]
    result = _run("ruff", "check", *paths)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean_on_the_package() -> None:
    result = _run("mypy", "handover")
    assert result.returncode == 0, result.stdout + result.stderr
