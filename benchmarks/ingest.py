"""Card ingestion throughput: `handover cards import` with 1 and 2 workers against `handover read`.

Usage: .venv/bin/python -m benchmarks.ingest [--cards 12] [--redis redis://127.0.0.1:6379/14]

All contenders read the same single-card sample files, as separate `handover` processes, timed
from start to exit (start-up included, as a user sees it). The baseline is `handover read` alone:
the card reader on every core with no database, no storage and no queue. Ingestion then stores
each original, queues it, reads it in the background, saves the cards and applies the review
policy (`--review all`, so matching people does not blur the reading figures), on a fresh SQLite
database each time: embedded (the consumer runs inside the import) with 1 and 2 workers, and,
with --redis, `handover worker` processes with 1 and 2 workers on a Redis queue of its own.
Figures are cards per second and ratios to the baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HANDOVER = str(Path(sys.executable).parent / "handover")


def pick_cards(truth: Path, count: int) -> list[Path]:
    """The first `count` files holding one front card, across categories (not only clean scans)."""
    entries = json.loads(truth.read_text(encoding="utf-8"))
    single = [e for e in entries if len(e["cards"]) == 1 and e["cards"][0].get("side", "front") == "front"]
    return [truth.parent / e["file"] for e in single[:count]]


def _run(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args[:3])} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed


def _office(env: dict[str, str], folder: Path) -> None:
    (folder / "org.csv").write_text("code,name,parent_code\nK1,道路課,\n", encoding="utf-8")
    (folder / "staff.csv").write_text(
        "employee_no,name,name_kana,email,department_code,title\nE0001,相川 明,,,K1,主査\n", encoding="utf-8"
    )
    for args in (["db", "upgrade"], ["org", "import", str(folder / "org.csv")]):
        _run([HANDOVER, *args], env)
    _run([HANDOVER, "staff", "import", str(folder / "staff.csv")], env)


def _fresh_env(folder: Path, workers: int, redis_url: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "HANDOVER_INSTANCE_PATH": str(folder / "instance"),
        "HANDOVER_DATABASE_URL": f"sqlite:///{folder / 'handover.db'}",
        "HANDOVER_SECRET_KEY": "benchmark",
        "HANDOVER_READING_WORKERS": str(workers),
    }
    env.pop("HANDOVER_REDIS_URL", None)
    if redis_url:
        env["HANDOVER_REDIS_URL"] = redis_url
        env["HANDOVER_QUEUE_NAME"] = f"handover-bench-{uuid.uuid4().hex[:8]}"  # a queue of its own
    return env


def time_import(cards: list[Path], workers: int, redis_url: str | None) -> tuple[float, int]:
    """Seconds for `handover cards import` of the cards, and how many cards it saved."""
    with tempfile.TemporaryDirectory(prefix="handover-bench-") as tmp:
        folder = Path(tmp)
        env = _fresh_env(folder, workers, redis_url)
        _office(env, folder)
        worker = None
        if redis_url:
            worker = subprocess.Popen(
                [HANDOVER, "worker", "--workers", str(workers)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        try:
            out = folder / "summary.json"
            args = [HANDOVER, "cards", "import", *map(str, cards), "--staff", "E0001"]
            args += ["--review", "all", "--format", "json"]
            start = time.perf_counter()
            with out.open("w") as f:
                subprocess.run(args, env=env, stdout=f, stderr=subprocess.DEVNULL, check=False)
            elapsed = time.perf_counter() - start
        finally:
            if worker is not None:
                os.killpg(worker.pid, signal.SIGINT)
                worker.wait(timeout=120)
        summary = json.loads(out.read_text(encoding="utf-8"))
        return elapsed, len(summary["cards"])


def read_command() -> list[str]:
    """`handover read`, or the same click command run straight from its module if not registered."""
    registered = subprocess.run([HANDOVER, "read", "--help"], capture_output=True, check=False)
    if registered.returncode == 0:
        return [HANDOVER, "read"]
    # Import the whole CLI first, so that start-up costs the same as `handover read` would.
    code = "import handover.cli; from handover.cli.read import read_command; read_command()"
    return [sys.executable, "-c", code]


def time_read(cards: list[Path]) -> float:
    """Seconds for `handover read` of the cards (every core, no database): the baseline."""
    return _run([*read_command(), *map(str, cards), "--format", "json"], {**os.environ})


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print cards per second with ratios to `handover read`."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--truth", type=Path, default=ROOT / "sample_cards" / "truth.json")
    parser.add_argument("--cards", type=int, default=12, help="how many single-card files (default 12)")
    parser.add_argument("--redis", default=None, help="also time `handover worker` on this Redis URL")
    args = parser.parse_args(argv)
    cards = pick_cards(args.truth, args.cards)
    print(f"{len(cards)} card files, {os.cpu_count()} cores")
    baseline = time_read(cards)
    rows = [("handover read (baseline)", baseline, len(cards))]
    modes: list[tuple[str, str | None]] = [("embedded", None)]
    if args.redis:
        modes.append(("redis + handover worker", args.redis))
    for label, url in modes:
        for workers in (1, 2):
            elapsed, saved = time_import(cards, workers, url)
            rows.append(
                (f"cards import, {label}, {workers} worker{'s' if workers > 1 else ''}", elapsed, saved)
            )
    print(f"{'contender':<50} {'seconds':>8} {'cards':>6} {'cards/s':>8} {'vs read':>8}")
    base_rate = len(cards) / baseline
    for label, elapsed, saved in rows:
        rate = saved / elapsed
        print(f"{label:<50} {elapsed:>8.1f} {saved:>6} {rate:>8.2f} {rate / base_rate:>7.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
