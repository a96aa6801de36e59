"""`handover demo`: a fresh demo office with accounts, read sample cards and an applied transfer, served."""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import click
from sqlalchemy import select

from handover import migrate
from handover.cli.context import CLI_ACTOR, CliContext, pass_context
from handover.cli.output import emit_table
from handover.demo import office
from handover.models import Card, CardStatus, Role, Scan, Staff
from handover.models.cards import ReviewPolicy
from handover.reader.types import FIELD_NAMES
from handover.services import audit, reading
from handover.services.ingest import ingest_files
from handover.services.notes import add_note
from handover.services.org_import import import_departments, import_staff
from handover.services.review import confirm_card
from handover.services.rotation_apply import apply_plan
from handover.services.rotation_plan import create_plan
from handover.services.users import create_user
from handover.web.i18n import wareki

SAMPLE_CARDS = Path(__file__).resolve().parents[2] / "sample_cards" / "cards"
# One account per role, each an official of the invented city (さくら川市).
ACCOUNTS = (
    ("sasamori", Role.STAFF, "S0009", "計画係 主事: hands over contacts in the demo transfer"),
    ("niwa", Role.STAFF, "S0017", "協働推進係 → 計画係: the successor, has an inbox"),
    ("kiryu", Role.MANAGER, "S0006", "都市計画課長: sees the whole 課"),
    ("isurugi", Role.ADMIN, "S0002", "人事係長: transfer lists, staff, accounts"),
    ("urabe", Role.AUDITOR, "S0003", "人事係 主事: reads the audit log"),
)
PREDECESSOR, SUCCESSOR, OTHER_UPLOADER = "S0009", "S0017", "S0008"


def _transfer_list(day: dt.date) -> bytes:
    """The demo 内示: 笹森 and 丹羽 swap posts, dated in the Japanese era as HR writes it."""
    when = wareki(day)
    rows = [
        "職員番号,氏名,旧所属,旧職名,新所属,新職名,発令日",
        f"{PREDECESSOR},笹森 千尋,311,主事,411,主事,{when}",
        f"{SUCCESSOR},丹羽 紗季,411,主事,311,主事,{when}",
    ]
    return ("\r\n".join(rows) + "\r\n").encode("utf-8")


def _samples() -> list[Path]:
    return sorted(p for p in SAMPLE_CARDS.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".pdf"))


def _ingest(ctx: CliContext, files: list[Path], employee_no: str, day: dt.date) -> list[int]:
    """Store sample files as uploaded by `employee_no`; the reader confirms the cards it is sure of."""
    if not files:
        return []
    with ctx.session() as session:
        staff = session.scalars(select(Staff).where(Staff.employee_no == employee_no)).one()
        report = ingest_files(
            session,
            files,
            staff=staff,
            exchanged_on=day,
            storage_root=ctx.settings.cards_path,
            review=ReviewPolicy.AUTO,
            max_bytes=ctx.settings.max_upload_bytes,
            actor=CLI_ACTOR,
        )
    return report.scan_ids


def _read_now(ctx: CliContext, scan_ids: list[int]) -> None:
    """Read scans here and now on one thread per core (Tesseract releases the GIL while it reads)."""
    from handover.tasks import session_factory

    factory = session_factory(ctx.settings)
    with (
        click.progressbar(length=len(scan_ids), label="reading sample cards") as bar,
        ThreadPoolExecutor(max_workers=2) as pool,
    ):
        for _outcome in pool.map(lambda i: reading.read_scan(factory, i, settings=ctx.settings), scan_ids):
            bar.update(1)


def _review_some(ctx: CliContext, scan_ids: list[int], leave: int) -> int:
    """Confirm the cards read now as a careful reviewer would (the sample's truth as corrections),
    leaving the last `leave` cards in the review queue to try the review page on."""
    truth = _truth()
    confirmed = 0
    with ctx.session() as session:
        cards = session.scalars(
            select(Card)
            .join(Scan)
            .where(Card.scan_id.in_(scan_ids), Card.status == CardStatus.NEEDS_REVIEW)
            .order_by(Card.id)
        ).all()
        for card in cards[: max(0, len(cards) - leave)]:
            fields = truth.get((card.scan.filename, card.card_index))
            if not fields:
                continue
            confirm_card(session, card.id, corrections=fields, actor=CLI_ACTOR)
            confirmed += 1
    return confirmed


def _truth() -> dict[tuple[str, int], dict[str, str | None]]:
    """What is really printed on each sample card (sample_cards/truth.json)."""
    path = SAMPLE_CARDS.parent / "truth.json"
    if not path.is_file():
        return {}
    known: dict[tuple[str, int], dict[str, str | None]] = {}
    for entry in json.loads(path.read_text(encoding="utf-8")):
        for card in entry.get("cards", []):
            if card.get("side", "front") == "front":
                known[(Path(entry["file"]).name, card["card_index"])] = {
                    k: v for k, v in card["fields"].items() if k in FIELD_NAMES
                }
    return known


