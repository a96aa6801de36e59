"""`handover rotation ...`: transfer lists and reorganisations, from dry run to apply and undo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from handover.cli.context import CLI_ACTOR, CliContext, pass_context
from handover.cli.output import emit_json, emit_table
from handover.models import PlanKind
from handover.services import audit
from handover.services.reorg import create_reorg_plan
from handover.services.reorg_apply import apply_reorg, undo_reorg
from handover.services.rotation_apply import apply_plan
from handover.services.rotation_plan import assign_successor, create_plan, get_plan, refresh_dry_run
from handover.services.rotation_undo import undo_plan

_FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
_FILE = click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
_KIND = {"transfer": "異動", "leave": "転出・退職", "join": "採用・転入"}


@click.group("rotation")
def rotation_group() -> None:
    """Transfer lists (異動内示) and reorganisations: dry run, apply, undo."""


def _show(run: dict[str, Any], fmt: str) -> None:
    """Print a dry run: JSON as is, or tables with Japanese heads for people."""
    if fmt == "json":
        emit_json(run)
        return
    s = run["summary"]
    click.echo(
        f"計画 {run['plan_id']}（発令日 {run['effective_date']}）: 異動 {s['moves']} 件、"
        f"引き継ぎ {s['handovers']} 件（連絡先 {s['connections']} 件）、空席 {s['vacancies']} 件、"
        f"要選択 {s['ambiguities']} 件、"
        f"警告 {s['warnings']} 件、エラー {s['errors']} 件"
    )
    sections: list[tuple[str, list[str], list[list[object]]]] = [
        (
            "異動",
            ["行", "職員番号", "氏名", "種別", "旧ポスト", "新ポスト"],
            [
                [
                    m["row"],
                    m["employee_no"],
                    m["name"],
                    _KIND.get(m["kind"], m["kind"]),
                    m["from_post"],
                    m["to_post"],
                ]
                for m in run.get("moves", [])
            ],
        ),
        (
            "引き継ぎ",
            ["前任", "後任", "ポスト", "連絡先数"],
            [
                [h["from_employee_no"], h["to_employee_no"], h["post"], h["connections"]]
                for h in run["handovers"]
            ],
        ),
        (
            "空席（所属長が暫定保持）",
            ["前任", "ポスト", "連絡先数", "暫定保持者"],
            [
                [v["from_employee_no"], v["post"], v["connections"], v["fallback_employee_no"] or "（なし）"]
                for v in run["vacancies"]
            ],
        ),
        (
            "要選択（rotation assign）",
            ["前任", "ポスト", "候補"],
            [
                [a["from_employee_no"], a["post"], ", ".join(a["candidates"])]
                for a in run.get("ambiguities", [])
            ],
        ),
        ("警告", ["行", "列", "内容"], [[w["row"], w["column"], w["message"]] for w in run["warnings"]]),
        ("エラー", ["行", "列", "内容"], [[e["row"], e["column"], e["message"]] for e in run["errors"]]),
    ]
    for title, headers, rows in sections:
        if rows:
            click.echo(f"\n■ {title}")
            emit_table(headers, rows)


def _show_reorg(run: dict[str, Any]) -> None:
    """A reorganisation's dry run as tables with Japanese heads."""
    s = run["summary"]
    click.echo(
        f"組織改正 計画 {run['plan_id']}（施行日 {run['effective_date']}）: 所属 {s['departments']} 件、"
        f"ポスト {s['posts']} 件、配置 {s['assignments']} 件、連絡先 {s['connections']} 件、"
        f"エラー {s['errors']} 件"
    )
    sections: list[tuple[str, list[str], list[list[object]]]] = [
        (
            "所属",
            ["行", "旧コード", "旧名称", "新コード", "新名称", "職名", "種別"],
            [
                [
                    d["row"],
                    d["old_code"],
                    d["old_name"],
                    d["new_code"],
                    d["new_name"],
                    d.get("title"),
                    d["action"],
                ]
                for d in run["departments"]
            ],
        ),
        (
            "ポスト",
            ["旧ポスト", "新ポスト", "配置", "連絡先"],
            [[p["from"], p["to"], p["assignments"], p["connections"]] for p in run["posts"]],
        ),
        ("エラー", ["行", "列", "内容"], [[e["row"], e["column"], e["message"]] for e in run["errors"]]),
    ]
    for title, headers, rows in sections:
        if rows:
            click.echo(f"\n■ {title}")
            emit_table(headers, rows)


