"""`handover inbox ...`: the successor's inherited contacts, and the predecessor's introduction requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from handover.cli.context import CLI_ACTOR, CliContext, pass_context
from handover.cli.output import emit_json, emit_table
from handover.services import inbox as inbox_service

_FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
_STATUS = {
    "pending": "未対応",
    "kept": "継続",
    "intro_requested": "紹介依頼中",
    "archived": "アーカイブ",
    "returned": "返却",
}
# The inbox JSON contract: exactly these keys, in this order.
INBOX_KEYS = ("item_id", "contact_id", "name", "organization", "from_employee_no", "note", "status", "due")


class InboxGroup(click.Group):
    """`handover inbox EMPLOYEE_NO` lists the inbox; `handover inbox decide ...` and the rest are commands."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Route a leading employee number to the `show` command."""
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = ["show", *args]
        return super().parse_args(ctx, args)


@click.group("inbox", cls=InboxGroup)
def inbox_group() -> None:
    """Inherited contacts waiting for the successor's decision (EMPLOYEE_NO lists them)."""


def _emit(entries: list[dict[str, Any]], fmt: str, *, who: str) -> None:
    if fmt == "json":
        emit_json([{k: e[k] for k in INBOX_KEYS} | {"temporary": e["temporary"]} for e in entries])
        return
    emit_table(
        ["項目", "連絡先ID", "氏名", "所属", who, "期限", "状態", "引き継ぎメモ"],
        [
            [
                e["item_id"],
                e["contact_id"],
                e["name"],
                e["organization"],
                e["from_employee_no"] if who == "前任" else e["to_employee_no"],
                e["due"],
                _STATUS.get(e["status"], e["status"]) + ("（暫定）" if e["temporary"] else ""),
                e["note"],
            ]
            for e in entries
        ],
    )


@inbox_group.command("show")
@click.argument("employee_no")
@click.option("--overdue", is_flag=True, help="Only pending items past their deadline.")
@_FORMAT
@pass_context
def show_command(ctx: CliContext, employee_no: str, overdue: bool, fmt: str) -> None:
    """List EMPLOYEE_NO's open inherited contacts."""
    with ctx.session() as session:
        entries = inbox_service.inbox(
            session, employee_no, actor=CLI_ACTOR, today=dt.date.today(), overdue_only=overdue
        )
    _emit(entries, fmt, who="前任")


@inbox_group.command("overdue")
@_FORMAT
@pass_context
def overdue_command(ctx: CliContext, fmt: str) -> None:
    """Every pending item past its deadline, office-wide."""
    with ctx.session() as session:
        entries = inbox_service.overdue(session, actor=CLI_ACTOR, today=dt.date.today())
    _emit(entries, fmt, who="後任")


@inbox_group.command("decide")
@click.argument("item_id", type=int)
@click.argument("decision", type=click.Choice(sorted(inbox_service.DECISIONS)))
@click.option("--note", default=None, help="Why (kept with the decision).")
@pass_context
def decide_command(ctx: CliContext, item_id: int, decision: str, note: str | None) -> None:
    """Decide an inherited contact: keep, ask-intro, archive or return."""
    with ctx.session() as session:
        item = inbox_service.decide(
            session, item_id, decision, actor=CLI_ACTOR, today=dt.date.today(), note=note
        )
        status = item.status.value
    click.echo(f"item {item_id}: {_STATUS.get(status, status)}")


@inbox_group.command("requests")
@click.argument("employee_no")
@_FORMAT
@pass_context
def requests_command(ctx: CliContext, employee_no: str, fmt: str) -> None:
    """Introduction requests EMPLOYEE_NO (the predecessor) has received."""
    with ctx.session() as session:
        entries = inbox_service.requests_for(session, employee_no, actor=CLI_ACTOR)
    if fmt == "json":
        emit_json(entries)
        return
    emit_table(
        ["項目", "氏名", "所属", "後任", "依頼メモ", "回答"],
        [
            [
                e["item_id"],
                e["name"],
                e["organization"],
                e["to_employee_no"],
                e["decision_note"],
                e["intro_answer"],
            ]
            for e in entries
        ],
    )


@inbox_group.command("answer")
@click.argument("item_id", type=int)
@click.argument("text")
@pass_context
def answer_command(ctx: CliContext, item_id: int, text: str) -> None:
    """Answer an introduction request (who to call, how you met)."""
    with ctx.session() as session:
        inbox_service.answer(session, item_id, text, actor=CLI_ACTOR)
    click.echo(f"item {item_id}: answered")
