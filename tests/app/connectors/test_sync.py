"""The dual-write round trip through the real connectors and both simulators: pull, match, publish back,
echoes, conflicts, deletions, throttling."""

import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import Engine, func
from sqlmodel import select

from app.connectors import planner, publisher, sync
from app.connectors import service as connector_service
from app.connectors.auth import StaticToken
from app.connectors.dataverse import DataverseConnector
from app.connectors.fno import FnoConnector
from app.core.db import session_scope
from app.golden import repository as golden_repository
from app.simulators.dataverse_store import DataverseStore
from app.simulators.fno_store import FnoStore
from app.simulators.launch import RunningSimulator, start_dataverse_simulator, start_fno_simulator
from models import GoldenRecord, GoldenRecordVersion, OutboundWrite, SourceRecord, SyncState
from tests.factories import (
    dataverse_account,
    dataverse_reference_rows,
    fno_organization,
    fno_person,
    fno_reference_rows,
)

EVERYWHERE = planner.PublishPolicy(create="*")
US_001 = {"dataAreaId": "usmf", "CustomerAccount": "US-001"}


@dataclass
class Systems:
    fno: RunningSimulator
    dataverse: RunningSimulator
    connectors: dict

    def sync(self, engine: Engine) -> connector_service.SyncSummary:
        return connector_service.sync_once(engine, self.connectors, EVERYWHERE)

    def fno_row(self, key: dict = US_001) -> dict:
        return self.fno.store.get("CustomersV3", key)

    def dataverse_row(self, entity_set: str, field: str, value: str) -> dict | None:
        return next((row for row in self.dataverse.store.rows(entity_set) if row.get(field) == value), None)

    def company_guid(self, code: str) -> str:
        return self.dataverse_row("cdm_companies", "cdm_companycode", code)["cdm_companyid"]

    def edit_in_dataverse(self, account_number: str, changes: dict) -> None:
        """A user's edit in Dataverse, through its Web API."""
        row = self.dataverse_row("accounts", "accountnumber", account_number)
        response = httpx.patch(
            f"{self.dataverse.url}/api/data/v9.2/accounts({row['accountid']})",
            json=changes,
            headers={"Authorization": f"Bearer {self.dataverse.token}"},
        )
        assert response.status_code == 204, response.text


@pytest.fixture
def systems(engine) -> Iterator[Systems]:
    fno_store, dataverse_store = FnoStore(), DataverseStore()
    for entity_set, rows in fno_reference_rows():
        fno_store.load(entity_set, rows)
    for entity_set, rows in dataverse_reference_rows():
        dataverse_store.load(entity_set, rows)
    fno_store.load("CustomersV3", [fno_organization(), fno_person()])
    dataverse_store.load("accounts", [dataverse_account()])
    fno, dataverse = start_fno_simulator(fno_store), start_dataverse_simulator(dataverse_store)
    connectors = {
        "fno": FnoConnector(fno.url, StaticToken(fno.token), backoff=0.01),
        "dataverse": DataverseConnector(dataverse.url, StaticToken(dataverse.token), backoff=0.01),
    }
    yield Systems(fno, dataverse, connectors)
    for connector in connectors.values():
        connector.close()
    fno.stop()
    dataverse.stop()


def _count(engine: Engine, model, *where) -> int:
    with session_scope(engine, write=False) as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


def test_one_round_matches_across_systems_and_writes_the_merged_record_back(engine, systems):
    summary = systems.sync(engine)

    assert not summary.pulled.errors
    assert _count(engine, GoldenRecord, GoldenRecord.status == "active") == 2  # Contoso (both sides), Ann
    # Contoso's contact channels survive from Dataverse, its credit terms from F&O; each side gets the other's
    assert systems.fno_row()["PrimaryContactPhone"] == "(425) 555-0100"
    account = systems.dataverse_row("accounts", "accountnumber", "ACC-001")
    assert account["creditlimit"] == 50000
    assert account["msdyn_creditlimitismandatory"] is True
    # Ann exists only in F&O: she is created in Dataverse as a sellable contact
    ann = systems.dataverse_row("contacts", "msdyn_contactpersonid", "US-002")
    assert ann is not None and ann["msdyn_sellable"] is True and ann["lastname"] == "Lee"
    assert summary.sent >= 3 and summary.failed == 0


