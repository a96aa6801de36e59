"""Web latency at scale: the main pages with 100,000 contacts, 20 concurrent clients on loopback.

Usage: .venv/bin/python -m benchmarks.web [--contacts 100000] [--clients 20] [--rounds 15] [--think 1.0]
                                           [--postgres URL]

The directory is bulk-loaded by benchmarks.search's loader (invented people and organisations,
folded exactly as the services fold them); on top of it the demo city's departments and staff, and
one open connection per contact spread over the staff's posts, so that every scope check and join is
real. `handover serve` (waitress, 8 threads) runs as its own process; each client signs in once, then
requests the pages in turn, pausing `--think` seconds on average between clicks as people do
(`--think 0` is the saturation test: 20 clients firing back to back at one 2-core machine, where the
latency measures the queue, not a page). Reported per page: p50 and p95 latency, and p95 as a ratio to the
baseline measured in the same run (a static file and /healthz: the server's own floor).
Target: p95 <= 150 ms on every page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlencode

from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

from benchmarks.search import load
from handover import migrate
from handover.db import make_engine, make_session_factory, session_scope
from handover.demo import office
from handover.models import Assignment, Connection, ConnectionSource, Role, Staff, User
from handover.services.org_import import import_departments, import_staff
from handover.services.users import hash_password

PASSWORD = "bench-password-1"
TARGET_MS = 150.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build(url: str, contacts: int, seed: int) -> list[str]:
    """Load the office, the contacts and their holders; returns search queries drawn from the data."""
    migrate.upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        import_departments(session, office.departments_csv(), filename="departments.csv")
        import_staff(session, office.staff_csv(), as_of=dt.date(2024, 4, 1), filename="staff.csv")
    started = time.perf_counter()
    queries = load(engine, contacts, seed)
    with session_scope(factory) as session:
        holders = [
            (staff_id, post_id)
            for staff_id, post_id in session.execute(
                select(Assignment.staff_id, Assignment.post_id).where(Assignment.end_date.is_(None))
            )
        ]
        password_hash = hash_password(PASSWORD)
        staff_by_no = {s.employee_no: s for s in session.scalars(select(Staff))}
        session.add(
            User(
                username="bench_staff",
                password_hash=password_hash,
                role=Role.STAFF,
                staff=staff_by_no["S0009"],
            )
        )
        session.add(
            User(
                username="bench_admin",
                password_hash=password_hash,
                role=Role.ADMIN,
                staff=staff_by_no["S0002"],
            )
        )
    rng = random.Random(seed)
    batch = []
    for contact_id in range(1, contacts + 1):
        staff_id, post_id = holders[rng.randrange(len(holders))]
        batch.append(
            {"contact_id": contact_id, "staff_id": staff_id, "post_id": post_id, "since": dt.date(2025, 4, 1),
             "source": ConnectionSource.CARD.value}
        )  # fmt: skip
        if len(batch) == 20000:
            with engine.begin() as conn:
                conn.execute(insert(Connection), batch)
            batch = []
    if batch:
        with engine.begin() as conn:
            conn.execute(insert(Connection), batch)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    engine.dispose()
    print(f"loaded {contacts:,} contacts with holders in {time.perf_counter() - started:.0f} s", flush=True)
    return queries


class Client:
    """One browser: its own connection and session cookie."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = ""

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, float]:
        """One request; answers status, body and seconds taken."""
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read().decode("utf-8", "replace")
        took = time.perf_counter() - started
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, data, took

    def login(self, username: str) -> None:
        """Sign in through the form, CSRF token and all."""
        _status, page, _t = self.request("GET", "/login")
        match = re.search(r'name="csrf-token" content="([^"]+)"', page)
        assert match, "no csrf token"
        body = urlencode({"username": username, "password": PASSWORD, "csrf_token": match.group(1)})
        status, _page, _t = self.request("POST", "/login", body)
        assert status == 302, f"login failed ({status})"


