"""Printing for the command line: JSON for machines, aligned tables for people."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from typing import Any

import click


def emit_json(value: Any) -> None:
    """Print `value` as JSON (UTF-8, Japanese kept readable)."""
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: full-width Japanese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def emit_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print rows as a table aligned for Japanese text."""
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [display_width(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], display_width(cell))
    click.echo("  ".join(_pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for row in cells:
        click.echo("  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip())
