import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.simulators.dataverse_store import DataverseStore

SEED = Path(__file__).resolve().parents[3] / "seed" / "dataverse"
API = "/api/data/v9.2"
MORALES = "fd4c0c3d-fa16-4e0a-bb57-e3385abff387"  # ACC-10002 in usmf


def seed_rows(entity_set: str) -> list[dict]:
    return json.loads((SEED / f"{entity_set}.json").read_text())["value"]


def company(store: DataverseStore, code: str) -> str:
    return next(row["cdm_companyid"] for row in store.rows("cdm_companies") if row["cdm_companycode"] == code)


def account_url(store: DataverseStore, number: str, code: str = "usmf") -> str:
    return f"{API}/accounts(accountnumber='{number}',_msdyn_company_value={company(store, code)})"


def follow(
    client: TestClient, url: str, headers: dict, params: dict | None = None
) -> tuple[list[dict], dict]:
    body = client.get(url, params=params, headers=headers).json()
    rows = list(body["value"])
    while "@odata.nextLink" in body:
        body = client.get(body["@odata.nextLink"], headers=headers).json()
        rows += body["value"]
    return rows, body


def test_seed_rows_are_stored_with_guid_lookups(dataverse_store: DataverseStore):
    assert sorted(row["cdm_companycode"] for row in dataverse_store.rows("cdm_companies")) == ["demf", "usmf"]
    morales = dataverse_store.get("accounts", MORALES)
    assert morales["versionnumber"] == 4451236  # the seed's etag
    assert morales["_msdyn_company_value"] == company(dataverse_store, "usmf")
    group = dataverse_store.get("msdyn_customergroups", morales["_msdyn_customergroupid_value"])
    assert group["msdyn_groupid"] == "30"
    assert "msdyn_customergroupid" not in morales
    with_primary = [row for row in seed_rows("accounts") if "primarycontactid" in row]
    stored = {row["accountid"]: row for row in dataverse_store.rows("accounts")}
    assert with_primary and all(
        stored[row["accountid"]].get("_primarycontactid_value") for row in with_primary
    )


def test_max_page_size_pages_with_next_links(dataverse: TestClient):
    headers = {"Prefer": "odata.maxpagesize=50"}
    first = dataverse.get(f"{API}/contacts", headers=headers)
    assert len(first.json()["value"]) == 50 and "$skiptoken" in first.json()["@odata.nextLink"]
    assert first.headers["preference-applied"] == "odata.maxpagesize=50"
    rows, _ = follow(dataverse, f"{API}/contacts", headers, {"$select": "contactid"})
    assert sorted(row["contactid"] for row in rows) == sorted(
        row["contactid"] for row in seed_rows("contacts")
    )
    assert dataverse.get(f"{API}/contacts", params={"$skip": "10"}).status_code == 400


def test_expand_returns_the_lookup_with_its_selected_columns(dataverse: TestClient):
    response = dataverse.get(
        f"{API}/accounts({MORALES})",
        params={
            "$select": "name",
            "$expand": "msdyn_company($select=cdm_companycode),msdyn_customergroupid($select=msdyn_groupid)",
        },
    )
    body = response.json()
    assert body["name"] == "The Morales"
    assert body["msdyn_company"]["cdm_companycode"] == "usmf"
    assert body["msdyn_customergroupid"]["msdyn_groupid"] == "30"
    assert response.headers["etag"] == 'W/"4451236"'


def test_filter(dataverse: TestClient):
    rows, _ = follow(
        dataverse, f"{API}/contacts", {}, {"$filter": "msdyn_sellable eq true and gendercode eq 2"}
    )
    expected = [
        row for row in seed_rows("contacts") if row.get("msdyn_sellable") and row.get("gendercode") == 2
    ]
    assert rows and len(rows) == len(expected)


