"""Edges derived from source rows: each lookup to another customer row is an edge from the row that
holds it to the row it names, kept while the row keeps naming it.

A target that has not arrived yet is kept as its natural key (system, entity set, company, key) and
resolved when a row with that identity is stored.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.graph import repository
from app.graph.repository import EdgeRow, Identity, SourceRow
from app.maps.customers import CUSTOMER_MAPS
from app.maps.types import DATAVERSE, FNO

SOURCE = "source"
CONTACT_PERSON, PRIMARY_CONTACT, BILL_TO, PARENT_ACCOUNT = (
    "contact_person",
    "primary_contact",
    "bill_to",
    "parent_account",
)
DERIVED_TYPES = (CONTACT_PERSON, PRIMARY_CONTACT, BILL_TO, PARENT_ACCOUNT)

# canonical lookup attribute -> (edge type, entity set of the target per system)
LOOKUPS: dict[str, tuple[str, dict[str, str]]] = {
    "associated_account": (CONTACT_PERSON, {FNO: "CustomersV3", DATAVERSE: "accounts"}),
    "primary_contact": (PRIMARY_CONTACT, {FNO: "CDSContactPersonsV2", DATAVERSE: "contacts"}),
    "invoice_account": (BILL_TO, {FNO: "CustomersV3", DATAVERSE: "accounts"}),
    "parent_account": (PARENT_ACCOUNT, {DATAVERSE: "accounts"}),
}

# (system, entity set, canonical attribute) -> the field of the source row, for lineage
SOURCE_FIELDS: dict[tuple[str, str, str], str] = {}
for _map in CUSTOMER_MAPS:
    for _field in _map.fields:
        for _system in (FNO, DATAVERSE):
            _name = _field.source_field(_system)
            if _field.canonical in LOOKUPS and _name:
                SOURCE_FIELDS.setdefault((_system, _map.entity_set(_system), _field.canonical), _name)


@dataclass
class Derived:
    """What one derivation changed: edges ended (as they were), edges added, edges whose target arrived."""

    ended: list[EdgeRow]
    added: list[int]
    resolved: list[int]


def identity(row: SourceRow) -> Identity:
    return (row.system, row.entity_set, row.company, row.key)


def wanted_edges(row: SourceRow) -> dict[tuple[str, Identity], str]:
    """(edge type, target identity) -> the attribute naming it, for one live source row."""
    if row.deleted_at is not None or row.kind not in ("customer", "contact_person"):
        return {}
    wanted: dict[tuple[str, Identity], str] = {}
    for attribute, (edge_type, target_sets) in LOOKUPS.items():
        code = row.attributes.get(attribute)
        target_set = target_sets.get(row.system)
        if code is None or target_set is None or (row.system, row.entity_set, attribute) not in SOURCE_FIELDS:
            continue
        target = (row.system, target_set, row.company, str(code))
        if target != identity(row):  # an F&O customer is often its own invoice account
            wanted[(edge_type, target)] = attribute
    return wanted


def derive(session: Session, rows: dict[int, SourceRow], *, now: datetime, actor: str) -> Derived:
    """Bring the source edges of these rows up to date, and resolve edges waiting for them."""
    current = repository.open_edges_from(session, rows, SOURCE)
    have = {(edge.from_record_id, edge.type, _target(edge)): edge for edge in current}
    wanted = {
        (record_id, edge_type, target): attribute
        for record_id, row in rows.items()
        for (edge_type, target), attribute in wanted_edges(row).items()
    }
    ended = [edge for key, edge in have.items() if key not in wanted]
    repository.end_edges(session, [e.id for e in ended], now=now, by=actor, reason="source row changed")
    new = [key for key in wanted if key not in have]
    known = repository.record_ids_by_identity(session, {target for _, _, target in new})
    added = repository.insert_edges(
        session,
        [
            _source_edge(
                rows[record_id], edge_type, target, wanted[(record_id, edge_type, target)], known, now
            )
            for record_id, edge_type, target in new
        ],
    )
    live = {identity(row): record_id for record_id, row in rows.items() if row.deleted_at is None}
    waiting = repository.unresolved_edges_to(session, live)
    repository.update_edges(
        session, [{"id": edge.id, "to_record_id": live[_target(edge)]} for edge in waiting]
    )
    return Derived(ended=ended, added=added, resolved=[edge.id for edge in waiting])


def _target(edge: EdgeRow) -> Identity:
    return (
        edge.target_system or "",
        edge.target_entity_set or "",
        edge.target_company or "",
        edge.target_key or "",
    )


def _source_edge(
    row: SourceRow,
    edge_type: str,
    target: Identity,
    attribute: str,
    known: dict[Identity, int],
    now: datetime,
) -> dict[str, Any]:
    system, entity_set, company, key = target
    return {
        "type": edge_type,
        "origin": SOURCE,
        "from_record_id": row.id,
        "to_record_id": known.get(target),
        "target_system": system,
        "target_entity_set": entity_set,
        "target_company": company,
        "target_key": key,
        "from_golden_id": None,
        "to_golden_id": None,
        "lineage": {
            "source_record_id": row.id,
            "system": row.system,
            "entity_set": row.entity_set,
            "company": row.company,
            "key": row.key,
            "field": SOURCE_FIELDS[(row.system, row.entity_set, attribute)],
            "attribute": attribute,
            "value": key,
        },
        "created_by": "system:ingest",
        "reason": "",
        "valid_from": now,
        "valid_to": None,
        "ended_by": None,
        "ended_reason": None,
    }
