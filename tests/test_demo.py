"""`mdm demo`: the seeded simulators synced into a fresh hub store, and kept in step by the worker."""

import os
import time

import httpx
import pytest

from app import demo

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("MDM_TEST_DATABASE_URL")),
    reason="the demo runs on its own embedded SQLite store; the SQLite pass covers it",
)


@pytest.fixture(scope="module")
def tour(tmp_path_factory: pytest.TempPathFactory):
    running = demo.prepare(tmp_path_factory.mktemp("demo") / "demo.db")
    yield running
    running.stop()


def test_the_initial_sync_links_duplicates_and_publishes_back(tour):
    summary = tour.summary
    assert summary is not None and not summary.pull_errors
    assert (
        summary.rows["fno CustomersV3"] > 294 and summary.rows["dataverse accounts"] > 180
    )  # seed + creates
    assert summary.duplicates_linked > 100
    assert summary.goldens < sum(summary.rows.values())
    assert summary.writes_published > 100


def test_a_change_in_dataverse_reaches_fno_within_seconds(tour):
    tour.start_worker()
    fno_rows = {row["CustomerAccount"]: row for row in tour.fno.store.rows("CustomersV3")}
    account = next(
        row
        for row in tour.dataverse.store.rows("accounts")
        if row["accountnumber"] in fno_rows and row.get("telephone1")
    )
    response = httpx.patch(
        f"{tour.dataverse.url}/api/data/v9.2/accounts({account['accountid']})",
        json={"telephone1": "+1 206 555 0999"},
        headers={"Authorization": f"Bearer {tour.dataverse.token}"},
    )
    assert response.status_code == 204

    deadline = time.monotonic() + 30
    key = {
        "dataAreaId": fno_rows[account["accountnumber"]]["dataAreaId"],
        "CustomerAccount": account["accountnumber"],
    }
    while time.monotonic() < deadline:
        if tour.fno.store.get("CustomersV3", key)["PrimaryContactPhone"] == "+1 206 555 0999":
            break
        time.sleep(0.5)
    assert tour.fno.store.get("CustomersV3", key)["PrimaryContactPhone"] == "+1 206 555 0999"
