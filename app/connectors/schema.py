"""The shape of each system's entity sets that the connectors and the simulators agree on: F&O keys
(dual-write-reference.md section 2), Dataverse primary keys, alternate keys and lookups (from app/maps)."""

from dataclasses import dataclass, field

from app.maps.registry import ALL_MAPS
from app.maps.types import DATAVERSE, FNO, FieldType


@dataclass(frozen=True)
class FnoEntity:
    name: str
    keys: tuple[str, ...]
    numeric_keys: frozenset[str] = frozenset()

    @property
    def company_specific(self) -> bool:
        return "dataAreaId" in self.keys

    @property
    def business_keys(self) -> tuple[str, ...]:
        return tuple(name for name in self.keys if name != "dataAreaId")


def _fno(name: str, *keys: str, company: bool = True) -> FnoEntity:
    all_keys = ("dataAreaId", *keys) if company else keys
    return FnoEntity(name, all_keys, frozenset(key for key in keys if key == "LineNumber"))


FNO_ENTITIES: dict[str, FnoEntity] = {
    entity.name: entity
    for entity in (
        _fno("LegalEntities", "LegalEntityId", company=False),
        _fno("CustomersV3", "CustomerAccount"),
        _fno(
            "CDSContactPersonsV2",
            "ContactPersonPartyNumber",
            "AssociatedContactType",
            "AssociatedContactNumber",
        ),
        _fno("CustomerGroups", "CustomerGroupId"),
        _fno("CustomerPaymentMethods", "Name"),
        _fno("RetailLoyaltyCards", "CardNumber", company=False),
        _fno("PaymentSchedules", "Name"),
        _fno("PaymentScheduleLines", "PaymentScheduleName", "LineNumber"),
        _fno("PaymentDaysCds", "Name"),
        _fno("PaymentDayLinesCdsV2", "Name", "LineNumber"),
        _fno("PaymentTerms", "Name"),
        _fno("NameAffixes", "Type", "Affix", company=False),
    )
}

COMPANY_NAVIGATION = "msdyn_company"
COMPANY_SET = "cdm_companies"
COMPANY_CODE = "cdm_companycode"


@dataclass(frozen=True)
class DataverseLookup:
    navigation: str  # the navigation property: what $expand and @odata.bind name
    column: str  # the GUID column rows carry: _<lookup>_value
    target: str  # the referenced entity set
    target_key: str  # the referenced row's natural key column


@dataclass(frozen=True)
class DataverseEntity:
    name: str
    primary_key: str
    alternate_key: tuple[str, ...]  # columns as a key URL names them; lookups as _<lookup>_value
    lookups: dict[str, DataverseLookup] = field(default_factory=dict)
    numeric: frozenset[str] = frozenset()
    company_specific: bool = True

    def lookup_by_column(self, column: str) -> DataverseLookup | None:
        return next((item for item in self.lookups.values() if item.column == column), None)


_LOGICAL_NAMES = {
    "accounts": "account",
    "contacts": "contact",
    "cdm_companies": "cdm_company",
    "transactioncurrencies": "transactioncurrency",
    "msdyn_vendors": "msdyn_vendor",
    "msdyn_taxgroups": "msdyn_taxgroup",
    "msdyn_customergroups": "msdyn_customergroup",
    "msdyn_customerpaymentmethods": "msdyn_customerpaymentmethod",
    "msdyn_loyaltycards": "msdyn_loyaltycard",
    "msdyn_paymentschedules": "msdyn_paymentschedule",
    "msdyn_paymentschedulelines": "msdyn_paymentscheduleline",
    "msdyn_paymentdays": "msdyn_paymentday",
    "msdyn_paymentdaylines": "msdyn_paymentdayline",
    "msdyn_paymentterms": "msdyn_paymentterm",
    "msdyn_nameaffixes": "msdyn_nameaffix",
}
# Lookup targets that are not reference maps of their own.
_TARGET_SETS = {
    "customer": "accounts",
    "contact_person": "contacts",
    "currency": "transactioncurrencies",
    "vendor": "msdyn_vendors",
    "sales_tax_group": "msdyn_taxgroups",
    "clearing_period": "msdyn_paymentterms",
    "company": COMPANY_SET,
    **{m.reference_kind: m.dataverse_entity_set for m in ALL_MAPS if m.reference_kind},
}
# Polymorphic lookups: one GUID column behind a navigation property per target table.
_POLYMORPHIC = {"parentcustomerid_account": "parentcustomerid"}
_GLOBAL_SETS = {COMPANY_SET, "transactioncurrencies", "msdyn_nameaffixes"}


