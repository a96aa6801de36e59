"""`handover cards ...`: import card scans, list cards, confirm or reject what the reader found."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from handover.cli.context import CLI_ACTOR, CliContext, pass_context
from handover.cli.output import emit_json, emit_table
from handover.cli.worker import run_embedded, wait_for_workers
from handover.db import make_session_factory
from handover.errors import NotFound
from handover.models import CardStatus, Scan, ScanStatus, Staff
from handover.models.cards import ReviewPolicy
from handover.services import card_backs, claims, review
from handover.services.ingest import IngestedFile, IngestReport, ingest_files
from handover.services.rotation_parse import parse_date
from handover.tasks import ReadingQueue, worker_count

_FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from e


def _staff(session: Session, employee_no: str) -> Staff:
    staff = session.scalar(select(Staff).where(Staff.employee_no == employee_no))
    if staff is None:
        raise NotFound(f"no staff member with employee number {employee_no}")
    return staff


@click.group("cards")
def cards_group() -> None:
    """Business card scans and the cards read from them."""


def _summary(session: Session, report: IngestReport) -> dict[str, Any]:
    failed = [{"file": f.file, "error": f.error} for f in report.failed]
    cards: list[dict[str, Any]] = []
    for item in report.imported:
        scan = session.get(Scan, item.scan_id)
        assert scan is not None
        session.refresh(scan)
        if scan.status is ScanStatus.FAILED:
            failed.append({"file": item.file, "error": scan.error or f"{item.file}: not readable"})
        elif scan.status is not ScanStatus.DONE:
            failed.append({"file": item.file, "error": f"{item.file}: not read yet ({scan.status.value})"})
        elif not scan.cards:
            failed.append({"file": item.file, "error": f"{item.file}: no card found"})
        for card in scan.cards:
            cards.append(
                {
                    "file": item.file,
                    "card_id": card.id,
                    "contact_id": card.contact_id,
                    "status": card.status.value,
                    "back_of_card_id": card.back_of_card_id,
                }
            )
    return {
        "imported": len(report.imported),
        "duplicates": len(report.duplicates),
        "failed": failed,
        "cards": cards,
    }


def _progress(total: int) -> Any:
    """A progress bar on a terminal, nothing when stderr is a file or a pipe."""
    if total and sys.stderr.isatty():
        return click.progressbar(length=total, label="reading cards", file=sys.stderr)
    return None


@cards_group.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--staff", "employee_no", required=True, help="Employee number of the official who got the cards."
)
@click.option("--exchanged-on", callback=_date, help="Date the cards were exchanged (default: today).")
@click.option(
    "--review",
    "policy",
    type=click.Choice([p.value for p in ReviewPolicy]),
    default=ReviewPolicy.AUTO.value,
    show_default=True,
    help="auto: confirm cards read with confidence; all: review every card; none: confirm all.",
)
@_FORMAT
@pass_context
def import_command(
    ctx: CliContext,
    paths: tuple[Path, ...],
    employee_no: str,
    exchanged_on: dt.date | None,
    policy: str,
    fmt: str,
) -> None:
    """Store scans (files or folders) once each, read them in the background, and wait."""
    settings = ctx.settings
    with ctx.session() as session:
        staff = _staff(session, employee_no)
        report = ingest_files(
            session,
            list(paths),
            staff=staff,
            exchanged_on=exchanged_on or dt.date.today(),
            storage_root=settings.cards_path,
            review=ReviewPolicy(policy),
            max_bytes=settings.max_upload_bytes,
            actor=CLI_ACTOR,
        )
    _read_and_report(ctx, report, fmt)


def _read_and_report(ctx: CliContext, report: IngestReport, fmt: str, *, retry: bool = False) -> None:
    """Give the committed scans their tasks, read them (here or by workers), print the outcome."""
    settings = ctx.settings
    scan_ids = report.scan_ids
    queue = ReadingQueue(settings)
    queue.recover(make_session_factory(ctx.engine))
    bar = _progress(len(scan_ids))
    done = [0]

    def advance(finished: int) -> None:
        if bar is not None and finished > done[0]:
            bar.update(finished - done[0])
        done[0] = max(done[0], finished)

    completed = True
    if scan_ids and settings.embedded:
        workers = min(worker_count(settings), len(scan_ids))
        completed = run_embedded(
            ctx, queue, scan_ids, workers=workers, worker_type="process", on_progress=advance
        )
    elif scan_ids:
        click.echo("waiting for `handover worker` processes to read the scans...", err=True)
        completed = wait_for_workers(ctx, scan_ids, on_progress=advance)
    if bar is not None:
        bar.render_finish()
    with ctx.session() as session:
        summary = _summary(session, report)
    if retry:
        summary = {"retried": summary["imported"], "failed": summary["failed"], "cards": summary["cards"]}
    for failure in summary["failed"]:
        click.echo(f"error: {failure['error']}", err=True)
    _print_import(summary, fmt)
    if not completed:
        click.echo("interrupted: the scans not read yet stay queued for the next worker or import", err=True)
    if summary["failed"] or not completed:
        click.get_current_context().exit(1)


@cards_group.command("retry")
@click.argument("scan_ids", nargs=-1, type=int)
@click.option("--all-failed", is_flag=True, help="Every scan whose reading failed.")
@click.option("--staff", "employee_no", default=None, help="With --all-failed: only this official's scans.")
@_FORMAT
@pass_context
def retry_command(
    ctx: CliContext, scan_ids: tuple[int, ...], all_failed: bool, employee_no: str | None, fmt: str
) -> None:
    """Read failed scans again (after fixing the cause: Tesseract, a timeout, a moved file) and wait."""
    if bool(scan_ids) == all_failed:
        raise click.UsageError("name the failed scans to read again, or give --all-failed (not both)")
    if employee_no and not all_failed:
        raise click.UsageError("--staff goes with --all-failed")
    with ctx.session() as session:
        staff_id = _staff(session, employee_no).id if employee_no else None
        ids = list(scan_ids) or claims.failed_scan_ids(session, staff_id=staff_id)
        scans = claims.retry_failed(session, ids, actor=CLI_ACTOR)
        report = IngestReport(imported=[IngestedFile(s.filename, s.id, s.sha256) for s in scans])
    if not report.imported:
        if fmt == "json":
            emit_json({"retried": 0, "failed": [], "cards": []})
        else:
            click.echo("no failed scans to read again")
        return
    _read_and_report(ctx, report, fmt, retry=True)


def _print_import(summary: dict[str, Any], fmt: str) -> None:
    if fmt == "json":
        emit_json(summary)
        return
    if summary["cards"]:
        emit_table(
            ["file", "card", "status", "contact"],
            [[c["file"], c["card_id"], c["status"], c["contact_id"]] for c in summary["cards"]],
        )
    confirmed = sum(c["status"] == CardStatus.CONFIRMED.value for c in summary["cards"])
    if "retried" in summary:
        files = f"{summary['retried']} read again"
    else:
        files = f"{summary['imported']} imported, {summary['duplicates']} duplicate(s)"
    click.echo(
        f"{files}, {len(summary['failed'])} failed; {len(summary['cards'])} card(s): {confirmed} confirmed, "
        f"{len(summary['cards']) - confirmed} to review"
    )


@cards_group.command("list")
@click.option("--status", type=click.Choice([s.value for s in CardStatus]), default=None)
@click.option("--staff", "employee_no", default=None, help="Only cards uploaded by this official.")
@_FORMAT
@pass_context
def list_command(ctx: CliContext, status: str | None, employee_no: str | None, fmt: str) -> None:
    """List cards, newest first (what the reader found, or what a person confirmed)."""
    with ctx.session() as session:
        staff = _staff(session, employee_no) if employee_no else None
        cards = review.list_cards(session, status=CardStatus(status) if status else None, staff=staff)
        rows = [review.card_json(c) for c in cards]
    if fmt == "json":
        emit_json(rows)
        return
    emit_table(
        ["id", "status", "name", "organization", "confidence", "file"],
        [
            [
                r["id"],
                r["status"] + (f" (back of {r['back_of_card_id']})" if r["back_of_card_id"] else ""),
                r["fields"].get("name"),
                r["fields"].get("organization"),
                "" if r["min_confidence"] is None else f"{r['min_confidence']:.2f}",
                r["file"],
            ]
            for r in rows
        ],
    )


def _corrections(values: tuple[str, ...]) -> dict[str, str | None]:
    corrections: dict[str, str | None] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not FIELD=VALUE", param_hint="--set")
        corrections[name.strip()] = value
    return corrections


@cards_group.command("confirm")
@click.argument("card_id", type=int)
@click.option("--set", "sets", multiple=True, metavar="FIELD=VALUE", help="Correct a field (repeatable).")
@_FORMAT
@pass_context
def confirm_command(ctx: CliContext, card_id: int, sets: tuple[str, ...], fmt: str) -> None:
    """Confirm a card, with corrections; it becomes (or joins) a contact of its official."""
    corrections = _corrections(sets)
    with ctx.session() as session:
        result = review.confirm_card(session, card_id, corrections=corrections, actor=CLI_ACTOR)
        out = {
            "card_id": result.card.id,
            "contact_id": result.contact.id,
            "created": result.created,
            "corrected": sorted(result.card.corrections),
            "suggestions": len(result.suggestions),
        }
    if fmt == "json":
        emit_json(out)
    else:
        what = "new contact" if out["created"] else "existing contact"
        click.echo(f"card {card_id} confirmed: {what} {out['contact_id']}")


@cards_group.command("reject")
@click.argument("card_id", type=int)
@pass_context
def reject_command(ctx: CliContext, card_id: int) -> None:
    """Set a card aside: it is kept with its reading but becomes no contact."""
    with ctx.session() as session:
        review.reject_card(session, card_id, actor=CLI_ACTOR)
    click.echo(f"card {card_id} rejected")


@cards_group.command("unlink")
@click.argument("card_id", type=int)
@pass_context
def unlink_command(ctx: CliContext, card_id: int) -> None:
    """Undo a wrong front/back pairing: the waiting back becomes a card to review on its own."""
    with ctx.session() as session:
        card = card_backs.unlink_back(session, card_id, actor=CLI_ACTOR)
        click.echo(f"card {card.id} is no longer the back of another card; confirm or reject it")