def _fail_on_errors(run: dict[str, Any]) -> None:
    if run["errors"]:
        click.echo(
            f"error: plan {run['plan_id']} has {len(run['errors'])} error(s) and cannot be applied; "
            "fix the file and plan it again",
            err=True,
        )
        raise click.exceptions.Exit(1)


@rotation_group.command("plan")
@_FILE
@_FORMAT
@pass_context
def plan_command(ctx: CliContext, file: Path, fmt: str) -> None:
    """Import a transfer list (異動内示) as a draft plan and print its dry run."""
    with ctx.session() as session:
        plan = create_plan(session, file, filename=file.name, actor=CLI_ACTOR)
        run = plan.dry_run
    _show(run, fmt)
    _fail_on_errors(run)


@rotation_group.command("reorg")
@_FILE
@_FORMAT
@pass_context
def reorg_command(ctx: CliContext, file: Path, fmt: str) -> None:
    """Import a reorganisation mapping (old code -> new code) as a plan and print its dry run."""
    with ctx.session() as session:
        plan = create_reorg_plan(session, file, filename=file.name, actor=CLI_ACTOR)
        run = plan.dry_run
    if fmt == "json":
        emit_json(run)
    else:
        _show_reorg(run)
    _fail_on_errors(run)


@rotation_group.command("show")
@click.argument("plan_id", type=int)
@_FORMAT
@pass_context
def show_command(ctx: CliContext, plan_id: int, fmt: str) -> None:
    """Print a plan's dry run, recomputed against the office as it is now when not yet applied."""
    with ctx.session() as session:
        plan = get_plan(session, plan_id)
        if plan.kind is PlanKind.TRANSFER:
            refresh_dry_run(session, plan)
        run = {**plan.dry_run, "status": plan.status.value}
        audit.record(
            session, actor=CLI_ACTOR, action="plan.view", object_type="rotation_plan", object_id=plan_id
        )
    if fmt == "json" or plan.kind is PlanKind.TRANSFER:
        _show(run, fmt)
    else:
        _show_reorg(run)


@rotation_group.command("assign")
@click.argument("plan_id", type=int)
@click.option("--post", required=True, help="The post as DEPT_CODE:TITLE, e.g. K11:主事.")
@click.option("--to", "to_employee_no", required=True, help="Employee number of the successor.")
@click.option("--from", "from_employee_no", default=None, help="Only for this leaver of the post.")
@_FORMAT
@pass_context
def assign_command(
    ctx: CliContext, plan_id: int, post: str, to_employee_no: str, from_employee_no: str | None, fmt: str
) -> None:
    """Choose who inherits a post several people take."""
    with ctx.session() as session:
        plan = assign_successor(
            session,
            plan_id,
            post=post,
            to_employee_no=to_employee_no,
            from_employee_no=from_employee_no,
            actor=CLI_ACTOR,
        )
        run = plan.dry_run
    _show(run, fmt)


@rotation_group.command("apply")
@click.argument("plan_id", type=int)
@_FORMAT
@pass_context
def apply_command(ctx: CliContext, plan_id: int, fmt: str) -> None:
    """Apply a plan in one transaction; applying twice changes nothing."""
    with ctx.session() as session:
        plan = get_plan(session, plan_id)
        if plan.kind is PlanKind.REORG:
            result = apply_reorg(session, plan_id, actor=CLI_ACTOR)
        else:
            result = apply_plan(session, plan_id, actor=CLI_ACTOR, due_days=ctx.settings.handover_due_days)
    if fmt == "json":
        emit_json(result.as_json())
    elif result.already_applied:
        click.echo(f"plan {plan_id} was already applied; nothing changed")
    else:
        click.echo(f"plan {plan_id} applied: " + ", ".join(f"{k} {v}" for k, v in result.counts.items()))


@rotation_group.command("undo")
@click.argument("plan_id", type=int)
@_FORMAT
@pass_context
def undo_command(ctx: CliContext, plan_id: int, fmt: str) -> None:
    """Restore exactly the state before the plan was applied."""
    with ctx.session() as session:
        plan = get_plan(session, plan_id)
        if plan.kind is PlanKind.REORG:
            counts = undo_reorg(session, plan_id, actor=CLI_ACTOR)
        else:
            counts = undo_plan(session, plan_id, actor=CLI_ACTOR)
    if fmt == "json":
        emit_json({"plan_id": plan_id, **counts})
    else:
        click.echo(f"plan {plan_id} undone: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
