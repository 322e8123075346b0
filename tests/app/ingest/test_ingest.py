"""Ingest of every entity set, idempotency, and what a stored source record shows."""

import pytest

from app.maps.registry import ENTITY_SETS
from tests.factories import (
    customer_rows,
    dataverse_account,
    dataverse_reference_rows,
    fno_organization,
    fno_other_organization,
    fno_reference_rows,
    ingest,
    load_reference_data,
)

REFERENCE_ROWS = {("fno", name): rows for name, rows in fno_reference_rows()} | {
    ("dataverse", name): rows for name, rows in dataverse_reference_rows()
}


def test_every_mapped_entity_set_has_a_sample_row():
    assert set(REFERENCE_ROWS) | set(customer_rows()) == set(ENTITY_SETS)


@pytest.mark.parametrize(("system", "entity_set"), sorted(ENTITY_SETS))
def test_ingest_of_every_entity_set_stores_the_raw_row_and_canonical_values(connector, system, entity_set):
    load_reference_data(connector)
    row = customer_rows().get((system, entity_set)) or REFERENCE_ROWS[(system, entity_set)][0]
    row = {**row, "SomeUnmappedField": "kept as received"}

    [result] = ingest(connector, system, entity_set, [row])
    assert result["status"] in ("created", "updated"), result
    company = result["company"]

    stored = connector.get(f"/api/v1/sources/{system}/{entity_set}/{company}/{result['key']}")
    assert stored.status_code == 200, stored.text
    body = stored.json()
    assert body["raw"] == row
    assert body["canonical"]["attributes"], "canonical values were derived"
    is_party = entity_set in ("CustomersV3", "CDSContactPersonsV2", "accounts", "contacts")
    assert (body["golden_id"] is not None) == is_party
    assert body["golden_id"] == result["golden_id"]


def test_identical_row_again_is_unchanged_and_writes_nothing(connector):
    load_reference_data(connector)
    row = fno_organization()
    [first] = ingest(connector, "fno", "CustomersV3", [row])
    before = connector.get(f"/api/v1/golden-records/{first['golden_id']}").json()
    source_before = connector.get("/api/v1/sources/fno/CustomersV3/usmf/US-001").json()

    [again] = ingest(connector, "fno", "CustomersV3", [row])

    assert first["status"] == "created"
    assert again == {**first, "status": "unchanged"}
    after = connector.get(f"/api/v1/golden-records/{first['golden_id']}").json()
    assert after["version"] == before["version"] == 1
    assert after["updated_at"] == before["updated_at"]
    assert connector.get("/api/v1/sources/fno/CustomersV3/usmf/US-001").json() == source_before


def test_changed_row_updates_the_record_and_versions_its_golden(connector):
    load_reference_data(connector)
    [first] = ingest(connector, "fno", "CustomersV3", [fno_organization()])
    [changed] = ingest(
        connector, "fno", "CustomersV3", [fno_organization(OrganizationName="Contoso Pharmaceuticals")]
    )

    assert changed["status"] == "updated"
    assert changed["golden_id"] == first["golden_id"]
    golden = connector.get(f"/api/v1/golden-records/{first['golden_id']}").json()
    assert golden["version"] == 2
    assert golden["attributes"]["organization_name"] == "Contoso Pharmaceuticals"
    source = connector.get("/api/v1/sources/fno/CustomersV3/usmf/US-001").json()
    assert source["raw"]["OrganizationName"] == "Contoso Pharmaceuticals"


def test_a_change_in_an_unmapped_field_keeps_the_raw_row_but_not_a_new_golden_version(connector):
    load_reference_data(connector)
    [first] = ingest(connector, "dataverse", "accounts", [dataverse_account()])
    [second] = ingest(connector, "dataverse", "accounts", [dataverse_account(**{"@odata.etag": 'W/"1002"'})])

    assert second["status"] == "updated"
    assert connector.get(f"/api/v1/golden-records/{first['golden_id']}").json()["version"] == 1
    raw = connector.get("/api/v1/sources/dataverse/accounts/usmf/ACC-001").json()["raw"]
    assert raw["@odata.etag"] == 'W/"1002"'


def test_canonical_values_follow_the_map(connector):
    load_reference_data(connector)
    ingest(connector, "dataverse", "accounts", [dataverse_account()])

    canonical = connector.get("/api/v1/sources/dataverse/accounts/usmf/ACC-001").json()["canonical"]

    assert canonical["party_type"] == "organization"
    assert canonical["organization_name"] == "Contoso Limited"
    assert canonical["emails"] == [{"role": "primary", "address": "Sales@Contoso.com"}]
    assert canonical["phones"] == [{"role": "primary", "number": "(425) 555-0100"}]
    assert canonical["addresses"] == [
        {"role": "delivery", "street": "1 Microsoft Way", "city": "Redmond", "country": "United States"}
    ]
    assert canonical["customer_group"] == "10"
    assert canonical["payment_terms"] == "Net30"
    assert canonical["currency"] == "USD"
    assert float(canonical["credit_limit"]) == 1000.5
    assert canonical["attributes"]["on_hold_status"] == "No"  # 806380000 read through the option map


def test_fno_blank_strings_are_absent_values_and_option_names_are_canonical(connector):
    load_reference_data(connector)
    ingest(
        connector,
        "fno",
        "CustomersV3",
        [fno_organization(PrimaryContactFax="", CreditLimitIsMandatory="Yes")],
    )

    attributes = connector.get("/api/v1/sources/fno/CustomersV3/usmf/US-001").json()["canonical"][
        "attributes"
    ]

    assert "phones.fax" not in attributes and "invoice_account" not in attributes
    assert attributes["credit_limit_is_mandatory"] is True
    assert attributes["addresses.delivery.country"] == "USA"


def test_rows_of_one_batch_land_in_order_with_duplicates_of_a_key_folded(connector):
    load_reference_data(connector)
    rows = [
        fno_organization(CustomerAccount="US-010", OrganizationName="Fabrikam"),
        fno_other_organization(CustomerAccount="US-011"),
        fno_organization(CustomerAccount="US-010", OrganizationName="Fabrikam Inc"),
    ]

    results = ingest(connector, "fno", "CustomersV3", rows)

    assert [r["key"] for r in results] == ["US-010", "US-011", "US-010"]
    assert [r["status"] for r in results] == ["created", "created", "created"]
    assert results[0]["golden_id"] == results[2]["golden_id"] != results[1]["golden_id"]
    stored = connector.get("/api/v1/sources/fno/CustomersV3/usmf/US-010").json()
    assert stored["canonical"]["organization_name"] == "Fabrikam Inc"


def test_unknown_source_record_is_404_in_the_error_format(reader):
    response = reader.get("/api/v1/sources/fno/CustomersV3/usmf/NOPE")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "NOPE" in response.json()["message"]