def pages(queries: list[str], contact_ids: list[int]) -> dict[str, list[str]]:
    """The paths timed for each page name (varied per request so no cache answers them all)."""
    return {
        "baseline: static css": ["/static/css/app.css"],
        "baseline: /healthz": ["/healthz"],
        "home": ["/"],
        "contacts (first page)": ["/contacts"],
        "search as you type": [f"/contacts/search.json?q={quote(q)}" for q in queries],
        "contact page": [f"/contacts/{i}" for i in contact_ids],
        "inbox": ["/inbox"],
        "review queue": ["/review"],
        "network (departments)": ["/network/departments.json"],
    }


def run(
    port: int, clients: int, rounds: int, queries: list[str], contact_ids: list[int], think: float
) -> dict[str, list[float]]:
    """Every client signs in, then requests each page `rounds` times, all clients at once."""
    timings: dict[str, list[float]] = {name: [] for name in pages(queries, contact_ids)}
    lock = threading.Lock()
    errors: list[str] = []
    ready = threading.Barrier(clients)

    def work(n: int) -> None:
        client = Client(port)
        client.login("bench_admin" if n % 4 == 0 else "bench_staff")
        rng = random.Random(n)
        ready.wait()
        for _ in range(rounds):
            for name, paths in pages(queries, contact_ids).items():
                if think:
                    # A person reads the page before the next click: exponential pauses, mean `think`.
                    time.sleep(rng.expovariate(1 / think))
                status, _body, took = client.request("GET", rng.choice(paths))
                with lock:
                    if status >= 400 and status != 404:
                        errors.append(f"{name}: {status}")
                    timings[name].append(took)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        print(f"{len(errors)} error responses, e.g. {errors[:3]}")
    return timings


def report(timings: dict[str, list[float]]) -> bool:
    """Print p50/p95 per page and p95 against the baseline; True when every page meets the target."""

    def p95(values: list[float]) -> float:
        return statistics.quantiles(values, n=20)[18] * 1000

    baseline = max(p95(timings["baseline: static css"]), p95(timings["baseline: /healthz"]))
    print(f"{'page':<26}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p95/baseline':>14}")
    ok = True
    for name, values in timings.items():
        p50 = statistics.median(values) * 1000
        high = p95(values)
        ok = ok and (name.startswith("baseline") or high <= TARGET_MS)
        print(f"{name:<26}{len(values):>9}{p50:>9.1f}{high:>9.1f}{high / baseline:>13.1f}x")
    print(f"target: p95 <= {TARGET_MS:.0f} ms on every page: {'met' if ok else 'NOT met'}")
    return ok


def main() -> None:
    """Build, serve, measure, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between a client's requests (s)")
    parser.add_argument("--postgres", help="a PostgreSQL URL; a scratch database is made beside it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="handover-bench-web-") as tmp:
        url, drop = f"sqlite:///{Path(tmp) / 'bench.db'}", None
        if args.postgres:
            base = make_url(args.postgres)
            name = f"handover_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(base, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            url = base.set(database=name).render_as_string(hide_password=False)
            drop = (admin, name)
        try:
            queries = build(url, args.contacts, args.seed)
            rng = random.Random(args.seed)
            contact_ids = [rng.randrange(1, args.contacts + 1) for _ in range(500)]
            port = _free_port()
            instance = str(Path(tmp) / "instance")
            env = {**os.environ, "HANDOVER_DATABASE_URL": url, "HANDOVER_INSTANCE_PATH": instance,
                   "HANDOVER_SECRET_KEY": "bench"}  # fmt: skip
            server = subprocess.Popen(
                [str(Path(sys.executable).parent / "handover"), "serve", "--port", str(port)],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            try:
                _wait_for(port)
                print(
                    f"{args.clients} clients x {args.rounds} rounds against handover serve on port {port}",
                    flush=True,
                )
                started = time.perf_counter()
                timings = run(port, args.clients, args.rounds, queries, contact_ids, args.think)
                took = time.perf_counter() - started
            finally:
                server.terminate()
                server.wait(timeout=30)
            total = sum(len(v) for v in timings.values())
            print(
                f"{total} requests in {took:.0f} s: {total / took:.1f} requests/s, think time {args.think} s"
            )
            report(timings)
        finally:
            if drop is not None:
                with drop[0].connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{drop[1]}" WITH (FORCE)'))
                drop[0].dispose()


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("handover serve did not start")


if __name__ == "__main__":
    main()
