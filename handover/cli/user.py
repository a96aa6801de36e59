"""`handover user add` and `handover user token`: accounts for the web app and the API."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from handover.cli.context import CLI_ACTOR, CliContext, pass_context
from handover.errors import NotFound
from handover.models import Role, User
from handover.services import audit
from handover.services.users import InvalidAccount, create_user, issue_api_token


@click.group("user")
def user_group() -> None:
    """Accounts that sign in to the web app."""


@user_group.command("add")
@click.argument("username")
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), required=True, help="What the account may do."
)
@click.option("--employee-no", default=None, help="The staff member this account belongs to.")
@click.option("--password-stdin", is_flag=True, required=True, help="Read the password from standard input.")
@click.option("--locale", type=click.Choice(["ja", "en"]), default="ja", show_default=True)
@pass_context
def add_command(
    ctx: CliContext, username: str, role: str, employee_no: str | None, password_stdin: bool, locale: str
) -> None:
    """Create USERNAME; the password comes from stdin so it never shows in the process list or history."""
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else ""
    if not password:
        raise InvalidAccount("password: nothing was read from standard input")
    with ctx.session() as session:
        user = create_user(
            session,
            username=username,
            password=password,
            role=Role(role),
            employee_no=employee_no,
            locale=locale,
        )
        audit.record(
            session,
            actor=CLI_ACTOR,
            action="user.create",
            object_type="user",
            object_id=user.id,
            details={"role": role},
        )
    click.echo(f"user {username} created ({role})")


@user_group.command("token")
@click.argument("username")
@pass_context
def token_command(ctx: CliContext, username: str) -> None:
    """Print a new API token for USERNAME once (any previous token stops working)."""
    with ctx.session() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFound(f"user {username!r}: no such account")
        token = issue_api_token(session, user)
        audit.record(session, actor=CLI_ACTOR, action="user.token", object_type="user", object_id=user.id)
    click.echo(token)
