"""Order does not matter: whatever order and batching the rows arrive in, once `pending.matching` is 0 the
golden records (which records they hold, and their attributes) are what one batch pass over all rows
gives."""

import json
from collections import defaultdict
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from app.core.db import session_scope
from app.matching import batch
from app.matching.maintenance import MatchMaintenance
from benchmarks import corruptgen
from tests.conftest import API_KEYS, _empty_all_tables
from tests.factories import fno_person, ingest, load_reference_data

DATA = corruptgen.generate(200, seed=5)
# Names and addresses only, as in public person benchmarks: many pairs score near the thresholds, where a
# score that depended on what the store held when the pair was scored would decide differently.
CONTACT_FIELDS = {
    "fno": {"PrimaryContactEmail": "", "PrimaryContactPhone": "", "IdentificationNumber": ""},
    "dataverse": {
        "emailaddress1": None,
        "telephone1": None,
        "mobilephone": None,
        "msdyn_identificationnumber": None,
        "websiteurl": None,
    },
}
CUSTOMER_ROWS = [
    (system, entity_set, {**row, **{k: v for k, v in CONTACT_FIELDS[system].items() if k in row}})
    for system, entity_set, rows in DATA.customers
    for row in rows
]
Snapshot = dict[frozenset, dict[str, Any]]


def _load(client, order: list[int], batch_size: int) -> None:
    for system, entity_set, rows in DATA.reference:
        assert client.post(f"/api/v1/sources/{system}/{entity_set}", json={"value": rows}).status_code == 200
    batches: list[tuple[str, str, list[dict]]] = []
    for index in order:
        system, entity_set, row = CUSTOMER_ROWS[index]
        if batches and batches[-1][:2] == (system, entity_set) and len(batches[-1][2]) < batch_size:
            batches[-1][2].append(row)
        else:
            batches.append((system, entity_set, [row]))
    for system, entity_set, rows in batches:
        response = client.post(f"/api/v1/sources/{system}/{entity_set}", json={"value": rows})
        assert response.status_code == 200, response.text


def _settle(engine, client) -> None:
    maintenance = MatchMaintenance(engine, interval_seconds=0)
    for _ in range(50):
        if client.get("/api/v1/status").json()["pending"]["matching"] == 0:
            return
        maintenance.run_once()
    raise AssertionError("matching did not settle")


def _snapshot(engine) -> Snapshot:
    """Each golden record as the identities of its source records, with its attributes."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT l.golden_record_id, s.system, s.entity_set, s.company, s.key, g.attributes "
                "FROM golden_record_links l JOIN source_records s ON s.id = l.source_record_id "
                "JOIN golden_records g ON g.id = l.golden_record_id"
            )
        ).all()
    members: dict[str, set] = defaultdict(set)
    attributes: dict[str, dict] = {}
    for golden_id, system, entity_set, company, key, values in rows:
        members[golden_id].add((system, entity_set, company, key))
        attributes[golden_id] = json.loads(values) if isinstance(values, str) else values
    return {frozenset(found): attributes[golden_id] for golden_id, found in members.items()}


_first: dict[str, Snapshot] = {}


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    order=st.permutations(range(len(CUSTOMER_ROWS))),
    batch_size=st.sampled_from([1, 3, 17, 500]),
)
def test_any_order_and_batching_ends_where_one_batch_pass_over_all_rows_ends(
    app, engine, client_for, backend, order, batch_size
):
    _empty_all_tables(engine)
    client = client_for("admin")
    assert API_KEYS["admin"]
    _load(client, list(order), batch_size)
    _settle(engine, client)
    realtime = _snapshot(engine)

    with session_scope(engine) as session:
        batch.run(session)
    batch_pass = _snapshot(engine)

    assert set(realtime) == set(batch_pass), "the partition differs from one batch pass"
    assert realtime == batch_pass, "golden attributes differ from one batch pass"
    first = _first.setdefault(backend, realtime)
    assert realtime == first, "another order of the same rows ended elsewhere"
    assert len(realtime) < len(CUSTOMER_ROWS), "the rows hold duplicates that were linked"


FIRST_NAMES = (
    "Anna Ben Clara David Emil Frieda Georg Hanna Ida Jonas Karl Lena Max Nora Otto Paula Quirin Rosa Simon "
    "Tara Ulrich Vera Walter Xenia Yusuf Zoe Adam Berta Carl Doris Erik Fiona".split()
)


def _pair_decisions(engine) -> dict[frozenset, str]:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT a.key, b.key, p.decision FROM match_pairs p "
                "JOIN source_records a ON a.id = p.left_record_id "
                "JOIN source_records b ON b.id = p.right_record_id"
            )
        ).all()
    return {frozenset((left, right)): decision for left, right, decision in rows}


def test_a_pair_scores_the_same_into_an_empty_store_and_into_a_full_one(engine, connector):
    load_reference_data(connector)
    pair = [
        fno_person(CustomerAccount="P-1", PersonFirstName="Katharina", PersonLastName="Brandt",
                   AddressStreet="Lindenallee 4", AddressCity="Leipzig", PrimaryContactEmail=""),
        fno_person(CustomerAccount="P-2", PersonFirstName="Katharian", PersonLastName="Brandt",
                   AddressStreet="Lindenallee 9", AddressCity="Leipzig", PrimaryContactEmail=""),
    ]  # fmt: skip
    ingest(connector, "fno", "CustomersV3", pair)
    alone = _pair_decisions(engine), _stored_probabilities(engine)

    _empty_all_tables(engine)
    load_reference_data(connector)
    others = [
        fno_person(CustomerAccount=f"O-{i}", PersonFirstName=name, PersonLastName=f"Other{i}",
                   AddressStreet=f"Weg {i}", AddressCity="Leipzig", PrimaryContactEmail="")
        for i, name in enumerate(FIRST_NAMES * 6)
    ]  # fmt: skip
    ingest(connector, "fno", "CustomersV3", others)
    ingest(connector, "fno", "CustomersV3", pair)
    crowded = _pair_decisions(engine), _stored_probabilities(engine)

    key = frozenset(("P-1", "P-2"))
    assert alone[0][key] == crowded[0][key] == "match"
    assert alone[1][key] == crowded[1][key]


def _stored_probabilities(engine) -> dict[frozenset, float]:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT a.key, b.key, p.probability FROM match_pairs p "
                "JOIN source_records a ON a.id = p.left_record_id "
                "JOIN source_records b ON b.id = p.right_record_id"
            )
        ).all()
    return {frozenset((left, right)): round(probability, 9) for left, right, probability in rows}


def test_a_block_that_outgrows_its_cap_gives_no_candidates_however_it_grew(engine, connector):
    """32 members of one household share the phone, address and family name: past the block cap those
    keys are no evidence, and the pairs they gave while the block was small are matched again."""
    load_reference_data(connector)
    household = [
        fno_person(CustomerAccount=f"H-{i:02}", PersonFirstName=name, PersonLastName="Meyer",
                   PrimaryContactPhone="+1 206 555 0199", PrimaryContactEmail="",
                   AddressStreet="1 Care Home Way", AddressCity="Seattle", AddressZipCode="98101")
        for i, name in enumerate(FIRST_NAMES)
    ]  # fmt: skip
    for row in household:  # one at a time, as a connector's deltas arrive
        ingest(connector, "fno", "CustomersV3", [row])
    _settle(engine, connector)
    realtime = _pair_decisions(engine)

    with session_scope(engine) as session:
        batch.run(session)

    assert realtime == _pair_decisions(engine)