def test_alternate_keys(dataverse: TestClient, dataverse_store: DataverseStore):
    assert dataverse.get(account_url(dataverse_store, "ACC-10002")).json()["accountid"] == MORALES
    assert dataverse.get(account_url(dataverse_store, "ACC-10002", "demf")).status_code == 404
    assert dataverse.get(f"{API}/accounts(accountnumber='ACC-10002')").status_code == 400
    line = dataverse_store.rows("msdyn_paymentschedulelines")[0]
    url = (
        f"{API}/msdyn_paymentschedulelines(_msdyn_paymentschedule_value={line['_msdyn_paymentschedule_value']},"
        f"msdyn_linenumber={line['msdyn_linenumber']},_msdyn_company_value={line['_msdyn_company_value']})"
    )
    assert dataverse.get(url).json()["msdyn_paymentschedulelineid"] == line["msdyn_paymentschedulelineid"]


def test_upsert_creates_then_updates(dataverse: TestClient, dataverse_store: DataverseStore):
    url = account_url(dataverse_store, "ACC-NEW")
    usmf = company(dataverse_store, "usmf")
    group = f"/msdyn_customergroups(msdyn_groupid='10',_msdyn_company_value={usmf})"
    body = {
        "name": "New Co",
        "msdyn_customergroupid@odata.bind": group,
        "msdyn_company@odata.bind": f"/cdm_companies({usmf})",
    }
    prefer = {"Prefer": "return=representation"}
    created = dataverse.patch(url, json=body, headers=prefer)
    assert created.status_code == 201
    assert created.json()["_msdyn_customergroupid_value"]
    assert created.json()["accountnumber"] == "ACC-NEW"
    updated = dataverse.patch(url, json={"name": "Renamed"}, headers=prefer)
    assert updated.status_code == 200 and updated.json()["name"] == "Renamed"
    quiet = dataverse.patch(url, json={"name": "Quiet"})
    assert quiet.status_code == 204 and quiet.content == b""
    assert quiet.headers["odata-entityid"].endswith(f"accounts({created.json()['accountid']})")


def test_conditional_writes(dataverse: TestClient, dataverse_store: DataverseStore):
    url = account_url(dataverse_store, "ACC-10002")
    assert dataverse.patch(url, json={"name": "x"}, headers={"If-Match": 'W/"1"'}).status_code == 412
    assert dataverse.patch(url, json={"name": "x"}, headers={"If-None-Match": "*"}).status_code == 412
    assert dataverse.patch(url, json={"name": "x"}, headers={"If-Match": 'W/"4451236"'}).status_code == 204
    missing = account_url(dataverse_store, "ACC-MISSING")
    assert dataverse.patch(missing, json={"name": "x"}, headers={"If-Match": "*"}).status_code == 404
    assert dataverse.get(missing).status_code == 404
    assert dataverse.patch(missing, json={"name": "x"}, headers={"If-None-Match": "*"}).status_code == 204


