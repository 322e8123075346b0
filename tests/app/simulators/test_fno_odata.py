import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.simulators.fno_store import FnoStore

SEED = Path(__file__).resolve().parents[3] / "seed" / "fno"
CUSTOMER = "/data/CustomersV3(dataAreaId='usmf',CustomerAccount='US-000002')"


def seed_rows(entity_set: str) -> list[dict]:
    return json.loads((SEED / f"{entity_set}.json").read_text())["value"]


def read_all(client: TestClient, url: str, params: dict | None = None) -> tuple[list[dict], int]:
    body = client.get(url, params=params).json()
    rows, pages = body["value"], 1
    while "@odata.nextLink" in body:
        body = client.get(body["@odata.nextLink"]).json()
        rows += body["value"]
        pages += 1
    return rows, pages


def test_a_row_is_addressed_by_every_key_field(fno: TestClient):
    response = fno.get(CUSTOMER)
    assert response.status_code == 200
    assert response.json()["PersonFirstName"] == "Stacy"
    assert response.headers["etag"] == response.json()["@odata.etag"]
    assert fno.get("/data/CustomersV3(dataAreaId='usmf',CustomerAccount='NOPE')").status_code == 404
    assert fno.get("/data/CustomersV3(CustomerAccount='US-000002')").status_code == 400


def test_numeric_key_parts_and_global_sets(fno: TestClient):
    line = fno.get("/data/PaymentScheduleLines(dataAreaId='usmf',PaymentScheduleName='Split50',LineNumber=1)")
    assert line.status_code == 200 and line.json()["PercentOrAmountValue"] == 50
    affix = fno.get("/data/NameAffixes(Type='PersonalPrefix',Affix='Mr.')")
    assert affix.json()["Description"] == "Mister"


def test_without_cross_company_only_the_default_company_answers(fno: TestClient):
    default_rows, _ = read_all(fno, "/data/CustomersV3")
    all_rows, _ = read_all(fno, "/data/CustomersV3", {"cross-company": "true"})
    assert {row["dataAreaId"] for row in default_rows} == {"usmf"}
    assert len(all_rows) == len(seed_rows("CustomersV3")) > len(default_rows)
    demf = "/data/CustomersV3(dataAreaId='demf',CustomerAccount='DE-000003')"
    assert fno.get(demf).status_code == 404
    assert fno.get(demf, params={"cross-company": "true"}).status_code == 200


def test_server_paging_follows_next_links_without_gaps(fno: TestClient):
    rows, pages = read_all(fno, "/data/CustomersV3", {"cross-company": "true", "$select": "CustomerAccount"})
    seeded = {(row["dataAreaId"], row["CustomerAccount"]) for row in seed_rows("CustomersV3")}
    assert pages > 1
    assert len(rows) == len(seeded)
    assert {row["CustomerAccount"] for row in rows} == {account for _, account in seeded}
    limited, _ = read_all(fno, "/data/CustomersV3", {"cross-company": "true", "$top": "60", "$skip": "10"})
    assert len(limited) == 60


@pytest.mark.parametrize(
    ("expression", "check"),
    [
        ("dataAreaId eq 'demf'", lambda row: row["dataAreaId"] == "demf"),
        (
            "dataAreaId ne 'demf' and PartyType eq 'Person'",
            lambda row: row["dataAreaId"] != "demf" and row["PartyType"] == "Person",
        ),
        (
            "CreditLimit gt 10000 or CreditLimit le 0",
            lambda row: row["CreditLimit"] > 10000 or row["CreditLimit"] <= 0,
        ),
        (
            "CreditLimitIsMandatory eq Microsoft.Dynamics.DataEntities.NoYes'Yes'",
            lambda row: row["CreditLimitIsMandatory"] == "Yes",
        ),
        (
            "startswith(CustomerAccount, 'DE-00001')",
            lambda row: row["CustomerAccount"].startswith("DE-00001"),
        ),
    ],
)
def test_filters(fno: TestClient, expression, check):
    rows, _ = read_all(fno, "/data/CustomersV3", {"cross-company": "true", "$filter": expression})
    expected = [row for row in seed_rows("CustomersV3") if check(row)]
    assert rows and len(rows) == len(expected)


def test_select_orderby_and_count(fno: TestClient):
    body = fno.get(
        "/data/CustomerGroups",
        params={"$select": "CustomerGroupId", "$orderby": "CustomerGroupId desc", "$count": "true"},
    ).json()
    ids = [row["CustomerGroupId"] for row in body["value"]]
    assert ids == sorted(ids, reverse=True)
    assert set(body["value"][0]) == {"@odata.etag", "CustomerGroupId"}
    assert body["@odata.count"] == len(ids)
    assert fno.get("/data/CustomerGroups/$count").text == str(len(ids))


def test_post_creates_and_refuses_duplicates_and_missing_keys(fno: TestClient):
    row = {
        "dataAreaId": "usmf",
        "CustomerAccount": "US-NEW",
        "OrganizationName": "New Co",
        "CustomerGroupId": "10",
    }
    created = fno.post("/data/CustomersV3", json=row)
    assert created.status_code == 201 and created.json()["@odata.etag"]
    assert fno.get("/data/CustomersV3(dataAreaId='usmf',CustomerAccount='US-NEW')").status_code == 200
    assert fno.post("/data/CustomersV3", json=row).status_code == 409
    missing = fno.post("/data/CustomersV3", json={"dataAreaId": "usmf", "OrganizationName": "No key"})
    assert missing.status_code == 400
    assert "CustomerAccount" in missing.json()["error"]["message"]


def test_patch_with_a_stale_etag_is_refused(fno: TestClient):
    etag = fno.get(CUSTOMER).json()["@odata.etag"]
    updated = fno.patch(CUSTOMER, json={"PersonFirstName": "Stacey"}, headers={"If-Match": etag})
    assert updated.status_code == 204 and updated.headers["etag"] != etag
    stale = fno.patch(CUSTOMER, json={"PersonFirstName": "Other"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert fno.get(CUSTOMER).json()["PersonFirstName"] == "Stacey"
    assert fno.patch(CUSTOMER, json={"CustomerAccount": "US-OTHER"}).status_code == 400


def test_delete(fno: TestClient, fno_store: FnoStore):
    assert fno.delete(CUSTOMER, headers={"If-Match": 'W/"stale"'}).status_code == 412
    assert fno.delete(CUSTOMER).status_code == 204
    assert fno.get(CUSTOMER).status_code == 404
    assert len(fno_store.rows("CustomersV3")) == len(seed_rows("CustomersV3")) - 1


def test_a_bearer_token_is_required(fno: TestClient):
    assert fno.get("/data/CustomersV3", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert fno.get("/data/CustomersV3", headers={"Authorization": ""}).status_code == 401


def test_faults_are_injected_at_runtime(fno: TestClient):
    faults = fno.app.state.faults
    faults.fail_next(2, status=429, retry_after=7)
    throttled = fno.get(CUSTOMER)
    assert throttled.status_code == 429 and throttled.headers["retry-after"] == "7"
    assert fno.get(CUSTOMER).status_code == 429
    assert fno.get(CUSTOMER).status_code == 200
    faults.fail_next(1, status=503)
    assert fno.get(CUSTOMER).status_code == 503
    faults.delay = 0.01
    assert fno.get(CUSTOMER).status_code == 200
    faults.clear()
    assert fno.app.state.stats.faults_served == 3
