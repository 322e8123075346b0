"""The neighbourhood with depth, types and its node bound; the shortest path; the organisation tree."""

import pytest

from tests.app.graph.helpers import account, contact, golden_of, relationships, send


@pytest.fixture
def chain(loaded, reader):
    """A2 -primary contact-> c1 -contact person of-> A1 <-contact person of- c2."""
    send(
        loaded,
        "dataverse",
        "accounts",
        account("ACC-1", "Adatum Corporation"),
        account("ACC-2", "Blue Yonder Airlines", primarycontactid={"msdyn_contactpersonid": "CNT-1"}),
        account("ACC-9", "Unrelated Widgets"),
    )
    send(
        loaded,
        "dataverse",
        "contacts",
        contact("CNT-1", "Carla", "Mendes", "ACC-1"),
        contact("CNT-2", "Dmitri", "Orlov", "ACC-1"),
    )
    names = {"a1": ("accounts", "ACC-1"), "a2": ("accounts", "ACC-2"), "a9": ("accounts", "ACC-9")}
    names |= {"c1": ("contacts", "CNT-1"), "c2": ("contacts", "CNT-2")}
    return {name: golden_of(reader, "dataverse", *identity) for name, identity in names.items()}


def _nodes(graph):
    return {node["id"]: node["depth"] for node in graph["nodes"]}


def test_depth_widens_the_neighbourhood_and_the_node_bound_cuts_it(chain, reader):
    g = chain
    assert _nodes(relationships(reader, g["a2"], depth=1)) == {g["a2"]: 0, g["c1"]: 1}
    assert _nodes(relationships(reader, g["a2"], depth=2)) == {g["a2"]: 0, g["c1"]: 1, g["a1"]: 2}
    three = relationships(reader, g["a2"], depth=3)
    assert _nodes(three) == {g["a2"]: 0, g["c1"]: 1, g["a1"]: 2, g["c2"]: 3}
    assert three["truncated"] is False
    assert three["directed"] is True and three["multigraph"] is True

    cut = relationships(reader, g["a2"], depth=3, max_nodes=2)
    assert _nodes(cut) == {g["a2"]: 0, g["c1"]: 1}
    assert cut["truncated"] is True
    assert cut["graph"]["truncated"] is True

    only_primary = relationships(reader, g["a2"], depth=3, types="primary_contact")
    assert _nodes(only_primary) == {g["a2"]: 0, g["c1"]: 1}


def test_depth_beyond_the_bound_is_refused(chain, reader):
    response = reader.get(f"/api/v1/golden-records/{chain['a2']}/relationships", params={"depth": 9})
    assert response.status_code == 422


def test_unknown_golden_answers_404(reader, engine):
    assert reader.get("/api/v1/golden-records/nope/relationships").status_code == 404


def test_shortest_path_between_two_customers(chain, reader):
    g = chain
    response = reader.get(f"/api/v1/golden-records/{g['a2']}/path-to/{g['c2']}")
    assert response.status_code == 200, response.text
    path = response.json()

    assert path["found"] is True and path["length"] == 3
    assert [node["id"] for node in path["nodes"]] == [g["a2"], g["c1"], g["a1"], g["c2"]]
    assert [edge["type"] for edge in path["edges"]] == ["primary_contact", "contact_person", "contact_person"]

    none = reader.get(f"/api/v1/golden-records/{g['a2']}/path-to/{g['a9']}").json()
    assert (none["found"], none["length"], none["nodes"]) == (False, None, [])


def test_organization_tree_from_any_member_shows_the_whole_hierarchy_with_bill_to(loaded, reader):
    send(
        loaded,
        "dataverse",
        "accounts",
        account("ACC-100", "Fourth Coffee Group"),
        account("ACC-200", "Fourth Coffee Billing"),
    )
    send(
        loaded,
        "dataverse",
        "accounts",
        account(
            "ACC-300",
            "Fourth Coffee East",
            parentaccountid={"accountnumber": "ACC-100"},
            msdyn_billingaccount={"accountnumber": "ACC-200"},
        ),
        account("ACC-400", "Fourth Coffee West", parentaccountid={"accountnumber": "ACC-100"}),
    )
    send(
        loaded,
        "dataverse",
        "accounts",
        account("ACC-500", "Fourth Coffee Boston", parentaccountid={"accountnumber": "ACC-300"}),
    )
    ids = {
        key: golden_of(reader, "dataverse", "accounts", key)
        for key in ("ACC-100", "ACC-200", "ACC-300", "ACC-400", "ACC-500")
    }

    response = reader.get(f"/api/v1/golden-records/{ids['ACC-500']}/organization-tree")
    assert response.status_code == 200, response.text
    tree = response.json()

    assert tree["root"] == ids["ACC-100"]
    assert tree["ancestors"] == [ids["ACC-300"], ids["ACC-100"]]
    children = {child["id"]: child for child in tree["tree"]["children"]}
    assert set(children) == {ids["ACC-300"], ids["ACC-400"]}
    east = children[ids["ACC-300"]]
    assert [child["id"] for child in east["children"]] == [ids["ACC-500"]]
    assert [bill["golden_id"] for bill in east["bill_to"]] == [ids["ACC-200"]]
    assert east["display_name"] == "Fourth Coffee East"
    assert tree["truncated"] is False
