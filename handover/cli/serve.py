"""`handover serve`: the web app on waitress, one process per core sharing one listening socket."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import threading
import time

import click
from huey.consumer import Consumer

from handover.cli.context import CliContext, pass_context
from handover.config import Settings


def start_embedded_reader(settings: Settings) -> Consumer:
    """Without Redis, read uploaded cards in this process: one reader thread beside the web threads."""
    from handover.tasks import ReadingQueue, session_factory

    queue = ReadingQueue(settings)
    queue.recover(session_factory(settings))
    # Threads, not processes: the web server's open connections must not be forked. Huey takes
    # over SIGINT/SIGTERM when it starts; they go back to the server so that Ctrl+C stops it.
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    consumer = queue.consumer(workers=1, worker_type="thread")
    consumer.start()
    for sig, handler in previous.items():
        signal.signal(sig, handler)
    return consumer


def _serve_app(settings: Settings, sock: socket.socket, threads: int) -> None:
    from waitress import serve  # type: ignore[import-untyped]  # only these commands need it

    from handover.app import create_app

    serve(create_app(settings), sockets=[sock], threads=threads, ident="handover")


def run_server(ctx: CliContext, *, host: str, port: int, threads: int, processes: int = 1) -> None:
    """Serve the app until interrupted (the demo uses this too)."""
    settings = ctx.settings
    sock = socket.create_server((host, port), backlog=1024)
    # The engine of the command itself must not travel into forked servers.
    ctx.close()
    click.echo(f"handover: serving on http://{host}:{port}  ({processes} process(es); Ctrl+C to stop)")
    if processes == 1:
        if settings.embedded:
            start_embedded_reader(settings)
        _serve_app(settings, sock, threads)
        return
    # Python runs one thread at a time per process: one server process per core uses them all.
    # They are forked before any thread starts, and the kernel hands each connection to one of them.
    signal.signal(signal.SIGTERM, _interrupt)
    parent = os.getpid()
    children = []
    for _ in range(processes):
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
            try:
                _serve_app(settings, sock, threads)
            finally:
                os._exit(0)
        children.append(pid)
    reader = None
    try:
        if settings.embedded:
            reader = start_embedded_reader(settings)
        for pid in children:
            os.waitpid(pid, 0)
    except KeyboardInterrupt:
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for pid in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
    finally:
        if reader is not None:
            reader.stop(graceful=False)
        sys.stdout.flush()


def _exit_with_parent(parent: int) -> None:
    # A server process whose parent died (killed with SIGKILL, say) must not keep the port.
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def _interrupt(_signum: int, _frame: object) -> None:
    # A stopped parent takes its server processes with it (systemd and the benchmark send SIGTERM).
    raise KeyboardInterrupt


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Port.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Threads each.")
@click.option(
    "--processes",
    default=os.cpu_count() or 1,
    show_default="one per core",
    type=click.IntRange(1, 64),
    help="Server processes sharing the port.",
)
@pass_context
def serve_command(ctx: CliContext, host: str, port: int, threads: int, processes: int) -> None:
    """Serve the web app (HANDOVER_DATABASE_URL; put a TLS proxy in front and set HANDOVER_BEHIND_TLS=1)."""
    run_server(ctx, host=host, port=port, threads=threads, processes=processes)
