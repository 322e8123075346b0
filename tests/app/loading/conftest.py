"""`mdm load` in-process on the test database, the seed's rows, and what the hub holds afterwards."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from sqlalchemy import Engine
from sqlmodel import select
from typer.testing import CliRunner, Result

from app import cli
from app.core.config import get_settings
from app.core.db import session_scope
from models import GoldenRecord, GoldenRecordLink, SourceRecord
from seed.load import SEED_DIRECTORY

Identity = tuple[str, str, str, str]  # system, entity set, company, key
# What a source row carries that a file export does not: the Web API's etag, and a column no map reads.
NOT_EXPORTED = {"@odata.etag", "address2_addresstypecode"}


def seed_rows(system: str) -> dict[str, list[dict[str, Any]]]:
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))["value"]
        for path in sorted((SEED_DIRECTORY / system).glob("*.json"))
    }


@pytest.fixture
def mdm(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Runs `mdm ARGS...` against the test database; the output is wide enough not to wrap."""
    monkeypatch.setenv("MDM_DATABASE_URL", database_url)
    monkeypatch.setattr(cli, "console", Console(width=250, color_system=None))
    get_settings.cache_clear()

    def run(*args: str | Path) -> Result:
        return CliRunner().invoke(cli.app, [str(arg) for arg in args])

    yield run
    get_settings.cache_clear()


@dataclass(frozen=True)
class HubState:
    """Live source records (what a test compares of each) and golden records by their members."""

    records: dict[Identity, dict[str, Any]]
    raws: dict[Identity, dict[str, Any]]
    goldens: dict[frozenset[Identity], dict[str, Any]]
    deleted: set[Identity]


def hub_state(engine: Engine, entity_sets: set[tuple[str, str]] | None = None) -> HubState:
    with session_scope(engine, write=False) as session:
        rows = session.exec(select(SourceRecord)).all()
        links = {
            link.source_record_id: link.golden_record_id for link in session.exec(select(GoldenRecordLink))
        }
        golden_rows = {golden.id: golden for golden in session.exec(select(GoldenRecord))}
    records, raws, members, deleted = {}, {}, {}, set()
    for record in rows:
        identity = (record.system, record.entity_set, record.company, record.key)
        if entity_sets is not None and identity[:2] not in entity_sets:
            continue
        if record.deleted_at is not None:
            deleted.add(identity)
            continue
        records[identity] = {
            "kind": record.kind,
            "party_type": record.party_type,
            "sellable": record.sellable,
            "attributes": record.attributes,
            "source_modified_at": record.source_modified_at,
        }
        raws[identity] = record.raw
        if record.id in links:
            members.setdefault(links[record.id], set()).add(identity)
    goldens = {
        frozenset(identities): {
            "party_type": golden_rows[golden_id].party_type,
            "status": golden_rows[golden_id].status,
            "attributes": golden_rows[golden_id].attributes,
        }
        for golden_id, identities in members.items()
    }
    return HubState(records, raws, goldens, deleted)


def exported(raw: dict[str, Any], primary_key: str | None = None) -> dict[str, Any]:
    """A stored row without what no export carries (and without the Dataverse GUID, which an export always
    has and the seed's reference rows do not)."""
    return {name: value for name, value in raw.items() if name not in NOT_EXPORTED and name != primary_key}
