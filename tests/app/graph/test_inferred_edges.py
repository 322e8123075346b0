"""Inferred edges with their evidence: households and records sharing a phone or e-mail."""

from tests.app.graph.helpers import edge_summary, golden_of, relationships, send, view_roles
from tests.factories import dataverse_contact, fno_organization, fno_other_organization, fno_person

HOME = {"AddressStreet": "12 Birch Lane", "AddressCity": "Seattle", "AddressZipCode": "98101"}


def test_persons_at_the_same_address_form_a_household_with_the_address_as_evidence(loaded, reader):
    send(
        loaded,
        "fno",
        "CustomersV3",
        fno_person(CustomerAccount="US-101", PersonFirstName="Ann", PersonLastName="Lee", **HOME),
        fno_person(
            CustomerAccount="US-102",
            PersonFirstName="Tom",
            PersonLastName="Baker",
            PrimaryContactEmail="tom.baker@example.com",
            **HOME,
        ),
    )
    ann, tom = (
        golden_of(reader, "fno", "CustomersV3", "US-101"),
        golden_of(reader, "fno", "CustomersV3", "US-102"),
    )
    assert ann != tom

    [edge] = relationships(reader, ann)["edges"]

    assert (edge["type"], edge["origin"]) == ("household", "inferred")
    assert {edge["source"], edge["target"]} == {ann, tom}
    assert edge["lineage"]["inference"] == "household"
    assert edge["lineage"]["evidence"] == {"address": ["US|98101|birch ln|12"]}
    assert view_roles(reader, tom) == {ann: ["household_member"]}

    # Tom moves: the household edge ends.
    moved = {**HOME, "AddressStreet": "99 Pine Road"}
    send(
        loaded,
        "fno",
        "CustomersV3",
        fno_person(
            CustomerAccount="US-102",
            PersonFirstName="Tom",
            PersonLastName="Baker",
            PrimaryContactEmail="tom.baker@example.com",
            **moved,
        ),
    )
    assert relationships(reader, ann)["edges"] == []


def test_organisations_sharing_a_phone_that_did_not_match_are_possibly_related(loaded, reader):
    send(
        loaded,
        "fno",
        "CustomersV3",
        fno_organization(),
        fno_other_organization(PrimaryContactPhone="+1 425 555 0100"),
    )
    contoso, litware = (
        golden_of(reader, "fno", "CustomersV3", "US-001"),
        golden_of(reader, "fno", "CustomersV3", "US-050"),
    )
    assert contoso != litware

    graph = relationships(reader, contoso)

    assert {(s, t) for s, t, _ in edge_summary(graph)} <= {(contoso, litware), (litware, contoso)}
    [edge] = graph["edges"]
    assert edge["type"] == "possibly_related"
    assert edge["lineage"]["evidence"] == {"phone": ["+14255550100"]}


def test_records_that_matched_show_no_inferred_edge_between_them(loaded, reader):
    send(loaded, "fno", "CustomersV3", fno_person())
    send(loaded, "dataverse", "contacts", dataverse_contact())
    person = golden_of(reader, "fno", "CustomersV3", "US-002")
    assert golden_of(reader, "dataverse", "contacts", "CNT-001") == person  # they share name and e-mail

    assert relationships(reader, person)["edges"] == []
