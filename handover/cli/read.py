"""`handover read FILE...`: read business cards without a database, as a table or JSON."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Iterator, Sequence

import click

from handover.reader.read import BatchItem, read_batch
from handover.reader.settings import ReaderSettings
from handover.reader.types import FieldValue

TABLE_FIELDS = ("name", "organization", "title", "phone", "email")


def _width(text: str) -> int:
    """Columns a string takes in a terminal: full-width characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    """`text` cut or padded to exactly `width` terminal columns."""
    out, used = [], 0
    for ch in text:
        w = _width(ch)
        if used + w > width:
            break
        out.append(ch)
        used += w
    return "".join(out) + " " * (width - used)


def _value(field: FieldValue | None) -> str:
    return field.value if field is not None else ""


def _table(items: Sequence[BatchItem]) -> str:
    headers = ("file", "#", "rot", *TABLE_FIELDS)
    rows: list[tuple[str, ...]] = []
    for item in items:
        if item.error is not None:
            rows.append((item.file, "-", "-", "ERROR (see stderr)", "", "", "", ""))
            continue
        if not item.readings:
            rows.append((item.file, "-", "-", "(no card found)", "", "", "", ""))
        for r in item.readings:
            values = tuple(_value(r.fields.get(f)) for f in TABLE_FIELDS)
            rows.append((r.file, str(r.card_index), f"{r.orientation}{'縦' if r.vertical else ''}", *values))
    limits = (28, 3, 5, 16, 24, 16, 14, 30)
    widths = [min(lim, max(_width(row[i]) for row in [headers, *rows])) for i, lim in enumerate(limits)]
    lines = ["  ".join(_fit(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_fit(c, w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join(lines)


def _with_progress(items: Iterator[BatchItem], total: int) -> list[BatchItem]:
    if not sys.stderr.isatty() or total < 2:
        return list(items)
    done: list[BatchItem] = []
    with click.progressbar(length=total, label="Reading cards", file=sys.stderr) as bar:
        for item in items:
            done.append(item)
            bar.update(1)
    return done


@click.command("read")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table for people, json for machines",
)
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None, help="parallel processes (default: every core)"
)
def read_command(files: tuple[str, ...], fmt: str, jobs: int | None) -> None:
    """Read business cards (JPEG, PNG, TIFF, PDF) and print what was found; no database needed."""
    items = _with_progress(read_batch(files, settings=ReaderSettings(), jobs=jobs), len(files))
    failed = [i for i in items if i.error is not None]
    if fmt == "json":
        out: list[dict[str, object]] = []
        for item in items:
            if item.error is not None:
                out.append({"file": item.file, "error": item.error})
            else:
                out.extend(r.as_json() for r in item.readings)
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        click.echo(_table(items))
    for item in failed:
        click.echo(f"error: {item.error}", err=True)
    if failed:
        sys.exit(1)


def register(group: click.Group) -> None:
    """Add `read` to the `handover` command group."""
    group.add_command(read_command)