def _accounts(ctx: CliContext) -> list[tuple[str, str, str, str]]:
    printed = []
    with ctx.session() as session:
        for username, role, employee_no, what in ACCOUNTS:
            # Fresh random passwords every time: the demo must not teach a password that works elsewhere.
            password = secrets.token_urlsafe(9)
            create_user(session, username=username, password=password, role=role, employee_no=employee_no)
            printed.append((username, password, role.value, what))
    return printed


def _rotation(ctx: CliContext, day: dt.date) -> int:
    """Notes from the predecessor, then the transfer list planned and applied: the successor's inbox fills."""
    from handover.models import Connection

    with ctx.session() as session:
        staff = session.scalars(select(Staff).where(Staff.employee_no == PREDECESSOR)).one()
        held = session.scalars(
            select(Connection.contact_id)
            .where(Connection.staff_id == staff.id)
            .order_by(Connection.id)
            .limit(2)
        ).all()
        notes = ("年度初めに挨拶に伺うのが慣例です。", "共同研究の窓口。担当替えの際は先方へ一報を。")
        for contact_id, text in zip(held, notes, strict=False):
            add_note(session, PREDECESSOR, contact_id, text, actor=CLI_ACTOR)
        plan = create_plan(session, _transfer_list(day), filename="令和異動内示_デモ.csv", actor=CLI_ACTOR)
        result = apply_plan(session, plan.id, actor=CLI_ACTOR, due_days=ctx.settings.handover_due_days)
        return result.counts.get("handover_items", 0)


@click.command("demo")
@click.option("--port", default=5000, show_default=True, help="Port to serve the demo on.")
@click.option("--setup-only", is_flag=True, help="Build the demo office and stop, without serving.")
@click.option(
    "--read-now",
    default=9,
    show_default=True,
    type=click.IntRange(0, 500),
    help="Sample cards read before serving; the rest are read in the background.",
)
@pass_context
def demo_command(ctx: CliContext, port: int, setup_only: bool, read_now: int) -> None:
    """Build a fresh demo office in INSTANCE/demo (accounts, read cards, an applied transfer) and serve it."""
    demo_path = ctx.settings.instance_path / "demo"
    # The demo owns this folder alone, so starting afresh never touches a real database.
    if demo_path.exists():
        shutil.rmtree(demo_path)
    demo_path.mkdir(parents=True)
    url = f"sqlite:///{demo_path / 'handover.db'}"
    ctx._settings = ctx.settings.with_overrides(instance_path=demo_path, database_url=url, redis_url=None)
    migrate.upgrade(url)
    today = dt.date.today()
    start = today - dt.timedelta(days=365)
    with ctx.session() as session:
        depts = import_departments(session, office.departments_csv(), filename="demo-departments.csv")
        staff = import_staff(session, office.staff_csv(), as_of=start, filename="demo-staff.csv")
        audit.record(session, actor=CLI_ACTOR, action="demo.create")
    click.echo(f"demo office ready in {demo_path}: {depts.created} departments, {staff.created} staff")
    accounts = _accounts(ctx)
    samples = _samples() if SAMPLE_CARDS.is_dir() else []
    now, later = samples[:read_now], samples[read_now:]
    # Most of the cards read now are the predecessor's, so the transfer hands them over.
    split = (len(now) * 2) // 3
    first = _ingest(ctx, now[:split], PREDECESSOR, start + dt.timedelta(days=30))
    first += _ingest(ctx, now[split:], OTHER_UPLOADER, start + dt.timedelta(days=60))
    _read_now(ctx, first)
    confirmed = _review_some(ctx, first, leave=min(3, len(first) // 3))
    items = _rotation(ctx, today)
    queued = _ingest(ctx, later, OTHER_UPLOADER, start + dt.timedelta(days=90))
    click.echo(
        f"{len(first)} sample card file(s) read, {confirmed} confirmed, "
        f"{items} contact(s) handed over to 丹羽 紗季, "
        f"{len(queued)} more card file(s) queued for the background reader"
    )
    click.echo("accounts (passwords are new on every run):")
    emit_table(["username", "password", "role", "who"], accounts)
    if setup_only:
        return
    from handover.cli.serve import run_server

    click.echo(f"open http://127.0.0.1:{port} and sign in as niwa to see an inbox")
    run_server(ctx, host="127.0.0.1", port=port, threads=8, processes=os.cpu_count() or 1)
