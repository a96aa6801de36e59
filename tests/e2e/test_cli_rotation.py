"""The transfer workflow as an administrator, a successor and a predecessor run it from the shell."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from handover.cli import main
from handover.models import AuditEvent, Connection
from tests.integration.rotation_fixtures import SWAP, build_office, snapshot, transfer_csv


def _run(runner: CliRunner, env: dict[str, str], *args: str, code: int = 0) -> str:
    result = runner.invoke(main, list(args), env=env)
    assert result.exit_code == code, result.output
    return result.stdout


def test_plan_apply_inbox_and_undo_from_the_command_line(
    runner: CliRunner, cli_env: dict[str, str], engine: Engine, tmp_path: Path
) -> None:
    with Session(engine) as session:
        office = build_office(session)
        contact_ids = {k: c.id for k, c in office.contacts.items()}
        c2 = contact_ids["C2"]
        before = snapshot(session)
    env = cli_env | {"HANDOVER_DUE_DAYS": "14"}
    _run(runner, env, "notes", "add", "E0003", str(c2), "秘書の田中さん経由で連絡すること")
    notes = json.loads(_run(runner, env, "notes", "list", "E0003", "--format", "json"))
    assert [n["contact_id"] for n in notes] == [c2]

    (tmp_path / "naiji.csv").write_bytes(transfer_csv(SWAP, "cp932"))
    run = json.loads(_run(runner, env, "rotation", "plan", str(tmp_path / "naiji.csv"), "--format", "json"))
    assert {"plan_id", "effective_date", "moves", "handovers", "vacancies", "warnings", "errors"} <= set(run)
    assert {"from_employee_no", "to_employee_no", "post", "connections"} <= set(run["handovers"][0])
    assert {"post", "connections", "fallback_employee_no"} <= set(run["vacancies"][0])
    plan_id = str(run["plan_id"])
    text = _run(runner, env, "rotation", "show", plan_id)
    assert "■ 引き継ぎ" in text and "K11:主事" in text and "暫定保持者" in text

    assert "applied" in _run(runner, env, "rotation", "apply", plan_id)
    assert "already applied" in _run(runner, env, "rotation", "apply", plan_id)

    inbox = json.loads(_run(runner, env, "inbox", "E0006", "--format", "json"))
    assert set(inbox[0]) >= {
        "item_id",
        "contact_id",
        "name",
        "organization",
        "from_employee_no",
        "note",
        "status",
        "due",
    }
    assert {e["contact_id"] for e in inbox} == {contact_ids[k] for k in ("C1", "C2", "C3")}
    item = next(e for e in inbox if e["contact_id"] == c2)
    assert item["note"] == "秘書の田中さん経由で連絡すること" and item["due"] == "2027-04-15"
    _run(runner, env, "inbox", "decide", str(item["item_id"]), "ask-intro", "--note", "一度ご紹介を")
    requests = json.loads(_run(runner, env, "inbox", "requests", "E0003", "--format", "json"))
    assert [r["item_id"] for r in requests] == [item["item_id"]]
    _run(runner, env, "inbox", "answer", str(item["item_id"]), "4月の予算説明の場でご紹介します")
    _run(runner, env, "inbox", "decide", str(item["item_id"]), "keep", code=1)  # decided once only
    table = _run(runner, env, "inbox", "E0001")  # for people: a table with Japanese heads
    assert "引き継ぎメモ" in table.splitlines()[0] and "（暫定）" in table
    # Due on 2027-04-15, so nothing is overdue yet by the real clock.
    assert json.loads(_run(runner, env, "inbox", "overdue", "--format", "json")) == []

    assert "undone" in _run(runner, env, "rotation", "undo", plan_id)
    with Session(engine) as session:
        after = snapshot(session)
        # Everything is as before apply; only the note written beforehand remains.
        assert {k: v for k, v in after.items() if k != "handover_note"} == {
            k: v for k, v in before.items() if k != "handover_note"
        }
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert session.scalar(select(func.count()).select_from(Connection)) == len(before["connection"])
    assert actions[:3] == ["note.add", "notes.view", "plan.create"]
    assert {"plan.apply", "inbox.view", "handover.decide", "handover.intro_answer", "plan.undo"} <= set(
        actions
    )


def test_a_list_with_errors_exits_1_and_names_row_and_column(
    runner: CliRunner, cli_env: dict[str, str], engine: Engine, tmp_path: Path
) -> None:
    with Session(engine) as session:
        build_office(session)
    rows = [("E0003", "上野 卓也", "K11", "主事", "K9", "主事", "R9.4.1", "")]
    (tmp_path / "bad.csv").write_bytes(transfer_csv(rows))
    result = runner.invoke(main, ["rotation", "plan", str(tmp_path / "bad.csv")], env=cli_env)
    assert result.exit_code == 1
    assert "cannot be applied" in result.stderr and "unknown department K9" in result.stdout
    plan_id = result.stdout.split("計画 ")[1].split("（")[0]
    result = runner.invoke(main, ["rotation", "apply", plan_id], env=cli_env)
    assert result.exit_code == 1 and "error" in result.stderr


def test_assign_and_reorg_from_the_command_line(
    runner: CliRunner, cli_env: dict[str, str], engine: Engine, tmp_path: Path
) -> None:
    with Session(engine) as session:
        build_office(session)
        before = snapshot(session)
    rows = [
        ("E0003", "上野 卓也", "K11", "主事", "", "", "2027-04-01", ""),
        ("E0006", "菊地 葵", "K2", "主事", "K11", "主事", "2027-04-01", ""),
        ("E0007", "工藤 舞", "K2", "主査", "K11", "主事", "2027-04-01", ""),
    ]
    (tmp_path / "naiji.csv").write_bytes(transfer_csv(rows))
    run = json.loads(
        _run(runner, cli_env, "rotation", "plan", str(tmp_path / "naiji.csv"), "--format", "json")
    )
    plan_id = str(run["plan_id"])
    assert run["ambiguities"][0]["candidates"] == ["E0006", "E0007"]
    result = runner.invoke(main, ["rotation", "apply", plan_id], env=cli_env)
    assert result.exit_code == 1 and "rotation assign" in result.stderr
    out = _run(runner, cli_env, "rotation", "assign", plan_id, "--post", "K11:主事", "--to", "E0006")
    assert "要選択 0 件" in out and "■ 要選択" not in out
    _run(runner, cli_env, "rotation", "apply", plan_id)
    _run(runner, cli_env, "rotation", "undo", plan_id)

    header = "旧所属コード,新所属コード,職名,新所属名,上位所属コード,施行日\r\n"
    (tmp_path / "soshiki.csv").write_bytes((header + "K2,K5,,財務課,,令和9年4月1日\r\n").encode("cp932"))
    text = _run(runner, cli_env, "rotation", "reorg", str(tmp_path / "soshiki.csv"))
    assert "K2:主事" in text and "K5:主事" in text
    reorg_id = text.split("計画 ")[1].split("（")[0]
    applied = json.loads(_run(runner, cli_env, "rotation", "apply", reorg_id, "--format", "json"))
    assert applied["departments_created"] == 1 and applied["connections_moved"] == 3
    _run(runner, cli_env, "rotation", "undo", reorg_id)
    with Session(engine) as session:
        assert snapshot(session) == before
