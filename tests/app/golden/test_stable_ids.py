"""merges keep the oldest and collapse chains; splits keep the id with the oldest source."""

from sqlmodel import Session, select

from app.core import audit
from app.golden import service as golden_service
from models import GoldenRecordLink, SourceRecord
from tests.factories import (
    dataverse_account,
    fno_organization,
    fno_other_organization,
    ingest,
    load_reference_data,
)


def _third_organization(**overrides):
    return fno_other_organization(
        CustomerAccount="US-077",
        OrganizationName="Northwind Traders",
        PrimaryContactEmail="hello@northwind.example",
        PrimaryContactPhone="+1 503 555 0177",
        DeliveryAddressStreet="9 Harbor Rd",
        DeliveryAddressCity="Portland",
        DeliveryAddressState="OR",
        DeliveryAddressZipCode="97201",
        **overrides,
    )


def _record_id(session: Session, key: str) -> int:
    return session.exec(select(SourceRecord.id).where(SourceRecord.key == key)).one()


def _apply(engine, clusters_by_key: list[set[str]], actor: str = "steward-user") -> None:
    from app.core.db import session_scope

    with session_scope(engine) as session:
        audit.set_cause(session, actor=actor)
        clusters = [{_record_id(session, key) for key in cluster} for cluster in clusters_by_key]
        golden_service.apply_clusters(session, clusters)


def _golden_of(session: Session, key: str) -> str:
    record_id = _record_id(session, key)
    return session.exec(
        select(GoldenRecordLink.golden_record_id).where(GoldenRecordLink.source_record_id == record_id)
    ).one()


def test_merges_keep_the_oldest_golden_and_chains_collapse_to_the_survivor(connector, engine):
    load_reference_data(connector)
    [oldest] = ingest(connector, "fno", "CustomersV3", [fno_organization()])
    [middle] = ingest(connector, "fno", "CustomersV3", [fno_other_organization()])
    [newest] = ingest(connector, "fno", "CustomersV3", [_third_organization()])
    assert len({oldest["golden_id"], middle["golden_id"], newest["golden_id"]}) == 3

    _apply(engine, [{"US-050", "US-077"}])
    merged = connector.get(f"/api/v1/golden-records/{newest['golden_id']}").json()
    assert (merged["status"], merged["merged_into"]) == ("merged", middle["golden_id"])

    _apply(engine, [{"US-001", "US-050", "US-077"}])
    for loser in (middle, newest):
        view = connector.get(f"/api/v1/golden-records/{loser['golden_id']}").json()
        assert (view["status"], view["merged_into"]) == ("merged", oldest["golden_id"])
    survivor = connector.get(f"/api/v1/golden-records/{oldest['golden_id']}").json()
    assert survivor["status"] == "active"
    assert {s["key"] for s in survivor["sources"]} == {"US-001", "US-050", "US-077"}
    history = connector.get(f"/api/v1/golden-records/{middle['golden_id']}/history").json()["data"]
    assert (history[-1]["reason"], history[-1]["actor"]) == ("merge", "steward-user")
    assert history[-1]["changes"]["merged_into"]["after"] == oldest["golden_id"]


def test_a_split_leaves_the_id_with_the_part_holding_the_oldest_source(connector, engine, session):
    load_reference_data(connector)
    [fno] = ingest(connector, "fno", "CustomersV3", [fno_organization()])
    [dataverse] = ingest(connector, "dataverse", "accounts", [dataverse_account()])
    assert fno["golden_id"] == dataverse["golden_id"]

    _apply(engine, [{"ACC-001"}, {"US-001"}])

    session.expire_all()
    assert _golden_of(session, "US-001") == fno["golden_id"]
    carved = _golden_of(session, "ACC-001")
    assert carved != fno["golden_id"]
    kept = connector.get(f"/api/v1/golden-records/{fno['golden_id']}").json()
    assert kept["attributes"]["organization_name"] == "Contoso Ltd"
    assert [s["key"] for s in kept["sources"]] == ["US-001"]
    kept_history = connector.get(f"/api/v1/golden-records/{fno['golden_id']}/history").json()["data"]
    assert kept_history[-1]["reason"] == "split"
    carved_history = connector.get(f"/api/v1/golden-records/{carved}/history").json()["data"]
    assert [v["reason"] for v in carved_history] == ["split"]


def test_a_merged_id_is_never_reused(connector, engine, session):
    load_reference_data(connector)
    [first] = ingest(connector, "fno", "CustomersV3", [fno_organization()])
    [second] = ingest(connector, "fno", "CustomersV3", [fno_other_organization()])
    _apply(engine, [{"US-001", "US-050"}])
    _apply(engine, [{"US-001"}, {"US-050"}])

    session.expire_all()
    again = _golden_of(session, "US-050")
    assert again not in {first["golden_id"], second["golden_id"]}
    still_merged = connector.get(f"/api/v1/golden-records/{second['golden_id']}").json()
    assert still_merged["status"] == "merged"


def test_merges_and_splits_are_events_and_audit_entries(connector, engine):
    load_reference_data(connector)
    [first] = ingest(connector, "fno", "CustomersV3", [fno_organization()])
    [second] = ingest(connector, "fno", "CustomersV3", [fno_other_organization()])
    _apply(engine, [{"US-001", "US-050"}])
    _apply(engine, [{"US-001"}, {"US-050"}])

    events = connector.get("/api/v1/events", params={"limit": 100}).json()["data"]
    merged = next(e for e in events if e["type"] == "golden.merged")
    assert (merged["golden_id"], merged["merged_into"]) == (second["golden_id"], first["golden_id"])
    assert merged["record"]["status"] == "merged"
    assert [e["type"] for e in events if e["golden_id"] == first["golden_id"]][-1] == "golden.split"

    audit = connector.get("/api/v1/audit", params={"golden_id": first["golden_id"]}).json()
    assert [(a["action"], a["actor"]) for a in audit["data"]] == [
        ("merge", "steward-user"),
        ("split", "steward-user"),
    ]
    assert audit["data"][0]["related_golden_ids"] == [second["golden_id"]]
    by_loser = connector.get("/api/v1/audit", params={"golden_id": second["golden_id"]}).json()
    assert [a["action"] for a in by_loser["data"]] == ["merge"]
    assert connector.get("/api/v1/audit", params={"action": "split", "actor": "nobody"}).json()["count"] == 0
