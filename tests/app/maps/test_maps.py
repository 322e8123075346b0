"""The entity maps as data: every entity set of api.md is mapped, option maps are reversible."""

import pytest

from app.maps.registry import ALL_MAPS, ENTITY_SETS, load_order
from app.maps.types import DATAVERSE, FNO, FieldType, UnknownOption

API_ENTITY_SETS = {
    FNO: {
        "CustomersV3",
        "CDSContactPersonsV2",
        "CustomerGroups",
        "CustomerPaymentMethods",
        "PaymentSchedules",
        "PaymentScheduleLines",
        "PaymentDaysCds",
        "PaymentDayLinesCdsV2",
        "PaymentTerms",
        "NameAffixes",
        "RetailLoyaltyCards",
    },
    DATAVERSE: {
        "accounts",
        "contacts",
        "msdyn_customergroups",
        "msdyn_customerpaymentmethods",
        "msdyn_paymentschedules",
        "msdyn_paymentschedulelines",
        "msdyn_paymentdays",
        "msdyn_paymentdaylines",
        "msdyn_paymentterms",
        "msdyn_nameaffixes",
        "msdyn_loyaltycards",
    },
}


@pytest.mark.parametrize("system", [FNO, DATAVERSE])
def test_every_entity_set_of_the_contract_is_mapped(system):
    mapped = {name for owner, name in ENTITY_SETS if owner == system}
    assert API_ENTITY_SETS[system] <= mapped


def test_the_customer_maps_pair_the_documented_entity_sets():
    pairs = {(m.name, m.fno_entity_set, m.dataverse_entity_set) for m in ALL_MAPS if m.kind != "reference"}
    assert pairs == {
        ("customers_organization", "CustomersV3", "accounts"),
        ("customers_person", "CustomersV3", "contacts"),
        ("contact_persons", "CDSContactPersonsV2", "contacts"),
    }


@pytest.mark.parametrize("entity_map", ALL_MAPS, ids=lambda m: m.name)
def test_each_map_has_its_key_fields_on_both_sides(entity_map):
    for key_field in entity_map.key_fields():
        assert key_field.fno and key_field.dataverse, key_field


@pytest.mark.parametrize(
    "field_map",
    [f for m in ALL_MAPS for f in m.fields if f.type == FieldType.OPTION],
    ids=lambda f: f.canonical,
)
def test_option_maps_round_trip_between_the_systems(field_map):
    options = field_map.options
    for fno_value, dataverse_value in options.values.items():
        canonical = options.canonical_from(FNO, fno_value)
        assert options.canonical_from(DATAVERSE, dataverse_value) == canonical
        assert options.to_system(FNO, canonical) == fno_value
        assert options.to_system(DATAVERSE, canonical) == dataverse_value


def test_load_order_puts_parents_first():
    order = load_order(FNO)
    assert order.index("PaymentSchedules") < order.index("PaymentScheduleLines")
    assert order.index("PaymentDaysCds") < order.index("PaymentDayLinesCdsV2") < order.index("PaymentTerms")
    assert order.index("PaymentTerms") < order.index("CustomerGroups") < order.index("CustomersV3")
    assert order.index("CustomersV3") < order.index("CDSContactPersonsV2")
    dataverse = load_order(DATAVERSE)
    assert dataverse.index("msdyn_customergroups") < dataverse.index("accounts") < dataverse.index("contacts")


def test_company_specific_fields_are_marked():
    organization = next(m for m in ALL_MAPS if m.name == "customers_organization")
    assert organization.field("credit_limit").company_specific
    assert organization.field("customer_group").company_specific
    assert not organization.field("organization_name").company_specific


@pytest.mark.parametrize(
    "option_set",
    list({id(f.options): f.options for m in ALL_MAPS for f in m.fields if f.options is not None}.values()),
    ids=lambda o: o.name,
)
@pytest.mark.parametrize("system", [FNO, DATAVERSE])
def test_an_option_reader_answers_as_canonical_from(option_set, system):
    def outcome(read, value):
        try:
            result = read(value)
        except UnknownOption as error:
            return "unknown", str(error)
        return type(result), result

    unknown = ["Sometimes", "", 806389999, 1.0, True, None, [1]]
    values = [*option_set.values, *option_set.values.values(), *unknown]
    read = option_set.reader(system)
    for value in values:
        assert outcome(read, value) == outcome(lambda v: option_set.canonical_from(system, v), value), value
