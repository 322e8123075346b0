"""The unified customer view (lineage, losing values, references, sources), history and as_of."""

from datetime import datetime, timedelta

from tests.factories import (
    dataverse_account,
    dataverse_contact,
    fno_organization,
    fno_person,
    ingest,
    load_reference_data,
)


def _golden(client, golden_id: str, **params):
    response = client.get(f"/api/v1/golden-records/{golden_id}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _history(client, golden_id: str, **params):
    response = client.get(f"/api/v1/golden-records/{golden_id}/history", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_view_shows_lineage_losers_references_and_every_source(connector):
    load_reference_data(connector)
    [fno] = ingest(connector, "fno", "CustomersV3", [fno_organization()])
    ingest(connector, "dataverse", "accounts", [dataverse_account()])

    golden = _golden(connector, fno["golden_id"])

    assert golden["display_name"] in {"Contoso Ltd", "Contoso Limited"}
    credit = golden["lineage"]["credit_limit"]
    assert (credit["system"], credit["key"], credit["rule"]) == ("fno", "US-001", "source_priority")
    assert [(a["system"], a["value"]) for a in credit["alternatives"]] == [("dataverse", 1000.5)]
    assert golden["lineage"]["emails.primary"]["system"] == "dataverse"
    assert golden["references"]["customer_group"]["found"] is True
    assert golden["references"]["customer_group"]["attributes"]["description"]
    terms = golden["references"]["payment_terms"]
    assert (terms["code"], terms["company"], terms["attributes"]["number_of_days"]) == ("Net30", "usmf", 30)
    assert all(reference["found"] for reference in golden["references"].values())
    assert set(golden["references"]) >= {"payment_method", "payment_schedule", "payment_day"}
    by_system = {source["system"]: source for source in golden["sources"]}
    assert by_system["fno"]["raw"]["CustomerAccount"] == "US-001"
    assert by_system["dataverse"]["attributes"]["organization_name"] == "Contoso Limited"
    assert golden["relationships"] == []
    assert golden["rules_version"].startswith("survivorship-")


def test_every_change_is_a_version_with_what_why_and_who(connector):
    load_reference_data(connector)
    [fno] = ingest(connector, "fno", "CustomersV3", [fno_organization()])
    golden_id = fno["golden_id"]
    ingest(connector, "dataverse", "accounts", [dataverse_account()])
    ingest(connector, "fno", "CustomersV3", [fno_organization(CreditLimit=75000)])
    ingest(connector, "fno", "CustomersV3", [fno_organization(CreditLimit=75000)])  # unchanged: no version

    history = _history(connector, golden_id)

    assert history["count"] == 3
    created, matched, updated = history["data"]
    assert [v["version"] for v in history["data"]] == [1, 2, 3]
    assert (created["reason"], created["actor"]) == ("ingest", "connector-user")
    assert created["changes"]["attributes"]["credit_limit"] == {"before": None, "after": 50000}
    assert matched["reason"] == "match"
    assert len(matched["changes"]["sources"]["added"]) == 1
    assert updated["reason"] == "ingest"
    assert updated["changes"]["attributes"] == {"credit_limit": {"before": 50000, "after": 75000}}
    assert _golden(connector, golden_id)["version"] == 3


def test_as_of_answers_the_record_as_it_was_then(connector):
    load_reference_data(connector)
    [fno] = ingest(connector, "fno", "CustomersV3", [fno_organization()])
    golden_id = fno["golden_id"]
    ingest(connector, "fno", "CustomersV3", [fno_organization(CreditLimit=75000)])
    ingest(connector, "dataverse", "accounts", [dataverse_account()])
    versions = _history(connector, golden_id)["data"]
    first_moment = datetime.fromisoformat(versions[0]["changed_at"])
    second_moment = datetime.fromisoformat(versions[1]["changed_at"])

    then = _golden(connector, golden_id, as_of=first_moment.isoformat())
    assert (then["version"], then["attributes"]["credit_limit"]) == (1, 50000)
    assert [s["system"] for s in then["sources"]] == ["fno"]
    later = _golden(connector, golden_id, as_of=second_moment.isoformat())
    assert (later["version"], later["attributes"]["credit_limit"]) == (2, 75000)
    assert len(_golden(connector, golden_id)["sources"]) == 2

    before = connector.get(
        f"/api/v1/golden-records/{golden_id}",
        params={"as_of": (first_moment - timedelta(days=1)).isoformat()},
    )
    assert before.status_code == 404
    assert "did not exist" in before.json()["message"]


def test_an_unknown_golden_record_is_404(reader):
    assert reader.get("/api/v1/golden-records/no-such-id").status_code == 404
    assert reader.get("/api/v1/golden-records/no-such-id/history").status_code == 404


def test_a_person_golden_is_sellable_if_any_of_its_contacts_ever_was(connector):
    load_reference_data(connector)
    [person] = ingest(connector, "fno", "CustomersV3", [fno_person()])
    [contact] = ingest(connector, "dataverse", "contacts", [dataverse_contact(sellable=True)])
    assert contact["golden_id"] == person["golden_id"]
    ingest(connector, "dataverse", "contacts", [dataverse_contact(sellable=False)])

    golden = _golden(connector, person["golden_id"])
    assert (golden["party_type"], golden["attributes"]["sellable"]) == ("person", True)
    assert golden["lineage"]["sellable"]["rule"] == "sellable_if_any"
