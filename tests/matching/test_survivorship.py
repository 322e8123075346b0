"""Survivorship: each rule, lineage with the losing values, overrides, rule-file validation, and the
order-independence property."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.survivorship import (
    AGREEMENT_RULE,
    OVERRIDE_RULE,
    SINGLE_SOURCE_RULE,
    Override,
    SourceValues,
    SurvivorshipRules,
    SurvivorshipRulesError,
    load_rules,
    survive,
)

RULES = load_rules()


def source(
    record_id: int,
    system: str,
    attributes: dict,
    *,
    modified: str | None = None,
    company: str = "usmf",
    entity_set: str | None = None,
    sellable: bool | None = None,
    party_type: str = "organization",
) -> SourceValues:
    return SourceValues(
        record_id=record_id,
        system=system,
        entity_set=entity_set or ("CustomersV3" if system == "fno" else "accounts"),
        company=company,
        key=f"K-{record_id}",
        party_type=party_type,
        attributes=attributes,
        sellable=sellable,
        modified_at=datetime.fromisoformat(modified).replace(tzinfo=UTC) if modified else None,
    )


def rules_with(attribute_rule: dict) -> SurvivorshipRules:
    return SurvivorshipRules.model_validate(
        {"version": "test-1", "default": attribute_rule, "groups": ["addresses.*"]}
    )


def test_default_rules_follow_who_masters_what() -> None:
    fno = source(
        1,
        "fno",
        {"credit_limit": 50000, "emails.primary": "ar@contoso.com", "organization_name": "Contoso Ltd"},
    )
    dataverse = source(
        2,
        "dataverse",
        {"credit_limit": 1000, "emails.primary": "sales@contoso.com", "organization_name": "Contoso Limited"},
        modified="2026-11-01T10:00:00",
    )
    golden = survive([fno, dataverse], RULES)
    assert golden.attributes["credit_limit"] == 50000
    assert golden.lineage["credit_limit"]["system"] == "fno"
    assert golden.lineage["credit_limit"]["rule"] == "source_priority"
    assert golden.attributes["emails.primary"] == "sales@contoso.com"
    assert golden.lineage["emails.primary"]["system"] == "dataverse"
    assert golden.attributes["organization_name"] == "Contoso Limited"
    assert golden.lineage["organization_name"]["rule"] == "most_recent"
    assert golden.rules_version == RULES.version


def test_names_by_most_recent_with_fno_breaking_ties() -> None:
    older_fno = source(1, "fno", {"organization_name": "Contoso Ltd"}, modified="2026-10-01T00:00:00")
    newer_fno = source(3, "fno", {"organization_name": "Contoso Ltd."}, modified="2026-11-02T00:00:00")
    dataverse = source(
        2, "dataverse", {"organization_name": "Contoso Limited"}, modified="2026-11-01T00:00:00"
    )
    assert survive([older_fno, newer_fno, dataverse], RULES).attributes["organization_name"] == "Contoso Ltd."

    same_time_fno = source(1, "fno", {"organization_name": "Contoso Ltd"}, modified="2026-11-01T00:00:00")
    golden = survive([same_time_fno, dataverse], RULES)
    assert golden.attributes["organization_name"] == "Contoso Ltd"
    assert golden.lineage["organization_name"]["rule"] == "source_priority"


def test_losing_values_stay_visible_in_the_lineage() -> None:
    fno = source(1, "fno", {"payment_terms": "Net30"})
    dataverse = source(2, "dataverse", {"payment_terms": "Net10"})
    lineage = survive([fno, dataverse], RULES).lineage["payment_terms"]
    assert lineage["source_record_id"] == 1
    assert lineage["alternatives"] == [
        {
            "source_record_id": 2,
            "system": "dataverse",
            "entity_set": "accounts",
            "company": "usmf",
            "key": "K-2",
            "value": "Net10",
        }
    ]


@pytest.mark.parametrize(
    ("sources", "rule"),
    [
        ([source(1, "fno", {"currency": "USD"})], SINGLE_SOURCE_RULE),
        (
            [source(1, "fno", {"currency": "USD"}), source(2, "dataverse", {"currency": "USD"})],
            AGREEMENT_RULE,
        ),
    ],
)
def test_lineage_says_when_there_was_nothing_to_decide(sources: list[SourceValues], rule: str) -> None:
    assert survive(sources, RULES).lineage["currency"]["rule"] == rule


def test_source_priority_can_name_an_entity_set_and_a_company() -> None:
    rules = rules_with(
        {
            "criteria": ["source_priority"],
            "priority": [
                {"system": "dataverse", "entity_set": "contacts", "company": "DEMF"},
                {"system": "fno"},
            ],
        }
    )
    fno = source(1, "fno", {"first_name": "Ann"})
    contact_usmf = source(2, "dataverse", {"first_name": "Anne"}, entity_set="contacts")
    contact_demf = source(3, "dataverse", {"first_name": "Anna"}, entity_set="contacts", company="demf")
    assert survive([fno, contact_usmf], rules).attributes["first_name"] == "Ann"
    assert survive([fno, contact_usmf, contact_demf], rules).attributes["first_name"] == "Anna"


def test_most_complete_prefers_the_fuller_value() -> None:
    rules = rules_with({"criteria": ["most_complete"]})
    short = source(1, "fno", {"organization_name": "Contoso"})
    full = source(2, "dataverse", {"organization_name": "Contoso Pharmaceuticals"})
    golden = survive([short, full], rules)
    assert golden.attributes["organization_name"] == "Contoso Pharmaceuticals"
    assert golden.lineage["organization_name"]["rule"] == "most_complete"


def test_most_frequent_takes_the_value_most_sources_agree_on() -> None:
    rules = rules_with({"criteria": ["most_frequent", "source_priority"], "priority": [{"system": "fno"}]})
    sources = [
        source(1, "fno", {"phones.primary": "+14255550100"}),
        source(2, "dataverse", {"phones.primary": "+14255550199"}),
        source(3, "dataverse", {"phones.primary": "+14255550199"}, entity_set="contacts"),
    ]
    golden = survive(sources, rules)
    assert golden.attributes["phones.primary"] == "+14255550199"
    assert golden.lineage["phones.primary"]["rule"] == "most_frequent"


def test_an_address_block_survives_whole_from_one_source() -> None:
    fno = source(
        1,
        "fno",
        {"addresses.delivery.street": "1 Microsoft Way", "addresses.delivery.postal_code": "98052"},
        modified="2026-10-01T00:00:00",
    )
    dataverse = source(
        2, "dataverse", {"addresses.delivery.street": "2 Main St"}, modified="2026-11-01T00:00:00"
    )
    golden = survive([fno, dataverse], RULES)
    assert golden.attributes["addresses.delivery.street"] == "2 Main St"
    assert "addresses.delivery.postal_code" not in golden.attributes, (
        "no street of one and postcode of another"
    )


def test_the_fuller_address_block_wins_whole_under_most_complete() -> None:
    rules = rules_with({"criteria": ["most_complete"]})
    partial = source(1, "fno", {"addresses.delivery.street": "1 Main St", "organization_name": "Contoso"})
    full = source(
        2, "dataverse", {"addresses.delivery.street": "1 Way", "addresses.delivery.city": "Redmond"}
    )
    golden = survive([partial, full], rules)
    assert golden.attributes["addresses.delivery.street"] == "1 Way"
    assert golden.attributes["addresses.delivery.city"] == "Redmond"
    assert golden.lineage["addresses.delivery.street"]["rule"] == "most_complete"
    assert golden.lineage["addresses.delivery.street"]["alternatives"][0]["value"] == "1 Main St"
    assert golden.lineage["organization_name"]["rule"] == SINGLE_SOURCE_RULE


@pytest.mark.parametrize("count", [1, 2])
def test_each_lineage_entry_can_be_changed_without_touching_the_others(count: int) -> None:
    sources = [source(n, "fno", {"currency": "USD", "payment_terms": "Net30"}) for n in range(1, count + 1)]
    lineage = survive(sources, RULES).lineage
    lineage["currency"]["system"] = "changed"
    lineage["currency"]["alternatives"].append({"value": "EUR"})
    assert lineage["payment_terms"]["system"] == "fno"
    assert lineage["payment_terms"]["alternatives"] == []


def test_no_sources_survive_as_an_empty_organization() -> None:
    golden = survive([], RULES)
    assert (golden.party_type, golden.attributes, golden.lineage) == ("organization", {}, {})


def test_an_override_wins_until_withdrawn_and_keeps_what_it_replaced() -> None:
    fno = source(1, "fno", {"credit_limit": 50000})
    override = Override("credit_limit", 75000, actor="steward-ann", reason="approved increase")
    golden = survive([fno], RULES, [override])
    assert golden.attributes["credit_limit"] == 75000
    assert golden.lineage["credit_limit"]["rule"] == OVERRIDE_RULE
    assert golden.lineage["credit_limit"]["actor"] == "steward-ann"
    assert golden.lineage["credit_limit"]["alternatives"][0]["value"] == 50000
    assert survive([fno], RULES).attributes["credit_limit"] == 50000


def test_sellable_if_any_contact_ever_was_and_party_type_survives() -> None:
    person = source(1, "fno", {"first_name": "Ann"}, party_type="person", entity_set="CustomersV3")
    contact = source(
        2, "dataverse", {"first_name": "Ann"}, entity_set="contacts", sellable=True, party_type="person"
    )
    other = source(
        3, "dataverse", {"first_name": "Ann"}, entity_set="contacts", sellable=False, party_type="person"
    )
    golden = survive([person, contact, other], RULES)
    assert golden.attributes["sellable"] is True
    assert golden.party_type == "person"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"version": "x", "default": {"criteria": ["loudest"]}}, "criteria"),
        ({"version": "x", "default": {"criteria": ["source_priority"]}}, "priority"),
        ({"version": "x", "default": {"criteria": ["most_recent"]}, "colour": "red"}, "colour"),
        (
            {"version": "x", "default": {"criteria": ["source_priority"], "priority": [{"system": "sap"}]}},
            "system",
        ),
        ({"default": {"criteria": ["most_recent"]}}, "version"),
    ],
)
def test_an_invalid_rules_file_is_refused_with_the_reason(
    tmp_path: Path, document: dict, message: str
) -> None:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(document))
    with pytest.raises(SurvivorshipRulesError, match=message):
        load_rules(path)


VALUES = st.sampled_from(["Contoso Ltd", "Contoso Limited", "CONTOSO", None])
TIMES = st.sampled_from([None, "2026-10-01T00:00:00", "2026-11-01T00:00:00"])


@st.composite
def source_sets(draw: st.DrawFn) -> list[SourceValues]:
    count = draw(st.integers(min_value=1, max_value=5))
    sources = []
    for index in range(count):
        system = draw(st.sampled_from(["fno", "dataverse"]))
        attributes = {
            name: value
            for name in ("organization_name", "payment_terms", "emails.primary", "addresses.delivery.city")
            if (value := draw(VALUES)) is not None
        }
        sources.append(
            source(
                index + 1,
                system,
                attributes,
                modified=draw(TIMES),
                sellable=draw(st.sampled_from([None, True, False])),
            )
        )
    return sources


def _without_record_ids(lineage: dict) -> dict:
    def strip(entry: dict) -> dict:
        return {k: v for k, v in entry.items() if k != "source_record_id"}

    return {
        name: {**strip(entry), "alternatives": sorted((strip(a) for a in entry["alternatives"]), key=str)}
        for name, entry in lineage.items()
    }


@settings(max_examples=200, deadline=None)
@given(sources=source_sets(), data=st.data())
def test_survivorship_does_not_depend_on_arrival_order_or_record_ids(
    sources: list[SourceValues], data
) -> None:
    shuffled = data.draw(st.permutations(sources))
    renumbered = [
        SourceValues(**{**vars(s), "record_id": 100 + position})
        for position, s in enumerate(reversed(shuffled))
    ]
    first, second = survive(sources, RULES), survive(renumbered, RULES)
    assert first.attributes == second.attributes
    assert first.party_type == second.party_type
    assert _without_record_ids(first.lineage) == _without_record_ids(second.lineage)
