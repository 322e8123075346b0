import json
import threading
from pathlib import Path

import httpx
import pytest

from app.connectors.auth import StaticToken
from app.connectors.base import RowKey, WriteOutcome
from app.connectors.fno import FnoConnector
from app.connectors.odata import ODataError
from app.connectors.schema import FNO_ENTITIES
from app.simulators.launch import RunningSimulator

SEED = Path(__file__).resolve().parents[3] / "seed" / "fno"
US_2 = RowKey("usmf", {"CustomerAccount": "US-000002"})


def seed_rows(entity_set: str) -> list[dict]:
    return json.loads((SEED / f"{entity_set}.json").read_text())["value"]


def pull_all(connector: FnoConnector, entity_set: str):
    pages, state = connector.pull(entity_set, None)
    pages = list(pages)
    return [row for page in pages for row in page.rows], pages, state


@pytest.mark.parametrize("entity_set", sorted(path.stem for path in SEED.glob("*.json")))
def test_pull_reads_every_seed_row_of_every_company(fno_connector: FnoConnector, entity_set: str):
    rows, _, state = pull_all(fno_connector, entity_set)
    seeded = seed_rows(entity_set)
    assert len(rows) == len(seeded)
    assert state.token is None and state.complete
    assert all(row["@odata.etag"] for row in rows)
    keys = FNO_ENTITIES[entity_set].keys
    assert {tuple(row[key] for key in keys) for row in rows} == {
        tuple(row[key] for key in keys) for row in seeded
    }


def test_pull_pages_and_keeps_the_rows_as_served(fno_connector: FnoConnector):
    rows, pages, _ = pull_all(fno_connector, "CustomersV3")
    assert len(pages) > 1
    seeded = {row["CustomerAccount"]: row for row in seed_rows("CustomersV3")}
    for row in rows:
        assert {name: value for name, value in row.items() if name != "@odata.etag"} == seeded[
            row["CustomerAccount"]
        ]


def test_pull_of_chosen_companies_is_not_complete(fno_simulator: RunningSimulator):
    connector = FnoConnector(fno_simulator.url, StaticToken(fno_simulator.token), companies=["DEMF"])
    rows, _, state = pull_all(connector, "CustomersV3")
    assert rows and {row["dataAreaId"] for row in rows} == {"demf"}
    assert not state.complete  # the rows of other companies were not read: they are not deleted
    connector.close()


def test_read_by_key(fno_connector: FnoConnector):
    assert fno_connector.read("CustomersV3", US_2)["PersonFirstName"] == "Stacy"
    assert fno_connector.read("CustomersV3", RowKey("demf", {"CustomerAccount": "US-000002"})) is None
    contact = fno_connector.read("CDSContactPersonsV2", RowKey("usmf", {"ContactPersonId": "CP-000002"}))
    assert contact["LastName"] == "George"  # found by a filter: ContactPersonId is not the entity key
    line = fno_connector.read("PaymentDayLinesCdsV2", RowKey("usmf", {"Name": "Fri", "LineNumber": "1"}))
    assert line["DayOfWeek"] == "Friday"
    assert fno_connector.read("NameAffixes", RowKey(None, {"Type": "PersonalPrefix", "Affix": "Mr."}))


def test_write_creates_then_updates(fno_connector: FnoConnector, fno_simulator: RunningSimulator):
    row = {
        "dataAreaId": "usmf",
        "CustomerAccount": "US-HUB-1",
        "PartyType": "Organization",
        "OrganizationName": "Hub Co",
        "CustomerGroupId": "10",
        "SalesCurrencyCode": "USD",
    }
    created = fno_connector.write("CustomersV3", row)
    assert created.outcome == WriteOutcome.CREATED and created.status_code == 201
    assert created.etag and created.row["OrganizationName"] == "Hub Co"

    updated = fno_connector.write("CustomersV3", {**row, "OrganizationName": "Hub Co Ltd"}, etag=created.etag)
    assert updated.outcome == WriteOutcome.UPDATED
    assert updated.etag != created.etag and updated.row["OrganizationName"] == "Hub Co Ltd"
    stored = fno_simulator.store.get("CustomersV3", {"dataAreaId": "usmf", "CustomerAccount": "US-HUB-1"})
    assert stored["OrganizationName"] == "Hub Co Ltd"


