"""`handover demo`: a fresh demo office in its own instance folder."""

from __future__ import annotations

import datetime as dt
import shutil

import click

from handover import migrate
from handover.cli.context import CLI_ACTOR, CliContext, pass_context
from handover.demo import office
from handover.services import audit
from handover.services.org_import import import_departments, import_staff


@click.command("demo")
@click.option("--port", default=5000, show_default=True, help="Port to serve the demo on.")
@click.option("--setup-only", is_flag=True, help="Build the demo office and stop, without serving.")
@pass_context
def demo_command(ctx: CliContext, port: int, setup_only: bool) -> None:
    """Build a fresh demo office (departments, staff) in INSTANCE/demo and serve it."""
    demo_path = ctx.settings.instance_path / "demo"
    # The demo owns this folder alone, so starting afresh never touches a real database.
    if demo_path.exists():
        shutil.rmtree(demo_path)
    demo_path.mkdir(parents=True)
    url = f"sqlite:///{demo_path / 'handover.db'}"
    ctx._settings = ctx.settings.with_overrides(instance_path=demo_path, database_url=url)
    migrate.upgrade(url)
    start = dt.date.today() - dt.timedelta(days=365)
    with ctx.session() as session:
        depts = import_departments(session, office.departments_csv(), filename="demo-departments.csv")
        staff = import_staff(session, office.staff_csv(), as_of=start, filename="demo-staff.csv")
        audit.record(session, actor=CLI_ACTOR, action="demo.create")
    click.echo(f"demo office ready in {demo_path}: {depts.created} departments, {staff.created} staff")
    if setup_only:
        return
    click.echo(
        f"the web app is not part of this build yet; nothing to serve on port {port}. "
        "Use the handover command against HANDOVER_DATABASE_URL=" + url
    )
