"""Load the seed's rows through the ingest service, reference data first, in dependency order."""

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from app.core.db import session_scope
from app.ingest import service as ingest_service
from app.maps.registry import load_order
from app.maps.types import SYSTEMS

SEED_DIRECTORY = Path(__file__).parent
BATCH_SIZE = 1000


def seed_files(directory: Path = SEED_DIRECTORY) -> list[tuple[str, str, Path]]:
    """(system, entity set, file) for every seed file present, in load order."""
    files = []
    for system in SYSTEMS:
        for entity_set in load_order(system):
            path = directory / system / f"{entity_set}.json"
            if path.exists():
                files.append((system, entity_set, path))
    return files


def count_rows(path: Path) -> int:
    return len(json.loads(path.read_text(encoding="utf-8"))["value"])


def load_seed(
    engine: Engine,
    directory: Path = SEED_DIRECTORY,
    on_batch: Callable[[str, str, int], None] | None = None,
) -> dict[tuple[str, str], Counter[str]]:
    """Ingest every seed file; answers the count of each row status per (system, entity set)."""
    summary: dict[tuple[str, str], Counter[str]] = {}
    for system, entity_set, path in _ordered(directory):
        rows = json.loads(path.read_text(encoding="utf-8"))["value"]
        counts: Counter[str] = Counter()
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start : start + BATCH_SIZE]
            with session_scope(engine) as session:
                results = ingest_service.ingest_batch(
                    session, system=system, entity_set=entity_set, rows=batch
                )
            counts.update(result.status.value for result in results)
            if on_batch:
                on_batch(system, entity_set, len(batch))
        summary[(system, entity_set)] = counts
    return summary


def _ordered(directory: Path) -> list[tuple[str, str, Path]]:
    # Each system's reference data before either system's customers: customers of one system may
    # point at reference rows the hub has only seen from the other.
    files = seed_files(directory)
    reference = [item for item in files if item[1] not in _PARTY_SETS]
    parties = [item for item in files if item[1] in _PARTY_SETS]
    return reference + parties


_PARTY_SETS = {"CustomersV3", "CDSContactPersonsV2", "accounts", "contacts"}
