"""The second benchmark population (FEBRL/GeCo-style corruption model): deterministic, consistently
labelled, every corruption kind present and visible in the rows, look-alikes that are not duplicates, and
rows the hub accepts."""

from collections import Counter, defaultdict

import pytest

from app.core.db import session_scope
from app.ingest import service
from benchmarks import corruptions, corruptvalues
from benchmarks.comparable import comparable_rows, truth_key
from benchmarks.corruptgen import KINDS, MAX_DUPLICATES, CorruptedData, generate
from benchmarks.quality import true_pairs

RECORDS = 3000

# the native columns of each generated field: (F&O, Dataverse)
COLUMNS = {
    "first": ("PersonFirstName", "firstname"),
    "last": ("PersonLastName", "lastname"),
    "middle": ("PersonMiddleName", "middlename"),
    "name": ("OrganizationName", "name"),
    "email": ("PrimaryContactEmail", "emailaddress1"),
    "id_number": ("IdentificationNumber", "msdyn_identificationnumber"),
    "website": ("PrimaryContactURL", "websiteurl"),
}


@pytest.fixture(scope="module")
def data() -> CorruptedData:
    return generate(RECORDS)


def rows_by_key(data: CorruptedData) -> dict:
    return {
        truth_key(system, entity_set, row): row for system, entity_set, rows in data.customers for row in rows
    }


def native(row: dict, system: str, field: str, organisation: bool):
    """The row's value of a generated field, "" and None both as None."""
    if field in COLUMNS:
        value = row.get(COLUMNS[field][0 if system == "fno" else 1])
    else:
        prefix = "DeliveryAddress" if organisation else "Address"
        columns = {
            "street": (f"{prefix}Street", "address1_line1"),
            "city": (f"{prefix}City", "address1_city"),
            "postcode": (f"{prefix}ZipCode", "address1_postalcode"),
        }
        value = row.get(columns[field][0 if system == "fno" else 1])
    return value or None


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(data: CorruptedData):
    again = generate(RECORDS)
    assert again.customers == data.customers
    assert again.truth == data.truth
    assert again.modifications == data.modifications
    assert generate(RECORDS, seed=8).customers != data.customers


def test_rows_add_up_and_the_truth_labels_exactly_the_customer_rows(data: CorruptedData):
    assert [(system, entity_set) for system, entity_set, _ in data.customers] == [
        ("fno", "CustomersV3"),
        ("dataverse", "accounts"),
        ("dataverse", "contacts"),
    ]
    keys = list(rows_by_key(data))
    assert len(keys) == RECORDS == len(set(keys))
    assert set(keys) == set(data.truth)
    assert sum(len(generate(n).truth) for n in (1, 9, 250)) == 260
    # every party has exactly one original; every other record of it says how it was made
    parties = set(data.truth.values())
    assert set(data.originals) == parties
    assert set(data.modifications) == set(data.truth) - set(data.originals.values())
    assert all(1 <= len(log) <= 5 for log in data.modifications.values())


def test_each_party_keeps_one_party_type_and_its_rows_their_schema(data: CorruptedData):
    rows = comparable_rows(data.customers)
    types = defaultdict(set)
    for key, row in rows.items():
        types[data.truth[key]].add(row["party_type"])
    assert all(len(found) == 1 for found in types.values())
    for (system, entity_set, company, _key), row in rows_by_key(data).items():
        assert company in ("usmf", "demf")
        if system == "fno":
            assert row["PartyType"] in ("Organization", "Person")
            assert row["CustomerGroupId"] and row["SalesCurrencyCode"] in ("USD", "EUR")
        else:
            assert row["msdyn_company"] == {"cdm_companycode": company}
            assert row["msdyn_customergroupid"]["msdyn_groupid"]
        if entity_set == "accounts":
            assert row["customertypecode"] == 3
        if entity_set == "contacts":
            assert row["msdyn_sellable"] is True


def test_duplicates_come_at_skewed_counts_within_and_across_systems(data: CorruptedData):
    sizes = Counter(Counter(data.truth.values()).values())
    assert max(sizes) == MAX_DUPLICATES + 1
    assert sizes[1] > sizes[2] > sizes[3] > sizes[4] > sizes[5]  # Zipf: fewer the more duplicates
    pairs = true_pairs(data.truth)
    within = [p for p in pairs if len({(k[0], k[2]) for k in p}) == 1]
    cross_system = [p for p in pairs if len({k[0] for k in p}) == 2]
    assert len(within) > 0.3 * len(pairs) and len(cross_system) > 0.3 * len(pairs)
    assert any(len({k[2] for k in p}) == 2 for p in pairs)  # a duplicate keyed in the other company
    poisson = generate(RECORDS, distribution="poisson")
    assert max(Counter(poisson.truth.values()).values()) <= MAX_DUPLICATES + 1


def test_every_corruption_kind_occurs(data: CorruptedData):
    kinds = Counter(kind for log in data.modifications.values() for _, kind, _, _ in log)
    assert set(kinds) == set(KINDS)
    assert all(count >= 10 for count in kinds.values()), kinds