def test_a_stale_etag_is_a_conflict_never_an_overwrite(fno_connector: FnoConnector, fno_simulator):
    row = fno_connector.read("CustomersV3", US_2)
    fno_simulator.store.update(
        "CustomersV3",
        {"dataAreaId": "usmf", "CustomerAccount": "US-000002"},
        {"PersonLastName": "Elsewhere"},
        None,
    )
    result = fno_connector.write("CustomersV3", {**row, "PersonLastName": "Hub"}, etag=row["@odata.etag"])
    assert result.outcome == WriteOutcome.CONFLICT and result.status_code == 412
    assert fno_connector.read("CustomersV3", US_2)["PersonLastName"] == "Elsewhere"
    assert fno_connector.write("CustomersV3", row, create_only=True).outcome == WriteOutcome.CONFLICT


def test_a_refused_write_fails_with_the_systems_text(fno_connector: FnoConnector):
    result = fno_connector.write("CustomersV3", {"dataAreaId": "usmf", "OrganizationName": "No account"})
    assert result.outcome == WriteOutcome.FAILED and result.status_code == 400
    assert "CustomerAccount" in result.error


def test_throttling_is_retried_after_retry_after(fno_simulator: RunningSimulator):
    waits: list[float] = []
    connector = FnoConnector(fno_simulator.url, StaticToken(fno_simulator.token), sleep=waits.append)
    fno_simulator.faults.fail_next(3, status=429, retry_after=2)
    assert connector.read("CustomersV3", US_2)["PersonFirstName"] == "Stacy"
    assert waits == [2, 2, 2]
    fno_simulator.faults.fail_next(2, status=503)
    rows, _, _ = pull_all(connector, "CustomerGroups")
    assert len(rows) == len(seed_rows("CustomerGroups"))
    assert waits[3:] == [0.5, 1.0]  # no Retry-After: exponential backoff
    connector.close()


def test_retries_are_bounded(fno_simulator: RunningSimulator):
    connector = FnoConnector(
        fno_simulator.url, StaticToken(fno_simulator.token), max_attempts=3, sleep=lambda _: None
    )
    fno_simulator.faults.fail_next(10, status=503)
    with pytest.raises(ODataError) as raised:
        pull_all(connector, "CustomersV3")
    assert raised.value.status_code == 503
    result = connector.write("CustomersV3", {"dataAreaId": "usmf", "CustomerAccount": "US-000002"})
    assert result.outcome == WriteOutcome.FAILED and result.status_code == 503
    assert fno_simulator.stats.faults_served == 6
    connector.close()


def test_concurrency_per_system_is_bounded(fno_simulator: RunningSimulator):
    connector = FnoConnector(fno_simulator.url, StaticToken(fno_simulator.token), max_concurrency=2)
    fno_simulator.faults.delay = 0.05
    threads = [threading.Thread(target=connector.read, args=("CustomersV3", US_2)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert fno_simulator.stats.requests == 8
    assert fno_simulator.stats.max_in_flight <= 2
    connector.close()


def test_a_wrong_token_is_refused(fno_simulator: RunningSimulator):
    connector = FnoConnector(fno_simulator.url, StaticToken("wrong"))
    with pytest.raises(ODataError) as raised:
        connector.read("CustomersV3", US_2)
    assert raised.value.status_code == 401
    connector.close()


def test_an_unreachable_system_is_retried_for_reads_only(fno_simulator: RunningSimulator):
    waits: list[float] = []
    connector = FnoConnector(
        fno_simulator.url, StaticToken(fno_simulator.token), max_attempts=3, sleep=waits.append
    )
    fno_simulator.stop()
    with pytest.raises(httpx.TransportError):
        connector.read("CustomersV3", US_2)
    assert waits == [0.5, 1.0]
    with pytest.raises(httpx.TransportError):
        connector.write("CustomersV3", {"dataAreaId": "usmf", "CustomerAccount": "US-000002"})
    assert waits == [0.5, 1.0]
    connector.close()
