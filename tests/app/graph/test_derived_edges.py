"""Edges derived from the rows of both systems, kept current as rows change, resolved when a missing
target arrives."""

from tests.app.graph.helpers import (
    account,
    contact,
    contact_person,
    edge_summary,
    golden_of,
    relationship_events,
    relationships,
    send,
    view_roles,
)
from tests.factories import fno_organization, fno_other_organization


def test_fno_contact_person_and_primary_contact_become_edges_with_their_lineage(loaded, reader):
    send(loaded, "fno", "CustomersV3", fno_organization(ContactPersonId="CP-001"))
    send(loaded, "fno", "CDSContactPersonsV2", contact_person("CP-001", "Bob", "Smith", "US-001"))
    organisation = golden_of(reader, "fno", "CustomersV3", "US-001")
    person = golden_of(reader, "fno", "CDSContactPersonsV2", "CP-001")

    graph = relationships(reader, organisation)

    assert edge_summary(graph) == {
        (person, organisation, "contact_person"),
        (organisation, person, "primary_contact"),
    }
    lineage = {edge["type"]: edge["lineage"] for edge in graph["edges"]}
    assert lineage["contact_person"]["field"] == "AssociatedContactNumber"
    assert lineage["contact_person"]["key"] == "CP-001"
    assert lineage["primary_contact"]["field"] == "ContactPersonId"
    assert all(edge["origin"] == "source" for edge in graph["edges"])
    assert view_roles(reader, organisation) == {person: ["contact_person", "primary_contact"]}
    assert view_roles(reader, person) == {organisation: ["account", "primary_contact_of"]}


def test_dataverse_lookups_become_contact_primary_parent_and_bill_to_edges(loaded, reader):
    send(
        loaded,
        "dataverse",
        "accounts",
        account("ACC-100", "Northwind Holding"),
        account("ACC-200", "Northwind Billing"),
        account(
            "ACC-300",
            "Northwind Retail",
            parentaccountid={"accountnumber": "ACC-100"},
            msdyn_billingaccount={"accountnumber": "ACC-200"},
            primarycontactid={"msdyn_contactpersonid": "CNT-300"},
        ),
    )
    send(loaded, "dataverse", "contacts", contact("CNT-300", "Dana", "Birk", "ACC-300"))
    holding, billing, retail = (
        golden_of(reader, "dataverse", "accounts", k) for k in ("ACC-100", "ACC-200", "ACC-300")
    )
    person = golden_of(reader, "dataverse", "contacts", "CNT-300")

    graph = relationships(reader, retail)

    assert edge_summary(graph) == {
        (retail, holding, "parent_account"),
        (retail, billing, "bill_to"),
        (retail, person, "primary_contact"),
        (person, retail, "contact_person"),
    }
    fields = {edge["type"]: edge["lineage"]["field"] for edge in graph["edges"]}
    assert fields == {
        "parent_account": "parentaccountid",
        "bill_to": "msdyn_billingaccount",
        "primary_contact": "primarycontactid",
        "contact_person": "parentcustomerid_account",
    }
    assert view_roles(reader, retail)[holding] == ["parent_account"]
    assert view_roles(reader, holding)[retail] == ["subsidiary"]


def test_a_contact_whose_account_has_not_arrived_is_linked_when_the_account_arrives(loaded, reader):
    send(loaded, "dataverse", "contacts", contact("CNT-1", "Eve", "Stone", "ACC-LATE"))
    person = golden_of(reader, "dataverse", "contacts", "CNT-1")
    assert relationships(reader, person)["edges"] == []
    assert relationship_events(reader) == []

    send(loaded, "dataverse", "accounts", account("ACC-LATE", "Late Arrivals Inc"))
    organisation = golden_of(reader, "dataverse", "accounts", "ACC-LATE")

    assert edge_summary(relationships(reader, person)) == {(person, organisation, "contact_person")}
    [event] = relationship_events(reader)
    assert event["change"] == "added"
    assert sorted(event["goldens"]) == sorted([person, organisation])
    assert event["edge"]["type"] == "contact_person"


def test_a_row_that_names_another_account_moves_its_edge_and_the_old_one_ends(loaded, reader):
    send(loaded, "fno", "CustomersV3", fno_organization(), fno_other_organization())
    send(loaded, "fno", "CDSContactPersonsV2", contact_person("CP-9", "Ida", "Vance", "US-001"))
    first, second = (
        golden_of(reader, "fno", "CustomersV3", "US-001"),
        golden_of(reader, "fno", "CustomersV3", "US-050"),
    )
    person = golden_of(reader, "fno", "CDSContactPersonsV2", "CP-9")

    send(loaded, "fno", "CDSContactPersonsV2", contact_person("CP-9", "Ida", "Vance", "US-050"))

    assert edge_summary(relationships(reader, person)) == {(person, second, "contact_person")}
    assert relationships(reader, first)["edges"] == []
    changes = [(e["change"], e["edge"]["to_golden_id"]) for e in relationship_events(reader)]
    assert changes == [("added", first), ("removed", first), ("added", second)]
    removed = relationship_events(reader)[1]["edge"]
    assert removed["valid_to"] is not None


def test_resending_an_unchanged_row_changes_no_edge(loaded, reader):
    send(loaded, "fno", "CustomersV3", fno_organization())
    send(loaded, "fno", "CDSContactPersonsV2", contact_person("CP-1", "Bob", "Smith", "US-001"))
    before = relationship_events(reader)

    send(loaded, "fno", "CDSContactPersonsV2", contact_person("CP-1", "Bob", "Smith", "US-001"))

    assert relationship_events(reader) == before
    assert len(before) == 1


def test_a_deleted_row_ends_its_edges_when_the_graph_is_told(loaded, reader, engine):
    """Ingest tells the graph about every row it writes; a caller that marks rows deleted does the same."""
    from app.core.db import session_scope
    from app.graph import service as graph_service
    from models import SourceRecord, utc_now

    send(loaded, "fno", "CustomersV3", fno_organization())
    send(loaded, "fno", "CDSContactPersonsV2", contact_person("CP-1", "Bob", "Smith", "US-001"))
    person = golden_of(reader, "fno", "CDSContactPersonsV2", "CP-1")
    assert len(relationships(reader, person)["edges"]) == 1

    with session_scope(engine) as session:
        record = session.get(
            SourceRecord, reader.get("/api/v1/sources/fno/CDSContactPersonsV2/usmf/CP-1").json()["id"]
        )
        record.deleted_at = utc_now()
        session.add(record)
        session.flush()
        graph_service.derive_for_sources(session, [record.id])

    assert relationships(reader, person)["edges"] == []
    assert [e["change"] for e in relationship_events(reader)] == ["added", "removed"]
