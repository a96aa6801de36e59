"""`handover serve` as deployed: several processes on one port, stopped cleanly by SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def test_serve_answers_from_two_processes_and_stops_with_them(cli_env: dict[str, str]) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "handover"), "serve", "--port", str(port), "--processes", "2"],
        env={**os.environ, **cli_env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        answer = None
        while answer is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                    answer = json.load(response)
            except OSError:
                time.sleep(0.2)
        assert answer == {"status": "ok"}
        workers = _children(server.pid)
        assert len(workers) == 2
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=30)
    assert f"serving on http://127.0.0.1:{port}" in output
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
