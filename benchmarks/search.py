"""Search latency at scale: p50/p95 of search_contact_ids over a million contacts, against baselines.

Usage: .venv/bin/python -m benchmarks.search [--contacts 1000000] [--queries 300] [--postgres URL] [--seed N]

The directory is bulk-loaded with Core inserts (invented people: family-name frequencies and given
names from japanese-personal-name-dataset, invented organisations), through the same folding the
service uses, so the search structures of migration 0002 are exactly those of production.
Queries are drawn from the loaded data: two-character family names (the prefix path), full names,
hiragana readings, organisation fragments, departments, e-mail fragments, and strings that match
nothing. Baselines in the same run: a primary-key lookup (the floor) and the plain scan
`search_text LIKE '%q%'` that the trigram index replaces. With --postgres the same is done in a
scratch database created beside the one in the URL, then dropped.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import japanese_personal_name_dataset
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine, make_url

from handover import migrate
from handover.db import make_engine, make_session_factory
from handover.models import Contact, ExternalOrganization
from handover.services import normalize as nz
from handover.services.search import search_contact_ids

_DATASET = Path(japanese_personal_name_dataset.__file__).parent / "dataset"
PREFECTURES = (
    "北海道",
    "青森",
    "岩手",
    "宮城",
    "秋田",
    "山形",
    "福島",
    "茨城",
    "栃木",
    "群馬",
    "埼玉",
    "千葉",
    "東京",
    "神奈川",
    "新潟",
    "富山",
    "石川",
    "福井",
    "山梨",
    "長野",
    "岐阜",
    "静岡",
    "愛知",
    "三重",
    "滋賀",
    "京都",
    "大阪",
    "兵庫",
    "奈良",
    "和歌山",
    "鳥取",
    "島根",
    "岡山",
    "広島",
    "山口",
    "徳島",
    "香川",
    "愛媛",
    "高知",
    "福岡",
    "佐賀",
    "長崎",
    "熊本",
    "大分",
    "宮崎",
    "鹿児島",
    "沖縄",
)
HEADS = (
    "あおば",
    "みどり",
    "東西",
    "北辰",
    "南海",
    "大和",
    "光陽",
    "中央",
    "新星",
    "朝日",
    "白山",
    "若葉",
    "翔栄",
    "丸山",
    "豊和",
    "協和",
    "日進",
    "昭栄",
    "共立",
    "三和",
    "第一",
    "富士見",
    "桜台",
    "青葉",
)
TAILS = (
    "商事",
    "工業",
    "建設",
    "電機",
    "物産",
    "設計",
    "コンサルタント",
    "技研",
    "興業",
    "開発",
    "製作所",
    "運輸",
    "システム",
    "地所",
    "化学",
    "印刷",
    "測量",
    "環境サービス",
    "精機",
    "ホールディングス",
)
DEPTS = (
    "営業部",
    "総務部",
    "技術部",
    "企画課",
    "経理課",
    "事業推進部",
    "調査課",
    "設計部",
    "管理課",
    "広報室",
    "都市計画課",
    "道路整備課",
    "河川管理課",
    "情報システム部",
    "海外事業部",
    "法務部",
    "人事部",
    "購買部",
)


def _names() -> tuple[list[tuple[str, str]], list[int], list[tuple[str, str]]]:
    families, weights, givens = [], [], []
    with (_DATASET / "last_name_org.csv").open(encoding="utf-8") as f:
        for row in csv.reader(f):
            families.append((row[0], row[2]))
            weights.append(int(row[1]))
    for name in ("first_name_man_opti.csv", "first_name_woman_opti.csv"):
        with (_DATASET / name).open(encoding="utf-8") as f:
            givens += [(kanji, row[0]) for row in csv.reader(f) for kanji in row[2:5]]
    return families, weights, givens


def _contacts(rng: random.Random, n: int, orgs: list[tuple[int, str]]) -> Iterator[dict[str, Any]]:
    families, weights, givens = _names()
    family_draws = rng.choices(range(len(families)), weights, k=n)
    for i in range(n):
        family, given = families[family_draws[i]], rng.choice(givens)
        org_id, org_name = orgs[rng.randrange(len(orgs))]
        name = f"{family[0]} {given[0]}"
        kana = nz.fold_kana(f"{family[1]} {given[1]}")
        dept = rng.choice(DEPTS)
        email = f"u{i}@o{org_id}.example.co.jp"
        yield {
            "name": name,
            "name_kana": kana,
            "normalized_name": nz.name_key(name),
            "kana_key": nz.kana_key(kana),
            "organization_id": org_id,
            "department": dept,
            "email": email,
            "search_text": nz.search_text(name, kana, org_name, dept, email),
        }


def _suspend_search_index(conn: Connection) -> list[str]:
    """Drop the per-row search index upkeep for a bulk load; returns the DDL that restores it.

    The definitions are read back from the database, so the restored objects are exactly those of
    migration 0002. Row-by-row upkeep (a trigger per insert, GIN maintenance) is what production does;
    building the index once after the load is how a bulk import should do it.
    """
    if conn.dialect.name == "sqlite":
        sql = conn.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'contact_fts_after_insert'")
        ).scalar_one()
        conn.execute(text("DROP TRIGGER contact_fts_after_insert"))
        return [sql, "INSERT INTO contact_fts(contact_fts) VALUES ('rebuild')"]
    sql = conn.execute(
        text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_contact_search_trgm'")
    ).scalar_one()
    conn.execute(text("DROP INDEX ix_contact_search_trgm"))
    return [sql]


def _resume_search_index(conn: Connection, statements: list[str]) -> None:
    for statement in statements:
        conn.execute(text(statement))


def load(engine: Engine, n: int, seed: int) -> list[str]:
    """Bulk-load `n` contacts; returns the queries to time, drawn from what was loaded."""
    rng = random.Random(seed)
    org_names = sorted({f"株式会社{p}{h}{t}" for p in PREFECTURES for h in HEADS for t in TAILS})
    rng.shuffle(org_names)
    org_names = org_names[: max(100, n // 50)]
    with engine.begin() as conn:
        conn.execute(
            ExternalOrganization.__table__.insert(),
            [
                {"id": i + 1, "name": o, "normalized_name": nz.organization_key(o)}
                for i, o in enumerate(org_names)
            ],
        )
    orgs = [(i + 1, o) for i, o in enumerate(org_names)]
    with engine.begin() as conn:
        deferred = _suspend_search_index(conn)
    sample: list[dict[str, Any]] = []
    batch: list[dict[str, Any]] = []
    for row in _contacts(rng, n, orgs):
        batch.append(row)
        if rng.random() < 0.0005:
            sample.append(row)
        if len(batch) == 20000:
            with engine.begin() as conn:
                conn.execute(Contact.__table__.insert(), batch)
            batch = []
    if batch:
        with engine.begin() as conn:
            conn.execute(Contact.__table__.insert(), batch)
    with engine.begin() as conn:
        _resume_search_index(conn, deferred)
    queries = []
    for row in sample:
        family, given = row["name"].split(" ")
        kana_family = row["name_kana"].split(" ")[0]
        org = next(o for i, o in orgs if i == row["organization_id"])
        queries += [
            family,  # mostly two characters: the prefix path
            family + given,
            nz.fold_kana(kana_family).translate({c: c - 0x60 for c in range(0x30A1, 0x30F7)}),  # hiragana
            org[4 + rng.randrange(3) :][:4],
            row["department"],
            row["email"].split("@")[0] + "@",
            "".join(rng.choice("鑑鸞麤齉龘鬱") for _ in range(3)),
        ]
    rng.shuffle(queries)
    return queries


def _time(fn: Callable[[str], object], queries: list[str]) -> list[float]:
    fn(queries[0])  # warm the caches and the statement cache
    times = []
    for q in queries:
        started = time.perf_counter()
        fn(q)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _p(times: list[float], pct: int) -> float:
    return statistics.quantiles(times, n=100)[pct - 1]


def run(label: str, url: str, n: int, n_queries: int, seed: int) -> None:
    """Migrate, load, time, print one database's figures."""
    migrate.upgrade(url)
    engine = make_engine(url)
    started = time.perf_counter()
    queries = load(engine, n, seed)[:n_queries]
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    print(f"{label}: loaded {n:,} contacts in {time.perf_counter() - started:.0f} s; {len(queries)} queries")
    factory = make_session_factory(engine)
    sqlite = engine.dialect.name == "sqlite"
    with factory() as session:
        indexed = _time(lambda q: search_contact_ids(session, q, limit=50), queries)
        pk = _time(lambda q: session.get(Contact, random.randrange(1, n)) and session.expunge_all(), queries)
        scan_sql = (
            "SELECT id FROM contact NOT INDEXED WHERE search_text LIKE :q ORDER BY id LIMIT 50"
            if sqlite
            else "SELECT id FROM contact WHERE strpos(search_text, :p) > 0 ORDER BY id LIMIT 50"
        )
        scan = _time(
            lambda q: session.execute(
                text(scan_sql), {"q": f"%{nz.search_query(q)}%", "p": nz.search_query(q)}
            ).all(),
            queries[: max(20, len(queries) // 10)],
        )
    engine.dispose()
    p95, pk95, scan95 = _p(indexed, 95), _p(pk, 95), _p(scan, 95)
    verdict = "met" if p95 <= 50 else "NOT met"
    print(
        f"  search_contact_ids  p50 {_p(indexed, 50):7.2f} ms  p95 {p95:7.2f} ms  max {max(indexed):7.1f} ms"
    )
    pk_line = f"  primary-key lookup  p50 {_p(pk, 50):7.2f} ms  p95 {pk95:7.2f} ms"
    print(f"{pk_line}   search/PK p95 x{p95 / pk95:.1f}")
    scan_line = f"  LIKE '%q%' scan     p50 {_p(scan, 50):7.2f} ms  p95 {scan95:7.2f} ms"
    print(f"{scan_line}   scan/search p95 x{scan95 / p95:.1f}")
    print(f"  target search p95 <= 50 ms: {verdict}")
    slow = sorted(zip(indexed, queries, strict=True), reverse=True)[:5]
    print("  slowest:", ", ".join(f"{q!r} {t:.0f} ms" for t, q in slow))


def main() -> None:
    """Run on SQLite, and on PostgreSQL when asked."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--postgres", help="a PostgreSQL URL; a scratch database is made beside it")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    print(f"seed {seed}")
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", f"sqlite:///{Path(tmp) / 'search.db'}", args.contacts, args.queries, seed)
    if args.postgres:
        base = make_url(args.postgres)
        name = f"handover_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            run("PostgreSQL", base.set(database=name).render_as_string(hide_password=False), args.contacts,
                args.queries, seed)  # fmt: skip
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
