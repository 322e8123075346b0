"""Guards: sister companies and household members are different parties, whatever contact channels they
share; records keyed twice in one company link; a typo in every blocking field still makes candidates."""

import pytest

from matching import (
    MATCH,
    REVIEW,
    CustomerRecord,
    Edge,
    blocking_keys,
    classify,
    close_comparisons,
    cluster,
    conflict_basis,
    default_model,
    score,
    standardise,
)

MODEL = default_model()
GROUP = dict(  # what the companies of one group share: switchboard, head office, mail domain
    phones=("+1 206 555 0100",),
    street="500 Pine St",
    city="Seattle",
    postal_code="98101",
    country="US",
    default_region="US",
)


def _company(record_id: int, name: str, email: str, **values) -> CustomerRecord:
    return CustomerRecord(
        record_id=record_id,
        source="fno/CustomersV3/usmf" if record_id % 2 else "dataverse/accounts/usmf",
        party_type="organization",
        organization_name=name,
        emails=(email,),
        **(GROUP | values),
    )


SOLOVO = [
    _company(1, "Solovo Ltd", "info@solovo.com"),
    _company(2, "Solovo Industries LLC", "info@solovo.com"),
    _company(3, "Solovo Systems Inc.", "sales@solovo.com"),
]


@pytest.mark.parametrize(
    ("left", "right"),
    [(0, 1), (0, 2), (1, 2)],
    ids=["parent-industries", "parent-systems", "industries-systems"],
)
def test_group_companies_sharing_every_contact_channel_never_link_automatically(left, right):
    pair = score(standardise(SOLOVO[left]), standardise(SOLOVO[right]), MODEL)

    assert pair.probability >= MODEL.thresholds.match  # the channels alone would link them...
    assert classify(pair, MODEL, same_source=False) == REVIEW  # ...the name guard does not


def test_sister_companies_are_different_parties_so_no_chain_joins_them():
    features = {record.record_id: standardise(record) for record in SOLOVO}
    pair = score(features[2], features[3], MODEL)
    assert conflict_basis(pair, MODEL) == frozenset({"organization_name"})

    edges = [Edge(1, 2, 0.9999), Edge(1, 3, 0.9999)]  # say a steward-free model linked the parent to both
    result = cluster(
        [1, 2, 3],
        edges,
        bridge=MODEL.thresholds.bridge,
        conflict=lambda a, b: conflict_basis(score(features[a], features[b], MODEL), MODEL),
    )
    assert {2, 3} not in result.clusters and not any({2, 3} <= members for members in result.clusters)


def test_the_same_company_with_its_identification_number_links_despite_a_mangled_name():
    left = standardise(
        _company(1, "Kade Logistics", "orders@kade.example", identification_number="DE811234567")
    )
    right = standardise(
        _company(2, "Kdqe Lgoistics", "orders@kade.example", identification_number="DE811234567")
    )

    assert classify(score(left, right, MODEL), MODEL, same_source=False) == MATCH


def _person(record_id: int, first: str, last: str = "Meyer", **values) -> CustomerRecord:
    base = dict(
        street="Hauptstraße 5", city="Leipzig", postal_code="04109", country="DE", default_region="DE"
    )
    return CustomerRecord(
        record_id=record_id,
        source="fno/CustomersV3/demf",
        party_type="person",
        first_name=first,
        last_name=last,
        **(base | values),
    )


def test_a_customer_keyed_twice_in_one_company_links():
    """Within-system duplicates are common in ERPs: a typical one (a typo, the same address and phone)
    reaches the bar for records of one source."""
    left = standardise(_person(1, "Katharina", phones=("+49 341 1234567",)))
    right = standardise(_person(2, "Katharian", phones=("0341 1234567",)))

    pair = score(left, right, MODEL)

    assert pair.probability >= MODEL.thresholds.same_source_match
    assert classify(pair, MODEL, same_source=True) == MATCH


def test_a_record_without_a_given_name_does_not_chain_a_household():
    anna, otto = standardise(_person(1, "Anna")), standardise(_person(2, "Otto"))
    nameless = standardise(_person(3, "", phones=()))
    features = {1: anna, 2: otto, 3: nameless}
    edges = []
    for a, b in ((1, 3), (2, 3)):
        pair = score(features[a], features[b], MODEL)
        edges.append(Edge(a, b, pair.probability, close_comparisons(pair, MODEL)))

    result = cluster(
        [1, 2, 3],
        edges,
        bridge=0.5,
        conflict=lambda a, b: conflict_basis(score(features[a], features[b], MODEL), MODEL),
    )

    assert not any({1, 2} <= members for members in result.clusters)


def test_a_typo_in_one_duplicates_given_name_does_not_keep_it_out():
    original, first, second = (
        standardise(_person(i, name, phones=("+49 341 7654321",)))
        for i, name in ((1, "Lukas"), (2, "Lukqs"), (3, "Lkas"))
    )
    features = {1: original, 2: first, 3: second}
    edges = []
    for a, b in ((1, 2), (1, 3)):
        pair = score(features[a], features[b], MODEL)
        edges.append(Edge(a, b, pair.probability, close_comparisons(pair, MODEL)))

    result = cluster(
        [1, 2, 3],
        edges,
        bridge=0.5,
        conflict=lambda a, b: conflict_basis(score(features[a], features[b], MODEL), MODEL),
    )

    assert {1, 2, 3} in result.clusters


TYPO_IN_EVERY_BLOCKING_FIELD = [
    (
        "person: names, street and postcode each mistyped",
        _person(1, "Stephanie", "Schneider", street="Lindenallee 12", postal_code="04109", city="Leipzig"),
        _person(2, "Stefanie", "Schnieder", street="Lindenalee 12", postal_code="04190", city="Leipzig"),
    ),
    (
        "person: given and family name swapped, postcode mistyped",
        _person(1, "Martin", "Keller", postal_code="04109"),
        _person(2, "Keller", "Martin", postal_code="04190", city="Leipzig"),
    ),
    (
        "person: identification number with two digits swapped, everything else mistyped",
        _person(1, "Jonas", "Wagner", identification_number="81273645", postal_code="04109", city="Leipzig"),
        _person(2, "Jnoas", "Wanger", identification_number="81276345", postal_code="04190", city="Lepizig"),
    ),
    (
        "organisation: name and postcode mistyped, no shared channel",
        _company(1, "Fabrikam Logistics GmbH", "a@fabrikam.example", phones=(), postal_code="98101"),
        _company(2, "Fabrikam Logstics GmbN", "b@other.example", phones=(), postal_code="98110"),
    ),
]


@pytest.mark.parametrize(
    ("case", "left", "right"), TYPO_IN_EVERY_BLOCKING_FIELD, ids=lambda v: v if isinstance(v, str) else ""
)
def test_records_with_a_typo_in_every_blocking_field_still_share_a_key(case, left, right):
    shared = blocking_keys(standardise(left), MODEL.blocking_rules) & blocking_keys(
        standardise(right), MODEL.blocking_rules
    )
    assert shared, case
