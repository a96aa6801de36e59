"""`handover org import` and `handover staff import`: the office from HR's CSV files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from handover.cli.context import CLI_ACTOR, CliContext, pass_context
from handover.cli.output import emit_json
from handover.services import audit
from handover.services.org_import import ImportSummary, import_departments, import_staff

_FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
_FILE = click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))


def _report(what: str, summary: ImportSummary, fmt: str) -> None:
    if fmt == "json":
        emit_json(summary.as_json())
    else:
        click.echo(
            f"{what}: {summary.created} created, {summary.updated} updated, {summary.unchanged} unchanged"
        )


@click.group("org")
def org_group() -> None:
    """The department tree."""


@org_group.command("import")
@_FILE
@_FORMAT
@pass_context
def org_import_command(ctx: CliContext, file: Path, fmt: str) -> None:
    """Import departments from FILE.csv (code,name,parent_code; UTF-8 or Shift_JIS)."""
    with ctx.session() as session:
        summary = import_departments(session, file)
        audit.record(
            session, actor=CLI_ACTOR, action="org.import", details={"file": file.name, **summary.as_json()}
        )
    _report("departments", summary, fmt)


@click.group("staff")
def staff_group() -> None:
    """Staff and their posts."""


@staff_group.command("import")
@_FILE
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date the posts in the file start (default: today).",
)
@_FORMAT
@pass_context
def staff_import_command(ctx: CliContext, file: Path, as_of: dt.datetime | None, fmt: str) -> None:
    """Import staff from FILE.csv (employee_no,name,name_kana,email,department_code,title)."""
    day = as_of.date() if as_of else dt.date.today()
    with ctx.session() as session:
        summary = import_staff(session, file, as_of=day)
        audit.record(
            session, actor=CLI_ACTOR, action="staff.import", details={"file": file.name, **summary.as_json()}
        )
    _report("staff", summary, fmt)
