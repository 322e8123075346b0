"""The benchmark's labelled data: deterministic, consistently labelled, realistic in shape, accepted by
the hub."""

from collections import Counter, defaultdict

import pytest

from app.core.db import make_engine, session_scope
from app.core.migrations import upgrade
from app.ingest import service
from benchmarks.datagen import LabelledData, generate, phone_key, true_pairs

RECORDS = 2000

# Lookup fields of the customer rows: (F&O field, Dataverse navigation property, its key, reference kind).
LOOKUPS = (
    ("CustomerGroupId", "msdyn_customergroupid", "msdyn_groupid", "group"),
    ("PaymentTerms", "msdyn_paymentterm", "msdyn_name", "terms"),
    ("PaymentTerms", "msdyn_paymentterms", "msdyn_name", "terms"),
    ("PaymentMethod", "msdyn_customerpaymentmethod", "msdyn_name", "method"),
    ("PaymentSchedule", "msdyn_paymentschedule", "msdyn_name", "schedule"),
    ("PaymentDay", "msdyn_paymentday", "msdyn_name", "day"),
)
REFERENCE_KEYS = {
    "PaymentDaysCds": ("day", "Name"),
    "msdyn_paymentdays": ("day", "msdyn_name"),
    "PaymentSchedules": ("schedule", "Name"),
    "msdyn_paymentschedules": ("schedule", "msdyn_name"),
    "PaymentTerms": ("terms", "Name"),
    "msdyn_paymentterms": ("terms", "msdyn_name"),
    "CustomerGroups": ("group", "CustomerGroupId"),
    "msdyn_customergroups": ("group", "msdyn_groupid"),
    "CustomerPaymentMethods": ("method", "Name"),
    "msdyn_customerpaymentmethods": ("method", "msdyn_name"),
}


@pytest.fixture(scope="module")
def data() -> LabelledData:
    return generate(RECORDS)


def company_of(row: dict) -> str:
    return row["dataAreaId"] if "dataAreaId" in row else row["msdyn_company"]["cdm_companycode"]


def key_of(system: str, entity_set: str, row: dict) -> tuple[str, str, str, str]:
    if system == "fno":
        key = row["CustomerAccount"]
    else:
        key = row["accountnumber"] if entity_set == "accounts" else row["msdyn_contactpersonid"]
    return (system, entity_set, company_of(row), key)


def rows_of(data: LabelledData):
    for system, entity_set, rows in data.customers:
        for row in rows:
            yield system, entity_set, row


def is_organisation(entity_set: str, row: dict) -> bool:
    return entity_set == "accounts" or row.get("PartyType") == "Organization"


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(data: LabelledData):
    again = generate(RECORDS)
    assert again.customers == data.customers
    assert again.reference == data.reference
    assert again.truth == data.truth
    assert generate(RECORDS, seed=8).customers != data.customers


def test_rows_come_in_load_order_and_add_up_to_the_requested_count(data: LabelledData):
    assert [(system, entity_set) for system, entity_set, _ in data.customers] == [
        ("fno", "CustomersV3"),
        ("dataverse", "accounts"),
        ("dataverse", "contacts"),
    ]
    assert sum(len(rows) for _, _, rows in data.customers) == RECORDS
    assert [(system, entity_set) for system, entity_set, _ in data.reference] == [
        ("fno", "PaymentDaysCds"),
        ("fno", "PaymentSchedules"),
        ("fno", "PaymentTerms"),
        ("fno", "CustomerGroups"),
        ("fno", "CustomerPaymentMethods"),
        ("dataverse", "msdyn_paymentdays"),
        ("dataverse", "msdyn_paymentschedules"),
        ("dataverse", "msdyn_paymentterms"),
        ("dataverse", "msdyn_customergroups"),
        ("dataverse", "msdyn_customerpaymentmethods"),
    ]
    assert sum(len(generate(n).truth) for n in (1, 7, 333)) == 1 + 7 + 333


def test_keys_are_unique_and_the_truth_labels_exactly_the_customer_rows(data: LabelledData):
    keys = [key_of(system, entity_set, row) for system, entity_set, row in rows_of(data)]
    assert len(keys) == len(set(keys))
    assert set(keys) == set(data.truth)


def test_rows_carry_what_the_native_schemas_require(data: LabelledData):
    for system, entity_set, row in rows_of(data):
        if system == "fno":
            assert row["dataAreaId"] in ("usmf", "demf")
            assert row["CustomerAccount"].startswith(("US-", "DE-", "ACC-", "CNT-"))
            assert row["PartyType"] in ("Organization", "Person")
        else:
            assert row["msdyn_company"]["cdm_companycode"] in ("usmf", "demf")
        if entity_set == "accounts":
            assert row["customertypecode"] == 3
        if entity_set == "contacts":
            assert row["msdyn_sellable"] is True
        if is_organisation(entity_set, row):
            assert (row.get("OrganizationName") or row.get("name") or "").strip()
        else:
            names = (
                "PersonFirstName",
                "PersonMiddleName",
                "PersonLastName",
                "firstname",
                "middlename",
                "lastname",
            )
            assert any((row.get(name) or "").strip() for name in names)
        email = row.get("PrimaryContactEmail") or row.get("emailaddress1")
        if email:
            assert " " not in email.strip() and email.strip().count("@") == 1