def test_the_hubs_own_writes_coming_back_are_echoes_not_changes(engine, systems):
    systems.sync(engine)
    again = systems.sync(engine)

    assert again.pulled.statuses["echo"] == 3  # Contoso on both sides, and the contact created for Ann
    assert again.sent == 0  # nothing bounces back and forth
    assert _count(engine, OutboundWrite, OutboundWrite.status == "echoed") == 3
    # the contact the hub created joined Ann's golden record instead of becoming a second one
    assert _count(engine, GoldenRecord, GoldenRecord.status == "active") == 2
    versions = _count(engine, GoldenRecordVersion)
    quiet = systems.sync(engine)
    assert quiet.sent == quiet.planned == 0
    assert quiet.pulled.statuses["unchanged"] == sum(quiet.pulled.rows.values())
    assert _count(engine, GoldenRecordVersion) == versions


def test_a_change_in_dataverse_reaches_fno(engine, systems):
    systems.sync(engine)
    systems.sync(engine)

    systems.edit_in_dataverse("ACC-001", {"telephone1": "(425) 555-0199"})
    systems.sync(engine)

    assert systems.fno_row()["PrimaryContactPhone"] == "(425) 555-0199"


def test_a_row_changed_in_fno_after_the_hub_read_it_is_not_overwritten(engine, systems):
    systems.sync(engine)
    systems.sync(engine)
    # one pull sees the Dataverse edit; before the hub writes it to F&O, someone edits the same row there
    systems.edit_in_dataverse("ACC-001", {"telephone1": "(425) 555-0123"})
    sync.pull_all(engine, systems.connectors)
    systems.fno.store.update("CustomersV3", US_001, {"CreditLimit": 60000}, None)
    planner.plan_pending(engine, EVERYWHERE)
    publisher.deliver_pending(engine, systems.connectors)

    with session_scope(engine, write=False) as session:
        conflict = session.exec(select(OutboundWrite).where(OutboundWrite.status == "conflict")).one()
        assert conflict.system == "fno" and conflict.last_status_code == 412
        assert "re-ingested" in conflict.reason
        record = session.exec(select(SourceRecord).where(SourceRecord.key == "US-001")).one()
        assert record.credit_limit == 60000  # the hub took the F&O edit in
    assert systems.fno_row()["CreditLimit"] == 60000  # and did not overwrite it
    assert systems.fno_row()["PrimaryContactPhone"] == "(425) 555-0100"

    systems.sync(engine)  # the recomputed golden goes out, with the row's new ETag
    assert systems.fno_row()["PrimaryContactPhone"] == "(425) 555-0123"
    assert systems.fno_row()["CreditLimit"] == 60000
    assert systems.dataverse_row("accounts", "accountnumber", "ACC-001")["creditlimit"] == 60000


def test_a_row_deleted_in_a_system_is_marked_deleted_and_its_golden_recomputed(engine, systems):
    systems.sync(engine)
    systems.sync(engine)
    account = systems.dataverse_row("accounts", "accountnumber", "ACC-001")
    systems.dataverse.store.delete("accounts", account["accountid"])

    summary = systems.sync(engine)

    assert summary.pulled.statuses["deleted"] == 1
    with session_scope(engine, write=False) as session:
        record = session.exec(select(SourceRecord).where(SourceRecord.key == "ACC-001")).one()
        assert record.deleted_at is not None
        golden = session.exec(
            select(GoldenRecord).where(GoldenRecord.display_name.like("Contoso%"))  # type: ignore[attr-defined]
        ).one()
        assert golden.lineage["organization_name"]["system"] == "fno"


def test_a_row_gone_from_fno_is_found_by_the_full_compare(engine, systems):
    systems.sync(engine)
    systems.fno.store.delete("CustomersV3", {"dataAreaId": "usmf", "CustomerAccount": "US-002"}, None)

    summary = systems.sync(engine)

    assert summary.pulled.statuses["deleted"] == 1