def lookup_column(navigation: str) -> str:
    return f"_{_POLYMORPHIC.get(navigation, navigation)}_value"


def _build_dataverse() -> dict[str, DataverseEntity]:
    company_lookup = DataverseLookup(
        COMPANY_NAVIGATION, lookup_column(COMPANY_NAVIGATION), COMPANY_SET, COMPANY_CODE
    )
    lookups: dict[str, dict[str, DataverseLookup]] = {name: {} for name in _LOGICAL_NAMES}
    keys: dict[str, tuple[str, ...]] = {
        "transactioncurrencies": ("isocurrencycode",),
        "msdyn_vendors": ("msdyn_vendoraccountnumber", lookup_column(COMPANY_NAVIGATION)),
        "msdyn_taxgroups": ("msdyn_name", lookup_column(COMPANY_NAVIGATION)),
    }
    numeric: dict[str, set[str]] = {name: set() for name in _LOGICAL_NAMES}
    company_specific = {name: name not in _GLOBAL_SETS for name in _LOGICAL_NAMES}
    for entity_map in ALL_MAPS:
        name = entity_map.entity_set(DATAVERSE)
        for item in entity_map.fields:
            if item.lookup is not None and item.dataverse:
                target = _TARGET_SETS[item.lookup.target]
                lookups[name][item.dataverse] = DataverseLookup(
                    item.dataverse, lookup_column(item.dataverse), target, item.lookup.dataverse_key
                )
            elif item.dataverse and item.type in (FieldType.INTEGER, FieldType.OPTION):
                numeric[name].add(item.dataverse)
        key = tuple(
            lookup_column(item.dataverse) if item.lookup else item.dataverse
            for item in entity_map.key_fields()
            if item.dataverse
        )
        company_specific[name] = entity_map.company_specific
        keys[name] = key + ((lookup_column(COMPANY_NAVIGATION),) if entity_map.company_specific else ())
    for name in _LOGICAL_NAMES:
        if name not in _GLOBAL_SETS:
            lookups[name][COMPANY_NAVIGATION] = company_lookup
    return {
        name: DataverseEntity(
            name,
            f"{logical}id",
            keys[name],
            lookups[name],
            frozenset(numeric[name]),
            company_specific[name],
        )
        for name, logical in _LOGICAL_NAMES.items()
    }


DATAVERSE_ENTITIES = _build_dataverse()


def fno_entity(name: str) -> FnoEntity:
    return FNO_ENTITIES[name]


def dataverse_entity(name: str) -> DataverseEntity:
    return DATAVERSE_ENTITIES[name]


def selected_fields(system: str, entity_set: str) -> list[str]:
    """The plain (non-lookup) fields the maps read from an entity set, its discriminators and defaults."""
    names: list[str] = []
    for entity_map in ALL_MAPS:
        if entity_map.entity_set(system) != entity_set:
            continue
        for item in entity_map.fields:
            source = item.source_field(system)
            if source and not (system == DATAVERSE and item.lookup is not None):
                names.append(source)
        row_filter = entity_map.fno_filter if system == FNO else entity_map.dataverse_filter
        if row_filter is not None:
            names.append(row_filter.field)
        names.extend(entity_map.fno_defaults if system == FNO else entity_map.dataverse_defaults)
    return list(dict.fromkeys(names))
