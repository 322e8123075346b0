"""Edges follow merges and splits; steward edges are asserted, follow merges, and end with an audit entry."""

import pytest

from tests.app.graph.helpers import (
    account,
    contact_person,
    edge_summary,
    golden_of,
    relationship_events,
    relationships,
    send,
    source_id,
)
from tests.factories import fno_organization, fno_other_organization

REASON = "checked with the customer"


@pytest.fixture
def steward(client_for):
    return client_for("steward")


def test_edges_follow_a_merge_and_a_split_of_their_goldens(loaded, reader, steward):
    send(loaded, "fno", "CustomersV3", fno_organization())
    send(loaded, "fno", "CustomersV3", fno_other_organization())  # later: the merge keeps Contoso's id
    send(
        loaded,
        "fno",
        "CDSContactPersonsV2",
        contact_person("CP-1", "Bob", "Smith", "US-001"),
        contact_person("CP-2", "Ida", "Vance", "US-050"),
    )
    contoso, litware = (
        golden_of(reader, "fno", "CustomersV3", "US-001"),
        golden_of(reader, "fno", "CustomersV3", "US-050"),
    )
    ida = golden_of(reader, "fno", "CDSContactPersonsV2", "CP-2")

    merged = steward.post(
        f"/api/v1/golden-records/{contoso}/merge", json={"golden_ids": [litware], "reason": REASON}
    )
    assert merged.status_code == 200, merged.text
    assert merged.json()["id"] == contoso

    assert edge_summary(relationships(reader, ida)) == {(ida, contoso, "contact_person")}
    assert len(relationships(reader, contoso)["nodes"]) == 3
    repointed = relationship_events(reader)[-1]
    assert repointed["change"] == "repointed"
    assert repointed["previous"] == {"from_golden_id": ida, "to_golden_id": litware}
    assert repointed["goldens"] == [ida, contoso]

    litware_record = source_id(reader, "fno", "CustomersV3", "US-050")
    split = steward.post(
        f"/api/v1/golden-records/{contoso}/split", json={"sources": [litware_record], "reason": REASON}
    )
    assert split.status_code == 200, split.text
    split_off = split.json()["split_off"]["id"]

    assert edge_summary(relationships(reader, ida)) == {(ida, split_off, "contact_person")}
    assert relationship_events(reader)[-1]["goldens"] == [ida, split_off]
    # a merged id answers for its survivor
    assert relationships(reader, litware)["root"] == contoso


def test_a_steward_edge_is_audited_follows_a_merge_and_is_ended_with_a_reason(loaded, reader, steward):
    send(
        loaded, "dataverse", "accounts", account("ACC-A", "Alpha Trading"), account("ACC-C", "Gamma Freight")
    )
    send(loaded, "dataverse", "accounts", account("ACC-B", "Beta Logistics"))
    alpha, beta, gamma = (golden_of(reader, "dataverse", "accounts", k) for k in ("ACC-A", "ACC-B", "ACC-C"))

    created = steward.post(
        f"/api/v1/golden-records/{alpha}/relationships",
        json={"to_golden_id": beta, "type": "partner", "reason": REASON},
    )
    assert created.status_code == 201, created.text
    edge = created.json()
    assert (edge["origin"], edge["from_golden_id"], edge["to_golden_id"]) == ("steward", alpha, beta)
    assert edge_summary(relationships(reader, alpha)) == {(alpha, beta, "partner")}

    merged = steward.post(
        f"/api/v1/golden-records/{gamma}/merge", json={"golden_ids": [beta], "reason": REASON}
    )
    assert merged.status_code == 200, merged.text
    assert edge_summary(relationships(reader, alpha)) == {(alpha, gamma, "partner")}

    assert steward.delete(f"/api/v1/golden-records/{alpha}/relationships/{edge['id']}").status_code == 422
    ended = steward.delete(
        f"/api/v1/golden-records/{gamma}/relationships/{edge['id']}", params={"reason": "ended"}
    )
    assert ended.status_code == 200, ended.text
    assert ended.json()["valid_to"] is not None
    assert relationships(reader, alpha)["edges"] == []
    again = steward.delete(
        f"/api/v1/golden-records/{alpha}/relationships/{edge['id']}", params={"reason": "x"}
    )
    assert again.status_code == 404

    audit = reader.get("/api/v1/audit", params={"golden_id": alpha}).json()["data"]
    actions = {(entry["action"], entry["reason"]) for entry in audit}
    assert {("relationship_added", REASON), ("relationship_removed", "ended")} <= actions
    assert [e["change"] for e in relationship_events(reader)] == ["added", "repointed", "removed"]


def test_steward_edges_are_refused_to_merged_unknown_or_the_same_golden_and_derived_edges_cannot_be_deleted(
    loaded, reader, steward
):
    send(loaded, "fno", "CustomersV3", fno_organization())
    send(loaded, "fno", "CDSContactPersonsV2", contact_person("CP-1", "Bob", "Smith", "US-001"))
    contoso = golden_of(reader, "fno", "CustomersV3", "US-001")
    url = f"/api/v1/golden-records/{contoso}/relationships"

    same = steward.post(url, json={"to_golden_id": contoso, "type": "partner", "reason": REASON})
    unknown = steward.post(url, json={"to_golden_id": "nope", "type": "partner", "reason": REASON})
    bad_type = steward.post(url, json={"to_golden_id": contoso, "type": "Not A Type!", "reason": REASON})
    assert (same.status_code, unknown.status_code, bad_type.status_code) == (422, 404, 422)

    [derived] = relationships(reader, contoso)["edges"]
    refused = steward.delete(f"{url}/{derived['id']}", params={"reason": "wrong"})
    assert refused.status_code == 409
    assert refused.json()["code"] == "conflict"
