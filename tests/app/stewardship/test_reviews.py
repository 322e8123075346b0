"""The review queue and steward decisions on suspected matches."""

from tests.factories import dataverse_account, fno_organization, ingest, load_reference_data

# Same phone, e-mail and address as Contoso, another name: the organisation-name guard makes it a review.
LOOKALIKE = {"accountnumber": "ACC-NW", "name": "Northwind Traders"}


def _suspected_match(connector):
    load_reference_data(connector)
    [fno] = ingest(connector, "fno", "CustomersV3", [fno_organization()])
    [dataverse] = ingest(connector, "dataverse", "accounts", [dataverse_account(**LOOKALIKE)])
    assert fno["golden_id"] != dataverse["golden_id"]
    return fno["golden_id"], dataverse["golden_id"]


def _queue(client, **params):
    response = client.get("/api/v1/match-reviews", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_queue_shows_both_records_side_by_side_with_the_explanation(connector, reader):
    contoso, northwind = _suspected_match(connector)

    queue = _queue(reader)
    assert queue["count"] == 1
    [review] = queue["data"]
    assert review["status"] == "pending"
    sides = {review["left"]["system"]: review["left"], review["right"]["system"]: review["right"]}
    assert sides["fno"]["raw"]["OrganizationName"] == "Contoso Ltd"
    assert sides["dataverse"]["attributes"]["organization_name"] == "Northwind Traders"
    assert {sides["fno"]["golden_id"], sides["dataverse"]["golden_id"]} == {contoso, northwind}
    levels = {c["comparison"]: c["level"] for c in review["explanation"]["comparisons"]}
    assert levels["phone"] == "exact"
    assert review["settings_version"]
    one = reader.get(f"/api/v1/match-reviews/{review['id']}")
    assert one.headers["ETag"] == review["etag"]


def test_the_queue_filters_by_company_party_type_and_score(connector, reader):
    _suspected_match(connector)
    [review] = _queue(reader)["data"]
    assert _queue(reader, company="USMF")["count"] == 1
    assert _queue(reader, company="demf")["count"] == 0
    assert _queue(reader, party_type="person")["count"] == 0
    assert _queue(reader, min_score=review["probability"])["count"] == 1
    assert _queue(reader, max_score=max(review["probability"] - 0.01, 0))["count"] == 0


def test_a_match_decision_joins_the_goldens_and_empties_the_queue(connector, client_for):
    steward = client_for("steward")
    contoso, northwind = _suspected_match(connector)
    [review] = _queue(steward)["data"]

    response = steward.post(
        f"/api/v1/match-reviews/{review['id']}/decision",
        json={"decision": "match", "reason": "Northwind is Contoso's trading name"},
        headers={"If-Match": review["etag"]},
    )
    assert response.status_code == 200, response.text
    assert response.json()["golden_ids"] == [contoso]
    assert _queue(steward)["count"] == 0
    assert steward.get(f"/api/v1/golden-records/{northwind}").json()["merged_into"] == contoso
    actions = [
        a["action"] for a in steward.get("/api/v1/audit", params={"golden_id": contoso}).json()["data"]
    ]
    assert actions == ["merge", "decision"]
    again = steward.post(
        f"/api/v1/match-reviews/{review['id']}/decision", json={"decision": "match", "reason": "again"}
    )
    assert again.status_code == 409


def test_a_no_match_decision_is_respected_by_every_later_match(connector, client_for):
    steward = client_for("steward")
    contoso, northwind = _suspected_match(connector)
    [review] = _queue(steward)["data"]

    response = steward.post(
        f"/api/v1/match-reviews/{review['id']}/decision",
        json={"decision": "no_match", "reason": "different firms"},
    )
    assert response.status_code == 200, response.text
    assert _queue(steward)["count"] == 0

    [changed] = ingest(
        connector, "dataverse", "accounts", [dataverse_account(accountnumber="ACC-NW", name="Contoso Ltd")]
    )
    assert changed["golden_id"] == northwind, "even with the same name now, a steward said different"
    assert _queue(steward)["count"] == 0


def test_a_stale_review_etag_answers_412(connector, client_for):
    steward = client_for("steward")
    _suspected_match(connector)
    [review] = _queue(steward)["data"]
    ingest(connector, "fno", "CustomersV3", [fno_organization(CreditLimit=3)])

    stale = steward.post(
        f"/api/v1/match-reviews/{review['id']}/decision",
        json={"decision": "match", "reason": "x"},
        headers={"If-Match": review["etag"]},
    )
    assert stale.status_code == 412
    assert _queue(steward)["count"] == 1


def test_a_review_that_later_changes_resolve_leaves_the_queue(connector, client_for):
    steward = client_for("steward")
    contoso, northwind = _suspected_match(connector)
    steward.post(f"/api/v1/golden-records/{contoso}/merge", json={"golden_ids": [northwind], "reason": "x"})
    assert _queue(steward)["count"] == 0
    assert steward.get("/api/v1/match-reviews/999999").status_code == 404
    assert steward.get("/api/v1/match-reviews/1-999999").status_code == 404
