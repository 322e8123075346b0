"""Which source value a golden record shows for each attribute (a pure function of its sources).

Until the versioned rules file lands: financial and ordering fields come from F&O first, contact
channels from Dataverse first, everything else from the most recently modified source with F&O as
the tie-breaker.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

FINANCIAL = frozenset(
    {
        "customer_group",
        "payment_terms",
        "payment_method",
        "payment_schedule",
        "payment_day",
        "credit_limit",
        "credit_limit_is_mandatory",
        "currency",
        "invoice_account",
        "on_hold_status",
        "payment_terms_base_days",
        "sales_tax_group",
        "credit_rating",
        "tax_exempt_number",
    }
)
CONTACT_CHANNEL_PREFIXES = ("emails.", "phones.", "website", "social.")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class SourceValues:
    record_id: int
    system: str
    attributes: dict[str, Any]
    sellable: bool | None
    modified_at: datetime | None


def _fno_first(source: SourceValues) -> tuple:
    return (source.system != "fno", source.record_id)


def _dataverse_first(source: SourceValues) -> tuple:
    return (source.system != "dataverse", source.record_id)


def _most_recent(source: SourceValues) -> tuple:
    return (-(source.modified_at or EPOCH).timestamp(), source.system != "fno", source.record_id)


def rule_for(attribute: str) -> tuple[str, Any]:
    if attribute in FINANCIAL:
        return "source_priority:fno", _fno_first
    if attribute.startswith(CONTACT_CHANNEL_PREFIXES):
        return "source_priority:dataverse", _dataverse_first
    return "most_recent", _most_recent


def survive(sources: list[SourceValues]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The golden attributes and, for each, the source record and rule that won."""
    attributes: dict[str, Any] = {}
    lineage: dict[str, Any] = {}
    names = sorted({name for source in sources for name in source.attributes})
    for name in names:
        rule, order = rule_for(name)
        for source in sorted(sources, key=order):
            value = source.attributes.get(name)
            if value is not None:
                attributes[name] = value
                lineage[name] = {"source_record_id": source.record_id, "rule": rule}
                break
    sellable = [s.sellable for s in sources if s.sellable is not None]
    if sellable:
        attributes["sellable"] = any(sellable)
        lineage["sellable"] = {
            "source_record_id": min(s.record_id for s in sources if s.sellable == attributes["sellable"]),
            "rule": "sellable_if_any",
        }
    return attributes, lineage
