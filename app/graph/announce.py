"""Golden endpoints of edges, and the `relationship.changed` events when they change.

An edge shows between two different golden records: a derived or inferred edge between the goldens its
source records are linked to now, a steward edge between the surviving goldens it was asserted between.
Each edge remembers the endpoints it was last announced with (`from_golden_id`, `to_golden_id`), so one
event goes out per edge that appears, disappears or is re-pointed by a merge or a split.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.graph import repository
from app.graph.repository import EdgeRow
from app.publishing import events
from app.publishing import repository as publishing_repository

STEWARD = "steward"
Ends = tuple[str, str] | None
MAX_MERGE_HOPS = 20


def survivors(session: Session, golden_ids: Iterable[str]) -> dict[str, str]:
    """Each golden id -> the active golden it was (eventually) merged into, itself when active."""
    wanted = {g for g in golden_ids if g}
    resolved: dict[str, str] = {}
    pending = {g: g for g in wanted}
    for _ in range(MAX_MERGE_HOPS):
        if not pending:
            break
        found = repository.nodes(session, set(pending.values()))
        next_pending: dict[str, str] = {}
        for origin, current in pending.items():
            node = found.get(current)
            if node is not None and node.status == "merged" and node.merged_into:
                next_pending[origin] = node.merged_into
            else:
                resolved[origin] = current
        pending = next_pending
    resolved.update(pending)
    return resolved


def visible_ends(edge: EdgeRow, golden_of: dict[int, str], survivor: dict[str, str]) -> Ends:
    """The two goldens an open edge joins now, or None when it joins nothing (target not arrived,
    both ends in one golden)."""
    if edge.origin == STEWARD:
        left = survivor.get(edge.from_golden_id or "", edge.from_golden_id)
        right = survivor.get(edge.to_golden_id or "", edge.to_golden_id)
    else:
        left = golden_of.get(edge.from_record_id or 0)
        right = golden_of.get(edge.to_record_id or 0)
    return (left, right) if left and right and left != right else None


def announce(
    session: Session,
    edges: Iterable[EdgeRow],
    *,
    now: datetime,
    added: Iterable[int] = (),
    ended: Iterable[int] = (),
) -> int:
    """Compare each edge's golden endpoints with those it was last announced with; store the new ones
    and write one event per changed edge. `added`: steward edges just asserted (nothing announced yet);
    `ended`: edges just closed. Answers the number of events written."""
    edges = list({edge.id: edge for edge in edges}.values())
    added, ended = set(added), set(ended)
    records = {r for edge in edges for r in (edge.from_record_id, edge.to_record_id) if r}
    golden_of = repository.goldens_of_records(session, records)
    survivor = survivors(
        session, {g for e in edges if e.origin == STEWARD for g in (e.from_golden_id, e.to_golden_id) if g}
    )
    updates: list[dict[str, Any]] = []
    changed: list[tuple[EdgeRow, Ends, Ends]] = []
    for edge in edges:
        before = None if edge.id in added else _ends(edge.from_golden_id, edge.to_golden_id)
        after = None if edge.id in ended else visible_ends(edge, golden_of, survivor)
        if edge.id not in ended:
            if edge.origin == STEWARD:
                columns = (survivor.get(edge.from_golden_id or ""), survivor.get(edge.to_golden_id or ""))
            else:
                columns = after or (None, None)
            if columns != (edge.from_golden_id, edge.to_golden_id):
                updates.append({"id": edge.id, "from_golden_id": columns[0], "to_golden_id": columns[1]})
        if before != after:
            changed.append((edge, before, after))
    repository.update_edges(session, updates)
    publishing_repository.insert_events(session, _events(session, changed, now))
    return len(changed)


def _ends(left: str | None, right: str | None) -> Ends:
    return (left, right) if left and right and left != right else None


def _events(
    session: Session, changed: list[tuple[EdgeRow, Ends, Ends]], now: datetime
) -> list[dict[str, Any]]:
    if not changed:
        return []
    goldens = {g for _, before, after in changed for ends in (before, after) if ends for g in ends}
    nodes = repository.nodes(session, goldens)
    records = {r for edge, _, _ in changed for r in (edge.from_record_id, edge.to_record_id) if r}
    sources = repository.source_rows(session, records)
    written = []
    for edge, before, after in changed:
        ends = after or before
        assert ends is not None
        node = nodes[ends[0]]
        change = "added" if before is None else "removed" if after is None else "repointed"
        record = {
            "id": node.id,
            "version": node.version,
            "party_type": node.party_type,
            "status": node.status,
            "display_name": node.display_name,
            "sources": [
                {
                    "id": s.id,
                    "system": s.system,
                    "entity_set": s.entity_set,
                    "company": s.company,
                    "key": s.key,
                }
                for r in (edge.from_record_id, edge.to_record_id)
                if r and (s := sources.get(r)) is not None
            ],
        }
        written.append(
            events.golden_event(
                events.RELATIONSHIP_CHANGED,
                record,
                now,
                change=change,
                goldens=list(ends),
                previous={"from_golden_id": before[0], "to_golden_id": before[1]} if before else None,
                edge=edge_payload(edge, ends, valid_to=now if after is None else None),
            )
        )
    return written


def edge_payload(edge: EdgeRow, ends: tuple[str, str], *, valid_to: datetime | None = None) -> dict[str, Any]:
    ended = valid_to or edge.valid_to
    return {
        "id": edge.id,
        "type": edge.type,
        "origin": edge.origin,
        "from_golden_id": ends[0],
        "to_golden_id": ends[1],
        "lineage": edge.lineage,
        "reason": edge.reason,
        "valid_from": edge.valid_from.isoformat(),
        "valid_to": ended.isoformat() if ended else None,
    }
