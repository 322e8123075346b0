"""Steward merge, split and overrides through the API: stable ids, If-Match, the audit trail, and the
matcher respecting what stewards decided."""

from tests.factories import (
    dataverse_account,
    fno_organization,
    fno_other_organization,
    ingest,
    load_reference_data,
)


def _golden(client, golden_id):
    response = client.get(f"/api/v1/golden-records/{golden_id}")
    assert response.status_code == 200, response.text
    return response


def _two_customers(connector):
    load_reference_data(connector)
    [contoso] = ingest(connector, "fno", "CustomersV3", [fno_organization()])
    [litware] = ingest(connector, "fno", "CustomersV3", [fno_other_organization()])
    return contoso["golden_id"], litware["golden_id"]


def test_merge_keeps_the_oldest_id_and_split_restores_both_records_exactly(connector, client_for):
    steward = client_for("steward")
    contoso, litware = _two_customers(connector)
    before = {g: _golden(steward, g).json() for g in (contoso, litware)}

    merged = steward.post(
        f"/api/v1/golden-records/{litware}/merge", json={"golden_ids": [contoso], "reason": "same VAT number"}
    )
    assert merged.status_code == 200, merged.text
    assert merged.json()["id"] == contoso, "the older golden survives"
    assert _golden(steward, litware).json()["merged_into"] == contoso
    litware_source = next(s["id"] for s in before[litware]["sources"])

    split = steward.post(
        f"/api/v1/golden-records/{contoso}/split", json={"sources": [litware_source], "reason": "wrong merge"}
    )
    assert split.status_code == 200, split.text
    kept, split_off = split.json()["kept"], split.json()["split_off"]
    assert kept["id"] == contoso
    assert split_off["id"] not in (contoso, litware), "ids are never reused"
    assert kept["attributes"] == before[contoso]["attributes"]
    assert split_off["attributes"] == before[litware]["attributes"]

    again = ingest(connector, "fno", "CustomersV3", [fno_other_organization(CreditLimit=7)])
    assert again[0]["golden_id"] == split_off["id"], "re-matching does not undo the split"
    audit = steward.get("/api/v1/audit", params={"golden_id": contoso}).json()["data"]
    assert [(a["action"], a["actor"], a["reason"]) for a in audit] == [
        ("merge", "steward-user", "same VAT number"),
        ("split", "steward-user", "wrong merge"),
    ]


def test_a_stale_if_match_answers_412_and_changes_nothing(connector, client_for):
    steward = client_for("steward")
    contoso, litware = _two_customers(connector)
    etag = _golden(steward, contoso).headers["ETag"]
    assert etag == '"1"'
    ingest(connector, "fno", "CustomersV3", [fno_organization(CreditLimit=1)])

    stale = steward.patch(
        f"/api/v1/golden-records/{contoso}",
        json={"attributes": {"credit_limit": 5}, "reason": "call with CFO"},
        headers={"If-Match": etag},
    )
    assert stale.status_code == 412
    assert stale.json()["code"] == "precondition_failed"
    merge = steward.post(
        f"/api/v1/golden-records/{contoso}/merge",
        json={"golden_ids": [litware], "reason": "x"},
        headers={"If-Match": etag},
    )
    assert merge.status_code == 412
    current = _golden(steward, contoso)
    assert current.json()["attributes"]["credit_limit"] == 1
    assert current.json()["version"] == 2
    assert steward.get("/api/v1/audit").json()["count"] == 0

    fresh = steward.patch(
        f"/api/v1/golden-records/{contoso}",
        json={"attributes": {"credit_limit": 5}, "reason": "call with CFO"},
        headers={"If-Match": current.headers["ETag"]},
    )
    assert fresh.status_code == 200, fresh.text
    assert fresh.headers["ETag"] == '"3"'


def test_an_override_wins_over_new_source_data_until_withdrawn(connector, client_for):
    steward = client_for("steward")
    contoso, _ = _two_customers(connector)

    response = steward.patch(
        f"/api/v1/golden-records/{contoso}",
        json={"attributes": {"credit_limit": 75000}, "reason": "approved increase"},
    )
    assert response.status_code == 200, response.text
    lineage = response.json()["lineage"]["credit_limit"]
    assert (lineage["rule"], lineage["actor"], lineage["reason"]) == (
        "steward_override",
        "steward-user",
        "approved increase",
    )
    ingest(connector, "fno", "CustomersV3", [fno_organization(CreditLimit=100)])
    assert _golden(steward, contoso).json()["attributes"]["credit_limit"] == 75000

    withdrawn = steward.delete(
        f"/api/v1/golden-records/{contoso}/overrides/credit_limit", params={"reason": "limit expired"}
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["attributes"]["credit_limit"] == 100
    history = steward.get(f"/api/v1/golden-records/{contoso}/history").json()["data"]
    assert [v["reason"] for v in history][-3:] == ["override", "ingest", "override"]
    actions = [
        a["action"] for a in steward.get("/api/v1/audit", params={"golden_id": contoso}).json()["data"]
    ]
    assert actions == ["override", "override_withdrawn"]


def test_bad_steward_input_is_a_clear_4xx(connector, client_for):
    steward = client_for("steward")
    contoso, litware = _two_customers(connector)

    unknown = steward.patch(
        f"/api/v1/golden-records/{contoso}", json={"attributes": {"shoe_size": 44}, "reason": "x"}
    )
    assert unknown.status_code == 422
    assert unknown.json()["fields"][0]["path"] == "attributes.shoe_size"
    no_reason = steward.patch(f"/api/v1/golden-records/{contoso}", json={"attributes": {"credit_limit": 1}})
    assert no_reason.status_code == 422
    stranger = steward.post(
        f"/api/v1/golden-records/{contoso}/split", json={"sources": [999999], "reason": "x"}
    )
    assert stranger.status_code == 422
    everything = [s["id"] for s in _golden(steward, contoso).json()["sources"]]
    assert (
        steward.post(
            f"/api/v1/golden-records/{contoso}/split", json={"sources": everything, "reason": "x"}
        ).status_code
        == 422
    )
    assert (
        steward.post(
            "/api/v1/golden-records/nope/merge", json={"golden_ids": [contoso], "reason": "x"}
        ).status_code
        == 404
    )
    steward.post(f"/api/v1/golden-records/{contoso}/merge", json={"golden_ids": [litware], "reason": "x"})
    merged_again = steward.post(
        f"/api/v1/golden-records/{litware}/merge", json={"golden_ids": [contoso], "reason": "x"}
    )
    assert merged_again.status_code == 409
    assert contoso in merged_again.json()["message"]
    assert (
        steward.delete(
            f"/api/v1/golden-records/{contoso}/overrides/credit_limit", params={"reason": "x"}
        ).status_code
        == 404
    )


def test_the_matcher_keeps_a_steward_merge_when_records_change(connector, client_for):
    steward = client_for("steward")
    contoso, litware = _two_customers(connector)
    steward.post(f"/api/v1/golden-records/{contoso}/merge", json={"golden_ids": [litware], "reason": "x"})

    [changed] = ingest(
        connector, "fno", "CustomersV3", [fno_other_organization(OrganizationName="Litware Inc.")]
    )
    assert changed["golden_id"] == contoso
    ingest(connector, "dataverse", "accounts", [dataverse_account()])
    assert len(_golden(steward, contoso).json()["sources"]) == 3