@pytest.mark.parametrize(
    "reference",
    [
        "/msdyn_customergroups(msdyn_groupid='99',_msdyn_company_value={usmf})",
        "/msdyn_customergroups(00000000-0000-0000-0000-000000000001)",
    ],
)
def test_a_missing_bound_row_is_a_dataverse_error(dataverse: TestClient, dataverse_store, reference):
    usmf = company(dataverse_store, "usmf")
    response = dataverse.patch(
        account_url(dataverse_store, "ACC-10002"),
        json={"msdyn_customergroupid@odata.bind": reference.format(usmf=usmf)},
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"].startswith("0x") and "does not exist" in error["message"]


def test_bind_by_guid_and_to_a_polymorphic_lookup(dataverse: TestClient, dataverse_store: DataverseStore):
    usmf = company(dataverse_store, "usmf")
    url = f"{API}/contacts(msdyn_contactpersonid='CP-NEW',_msdyn_company_value={usmf})"
    response = dataverse.patch(
        url,
        json={"lastname": "Parent", "parentcustomerid_account@odata.bind": f"/accounts({MORALES})"},
        headers={"Prefer": "return=representation"},
    )
    assert response.status_code == 201 and response.json()["_parentcustomerid_value"] == MORALES


def test_change_tracking_returns_changes_and_deletions(
    dataverse: TestClient, dataverse_store: DataverseStore
):
    tracked = {"Prefer": "odata.track-changes,odata.maxpagesize=100"}
    rows, last = follow(dataverse, f"{API}/accounts", tracked, {"$select": "name"})
    assert len(rows) == len(seed_rows("accounts"))
    delta_link = last["@odata.deltaLink"]
    assert "$deltatoken=" in delta_link
    assert dataverse.get(delta_link).json()["value"] == []

    dataverse.patch(account_url(dataverse_store, "ACC-10002"), json={"name": "Morales Renamed"})
    deleted = dataverse_store.rows("accounts")[5]["accountid"]
    assert dataverse.delete(f"{API}/accounts({deleted})").status_code == 204
    changes = dataverse.get(delta_link).json()
    changed = [entry for entry in changes["value"] if "accountid" in entry]
    assert [(entry["accountid"], entry["name"]) for entry in changed] == [(MORALES, "Morales Renamed")]
    tombstones = [entry for entry in changes["value"] if "id" in entry]
    assert tombstones == [
        {"@odata.context": tombstones[0]["@odata.context"], "id": deleted, "reason": "deleted"}
    ]
    assert tombstones[0]["@odata.context"].endswith("$deletedEntity")
    assert dataverse.get(changes["@odata.deltaLink"]).json()["value"] == []


def test_change_tracking_allows_only_select(dataverse: TestClient):
    tracked = {"Prefer": "odata.track-changes"}
    expand = {"$expand": "msdyn_company($select=cdm_companycode)"}
    assert dataverse.get(f"{API}/accounts", params=expand, headers=tracked).status_code == 400
    assert (
        dataverse.get(f"{API}/accounts", params={"$filter": "name eq 'x'"}, headers=tracked).status_code
        == 400
    )


def test_token_and_faults(dataverse: TestClient):
    assert dataverse.get(f"{API}/accounts", headers={"Authorization": "Bearer nope"}).status_code == 401
    dataverse.app.state.faults.fail_next(1, status=429, retry_after=3)
    throttled = dataverse.get(f"{API}/accounts")
    assert throttled.status_code == 429 and throttled.headers["retry-after"] == "3"
    assert dataverse.get(f"{API}/accounts").status_code == 200


def test_a_delta_pages_by_version_and_loses_no_change_made_while_paging(dataverse, dataverse_store):
    tracked = {"Prefer": "odata.track-changes,odata.maxpagesize=500"}
    _, last = follow(dataverse, f"{API}/msdyn_paymentterms", tracked, {"$select": "msdyn_name"})
    terms = dataverse_store.rows("msdyn_paymentterms")
    for index, term in enumerate(terms[:5]):
        dataverse_store.upsert(
            "msdyn_paymentterms", term["msdyn_paymenttermid"], {"msdyn_description": f"v{index}"}
        )
    small = {"Prefer": "odata.track-changes,odata.maxpagesize=2"}
    first = dataverse.get(last["@odata.deltaLink"], headers=small).json()
    assert len(first["value"]) == 2
    # a row already served changes again while the client pages: it is not served twice in this delta,
    # and the rows not served yet are not skipped; the change comes with the next delta
    dataverse_store.upsert(
        "msdyn_paymentterms", terms[0]["msdyn_paymenttermid"], {"msdyn_description": "late"}
    )
    rest, final = follow(dataverse, first["@odata.nextLink"], small)
    served = [row["msdyn_paymenttermid"] for row in first["value"] + rest]
    assert sorted(served) == sorted(term["msdyn_paymenttermid"] for term in terms[:5])
    following = dataverse.get(final["@odata.deltaLink"]).json()["value"]
    assert [row["msdyn_paymenttermid"] for row in following] == [terms[0]["msdyn_paymenttermid"]]
