"""Scores carry their explanation; classification applies the thresholds and the same-source guard."""

import math
from dataclasses import replace

import pytest

from matching import MATCH, REVIEW, CustomerRecord, classify, conflicting, default_model, score, standardise

MODEL = default_model()


def _organization(record_id: int, source: str = "fno/CustomersV3/usmf", **values) -> CustomerRecord:
    base = dict(
        organization_name="Contoso Ltd",
        emails=("sales@contoso.com",),
        phones=("+1 425 555 0100",),
        street="1 Microsoft Way",
        city="Redmond",
        postal_code="98052",
        country="USA",
        default_region="US",
    )
    return CustomerRecord(record_id=record_id, source=source, party_type="organization", **(base | values))


def test_the_explanation_adds_up_and_names_the_version():
    left = standardise(_organization(1))
    right = standardise(
        _organization(
            2,
            "dataverse/accounts/usmf",
            organization_name="Contoso Limited",
            country="United States",
            phones=("(425) 555-0100",),
        )
    )

    pair = score(left, right, MODEL)
    explanation = pair.explanation()

    assert explanation["settings_version"] == MODEL.version
    names = [c["comparison"] for c in explanation["comparisons"]]
    assert names[:3] == ["organization_name", "email", "phone"]
    levels = {c["comparison"]: c["level"] for c in explanation["comparisons"]}
    assert levels["organization_name"] == "exact"  # legal forms removed for comparison
    assert levels["phone"] == "exact" and levels["country"] == "exact"
    assert levels["identification_number"] == "null"
    total = explanation["prior_weight"] + sum(c["weight"] for c in explanation["comparisons"])
    assert total == pytest.approx(explanation["match_weight"], abs=1e-3)
    assert explanation["probability"] == pytest.approx(2**total / (1 + 2**total), rel=1e-6)
    prior = MODEL.parties["organization"].probability_two_random_records_match
    assert explanation["prior_weight"] == pytest.approx(math.log2(prior / (1 - prior)), abs=1e-3)
    assert classify(pair, MODEL, same_source=False) == MATCH


def test_different_organisations_do_not_match():
    left = standardise(_organization(1))
    right = standardise(
        _organization(
            2,
            organization_name="Fabrikam Inc",
            emails=("info@fabrikam.com",),
            phones=("+1 206 555 0111",),
            street="5 Pine St",
            postal_code="98101",
            city="Seattle",
        )
    )
    assert score(left, right, MODEL).probability < MODEL.thresholds.review


def test_same_source_pairs_link_at_their_own_threshold():
    left = standardise(_organization(1, emails=(), phones=()))
    right = standardise(_organization(2, organization_name="Contoso Limited", emails=(), phones=()))
    pair = score(left, right, MODEL)
    thresholds = MODEL.thresholds
    between = replace(pair, probability=(thresholds.match + thresholds.same_source_match) / 2)

    assert classify(pair, MODEL, same_source=True) == MATCH  # the same customer keyed twice in one company
    assert thresholds.match <= between.probability < thresholds.same_source_match
    assert classify(between, MODEL, same_source=False) == MATCH
    assert classify(between, MODEL, same_source=True) == REVIEW


def _person(record_id, first, last="Kelley", **values):
    base = dict(
        phones=("+1 912 869 1961",),
        street="479 School St",
        city="Savannah",
        postal_code="31453",
        country="US",
    )
    return standardise(
        CustomerRecord(
            record_id=record_id,
            source=f"s{record_id}",
            party_type="person",
            first_name=first,
            last_name=last,
            **(base | values),
        )
    )


def test_a_household_member_is_a_different_person_however_much_else_they_share():
    pair = score(_person(1, "Ruth"), _person(2, "Sophia"), MODEL)

    levels = {c.comparison: c.level for c in pair.contributions}
    assert levels["given_name"] == "different" and levels["family_name"] == "exact"
    assert pair.probability >= MODEL.thresholds.match  # the shared address and phone weigh a lot...
    assert classify(pair, MODEL, same_source=False) == REVIEW  # ...but another given name is another person
    assert conflicting(pair, MODEL)  # and no chain of matches joins the two


def test_a_typing_error_in_a_given_name_is_not_another_person():
    pair = score(_person(1, "Sophia"), _person(2, "Sohpia"), MODEL)

    assert {c.comparison: c.level for c in pair.contributions}["given_name"] == "similar"
    assert classify(pair, MODEL, same_source=False) == MATCH and not conflicting(pair, MODEL)


def test_swapped_person_names_are_compared_the_right_way_round():
    pair = score(_person(1, "Ann", "Lee", phones=()), _person(2, "Lee", "Ann", phones=()), MODEL)

    levels = {c.comparison: c.level for c in pair.contributions}
    assert levels["given_name"] == "exact" and levels["family_name"] == "exact"


def test_records_of_different_party_types_are_never_compared():
    person = standardise(CustomerRecord(record_id=2, source="x", party_type="person", last_name="Contoso"))
    with pytest.raises(ValueError):
        score(standardise(_organization(1)), person, MODEL)


def test_a_pair_scores_the_same_whichever_record_comes_first():
    cases = [
        (_person(1, "Anna", "Meyer"), _person(2, "Maier", "Anna")),  # swapped, and spelt another way
        (_person(1, "Jon", "Smyth"), _person(2, "Smith", "John")),
        (
            standardise(_organization(1)),
            standardise(_organization(2, organization_name="Contoso Industries")),
        ),
    ]
    for left, right in cases:
        forward, backward = score(left, right, MODEL), score(right, left, MODEL)
        assert forward.contributions == backward.contributions
        assert forward.probability == backward.probability