def test_every_lookup_names_a_reference_row_of_the_rows_company(data: LabelledData):
    reference = set()
    for _system, entity_set, rows in data.reference:
        kind, field = REFERENCE_KEYS[entity_set]
        reference |= {(kind, company_of(row), row[field]) for row in rows}
    for company in ("usmf", "demf"):
        for kind in ("day", "schedule", "terms", "group", "method"):
            assert any(k == kind and c == company for k, c, _ in reference), (kind, company)
    for _system, _entity_set, rows in data.reference:  # reference rows' own lookups
        for row in rows:
            for field, kind in (
                ("PaymentTermId", "terms"),
                ("PaymentDayName", "day"),
                ("PaymentScheduleName", "schedule"),
            ):
                if row.get(field):
                    assert (kind, company_of(row), row[field]) in reference
    looked_up = 0
    for system, _entity_set, row in rows_of(data):
        company = company_of(row)
        for fno_field, navigation, dataverse_key, kind in LOOKUPS:
            code = row.get(fno_field) if system == "fno" else (row.get(navigation) or {}).get(dataverse_key)
            if code:
                looked_up += 1
                assert (kind, company, code) in reference, (kind, company, code, row)
    assert looked_up > 2 * RECORDS


def test_duplicate_sizes_systems_and_parties_are_as_specified(data: LabelledData):
    sizes = Counter(Counter(data.truth.values()).values())
    parties = sum(sizes.values())
    assert set(sizes) <= {1, 2, 3, 4}
    for size, share in {1: 0.45, 2: 0.35, 3: 0.15, 4: 0.05}.items():
        assert sizes[size] / parties == pytest.approx(share, abs=0.05), sizes
    organisations = {data.truth[key_of(s, e, r)] for s, e, r in rows_of(data) if is_organisation(e, r)}
    assert len(organisations) / parties == pytest.approx(0.6, abs=0.08)

    pairs = true_pairs(data.truth)
    assert len(pairs) == sum(count * size * (size - 1) // 2 for size, count in sizes.items())
    cross = [pair for pair in pairs if len({key[0] for key in pair}) == 2]
    same_key = [pair for pair in cross if len({key[3] for key in pair}) == 1]
    assert len(same_key) / len(cross) == pytest.approx(0.3, abs=0.08)
    assert 0 < len(pairs) - len(cross) < len(cross)  # some within-system duplicates, mostly cross-system
    assert any(len({key[2] for key in pair}) == 2 for pair in pairs)  # a party in both companies


def test_true_pairs_pairs_every_two_keys_of_a_party():
    truth = {
        ("fno", "CustomersV3", "usmf", "A"): 1,
        ("dataverse", "accounts", "usmf", "A"): 1,
        ("dataverse", "accounts", "usmf", "B"): 1,
        ("fno", "CustomersV3", "usmf", "C"): 2,
    }
    assert true_pairs(truth) == {
        frozenset({("fno", "CustomersV3", "usmf", "A"), ("dataverse", "accounts", "usmf", "A")}),
        frozenset({("fno", "CustomersV3", "usmf", "A"), ("dataverse", "accounts", "usmf", "B")}),
        frozenset({("dataverse", "accounts", "usmf", "A"), ("dataverse", "accounts", "usmf", "B")}),
    }


def test_look_alikes_that_are_not_duplicates_are_there(data: LabelledData):
    by_phone = defaultdict(set)
    households = defaultdict(set)
    for system, entity_set, row in rows_of(data):
        party = data.truth[key_of(system, entity_set, row)]
        for field in ("PrimaryContactPhone", "telephone1"):
            if row.get(field):
                by_phone[phone_key(row[field])].add(party)
        if not is_organisation(entity_set, row):
            street = row.get("AddressStreet") or row.get("address1_line1")
            last = row.get("PersonLastName") or row.get("lastname")
            if street and last:
                households[(street, last)].add(party)
    # a head-office phone shared by many different parties (tests a matcher's blocking on generic values)
    assert max(len(parties) for parties in by_phone.values()) >= 20
    # family members: same street and last name, different parties
    assert sum(1 for parties in households.values() if len(parties) > 1) >= 10
    # companies sharing a word but not being the same company
    first_words = defaultdict(set)
    for system, entity_set, row in rows_of(data):
        if is_organisation(entity_set, row):
            name = row.get("OrganizationName") or row.get("name")
            first_words[name.split()[0].lower()].add(data.truth[key_of(system, entity_set, row)])
    assert sum(1 for parties in first_words.values() if len(parties) >= 3) >= 20


def test_the_hub_accepts_every_row(data: LabelledData, tmp_path):
    url = f"sqlite:///{tmp_path}/t.db"
    upgrade(url)
    engine = make_engine(url)
    try:
        for batches in (data.reference, data.customers):
            for system, entity_set, rows in batches:
                with session_scope(engine) as session:
                    results = service.ingest_batch(session, system=system, entity_set=entity_set, rows=rows)
                rejected = [
                    (result.key, result.errors) for result in results if result.status.value == "rejected"
                ]
                assert rejected == [], f"{system} {entity_set}: {rejected[:5]}"
                assert len(results) == len(rows)
    finally:
        engine.dispose()
