"""The graph as matching evidence: organisations that share a contact person are more likely one."""

from matching import CustomerRecord, default_model, score, standardise
from tests.app.graph.helpers import contact, contact_person, golden_of, send
from tests.factories import dataverse_account, fno_organization


def _organisation(record_id: int, source: str, contacts=()) -> CustomerRecord:
    return CustomerRecord(
        record_id=record_id,
        source=source,
        party_type="organization",
        organization_name="Tailspin Toys",
        city="Berlin",
        country="DE",
        contact_persons=tuple(contacts),
    )


def _weight(left, right) -> tuple[str | None, float]:
    scored = score(standardise(left), standardise(right), default_model())
    level = next(c.level for c in scored.contributions if c.comparison == "shared_contact_person")
    return level, scored.match_weight


def test_a_shared_contact_person_raises_the_match_weight_of_two_organisations():
    jane = ("Jane", "Doe", "Jane.Doe@tailspin.example")
    other = ("Omar", "Haddad", "omar@elsewhere.example")

    unknown = _weight(_organisation(1, "fno"), _organisation(2, "dataverse"))
    shared_email = _weight(_organisation(1, "fno", [jane]), _organisation(2, "dataverse", [jane]))
    shared_name = _weight(
        _organisation(1, "fno", [jane]), _organisation(2, "dataverse", [("jane", "DOE", None)])
    )
    different = _weight(_organisation(1, "fno", [jane]), _organisation(2, "dataverse", [other]))

    assert unknown[0] == "null"
    assert (shared_email[0], shared_name[0], different[0]) == ("shared_email", "shared_name", "different")
    assert shared_email[1] > shared_name[1] > unknown[1] > different[1]


def test_contacts_arriving_on_both_sides_become_evidence_on_the_organisations_pair(loaded, reader):
    send(loaded, "fno", "CustomersV3", fno_organization())
    send(loaded, "dataverse", "accounts", dataverse_account())
    golden = golden_of(reader, "fno", "CustomersV3", "US-001")
    assert golden_of(reader, "dataverse", "accounts", "ACC-001") == golden

    def evidence() -> str:
        [pair] = reader.get(f"/api/v1/golden-records/{golden}").json()["match_pairs"]
        comparisons = {c["comparison"]: c["level"] for c in pair["explanation"]["comparisons"]}
        return comparisons["shared_contact_person"]

    assert evidence() == "null"
    send(loaded, "fno", "CDSContactPersonsV2", contact_person("CP-1", "Bob", "Smith", "US-001"))
    send(loaded, "dataverse", "contacts", contact("CNT-7", "Bob", "Smith", "ACC-001"))

    assert evidence() == "shared_email"
