"""Lineage is stored with each source's identity once, and reads back exactly as survivorship made it."""

import json

import pytest
from sqlalchemy import select, text

from models import GoldenRecord, lineage

FNO = {"source_record_id": 1, "system": "fno", "entity_set": "CustomersV3", "company": "usmf", "key": "US-1"}
DATAVERSE = {
    "source_record_id": 2,
    "system": "dataverse",
    "entity_set": "accounts",
    "company": "usmf",
    "key": "A1",
}

CASES = {
    "one source": {"organization_name": {**FNO, "rule": "single_source", "alternatives": []}},
    "losing values": {
        "credit_limit": {**FNO, "rule": "source_priority", "alternatives": [{**DATAVERSE, "value": 5}]},
        "emails.primary": {**DATAVERSE, "rule": "source_priority", "alternatives": []},
    },
    "a steward's override": {
        "credit_limit": {
            "source_record_id": None,
            "rule": "steward_override",
            "actor": "steward-ann",
            "reason": "agreed",
            "alternatives": [{**FNO, "value": 1000}],
        }
    },
    "a lineage from before the compact form": {"name": {"whatever": "was stored"}},
    "nothing": {},
}


@pytest.mark.parametrize("original", CASES.values(), ids=CASES.keys())
def test_lineage_reads_back_exactly_as_written(original: dict) -> None:
    stored = json.loads(json.dumps(lineage.pack(original)))
    restored = lineage.unpack(stored)
    assert restored == original
    assert [list(entry) for entry in restored.values()] == [list(entry) for entry in original.values()]


def test_each_source_identity_is_stored_once() -> None:
    many = {f"attribute_{n}": {**FNO, "rule": "single_source", "alternatives": []} for n in range(30)}
    stored = json.dumps(lineage.pack(many))
    assert stored.count('"CustomersV3"') == 1
    assert len(stored) < len(json.dumps(many)) / 2


def test_golden_records_store_the_compact_form_and_read_the_full_one(session) -> None:
    full = CASES["losing values"]
    session.add(GoldenRecord(id="g1", party_type="organization", lineage=full))
    session.flush()
    raw = session.execute(text("SELECT lineage FROM golden_records WHERE id = 'g1'")).scalar_one()
    stored = raw if isinstance(raw, dict) else json.loads(raw)
    assert stored["format"] == lineage.FORMAT
    session.expire_all()
    assert session.execute(select(GoldenRecord.lineage)).scalar_one() == full