def test_a_429_storm_is_waited_out_and_everything_arrives(engine, systems):
    systems.dataverse.faults.fail_next(12, status=429, retry_after=0.05)
    systems.fno.faults.fail_next(3, status=503, retry_after=0.05)
    started = time.monotonic()

    first = systems.sync(engine)  # a request refused six times in a row gives up until the next round
    second = systems.sync(engine)

    assert time.monotonic() - started >= 0.05 * 15  # every Retry-After waited out
    assert first.failed == second.failed == 0 and not second.pulled.errors
    assert systems.dataverse_row("contacts", "msdyn_contactpersonid", "US-002") is not None
    assert systems.fno_row()["PrimaryContactPhone"] == "(425) 555-0100"
    assert _count(engine, GoldenRecord, GoldenRecord.status == "active") == 2


def test_a_duplicate_created_in_dataverse_ends_as_one_golden_published_to_both(engine, systems):
    systems.sync(engine)
    systems.sync(engine)
    goldens = _count(engine, GoldenRecord, GoldenRecord.status == "active")
    response = httpx.patch(
        f"{systems.dataverse.url}/api/data/v9.2/accounts(accountnumber='ACC-777',"
        f"_msdyn_company_value={systems.company_guid('usmf')})",
        json={
            "name": "Contoso Ltd.",
            "customertypecode": 3,
            "emailaddress1": "sales@contoso.com",
            "telephone1": "+1 425 555 0100",
            "address1_line1": "1 Microsoft Way",
            "address1_city": "Redmond",
            "msdyn_customergroupid@odata.bind": f"/msdyn_customergroups(msdyn_groupid='10',"
            f"_msdyn_company_value={systems.company_guid('usmf')})",
        },
        headers={"Authorization": f"Bearer {systems.dataverse.token}"},
    )
    assert response.status_code in (201, 204), response.text

    systems.sync(engine)
    systems.sync(engine)

    assert _count(engine, GoldenRecord, GoldenRecord.status == "active") == goldens
    with session_scope(engine, write=False) as session:
        duplicate = session.exec(select(SourceRecord).where(SourceRecord.key == "ACC-777")).one()
        original = session.exec(select(SourceRecord).where(SourceRecord.key == "US-001")).one()
        links = golden_repository.golden_ids_for_sources(session, [duplicate.id, original.id])
        assert links[duplicate.id] == links[original.id]
    # the golden record's surviving values went to the new row too, and no F&O twin was created for it
    assert systems.dataverse_row("accounts", "accountnumber", "ACC-777")["creditlimit"] == 50000
    assert systems.fno.store.get("CustomersV3", {"dataAreaId": "usmf", "CustomerAccount": "ACC-777"}) is None


def test_ten_rounds_without_source_changes_write_nothing(engine, systems):
    systems.sync(engine)
    systems.sync(engine)
    writes = _count(engine, OutboundWrite)
    versions = _count(engine, GoldenRecordVersion)

    rounds = [systems.sync(engine) for _ in range(10)]

    assert sum(summary.sent + summary.planned for summary in rounds) == 0
    assert (_count(engine, OutboundWrite), _count(engine, GoldenRecordVersion)) == (writes, versions)


def test_a_deletion_reported_by_guid_alone_is_found_through_the_stored_row(engine, systems):
    systems.sync(engine)
    systems.sync(engine)
    account = systems.dataverse_row("accounts", "accountnumber", "ACC-001")
    systems.dataverse.store.delete("accounts", account["accountid"])
    # a restarted hub: its new connector never read the row, so the deletion names only its GUID
    systems.connectors["dataverse"].close()
    systems.connectors["dataverse"] = DataverseConnector(
        systems.dataverse.url, StaticToken(systems.dataverse.token), backoff=0.01
    )

    summary = systems.sync(engine)

    assert summary.pulled.statuses["deleted"] == 1


def test_a_refused_delta_link_starts_over_with_a_full_read(engine, systems):
    systems.sync(engine)
    systems.sync(engine)  # from here on, a valid delta link would bring no accounts
    with session_scope(engine) as session:
        state = session.get(SyncState, ("dataverse", "accounts"))
        state.token = state.token.split("$deltatoken=")[0] + "$deltatoken=expired"
        session.add(state)

    summary = systems.sync(engine)

    assert not summary.pulled.errors
    assert summary.pulled.rows["dataverse/accounts"] == 1  # ACC-001 read again
    assert summary.sent == 0
