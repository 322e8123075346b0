"""Which F&O entity set a data management file holds: from its manifest entry, its file name or its header.

A data management export names each file after the entity's label (`Customers V3.csv`); the manifest names
the label (`EntityName`) and the entity's AOT name (`TargetEntity`, e.g. `CustCustomerV3Entity`). Labels
marked (inferred) below follow Microsoft's naming but are not documented; the header settles any file whose
name says nothing.
"""

import re

from app.loading.columns import columns
from app.maps import registry
from app.maps.types import FNO

# entity set -> the names a package may use for it: labels, then AOT names
ALIASES: dict[str, tuple[str, ...]] = {
    "CustomersV3": ("Customers V3", "CustCustomerV3Entity"),
    "CDSContactPersonsV2": (
        "CDS Contacts V2",
        "Contact persons V2",  # (inferred) the label in some releases
        "CDS contact persons V2",  # (inferred)
        "smmContactPersonCDSV2Entity",
    ),
    "CustomerGroups": ("Customer groups", "CustCustomerGroupEntity"),
    "CustomerPaymentMethods": (
        "Customer payment methods",  # (inferred)
        "Customer methods of payment",  # (inferred)
        "CustomerPaymentMethodEntity",  # (inferred)
    ),
    "PaymentSchedules": ("Payment schedules", "PaymentScheduleEntity"),  # (inferred)
    "PaymentScheduleLines": ("Payment schedule lines", "PaymentScheduleLineEntity"),  # (inferred)
    "PaymentDaysCds": ("Payment days CDS", "Payment days", "PaymentDayCDSEntity"),  # (inferred)
    "PaymentDayLinesCdsV2": (
        "Payment day lines CDS V2",  # (inferred)
        "Payment day lines",  # (inferred)
        "PaymentDayLineCDSV2Entity",  # (inferred)
    ),
    "PaymentTerms": ("Terms of payment", "PaymentTermEntity"),  # (inferred)
    "NameAffixes": ("Name affixes", "Person name affixes", "DirNameAffixEntity"),  # (inferred)
    "RetailLoyaltyCards": ("Loyalty cards", "RetailLoyaltyCardEntity"),  # (inferred)
    "LegalEntities": ("Legal entities", "OMLegalEntity"),  # (inferred)
}
_DATA_EXTENSIONS = (".csv", ".txt", ".tsv")


def _folded(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _known_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for entity_set in registry.entity_set_names(FNO):
        for alias in (entity_set, *ALIASES.get(entity_set, ())):
            names[_folded(alias)] = entity_set
    return names


_BY_NAME = _known_names()


def by_name(name: str) -> str | None:
    """The entity set a label, AOT name or public collection name stands for, whatever its case and spacing;
    a file name's extension is ignored."""
    lowered = name.lower()
    for extension in _DATA_EXTENSIONS:
        if lowered.endswith(extension):
            name = name[: -len(extension)]
            break
    return _BY_NAME.get(_folded(name))


def by_header(header: list[str]) -> str | None:
    """The entity set whose fields a header row names: every key field present, and more of the header's
    columns known than for any other entity set. None when no entity set fits or two fit equally."""
    named = {column.strip().lower() for column in header}
    scores: list[tuple[int, str]] = []
    for entity_set in registry.entity_set_names(FNO):
        spec = registry.entity_set(FNO, entity_set)
        assert spec is not None
        keys = {(f.fno or "").lower() for f in spec.maps[0].key_fields()}
        if spec.company_specific:
            keys.add("dataareaid")
        if not keys <= named:
            continue
        scores.append((len(named & set(columns(FNO, entity_set).names)), entity_set))
    scores.sort(reverse=True)
    if not scores or (len(scores) > 1 and scores[0][0] == scores[1][0]):
        return None
    return scores[0][1]
