"""Browser tests of the steward console: Debian's Chromium driven by Playwright against a real `mdm serve`
on a fresh store (SQLite, or a fresh PostgreSQL database beside MDM_TEST_DATABASE_URL) loaded with the seed.

One browser and one hub per module. They skip, saying why, where Playwright or Chromium is missing
(`.ci/run` installs both). Screenshots of every page go to MDM_TEST_ARTIFACTS (or pytest's temporary
folder); the summary at the end of the run says where.
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.core import migrations
from app.core.db import make_engine, normalise_database_url
from seed.load import SEED_DIRECTORY, load_seed
from tests.console.browser import CHROMIUM, CHROMIUM_ARGS, KEYS

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_KEY = pytest.StashKey[Path]()


def pytest_terminal_summary(terminalreporter, config) -> None:
    folder = config.stash.get(ARTIFACTS_KEY, None)
    if folder is not None and any(folder.iterdir()):
        terminalreporter.write_line(f"console screenshots: {folder}")


@pytest.fixture(scope="session")
def artifacts(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    configured = os.environ.get("MDM_TEST_ARTIFACTS")
    folder = Path(configured) / "console" if configured else tmp_path_factory.mktemp("console-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    request.config.stash[ARTIFACTS_KEY] = folder
    return folder


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        pytest.skip(f"no browser: {CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def hub_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh store for this module's hub, on the backend the suite runs on."""
    configured = os.environ.get("MDM_TEST_DATABASE_URL")
    if not configured:
        yield f"sqlite:///{tmp_path_factory.mktemp('console-hub') / 'hub.db'}"
        return
    server = make_url(normalise_database_url(configured))
    name = f"mdm_console_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # the suite's own database tests skip with the same reason
        pytest.skip(f"PostgreSQL is not reachable for the console hub ({type(error).__name__})")
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass
class Hub:
    url: str
    log: Path

    def api(self, role: str) -> httpx.Client:
        return httpx.Client(
            base_url=f"{self.url}/api/v1", headers={"Authorization": f"Bearer {KEYS[role]}"}, timeout=30
        )

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture(scope="module")
def hub(hub_database: str, browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    """`mdm serve` on the seeded store, with an admin, a steward and a reader key."""
    migrations.upgrade(hub_database)
    engine = make_engine(hub_database)
    load_seed(engine, SEED_DIRECTORY)
    engine.dispose()
    port = _free_port()
    folder = tmp_path_factory.mktemp("console-hub-log")
    log_path = folder / "hub.log"
    env = {
        **os.environ,
        "MDM_DATABASE_URL": hub_database,
        "MDM_API_KEYS": ",".join(f"{key}:{role}:{role}-user" for role, key in KEYS.items()),
        "MDM_BACKGROUND_MATCHING": "false",
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
            env=env,
            cwd=folder,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        running = Hub(f"http://127.0.0.1:{port}", log_path)
        try:
            _wait_until_serving(running, process)
            yield running
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_until_serving(hub: Hub, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"mdm serve exited: {hub.log_text()[-2000:]}")
        try:
            if httpx.get(f"{hub.url}/console/sign-in", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"mdm serve did not answer in 60 s: {hub.log_text()[-2000:]}")
