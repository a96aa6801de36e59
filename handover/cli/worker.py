"""`handover worker`: a Huey consumer reading card scans; and the in-process consumer of imports."""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable, Sequence

import click
from huey.consumer import ConsumerStopped

from handover.cli.context import CliContext, pass_context
from handover.db import make_session_factory
from handover.tasks import WORKER_TYPES, ReadingQueue, count_unfinished, worker_count

_SIGNALS = tuple(s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s)
_POLL_SECONDS = 0.3
_RECOVER_SECONDS = 15.0


def run_embedded(
    ctx: CliContext,
    queue: ReadingQueue,
    scan_ids: Sequence[int],
    *,
    workers: int,
    worker_type: str,
    on_progress: Callable[[int], None],
) -> bool:
    """Consume the queue in this process until these scans are read; False when interrupted."""
    factory = make_session_factory(ctx.engine)
    if worker_type == "process":
        # Forked workers must not inherit open database connections of this process.
        ctx.engine.dispose()
    consumer = queue.consumer(workers=workers, worker_type=worker_type)
    previous = {s: signal.getsignal(s) for s in _SIGNALS}
    consumer.start()
    try:
        health = recovered = time.monotonic()
        while True:
            left = count_unfinished(factory, scan_ids)
            on_progress(len(scan_ids) - left)
            if left == 0:
                return True
            if time.monotonic() - recovered > _RECOVER_SECONDS:
                # A task can be lost (a worker process died with it): the database still
                # knows the scan is waiting, and recovery gives it a task again.
                queue.recover(factory)
                recovered = time.monotonic()
            deadline = time.monotonic() + _POLL_SECONDS
            while time.monotonic() < deadline:
                # The consumer's own loop: notices Ctrl-C and restarts a worker that died.
                health = consumer.loop(health)
    except ConsumerStopped:
        return False
    finally:
        consumer.stop(graceful=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def wait_for_workers(ctx: CliContext, scan_ids: Sequence[int], *, on_progress: Callable[[int], None]) -> bool:
    """Wait until `handover worker` processes have read these scans; False when interrupted."""
    factory = make_session_factory(ctx.engine)
    try:
        while True:
            left = count_unfinished(factory, scan_ids)
            on_progress(len(scan_ids) - left)
            if left == 0:
                return True
            time.sleep(_POLL_SECONDS * 2)
    except KeyboardInterrupt:
        return False


@click.command("worker")
@click.option(
    "--workers", "-w", type=click.IntRange(min=1), default=None, help="Workers (default: one per core)."
)
@click.option(
    "--worker-type",
    type=click.Choice(WORKER_TYPES),
    default="process",
    show_default=True,
    help="Processes use every core; threads share one process.",
)
@pass_context
def worker_command(ctx: CliContext, workers: int | None, worker_type: str) -> None:
    """Read queued card scans until stopped (Ctrl-C finishes the cards being read, then stops)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = ctx.settings
    queue = ReadingQueue(settings)
    recovery = queue.recover(make_session_factory(ctx.engine))
    mode = "redis" if settings.redis_url else f"embedded ({settings.instance_path / 'queue.db'})"
    count = worker_count(settings, workers)
    click.echo(
        f"worker: {count} worker {worker_type}(s) on the {mode} queue; "
        f"{len(recovery.released)} scan(s) taken back from stopped workers, "
        f"{len(recovery.queued)} queued again",
        err=True,
    )
    ctx.engine.dispose()
    queue.consumer(workers=count, worker_type=worker_type, periodic=True).run()
