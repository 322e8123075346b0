"""Inferred edges, with their evidence: persons at the same standardised address (household), and
records of the same party type that share a phone number or an e-mail address (possibly related).

Both join source records, so a pair that matched (one golden record) simply stops showing. A key
shared by many records (an office tower's address, a switchboard number) is no evidence and is
skipped.
"""

from collections.abc import Iterable
from datetime import datetime
from itertools import combinations
from typing import Any

from sqlmodel import Session

from app.graph import repository
from app.graph.repository import EdgeRow, SourceRow
from app.matching import features_cache
from matching import Features

INFERRED = "inferred"
HOUSEHOLD, POSSIBLY_RELATED = "household", "possibly_related"
INFERRED_TYPES = (HOUSEHOLD, POSSIBLY_RELATED)
MAX_HOUSEHOLD = 8
MAX_SHARED_CONTACT_POINT = 5

Pair = tuple[int, int]


def keys_of(features: Features) -> set[tuple[str, str]]:
    """The standardised address (persons only), phones and e-mail addresses of a record."""
    keys = {("phone", phone) for phone in features.phones} | {("email", email) for email in features.emails}
    if features.party_type == "person" and features.street and (features.postal_code or features.city):
        place = features.postal_code or features.city
        address = "|".join((features.country, place, features.street, features.house_number))
        keys.add(("address", address[:255]))
    return {(kind, value[:255]) for kind, value in keys}


def infer(
    session: Session,
    rows: dict[int, SourceRow],
    *,
    now: datetime,
    actor: str,
    same_party: Iterable[int] = (),
) -> tuple[list[EdgeRow], list[int]]:
    """Store the keys of these records and bring their inferred edges up to date; answers the edges
    ended (as they were) and the ids of the edges added.

    `same_party` names live records whose write changed neither their party type nor their deletion:
    when their keys are the ones stored, their inferred edges stand as they are and are not derived
    again (a change of name alone, the commonest update, costs no inference)."""
    live = [record_id for record_id, row in rows.items() if row.deleted_at is None and row.party_type]
    features = features_cache.features_of(session, live)
    keys = {record_id: keys_of(found) for record_id, found in features.items()}
    steady = set(same_party) & set(keys)
    if steady:
        stored = repository.keys_of_records(session, steady)
        unchanged = {r for r in steady if stored.get(r, set()) == keys[r]}
        rows = {r: row for r, row in rows.items() if r not in unchanged}
        keys = {r: found for r, found in keys.items() if r not in unchanged}
        if not rows:
            return [], []
    repository.replace_keys(
        session,
        rows,
        [
            {"source_record_id": r, "kind": kind, "value": value}
            for r, found in keys.items()
            for kind, value in found
        ],
    )
    wanted = _wanted(session, keys)
    current = {
        (edge.type, _pair(edge)): edge
        for edge in repository.open_edges_touching_records(session, rows, origin=INFERRED)
    }
    ended = [edge for key, edge in current.items() if key not in wanted]
    repository.end_edges(session, [e.id for e in ended], now=now, by=actor, reason="evidence gone")
    repository.update_edges(
        session,
        [
            {"id": edge.id, "lineage": wanted[key]}
            for key, edge in current.items()
            if key in wanted and edge.lineage != wanted[key]
        ],
    )
    new = [key for key in wanted if key not in current]
    added = repository.insert_edges(
        session, [_edge(edge_type, pair, wanted[(edge_type, pair)], now) for edge_type, pair in new]
    )
    return ended, added


def _wanted(
    session: Session, keys: dict[int, set[tuple[str, str]]]
) -> dict[tuple[str, Pair], dict[str, Any]]:
    """The inferred edges that should exist around these records, with their lineage."""
    all_keys = {key for found in keys.values() for key in found}
    households = repository.records_sharing(
        session, {k for k in all_keys if k[0] == "address"}, max_group=MAX_HOUSEHOLD
    )
    shared = repository.records_sharing(
        session, {k for k in all_keys if k[0] != "address"}, max_group=MAX_SHARED_CONTACT_POINT
    )
    members = {r for group in (*households.values(), *shared.values()) for r in group}
    party = repository.live_party_types(session, members)
    evidence: dict[Pair, dict[str, list[str]]] = {}
    household_pairs: set[Pair] = set()
    for (kind, value), group in (*households.items(), *shared.items()):
        for pair in _pairs(group, keys):
            if party.get(pair[0]) is None or party.get(pair[0]) != party.get(pair[1]):
                continue
            if kind == "address":
                if party[pair[0]] != "person":
                    continue
                household_pairs.add(pair)
            evidence.setdefault(pair, {}).setdefault(kind, []).append(value)
    wanted: dict[tuple[str, Pair], dict[str, Any]] = {}
    for pair, found in evidence.items():
        edge_type = HOUSEHOLD if pair in household_pairs else POSSIBLY_RELATED
        wanted[(edge_type, pair)] = {
            "inference": edge_type,
            "records": list(pair),
            "evidence": {kind: sorted(values) for kind, values in sorted(found.items())},
        }
    return wanted


def _pairs(group: Iterable[int], keys: dict[int, set[tuple[str, str]]]) -> Iterable[Pair]:
    """Pairs of a group that involve at least one of the records being derived."""
    for left, right in combinations(sorted(group), 2):
        if left in keys or right in keys:
            yield (left, right)


def _pair(edge: EdgeRow) -> Pair:
    return (edge.from_record_id or 0, edge.to_record_id or 0)


def _edge(edge_type: str, pair: Pair, lineage: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {
        "type": edge_type,
        "origin": INFERRED,
        "from_record_id": pair[0],
        "to_record_id": pair[1],
        "target_system": None,
        "target_entity_set": None,
        "target_company": None,
        "target_key": None,
        "from_golden_id": None,
        "to_golden_id": None,
        "lineage": lineage,
        "created_by": "system:inference",
        "reason": "",
        "valid_from": now,
        "valid_to": None,
        "ended_by": None,
        "ended_reason": None,
    }
