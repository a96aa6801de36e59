"""A live server for the browser tests: the app on an ephemeral loopback port, a reader thread, Chromium."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright
from werkzeug.serving import make_server

from handover.app import create_app
from handover.cli.serve import start_embedded_reader
from handover.config import Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@dataclass(frozen=True)
class LiveServer:
    """Where the app answers, and its settings."""

    url: str
    settings: Settings


@pytest.fixture
def live_server(database_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    """The web app served by a thread on 127.0.0.1, with the embedded card reader running."""
    settings = Settings(
        instance_path=tmp_path / "instance", database_url=database_url, secret_key="browser-test"
    )
    app = create_app(settings)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    reader = start_embedded_reader(settings)
    yield LiveServer(f"http://127.0.0.1:{server.server_port}", settings)
    reader.stop(graceful=True)
    server.shutdown()
    thread.join(timeout=10)
    app.extensions["handover"].engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright (no browser download, ever)."""
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def screenshot_dir(backend: str) -> Path:
    """Where this run's screenshots go (git-ignored), one folder per database backend."""
    folder = SCREENSHOTS / backend
    folder.mkdir(parents=True, exist_ok=True)
    return folder
