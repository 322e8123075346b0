"""Stores seeded from seed/<system>/<EntitySet>.json (OData envelopes), reference data first."""

import json
from pathlib import Path

from app.maps.registry import load_order
from app.maps.types import DATAVERSE, FNO
from app.simulators.dataverse_store import DataverseStore
from app.simulators.fno_store import FnoStore

SEED_DIR = Path(__file__).resolve().parents[2] / "seed"


def _envelopes(system: str, directory: Path | None):
    folder = (directory or SEED_DIR) / system
    for entity_set in load_order(system):
        path = folder / f"{entity_set}.json"
        if path.exists():
            yield entity_set, json.loads(path.read_text())["value"]


def seeded_fno_store(directory: Path | None = None, default_company: str = "usmf") -> FnoStore:
    store = FnoStore(default_company)
    for entity_set, rows in _envelopes(FNO, directory):
        store.load(entity_set, rows)
    return store


def seeded_dataverse_store(directory: Path | None = None) -> DataverseStore:
    store = DataverseStore()
    for entity_set, rows in _envelopes(DATAVERSE, directory):
        store.load(entity_set, rows)
    return store
