"""The `handover` command as an administrator uses it: schema, department tree, staff list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, inspect, select

from handover.cli import main
from handover.db import Base, make_engine
from handover.models import AuditEvent, Staff
from handover.models.contacts import is_search_object
from tests.factories import DEPT_HEADER, STAFF_HEADER, csv_bytes, fifty_staff, three_level_tree


def test_db_upgrade_on_an_empty_sqlite_file_creates_every_table(runner: CliRunner, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'handover.db'}"
    env = {"HANDOVER_DATABASE_URL": url, "HANDOVER_INSTANCE_PATH": str(tmp_path / "instance")}
    result = runner.invoke(main, ["db", "upgrade"], env=env)
    assert result.exit_code == 0, result.output
    engine = make_engine(url)
    tables = {t for t in inspect(engine).get_table_names() if not is_search_object(t)}
    assert tables == set(Base.metadata.tables) | {"alembic_version"}
    engine.dispose()
    # The secret key was generated once and kept, readable by its owner only.
    key = tmp_path / "instance" / "secret_key"
    assert key.stat().st_mode & 0o777 == 0o600


def test_import_tree_and_staff_then_a_bad_file_is_refused(
    runner: CliRunner, cli_env: dict[str, str], tmp_path: Path, database_url: str
) -> None:
    tree = three_level_tree()
    (tmp_path / "org.csv").write_bytes(csv_bytes(DEPT_HEADER, tree, "cp932"))
    (tmp_path / "staff.csv").write_bytes(csv_bytes(STAFF_HEADER, fifty_staff(tree), "utf-8-sig"))
    result = runner.invoke(
        main, ["org", "import", str(tmp_path / "org.csv"), "--format", "json"], env=cli_env
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"created": 14, "updated": 0, "unchanged": 0}
    result = runner.invoke(main, ["staff", "import", str(tmp_path / "staff.csv")], env=cli_env)
    assert result.exit_code == 0, result.output
    assert "50 created" in result.stdout

    rows = fifty_staff(tree)
    rows[3] = (*rows[3][:4], "NOPE", rows[3][5])
    (tmp_path / "bad.csv").write_bytes(csv_bytes(STAFF_HEADER, rows, "cp932"))
    result = runner.invoke(main, ["staff", "import", str(tmp_path / "bad.csv")], env=cli_env)
    assert result.exit_code == 1
    assert "bad.csv" in result.stderr and "row 5" in result.stderr and "NOPE" in result.stderr
    assert result.stdout == ""

    engine = make_engine(database_url)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Staff)) == 50
        actions = conn.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    engine.dispose()
    assert actions == ["org.import", "staff.import"]


@pytest.mark.parametrize("args", [["org", "import"], ["staff", "import", "/no/such/file.csv"], ["nope"]])
def test_usage_errors_exit_with_status_2(runner: CliRunner, cli_env: dict[str, str], args: list[str]) -> None:
    result = runner.invoke(main, args, env=cli_env)
    assert result.exit_code == 2


def test_demo_setup_builds_an_office(runner: CliRunner, tmp_path: Path) -> None:
    env = {"HANDOVER_INSTANCE_PATH": str(tmp_path / "instance"), "HANDOVER_DATABASE_URL": ""}
    result = runner.invoke(main, ["demo", "--setup-only", "--read-now", "0"], env=env)
    assert result.exit_code == 0, result.output
    engine = make_engine(f"sqlite:///{tmp_path / 'instance' / 'demo' / 'handover.db'}")
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Staff)) == 20
    engine.dispose()
