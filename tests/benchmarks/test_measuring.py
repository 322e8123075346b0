"""The benchmark's measuring equipment: pair scores by category, what a hub's tables say about each true
pair, the fields handed to Splink, and the Splink baseline itself."""

import importlib.util
import itertools

import pytest
from sqlalchemy import text

from app.core.db import session_scope
from app.ingest import service
from benchmarks import hub_state, quality
from benchmarks.comparable import comparable, comparable_rows, phone_digits
from benchmarks.corruptgen import generate

F1 = ("fno", "CustomersV3", "usmf", "F1")
F2 = ("fno", "CustomersV3", "usmf", "F2")
F3 = ("fno", "CustomersV3", "demf", "F3")
D1 = ("dataverse", "contacts", "usmf", "D1")
A1 = ("dataverse", "accounts", "usmf", "A1")
A2 = ("dataverse", "accounts", "usmf", "A2")


def row(key, party_type):
    return {"party_type": party_type, "system": key[0], "company": key[2]}


def test_scores_split_pairs_by_party_type_and_by_system_and_company():
    rows = {k: row(k, "person") for k in (F1, F2, F3, D1)} | {k: row(k, "organization") for k in (A1, A2)}
    truth = quality.true_pairs({F1: 1, F2: 1, F3: 1, D1: 1, A1: 2, A2: 2})
    predicted = {frozenset((F1, F2)), frozenset((F1, D1)), frozenset((A1, A2)), frozenset((F2, A1))}
    scores = quality.scores(predicted, truth, rows)
    within = scores["persons within-system"]  # F1-F2 only: F3 is in another company
    assert (within.true, within.predicted, within.correct) == (1, 1, 1)
    cross = scores["persons cross-system"]  # F1-F3, F2-F3, F1-D1, F2-D1, F3-D1
    assert (cross.true, cross.predicted, cross.correct) == (5, 1, 1)
    assert cross.recall == pytest.approx(0.2) and cross.f1 == pytest.approx(1 / 3)
    organisations = scores["organisations within-system"]
    assert (organisations.true, organisations.correct) == (1, 1)
    overall = scores["overall"]  # the person-organisation pair counts against precision overall
    assert (overall.true, overall.predicted, overall.correct) == (7, 4, 3)
    assert quality.scores(predicted | {frozenset((F1, ("x", "y", "z", "w")))}, truth, rows) == scores
    lines = quality.table({"hub": scores, "splink": scores})
    assert lines[2].split()[:2] == ["persons", "within-system"] and len(lines) == 7


def test_comparable_fields_are_lightly_cleaned_from_either_schema():
    fno = comparable(
        "fno",
        "CustomersV3",
        {
            "dataAreaId": "usmf",
            "CustomerAccount": "K1",
            "PartyType": "Person",
            "PersonFirstName": " Anna ",
            "PersonLastName": "SMITH",
            "PrimaryContactEmail": "Anna.Smith@Mail.com ",
            "PrimaryContactPhone": "+1 (206) 555-0100",
            "AddressStreet": "12  Elm  St",
            "AddressZipCode": "",
            "IdentificationNumber": "",
        },
    )
    assert fno["unique_id"] == "fno|CustomersV3|usmf|K1" and fno["party_type"] == "person"
    assert (fno["first_name"], fno["last_name"], fno["full_name"]) == ("anna", "smith", "anna smith")
    assert (fno["email"], fno["phone"], fno["street"]) == ("anna.smith@mail.com", "2065550100", "12 elm st")
    assert fno["postcode"] is None and fno["id_number"] is None and fno["name"] is None
    account = comparable(
        "dataverse",
        "accounts",
        {"msdyn_company": {"cdm_companycode": "demf"}, "accountnumber": "A9", "name": "Solovo GmbH"},
    )
    assert (account["party_type"], account["company"], account["name"]) == (
        "organization",
        "demf",
        "solovo gmbh",
    )
    assert phone_digits("0049 30 1234567") == phone_digits("030/1234567") == "301234567"


def test_the_hub_state_accounts_for_every_true_pair(engine, database_url):
    data = generate(400, seed=5)
    for batches in (data.reference, data.customers):
        for system, entity_set, rows in batches:
            with session_scope(engine) as session:
                service.ingest_batch(session, system=system, entity_set=entity_set, rows=rows)
    truth = quality.true_pairs(data.truth)
    state = hub_state.read(database_url, truth)
    assert sum(state.fates.values()) == len(truth) == state.true_pairs
    assert state.fates["not_stored"] == 0
    assert state.fates["matched"] + state.fates["transitive"] == len(state.predicted & truth)
    with engine.connect() as connection:
        links = connection.execute(
            text(
                "SELECT s.system, s.entity_set, s.company, s.key, l.golden_record_id FROM source_records s "
                "JOIN golden_record_links l ON l.source_record_id = s.id WHERE s.kind = 'customer'"
            )
        ).all()
    golden = {tuple(link[:4]): link[4] for link in links}
    expected = {frozenset((a, b)) for a, b in itertools.combinations(golden, 2) if golden[a] == golden[b]}
    assert state.predicted == expected
    assert state.goldens == len(set(golden.values()))
    assert state.max_block_size and 0 < state.blocking_found <= len(truth)
    assert state.candidate_pairs >= state.blocking_found
    lines = hub_state.fate_lines(state)
    assert "where the hub's true pairs went" in lines[0] and "blocking recall" in lines[1]


@pytest.mark.skipif(
    importlib.util.find_spec("splink") is None, reason="the benchmarks extra is not installed"
)
def test_splink_runs_on_both_party_types_and_finds_duplicates():
    from benchmarks import splink_baseline

    data = generate(500, seed=11)
    rows = comparable_rows(data.customers)
    result = splink_baseline.run(list(rows.values()))
    key_of = {r["unique_id"]: key for key, r in rows.items()}
    predicted = {frozenset(key_of[u] for u in pair) for pair in result.pairs}
    scores = quality.scores(predicted, quality.true_pairs(data.truth), rows)
    assert scores["persons cross-system"].recall > 0.5 and scores["organisations cross-system"].recall > 0.5
    assert all(rows[a]["party_type"] == rows[b]["party_type"] for a, b in map(tuple, predicted))
    assert result.seconds > 0 and result.predictions > 0 and result.pairs