def _shows(kind: str, before, after, layout: str) -> bool:
    """Whether `after` is what the kind of modification makes of `before`."""
    if kind == "missing":
        return before is not None and after is None
    if kind in ("swap_names", "swap_address"):
        return after == (before[1], before[0])
    if kind == "keyboard":
        local = (before.split("@")[0], after.split("@")[0]) if "@" in before else (before, after)
        return corruptions.is_keyboard_neighbour(*local, layout)
    if kind == "ocr":
        return any(
            before.replace(printed, read, 1) == after or _one_replacement(before, after, printed, read)
            for printed, read in corruptvalues.OCR_CONFUSIONS
        )
    if kind == "phonetic":
        return any(
            _one_replacement(before.lower(), after.lower(), written, heard)
            for written, heard in corruptvalues.PHONETIC_RULES
        )
    if kind == "insert":
        return len(after) == len(before) + 1 and any(
            after[:i] + after[i + 1 :] == before for i in range(len(after))
        )
    if kind == "delete":
        return len(after) == len(before) - 1 and any(
            before[:i] + before[i + 1 :] == after for i in range(len(before))
        )
    if kind == "transpose":
        return any(
            before[:i] + before[i + 1] + before[i] + before[i + 2 :] == after for i in range(len(before) - 1)
        )
    if kind == "digit_change":
        differ = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
        return len(differ) == 1 and differ[0][0].isdigit() and differ[0][1].isdigit()
    if kind == "digit_transpose":
        return (
            sorted(before) == sorted(after) and sum(a != b for a, b in zip(before, after, strict=True)) == 2
        )
    if kind == "initial":
        return after.rstrip(".") == before[0].upper() and len(after.rstrip(".")) == 1
    if kind == "nickname":
        return after in corruptvalues.NICKNAMES[before]
    if kind == "legal_form":
        return after != before and after.split()[:1] == before.split()[:1]
    raise AssertionError(f"unknown kind {kind}")


def _one_replacement(before: str, after: str, old: str, new: str) -> bool:
    start = before.find(old)
    while start != -1:
        if before[:start] + new + before[start + len(old) :] == after:
            return True
        start = before.find(old, start + 1)
    return False


def test_every_modification_is_of_its_kind_and_the_last_value_is_in_the_row(data: CorruptedData):
    rows = rows_by_key(data)
    checked = Counter()
    for key, log in data.modifications.items():
        system, entity_set, _company, _ = key
        organisation = entity_set == "accounts" or rows[key].get("PartyType") == "Organization"
        party_company = data.originals[data.truth[key]][2]  # the keyboard is the party's country's
        layout = "qwertz" if party_company == "demf" else "qwerty"
        final: dict[str, object] = {}
        for field, kind, before, after in log:
            assert _shows(kind, before, after, layout), (key, field, kind, before, after)
            checked[kind] += 1
            if "/" in field:
                a, b = field.split("/")
                final[a], final[b] = after
            else:
                final[field] = after
        for field, value in final.items():
            if field == "phone":
                shown = rows[key].get("PrimaryContactPhone") or rows[key].get("telephone1")
                shown = shown or rows[key].get("mobilephone")
                assert (
                    (shown or None) is None
                    if value is None
                    else "".join(filter(str.isdigit, shown)).endswith(value.split("|")[1])
                ), (key, value, shown)
            else:
                assert native(rows[key], system, field, organisation) == value, (key, field, value)
    assert set(checked) == set(KINDS)


def test_sister_companies_and_households_look_alike_but_are_different_parties(data: CorruptedData):
    originals = rows_by_key(data)
    sisters = defaultdict(list)
    households = defaultdict(list)
    for party, kind in data.party_kinds.items():
        key = data.originals[party]
        row = comparable_rows([(key[0], key[1], [originals[key]])])[key]
        if kind == "sister":
            sisters[row["name"].split()[0]].append(row)
        elif kind == "household":
            households[(row["last_name"], row["street"])].append(row)
    groups = [rows for rows in sisters.values() if len(rows) > 1]
    assert len(groups) >= 10
    assert all(len({row["name"] for row in rows}) == len(rows) for rows in groups)  # distinct names
    shared_phone = sum(1 for rows in groups if len({r["phone"] for r in rows}) < len(rows))
    shared_domain = sum(1 for rows in groups if len({(r["email"] or "@").split("@")[1] for r in rows}) == 1)
    shared_office = sum(1 for rows in groups if len({r["street"] for r in rows}) < len(rows))
    assert shared_phone >= 5 and shared_domain >= 5 and shared_office >= 5
    families = [rows for rows in households.values() if len(rows) > 1]
    assert len(families) >= 10
    for rows in families:
        assert len({row["first_name"] for row in rows}) == len(rows)
    assert sum(1 for rows in families if len({r["phone"] for r in rows}) < len(rows)) >= 5


def test_the_hub_accepts_every_row(engine):
    data = generate(600, seed=3)
    for batches in (data.reference, data.customers):
        for system, entity_set, rows in batches:
            with session_scope(engine) as session:
                results = service.ingest_batch(session, system=system, entity_set=entity_set, rows=rows)
            rejected = [
                (result.key, result.errors) for result in results if result.status.value == "rejected"
            ]
            assert rejected == [], f"{system} {entity_set}: {rejected[:5]}"
            assert len(results) == len(rows)
