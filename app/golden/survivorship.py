"""The survivorship rules in force and the bridge from stored source records to the pure engine."""

from functools import lru_cache
from pathlib import Path

from app.core.config import get_settings
from app.golden.repository import SourceRow
from matching.survivorship import SourceValues, SurvivorshipRules, load_rules


def current_rules() -> SurvivorshipRules:
    """The rules file named by MDM_SURVIVORSHIP_RULES_FILE, else the packaged default (validated)."""
    return _rules_from(get_settings().survivorship_rules_file)


@lru_cache(maxsize=4)
def _rules_from(path: Path | None) -> SurvivorshipRules:
    return load_rules(path)


def source_values(row: SourceRow) -> SourceValues:
    return SourceValues(
        record_id=row.id,
        system=row.system,
        entity_set=row.entity_set,
        company=row.company,
        key=row.key,
        party_type=row.party_type,
        attributes=row.attributes,
        sellable=row.sellable,
        modified_at=row.source_modified_at,
    )
