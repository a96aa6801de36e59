"""`handover contacts ...`: the directory of people, 名寄せ decisions, imports from other services."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from handover.cli.context import CLI_ACTOR, CliContext, pass_context
from handover.cli.output import emit_json, emit_table
from handover.services import audit
from handover.services.contact_import import import_contacts
from handover.services.contacts import contact_detail, list_contacts, staff_by_employee_no
from handover.services.dedup import open_suggestions
from handover.services.merging import merge_contacts, split_contact, undo_merge

_FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)


@click.group("contacts")
def contacts_group() -> None:
    """People outside the office, who holds them, and their card history."""


@contacts_group.command("list")
@click.option("--staff", "employee_no", help="Only contacts this staff member holds now.")
@click.option("--query", help="Partial match on name, reading (kana), organisation, department, e-mail.")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 10000))
@click.option("--offset", default=0, show_default=True, type=click.IntRange(0))
@_FORMAT
@pass_context
def list_command(
    ctx: CliContext, employee_no: str | None, query: str | None, limit: int, offset: int, fmt: str
) -> None:
    """List contacts with their holders (staff and post, since when)."""
    with ctx.session() as session:
        rows = list_contacts(session, staff_employee_no=employee_no, query=query, limit=limit, offset=offset)
        audit.record(
            session,
            actor=CLI_ACTOR,
            action="contact.list",
            details={"staff": employee_no, "query": bool(query), "count": len(rows)},
        )
    if fmt == "json":
        emit_json(rows)
        return
    emit_table(
        ["ID", "氏名", "会社名", "部署名", "役職", "保有職員", "名刺"],
        [
            [r["id"], r["name"], r["organization"], r["department"], r["title"],
             ", ".join(h["employee_no"] for h in r["holders"]), r["cards"]]
            for r in rows
        ],
    )  # fmt: skip


@contacts_group.command("show")
@click.argument("contact_id", type=int)
@_FORMAT
@pass_context
def show_command(ctx: CliContext, contact_id: int, fmt: str) -> None:
    """Show one contact: current card, card history and holders over time."""
    with ctx.session() as session:
        row = contact_detail(session, contact_id)
        audit.record(
            session, actor=CLI_ACTOR, action="contact.view", object_type="contact", object_id=contact_id
        )
    if fmt == "json":
        emit_json(row)
        return
    for key in ("name", "name_kana", "organization", "department", "title", "email", "phone", "mobile"):
        click.echo(f"{key:<13}{row[key] or ''}")
    if row["merged_into_id"]:
        click.echo(f"merged into contact {row['merged_into_id']}")
    click.echo("\ncards (newest first):")
    emit_table(
        ["card", "exchanged", "organization", "title"],
        [[c["card_id"], c["exchanged_on"], c["organization"], c["title"]] for c in row["card_history"]],
    )
    click.echo("\nholders:")
    emit_table(
        ["employee", "post", "since", "until", "source"],
        [
            [h["employee_no"], h["post"], h["since"], h["until"], h["source"]]
            for h in row["holders_over_time"]
        ],
    )


@contacts_group.command("merge")
@click.argument("survivor", type=int)
@click.argument("other", type=int)
@click.option("--reason", default="merged by hand", show_default=True)
@pass_context
def merge_command(ctx: CliContext, survivor: int, other: int, reason: str) -> None:
    """Merge contact OTHER into SURVIVOR (undo with `contacts unmerge MERGE_ID`)."""
    with ctx.session() as session:
        record = merge_contacts(session, survivor, other, reason=reason, actor=CLI_ACTOR)
    click.echo(f"merge {record.id}: contact {other} merged into {survivor}")


@contacts_group.command("split")
@click.argument("contact_id", type=int)
@click.option(
    "--cards", "card_ids", required=True, multiple=True, type=int, help="Card to split off (repeat)."
)
@click.option("--reason", default="split by hand", show_default=True)
@pass_context
def split_command(ctx: CliContext, contact_id: int, card_ids: tuple[int, ...], reason: str) -> None:
    """Split cards that belong to another person off CONTACT_ID into a new contact."""
    with ctx.session() as session:
        record = split_contact(session, contact_id, list(card_ids), reason=reason, actor=CLI_ACTOR)
    click.echo(f"merge {record.id}: cards {', '.join(map(str, card_ids))} now form contact {record.other_id}")


@contacts_group.command("unmerge")
@click.argument("merge_id", type=int)
@pass_context
def unmerge_command(ctx: CliContext, merge_id: int) -> None:
    """Undo a merge or a split by its id."""
    with ctx.session() as session:
        record = undo_merge(session, merge_id, actor=CLI_ACTOR)
    click.echo(f"{record.kind.value} {merge_id} undone: contacts {record.survivor_id} and {record.other_id}")


@contacts_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--staff", "employee_no", required=True, help="The official the contacts belong to.")
@click.option("--exchanged-on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Exchange date for records without one (default: today).")  # fmt: skip
@_FORMAT
@pass_context
def import_command(
    ctx: CliContext, file: Path, employee_no: str, exchanged_on: dt.datetime | None, fmt: str
) -> None:
    """Import a vCard (.vcf) or CSV file (card-management service headers) through 名寄せ."""
    with ctx.session() as session:
        staff = staff_by_employee_no(session, employee_no)
        summary = import_contacts(
            session, file, staff=staff, exchanged_on=exchanged_on.date() if exchanged_on else None
        )
        audit.record(session, actor=CLI_ACTOR, action="contact.import",
                     details={"file": file.name, "staff": employee_no, **summary.as_json()})  # fmt: skip
    if fmt == "json":
        emit_json(summary.as_json())
    else:
        click.echo(
            f"{file.name}: {summary.created} new, {summary.matched} matched to known contacts, "
            f"{summary.suggestions} merge suggestion(s)"
        )


@contacts_group.command("suggestions")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 10000))
@_FORMAT
@pass_context
def suggestions_command(ctx: CliContext, limit: int, fmt: str) -> None:
    """Open merge suggestions: pairs that may be one person, for a person to decide."""
    with ctx.session() as session:
        rows = [
            {
                "id": s.id,
                "contact_id": s.contact_id,
                "candidate_id": s.candidate_id,
                "score": s.score,
                "reason": s.reason,
            }
            for s in open_suggestions(session, limit=limit)
        ]
        audit.record(session, actor=CLI_ACTOR, action="contact.suggestions", details={"count": len(rows)})
    if fmt == "json":
        emit_json(rows)
    else:
        emit_table(["id", "contact", "candidate", "score", "reason"], [list(r.values()) for r in rows])
