"""The change feed: every golden change is an event written in the change's own transaction, read
oldest first through opaque cursors without gaps or duplicates."""

import pytest
from sqlmodel import select

from app.core.db import session_scope
from app.ingest import service as ingest_service
from models import OutboxEvent
from tests.factories import (
    dataverse_account,
    fno_organization,
    fno_other_organization,
    ingest,
    load_reference_data,
)


def _feed(client, **params):
    response = client.get("/api/v1/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _all_events(client, **params) -> list[dict]:
    events, cursor = [], None
    while True:
        page = _feed(client, after=cursor, limit=2, **params) if cursor else _feed(client, limit=2, **params)
        if not page["data"]:
            return events
        events.extend(page["data"])
        cursor = page["next"]


def test_golden_changes_are_events_with_the_full_record(connector):
    load_reference_data(connector)
    [fno] = ingest(connector, "fno", "CustomersV3", [fno_organization()])
    ingest(connector, "dataverse", "accounts", [dataverse_account()])
    ingest(connector, "fno", "CustomersV3", [fno_organization(CreditLimit=75000)])

    created, matched, updated = _all_events(connector)

    assert (created["type"], created["golden_id"], created["version"]) == (
        "golden.created",
        fno["golden_id"],
        1,
    )
    assert created["company"] == "usmf"
    assert created["record"]["attributes"]["organization_name"] == "Contoso Ltd"
    assert (matched["type"], matched["version"], matched["reason"]) == ("golden.updated", 2, "match")
    assert {s["system"] for s in matched["record"]["sources"]} == {"fno", "dataverse"}
    assert updated["changed_attributes"] == ["credit_limit"]
    assert updated["record"]["attributes"]["credit_limit"] == 75000
    assert len({event["id"] for event in (created, matched, updated)}) == 3
    assert all(event["occurred_at"] for event in (created, matched, updated))


def test_cursors_walk_the_feed_without_gaps_or_duplicates(connector):
    load_reference_data(connector)
    ingest(connector, "fno", "CustomersV3", [fno_organization(), fno_other_organization()])
    first = _all_events(connector)
    ingest(connector, "fno", "CustomersV3", [fno_organization(CreditLimit=1)])

    everything = _feed(connector, limit=1000)
    assert [e["id"] for e in everything["data"][: len(first)]] == [e["id"] for e in first]
    assert len(everything["data"]) == len(first) + 1
    newest = _feed(connector, after=everything["next"])
    assert newest == {"data": [], "next": everything["next"]}, "nothing new: the same cursor back"


def test_the_feed_filters_by_type_and_company(connector):
    load_reference_data(connector)
    load_reference_data(connector, "demf")
    ingest(connector, "fno", "CustomersV3", [fno_organization()])
    ingest(
        connector, "fno", "CustomersV3", [fno_other_organization(dataAreaId="demf", CustomerAccount="DE-1")]
    )
    ingest(connector, "fno", "CustomersV3", [fno_organization(CreditLimit=1)])

    assert [e["type"] for e in _all_events(connector, type="golden.updated")] == ["golden.updated"]
    assert [e["company"] for e in _all_events(connector, company="DEMF")] == ["demf"]


def test_a_bad_cursor_is_a_422_naming_the_field(reader):
    response = reader.get("/api/v1/events", params={"after": "not-a-cursor"})
    assert response.status_code == 422
    assert response.json()["fields"][0]["path"] == "after"


def test_a_rolled_back_change_emits_nothing(connector, engine):
    load_reference_data(connector)
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        ingest_service.ingest_batch(
            session, system="fno", entity_set="CustomersV3", rows=[fno_organization()]
        )
        assert session.exec(select(OutboxEvent)).all(), "written in the same transaction"
        raise RuntimeError("the request failed after matching")
    assert _feed(connector)["data"] == []
    assert connector.get("/api/v1/sources/fno/CustomersV3/usmf/US-001").status_code == 404
