"""`handover orgs ...`: outside organisations (companies, ministries, associations) contacts belong to.

Not the office's own department tree (`handover org`): these are the bodies printed on cards.
A company renames itself, or OCR read one body two ways: rename and merge keep every contact's
search text current, and both are audited.
"""

from __future__ import annotations

import click

from handover.cli.context import CLI_ACTOR, CliContext, pass_context
from handover.cli.output import emit_json, emit_table
from handover.services import audit
from handover.services.organizations import list_organizations, merge_organizations, rename_organization


@click.group("orgs")
def orgs_group() -> None:
    """Outside organisations printed on cards: list, rename, merge."""


@orgs_group.command("list")
@click.option("--query", help="Part of the name ((株) and 株式会社, full and half width alike).")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 10000))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_context
def list_command(ctx: CliContext, query: str | None, limit: int, fmt: str) -> None:
    """Organisations with their number of contacts, the largest first."""
    with ctx.session() as session:
        rows = list_organizations(session, query=query, limit=limit)
        audit.record(
            session,
            actor=CLI_ACTOR,
            action="organization.list",
            details={"query": bool(query), "count": len(rows)},
        )
    if fmt == "json":
        emit_json(rows)
        return
    emit_table(
        ["ID", "名称", "法人番号", "ドメイン", "連絡先数"],
        [[r["id"], r["name"], r["corporate_number"], r["email_domain"], r["contacts"]] for r in rows],
    )


@orgs_group.command("rename")
@click.argument("organization_id", type=int)
@click.argument("name")
@pass_context
def rename_command(ctx: CliContext, organization_id: int, name: str) -> None:
    """Give ORGANIZATION_ID its new NAME (社名変更); its contacts are found under the new name at once."""
    with ctx.session() as session:
        org = rename_organization(session, organization_id, name, actor=CLI_ACTOR)
        click.echo(f"organisation {org.id} renamed")


@orgs_group.command("merge")
@click.argument("survivor", type=int)
@click.argument("other", type=int)
@pass_context
def merge_command(ctx: CliContext, survivor: int, other: int) -> None:
    """Move every contact of OTHER to SURVIVOR (one body read or written two ways)."""
    with ctx.session() as session:
        moved = merge_organizations(session, survivor, other, actor=CLI_ACTOR)
    click.echo(f"organisation {other} merged into {survivor}; contacts moved: {len(moved)}")
