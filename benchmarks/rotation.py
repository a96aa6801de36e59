"""April 1 at ministry scale: dry run, apply and undo of a 1,500-move transfer list.

    .venv/bin/python -m benchmarks.rotation [--postgres URL] [--staff 5500] [--connections 400000]

Builds an invented ministry (省 > 局 > 部 > 課 > 係, 5,500 staff, 400,000 open connections) with bulk
Core inserts, writes a transfer list (Japanese headers, 令和 dates, Shift_JIS) of 1,200 transfers,
150 leavers and 150 joiners, then times each phase in its own transaction, as the CLI runs it.
Baseline, measured in the same run on the same database: one SELECT reading every open connection
(id, contact, staff, post). Phases are printed in seconds and as multiples of that baseline; memory
is the peak Python heap (tracemalloc) of each phase, measured in a second round (plan, apply,
undo again) so that tracing does not slow the timed round; the database's own memory is not in it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import Engine, make_url

from handover import migrate
from handover.db import Base, make_engine, make_session_factory
from handover.services.rotation_apply import apply_plan
from handover.services.rotation_plan import create_plan
from handover.services.rotation_undo import undo_plan
from tests.factories import csv_bytes

T = TypeVar("T")
HEADER = ("職員番号", "氏名", "旧所属", "旧職名", "新所属", "新職名", "発令日", "後任職員番号")
FAMILY = ("相川", "井口", "上野", "江藤", "大野", "加納", "菊地", "工藤", "小森", "斎木", "田辺", "中川")
GIVEN = ("明", "育子", "卓也", "直美", "智", "葵", "誠", "舞", "亮", "咲", "光", "順")


@dataclass
class Ministry:
    """What the builder made: staff per post, for writing a transfer list against it."""

    holders: dict[int, list[str]]  # post id -> employee numbers
    post_key: dict[int, tuple[str, str]]  # post id -> (department code, title)
    section_codes: list[str]


def _timed(fn: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def _traced(fn: Callable[[], T]) -> tuple[T, int]:
    """Peak Python heap (bytes) while fn runs; a separate round, as tracing slows Python down."""
    tracemalloc.start()
    try:
        value = fn()
        return value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def build_ministry(engine: Engine, *, staff: int, connections: int, rng: random.Random) -> Ministry:
    """An invented ministry written with executemany inserts of plain dicts."""
    tables = Base.metadata.tables
    departments: list[dict[str, Any]] = [{"id": 1, "code": "S", "name": "架空省", "parent_id": None}]
    posts: list[dict[str, Any]] = []

    def add(code: str, name: str, parent: int, titles: tuple[str, ...], head: str) -> int:
        dept_id = len(departments) + 1
        departments.append({"id": dept_id, "code": code, "name": name, "parent_id": parent})
        for title in titles:
            posts.append(
                {"id": len(posts) + 1, "department_id": dept_id, "title": title, "is_head": title == head}
            )
        return dept_id

    sections: list[str] = []
    for k in range(10):
        kyoku = add(f"B{k:02d}", f"第{k + 1}局", 1, ("局長",), "局長")
        for b in range(5):
            bu = add(f"B{k:02d}{b}", f"第{b + 1}部", kyoku, ("部長",), "部長")
            for c in range(4):
                code = f"B{k:02d}{b}{c}"
                ka = add(code, f"第{c + 1}課", bu, ("課長", "課長補佐"), "課長")
                sections.append(code)
                for g in range(3):
                    add(f"{code}{g}", f"第{g + 1}係", ka, ("係長", "主査", "主事"), "係長")
    heads = [p["id"] for p in posts if p["is_head"]]
    others = [p["id"] for p in posts if not p["is_head"]]
    post_of = heads + [others[i % len(others)] for i in range(staff - len(heads))]
    rng.shuffle(post_of[len(heads) :])
    start = "2024-04-01"
    staff_rows = [
        {"id": i + 1, "employee_no": f"M{i + 1:06d}", "name": f"{FAMILY[i % 12]} {GIVEN[(i // 12) % 12]}"}
        for i in range(staff)
    ]
    assignments = [
        {"staff_id": i + 1, "post_id": post_of[i], "start_date": _date(start), "kind": "primary"}
        for i in range(staff)
    ]
    contacts = max(1, connections * 5 // 8)
    contact_rows = [
        {"id": i + 1, "name": f"外部 {i + 1:06d}", "normalized_name": f"外部{i + 1:06d}"}
        for i in range(contacts)
    ]
    # Each staff member holds about the same number of contacts, all in their current post.
    connection_rows = []
    seen: set[tuple[int, int]] = set()
    while len(connection_rows) < connections:
        s = len(connection_rows) % staff
        c = rng.randrange(contacts) + 1
        if (c, s) in seen:
            continue
        seen.add((c, s))
        connection_rows.append(
            {
                "contact_id": c,
                "staff_id": s + 1,
                "post_id": post_of[s],
                "since": _date(start),
                "source": "card",
            }
        )
    with engine.begin() as conn:
        for name, rows in (
            ("department", departments),
            ("post", posts),
            ("staff", staff_rows),
            ("assignment", assignments),
            ("contact", contact_rows),
        ):
            conn.execute(insert(tables[name]), rows)
        for i in range(0, len(connection_rows), 50_000):
            conn.execute(insert(tables["connection"]), connection_rows[i : i + 50_000])
        if engine.dialect.name == "postgresql":
            for name in ("department", "post", "staff", "contact"):
                conn.execute(text(f"SELECT setval('{name}_id_seq', (SELECT max(id) FROM {name}))"))
            conn.execute(text("ANALYZE"))
    holders: dict[int, list[str]] = {}
    for i, post_id in enumerate(post_of):
        holders.setdefault(post_id, []).append(f"M{i + 1:06d}")
    code_of = {d["id"]: d["code"] for d in departments}
    post_key = {p["id"]: (code_of[p["department_id"]], p["title"]) for p in posts}
    return Ministry(holders, post_key, sections)


def _date(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def transfer_list(
    ministry: Ministry, *, transfers: int, leavers: int, joiners: int, rng: random.Random
) -> bytes:
    """One leaver per vacated post, each vacated post taken by one newcomer, a few left vacant."""
    posts = [p for p, people in ministry.holders.items() if people]
    rng.shuffle(posts)
    vacated = posts[: transfers + leavers]
    leaving = [(p, rng.choice(ministry.holders[p])) for p in vacated]
    # Transfers take the post the next leaver vacates (a chain); joiners take the rest but 50.
    new_posts = rng.sample(ministry.section_codes, 50)
    rows: list[tuple[str, ...]] = []
    day = "令和9年4月1日"
    for i, (post_id, no) in enumerate(leaving):
        code, title = ministry.post_key[post_id]
        if i < transfers:
            to_code, to_title = ministry.post_key[vacated[(i + 1) % len(vacated)]]
            rows.append((no, "", code, title, to_code, to_title, day, ""))
        else:
            rows.append((no, "", code, title, "", "", day, ""))
    free = vacated[transfers + 1 : transfers + leavers] if transfers else vacated
    for j in range(joiners):
        if j < joiners - len(new_posts) and j < len(free):
            to_code, to_title = ministry.post_key[free[j]]
        else:
            to_code, to_title = new_posts[j % len(new_posts)], "専門官"
        rows.append(
            (f"N{j + 1:05d}", f"{FAMILY[j % 12]} {GIVEN[j % 12]}", "", "", to_code, to_title, day, "")
        )
    return csv_bytes(HEADER, rows, "cp932")


def _state(engine: Engine) -> tuple[int, ...]:
    tables = Base.metadata.tables
    conn_t, assign_t = tables["connection"], tables["assignment"]
    with engine.connect() as conn:
        return (
            conn.scalar(select(func.count()).where(conn_t.c.until.is_(None))) or 0,
            conn.scalar(select(func.sum(conn_t.c.id)).where(conn_t.c.until.is_(None))) or 0,
            conn.scalar(select(func.count()).select_from(conn_t)) or 0,
            conn.scalar(select(func.sum(assign_t.c.id)).where(assign_t.c.end_date.is_(None))) or 0,
        )


def run(url: str, label: str, args: argparse.Namespace) -> None:
    """Build, then time baseline, dry run, apply and undo on one database."""
    rng = random.Random(20270401)
    migrate.upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    started = time.perf_counter()
    ministry = build_ministry(engine, staff=args.staff, connections=args.connections, rng=rng)
    data = transfer_list(ministry, transfers=1200, leavers=150, joiners=150, rng=rng)
    print(
        f"[{label}] built {args.staff} staff, {args.connections} connections "
        f"in {time.perf_counter() - started:.1f} s"
    )
    conn_t = Base.metadata.tables["connection"]

    def baseline() -> int:
        with engine.connect() as conn:
            query = select(conn_t.c.id, conn_t.c.contact_id, conn_t.c.staff_id, conn_t.c.post_id)
            return len(conn.execute(query.where(conn_t.c.until.is_(None))).all())

    baseline()  # warm the cache once, as every later phase finds it warm
    rows, base = _timed(baseline)
    before = _state(engine)

    def phase(fn: Callable[[Any], T]) -> Callable[[], T]:
        def wrapped() -> T:
            with factory() as session, session.begin():
                return fn(session)

        return wrapped

    def plan_it(session: Any) -> Any:
        return create_plan(session, data, filename="naiji.csv", actor="bench")

    plan, t_plan = _timed(phase(plan_it))
    summary = plan.dry_run["summary"]
    assert summary["errors"] == 0, plan.dry_run["errors"][:5]
    applied, t_apply = _timed(phase(lambda s: apply_plan(s, plan.id, actor="bench", due_days=30)))
    _, t_undo = _timed(phase(lambda s: undo_plan(s, plan.id, actor="bench")))
    assert _state(engine) == before, "undo did not restore the open connections and assignments"
    # Round two, traced for memory: the same list planned again, applied and undone.
    again, m_plan = _traced(phase(plan_it))
    _, m_apply = _traced(phase(lambda s: apply_plan(s, again.id, actor="bench", due_days=30)))
    _, m_undo = _traced(phase(lambda s: undo_plan(s, again.id, actor="bench")))
    assert _state(engine) == before
    engine.dispose()
    load = os.getloadavg()[0]
    print(
        f"[{label}] baseline: one SELECT of {rows} open connections = {base:.3f} s (load average {load:.1f})"
    )
    print(
        f"[{label}] plan: {summary['moves']} moves, {summary['handovers']} handovers, "
        f"{summary['vacancies']} vacancies, {summary['connections']} connections to hand over"
    )
    for name, seconds, peak, target in (
        ("dry run", t_plan, m_plan, 5),
        ("apply", t_apply, m_apply, 20),
        ("undo", t_undo, m_undo, 20),
    ):
        print(
            f"[{label}] {name:8s} {seconds:6.2f} s = {seconds / base:5.1f} x baseline   "
            f"peak Python heap {peak / 2**20:5.1f} MiB   "
            f"target <= {target} s: {'ok' if seconds <= target else 'MISSED'}"
        )
    print(f"[{label}] apply counts: {applied.counts}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"[{label}] process peak RSS so far (build included): {rss} MiB")


def main() -> None:
    """Run on SQLite, and on PostgreSQL when --postgres is given."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", help="server URL; a scratch database is created and dropped")
    parser.add_argument("--staff", type=int, default=5500)
    parser.add_argument("--connections", type=int, default=400_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{Path(tmp) / 'bench.db'}", "sqlite", args)
    if args.postgres:
        base = make_url(args.postgres)
        name = f"handover_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            run(base.set(database=name).render_as_string(hide_password=False), "postgres", args)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
