"""`handover contacts ...` and `handover export` as an official and an administrator use them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select

from handover.cli import main
from handover.db import make_engine
from handover.models import AuditEvent
from tests.factories import DEPT_HEADER, STAFF_HEADER, csv_bytes, fifty_staff, three_level_tree

CARDS_HEADER = (
    "会社名",
    "部署名",
    "役職",
    "氏名",
    "氏名（カナ）",
    "メールアドレス",
    "携帯電話",
    "名刺交換日",
)
CARDS_E1 = [
    (
        "株式会社みどり工業",
        "営業部",
        "課長",
        "髙橋 一郎",
        "タカハシ イチロウ",
        "i.takahashi@midori.example.co.jp",
        "",
        "2024-06-01",
    ),
    ("架空市役所", "都市整備局", "主査", "佐野 美香", "サノ ミカ", "", "", "2024-07-01"),
]
CARDS_E2 = [
    ("(株)みどり工業", "営業部", "部長", "高橋 一郎", "たかはし いちろう", "", "", "2025-06-01"),
    (
        "あおば商事株式会社",
        "総務部",
        "主任",
        "佐野 美香",
        "サノ ミカ",
        "sano@aoba.example.jp",
        "",
        "2025-02-01",
    ),
]


def _invoke(runner: CliRunner, env: dict[str, str], *args: str) -> str:
    result = runner.invoke(main, list(args), env=env)
    assert result.exit_code == 0, result.output + result.stderr
    return result.stdout


def _office(runner: CliRunner, env: dict[str, str], tmp_path: Path) -> None:
    tree = three_level_tree()
    (tmp_path / "org.csv").write_bytes(csv_bytes(DEPT_HEADER, tree))
    (tmp_path / "staff.csv").write_bytes(csv_bytes(STAFF_HEADER, fifty_staff(tree)))
    _invoke(runner, env, "org", "import", str(tmp_path / "org.csv"))
    _invoke(runner, env, "staff", "import", str(tmp_path / "staff.csv"), "--as-of", "2024-04-01")


def test_two_officials_import_the_same_person_then_list_merge_and_export(
    runner: CliRunner, cli_env: dict[str, str], tmp_path: Path, database_url: str
) -> None:
    _office(runner, cli_env, tmp_path)
    (tmp_path / "e1.csv").write_bytes(csv_bytes(CARDS_HEADER, CARDS_E1, "cp932"))
    (tmp_path / "e2.csv").write_bytes(csv_bytes(CARDS_HEADER, CARDS_E2, "utf-8-sig"))
    out = _invoke(
        runner,
        cli_env,
        "contacts",
        "import",
        str(tmp_path / "e1.csv"),
        "--staff",
        "E0001",
        "--format",
        "json",
    )
    assert json.loads(out) == {"created": 2, "matched": 0, "suggestions": 0}
    out = _invoke(
        runner,
        cli_env,
        "contacts",
        "import",
        str(tmp_path / "e2.csv"),
        "--staff",
        "E0002",
        "--format",
        "json",
    )
    # 高橋 is the same person (variant kanji, legal form); 佐野 in another company is only a suggestion.
    assert json.loads(out) == {"created": 1, "matched": 1, "suggestions": 1}

    rows = json.loads(_invoke(runner, cli_env, "contacts", "list", "--query", "たかはし", "--format", "json"))
    assert len(rows) == 1 and rows[0]["title"] == "部長" and rows[0]["cards"] == 0
    assert [h["employee_no"] for h in rows[0]["holders"]] == ["E0001", "E0002"]
    assert set(rows[0]) == {
        "id",
        "name",
        "name_kana",
        "organization",
        "department",
        "title",
        "email",
        "phone",
        "holders",
        "cards",
    }
    mine = json.loads(_invoke(runner, cli_env, "contacts", "list", "--staff", "E0001", "--format", "json"))
    assert [r["name"] for r in mine] == ["髙橋 一郎", "佐野 美香"]

    suggestions = json.loads(_invoke(runner, cli_env, "contacts", "suggestions", "--format", "json"))
    assert len(suggestions) == 1
    pair = suggestions[0]
    out = _invoke(runner, cli_env, "contacts", "merge", str(pair["candidate_id"]), str(pair["contact_id"]))
    merge_id = out.split(":")[0].split()[1]
    merged = json.loads(
        _invoke(runner, cli_env, "contacts", "show", str(pair["candidate_id"]), "--format", "json")
    )
    assert merged["organization"] == "あおば商事株式会社"  # the newer card's job wins
    assert [h["employee_no"] for h in merged["holders"]] == ["E0001", "E0002"]
    _invoke(runner, cli_env, "contacts", "unmerge", merge_id)
    assert json.loads(_invoke(runner, cli_env, "contacts", "suggestions", "--format", "json")) == []

    out_file = tmp_path / "export" / "e1.csv"
    _invoke(runner, cli_env, "export", "--format", "csv-sjis", "--staff", "E0001", "--out", str(out_file))
    assert out_file.read_bytes().decode("cp932").splitlines()[1].startswith("髙橋 一郎,タカハシ イチロウ")
    vcard = _invoke(runner, cli_env, "export", "--format", "vcard")
    assert vcard.count("BEGIN:VCARD") == 3

    engine = make_engine(database_url)
    with engine.connect() as conn:
        actions = conn.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    engine.dispose()
    assert actions.count("contact.export") == 2 and "contact.view" in actions and "contact.unmerge" in actions


def test_errors_name_the_file_row_and_column_and_change_nothing(
    runner: CliRunner, cli_env: dict[str, str], tmp_path: Path
) -> None:
    _office(runner, cli_env, tmp_path)
    bad = [(*CARDS_E1[0][:3], "", *CARDS_E1[0][4:])]
    (tmp_path / "bad.csv").write_bytes(csv_bytes(CARDS_HEADER, bad))
    result = runner.invoke(
        main, ["contacts", "import", str(tmp_path / "bad.csv"), "--staff", "E0001"], env=cli_env
    )
    assert result.exit_code == 1 and "bad.csv" in result.stderr and "row 2, column 氏名" in result.stderr
    result = runner.invoke(
        main, ["contacts", "import", str(tmp_path / "bad.csv"), "--staff", "NOPE"], env=cli_env
    )
    assert result.exit_code == 1 and "NOPE" in result.stderr
    result = runner.invoke(main, ["contacts", "show", "999"], env=cli_env)
    assert result.exit_code == 1 and "contact 999" in result.stderr
    assert json.loads(_invoke(runner, cli_env, "contacts", "list", "--format", "json")) == []
