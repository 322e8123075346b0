"""The `mdm` command as a user runs it: real processes against a fresh database."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import inspect

import models
from app.core.db import make_engine

MDM = [sys.executable, "-m", "app.cli"]
PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str], database_url: str, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "MDM_DATABASE_URL": database_url, "PYTHONPATH": str(PROJECT_ROOT), "COLUMNS": "200"}
    env.pop("MDM_API_KEYS", None)
    return subprocess.run(MDM + args, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_db_upgrade_creates_the_schema(scratch_database_url, tmp_path):
    result = _run(["db", "upgrade"], scratch_database_url, tmp_path)

    assert result.returncode == 0, result.stderr
    assert _tables(scratch_database_url) >= set(models.metadata.tables) | {"alembic_version"}
    downgraded = _run(["db", "downgrade", "base"], scratch_database_url, tmp_path)
    assert downgraded.returncode == 0, downgraded.stderr
    assert _tables(scratch_database_url) <= {"alembic_version"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get_once_listening(url: str, key: str, attempts: int = 100) -> httpx.Response:
    """GET with the key, retried while the freshly started server is not listening yet."""
    for _ in range(attempts - 1):
        try:
            return httpx.get(url, headers={"Authorization": f"Bearer {key}"}, timeout=5)
        except httpx.TransportError:
            time.sleep(0.2)
    return httpx.get(url, headers={"Authorization": f"Bearer {key}"}, timeout=5)


def test_serve_applies_migrations_and_answers_with_the_printed_admin_key(scratch_database_url, tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "MDM_DATABASE_URL": scratch_database_url,
        "PYTHONPATH": str(PROJECT_ROOT),
        "COLUMNS": "200",
    }
    env.pop("MDM_API_KEYS", None)
    process = subprocess.Popen(
        MDM + ["serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        key_line = process.stdout.readline() if process.stdout else ""
        match = re.search(r"admin key: (\S+)", key_line)
        assert match, key_line
        status = _get_once_listening(f"http://127.0.0.1:{port}/api/v1/status", match.group(1))
        assert status.status_code == 200
        assert status.json() == {"status": "ok", "pending": {"matching": 0, "outbox": 0}}
        assert httpx.get(f"http://127.0.0.1:{port}/api/v1/status").status_code == 401
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert _tables(scratch_database_url) >= set(models.metadata.tables)


def test_seed_load_twice_creates_then_changes_nothing(scratch_database_url, tmp_path):
    first = _run(["seed", "load"], scratch_database_url, tmp_path)
    second = _run(["seed", "load"], scratch_database_url, tmp_path)

    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    rows = [line.split("│") for line in second.stdout.splitlines() if "CustomersV3" in line]
    assert rows and rows[0][3].strip() == "0" and int(rows[0][5].strip()) > 0, second.stdout


def test_match_train_then_run_after_a_seed_load(scratch_database_url, tmp_path):
    assert _run(["seed", "load"], scratch_database_url, tmp_path).returncode == 0

    trained = _run(["match", "train"], scratch_database_url, tmp_path)
    run = _run(["match", "run"], scratch_database_url, tmp_path)

    assert trained.returncode == 0, trained.stderr
    assert "Model version trained-" in trained.stdout and "is active" in trained.stdout
    assert run.returncode == 0, run.stderr
    assert "golden records (model trained-" in run.stdout


def test_golden_rebuild_reports_what_it_recomputed(scratch_database_url, tmp_path):
    result = _run(["golden", "rebuild"], scratch_database_url, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "0 golden records recomputed with rules survivorship-" in result.stdout


def test_golden_rebuild_refuses_an_invalid_rules_file(scratch_database_url, tmp_path):
    rules = tmp_path / "rules.json"
    rules.write_text('{"version": "x", "default": {"criteria": ["loudest"]}}')
    env_database = scratch_database_url
    result = subprocess.run(
        [*MDM, "golden", "rebuild"],
        env={
            **os.environ,
            "MDM_DATABASE_URL": env_database,
            "MDM_SURVIVORSHIP_RULES_FILE": str(rules),
            "PYTHONPATH": str(PROJECT_ROOT),
            "COLUMNS": "200",
        },
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "Invalid survivorship rules" in result.stdout and "loudest" in result.stdout


def _run_against_simulators(
    args: list[str], database_url: str, cwd: Path
) -> tuple[subprocess.CompletedProcess, Any]:
    """Run `mdm` with both systems simulated: reference data on both sides, one person customer in F&O."""
    from app.simulators.dataverse_store import DataverseStore
    from app.simulators.fno_store import FnoStore
    from app.simulators.launch import start_dataverse_simulator, start_fno_simulator
    from tests.factories import dataverse_reference_rows, fno_person, fno_reference_rows

    fno_store, dataverse_store = FnoStore(), DataverseStore()
    for entity_set, rows in fno_reference_rows():
        fno_store.load(entity_set, rows)
    for entity_set, rows in dataverse_reference_rows():
        dataverse_store.load(entity_set, rows)
    fno_store.load("CustomersV3", [fno_person()])
    fno, dataverse = start_fno_simulator(fno_store), start_dataverse_simulator(dataverse_store)
    env = {
        **os.environ,
        "MDM_DATABASE_URL": database_url,
        "PYTHONPATH": str(PROJECT_ROOT),
        "COLUMNS": "200",
        "MDM_FNO_URL": fno.url,
        "MDM_FNO_TOKEN": fno.token,
        "MDM_DATAVERSE_URL": dataverse.url,
        "MDM_DATAVERSE_TOKEN": dataverse.token,
    }
    try:
        result = subprocess.run(MDM + args, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    finally:
        fno.stop()
        dataverse.stop()
    return result, dataverse_store


def _created_contact(dataverse_store: Any) -> dict | None:
    found = [row for row in dataverse_store.rows("contacts") if row.get("msdyn_contactpersonid") == "US-002"]
    return found[0] if found else None


def test_sync_once_pulls_both_systems_and_publishes_back(scratch_database_url, tmp_path):
    result, dataverse_store = _run_against_simulators(["sync", "--once"], scratch_database_url, tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 created" in result.stdout and "1 sent" in result.stdout, result.stdout
    created = _created_contact(dataverse_store)
    assert created is not None and created["msdyn_sellable"] is True


def test_the_worker_polls_both_systems_and_delivers_the_writes(scratch_database_url, tmp_path):
    result, dataverse_store = _run_against_simulators(
        ["worker", "--until-idle"], scratch_database_url, tmp_path
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Syncing dataverse, fno every 2 s" in result.stdout, result.stdout
    assert _created_contact(dataverse_store) is not None


def test_sync_without_system_urls_says_what_to_set(scratch_database_url, tmp_path):
    result = _run(["sync", "--once"], scratch_database_url, tmp_path)
    assert result.returncode == 2
    assert "MDM_FNO_URL" in result.stdout


def test_demo_prints_its_summary_and_serves_the_synced_hub(tmp_path):
    if os.environ.get("MDM_TEST_DATABASE_URL"):
        pytest.skip("the demo runs on its own embedded SQLite store; the SQLite pass covers it")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "COLUMNS": "200"}
    args = ["demo", "--port", str(port), "--fno-port", "0", "--dataverse-port", "0"]
    process = subprocess.Popen(
        MDM + args, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: list[str] = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if "Serving the hub" in line:
                break
        output = "".join(lines)
        key = re.search(r"Admin key: (\S+)", output)
        assert key, output
        assert re.search(r"golden records\s+│\s+\d+", output) and "writes published back" in output, output
        response = _get_once_listening(
            f"http://127.0.0.1:{port}/api/v1/golden-records?name=Griffin", key.group(1)
        )
        assert response.status_code == 200
        assert response.json()["count"] >= 1
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert (tmp_path / "mdm-demo.db").exists()
