"""`handover orgs ...`: an administrator merges an organisation read two ways, then renames it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select

from handover.cli import main
from handover.db import make_engine
from handover.models import AuditEvent
from tests.factories import DEPT_HEADER, STAFF_HEADER, csv_bytes, fifty_staff, three_level_tree

HEADER = ("会社名", "部署名", "役職", "氏名", "メールアドレス", "名刺交換日")
ROWS = [
    ("株式会社みどり工業", "営業部", "課長", "髙橋 一郎", "i.takahashi@midori.example.co.jp", "2024-06-01"),
    ("株式会社みどリ工業", "技術部", "主任", "佐藤 舞", "", "2024-07-01"),  # リ read for り
    ("あおば商事株式会社", "総務部", "主任", "佐野 美香", "", "2025-02-01"),
]


def _run(runner: CliRunner, env: dict[str, str], *args: str, code: int = 0) -> str:
    result = runner.invoke(main, list(args), env=env)
    assert result.exit_code == code, result.output + result.stderr
    return result.stdout if code == 0 else result.stderr


def test_merge_then_rename_moves_contacts_and_keeps_search_current(
    runner: CliRunner, cli_env: dict[str, str], tmp_path: Path, database_url: str
) -> None:
    tree = three_level_tree()
    (tmp_path / "org.csv").write_bytes(csv_bytes(DEPT_HEADER, tree))
    (tmp_path / "staff.csv").write_bytes(csv_bytes(STAFF_HEADER, fifty_staff(tree)))
    _run(runner, cli_env, "org", "import", str(tmp_path / "org.csv"))
    _run(runner, cli_env, "staff", "import", str(tmp_path / "staff.csv"), "--as-of", "2024-04-01")
    (tmp_path / "cards.csv").write_bytes(csv_bytes(HEADER, ROWS, "utf-8-sig"))
    _run(runner, cli_env, "contacts", "import", str(tmp_path / "cards.csv"), "--staff", "E0001")

    orgs = json.loads(_run(runner, cli_env, "orgs", "list", "--query", "工業", "--format", "json"))
    assert sorted(o["name"] for o in orgs) == ["株式会社みどり工業", "株式会社みどリ工業"]
    right = next(o["id"] for o in orgs if o["name"] == "株式会社みどり工業")
    wrong = next(o["id"] for o in orgs if o["id"] != right)
    assert "contacts moved: 1" in _run(runner, cli_env, "orgs", "merge", str(right), str(wrong))

    listed = json.loads(
        _run(runner, cli_env, "orgs", "list", "--query", "(株)みどり工業", "--format", "json")
    )
    assert [(o["id"], o["contacts"]) for o in listed] == [(right, 2)]
    # A merged organisation cannot be renamed or merged again; the error names it.
    assert f"organisation {wrong} was merged into {right}" in _run(
        runner, cli_env, "orgs", "rename", str(wrong), "別名", code=1
    )

    _run(runner, cli_env, "orgs", "rename", str(right), "ミドリテック株式会社")
    found = json.loads(
        _run(runner, cli_env, "contacts", "list", "--query", "ミドリテック", "--format", "json")
    )
    assert sorted(r["name"] for r in found) == ["佐藤 舞", "髙橋 一郎"]
    assert (
        json.loads(_run(runner, cli_env, "contacts", "list", "--query", "みどり工業", "--format", "json"))
        == []
    )
    clash = _run(runner, cli_env, "orgs", "rename", str(right), "あおば商事(株)", code=1)
    assert "already has this name" in clash

    engine = make_engine(database_url)
    with engine.connect() as conn:
        actions = set(conn.scalars(select(AuditEvent.action)))
    engine.dispose()
    assert {"organization.list", "organization.merge", "organization.rename"} <= actions
