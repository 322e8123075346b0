"""Golden records: one per cluster of matching source records, with stable ids."""

import uuid
from typing import Any

from sqlmodel import Session

from app.core.errors import NotFound
from app.golden import repository
from app.golden.schemas import GoldenRecordPublic, LinkedSource
from app.golden.survivorship import SourceValues, survive
from app.matching import repository as matching_repository
from models import GoldenRecord, utc_now


def new_golden_id() -> str:
    return str(uuid.uuid4())


def members_of_goldens(session: Session, record_ids: set[int]) -> set[int]:
    """The records plus every record that shares a golden record with one of them."""
    golden_ids = set(repository.golden_ids_for_sources(session, record_ids).values())
    return set(record_ids) | repository.sources_of_goldens(session, golden_ids)


def apply_clusters(session: Session, clusters: list[set[int]]) -> dict[int, str]:
    """Make each cluster one golden record; answers record id -> golden id.

    The clusters must cover every member of every golden record they touch. A golden record keeps its id
    in the cluster holding its oldest source record; when several golden records end in one cluster the
    oldest survives and the others become `merged` into it; a cluster with no golden of its own gets a
    new id.
    """
    record_ids = {record for cluster in clusters for record in cluster}
    links = repository.golden_ids_for_sources(session, record_ids)
    current = repository.golden_rows(session, links.values())
    home = _home_clusters(clusters, links)
    sources = repository.source_values(session, record_ids)
    now = utc_now()
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    merges: list[tuple[str, str]] = []
    new_links: dict[int, str] = {}
    for index, cluster in enumerate(clusters):
        claimants = sorted(
            (current[g] for g in {links[r] for r in cluster if r in links} if home[g] == index),
            key=lambda golden: (golden.created_at, golden.id),
        )
        members = [sources[record] for record in sorted(cluster)]
        attributes, lineage = survive(
            [
                SourceValues(s.id, s.system, s.attributes, s.sellable, s.source_modified_at or s.received_at)
                for s in members
            ]
        )
        values = {
            "attributes": attributes,
            "lineage": lineage,
            "party_type": members[0].party_type,
            "status": "active",
            "merged_into": None,
            "updated_at": now,
        }
        if claimants:
            survivor = claimants[0]
            golden_id = survivor.id
            if attributes != survivor.attributes or any(links.get(record) != golden_id for record in cluster):
                updates.append({"id": golden_id, "version": survivor.version + 1, **values})
        else:
            golden_id = new_golden_id()
            inserts.append({"id": golden_id, "version": 1, "created_at": now, **values})
        for loser in claimants[1:]:
            updates.append(
                {
                    "id": loser.id,
                    "status": "merged",
                    "merged_into": golden_id,
                    "version": loser.version + 1,
                    "updated_at": now,
                }
            )
            merges.append((loser.id, golden_id))
        new_links.update({record: golden_id for record in cluster})
    repository.insert_goldens(session, inserts)
    repository.update_goldens(session, updates)
    for merged_id, survivor_id in merges:
        repository.redirect_merged(session, merged_id, survivor_id)
    repository.relink(session, {r: g for r, g in new_links.items() if links.get(r) != g}, now)
    return new_links


def _home_clusters(clusters: list[set[int]], links: dict[int, str]) -> dict[str, int]:
    cluster_of = {record: index for index, cluster in enumerate(clusters) for record in cluster}
    oldest: dict[str, int] = {}
    for record, golden_id in links.items():
        oldest[golden_id] = min(oldest.get(golden_id, record), record)
    return {golden_id: cluster_of[record] for golden_id, record in oldest.items()}


def get_golden_record(session: Session, golden_id: str) -> GoldenRecord:
    golden = repository.get(session, golden_id)
    if golden is None:
        raise NotFound(f"No golden record {golden_id!r}.")
    return golden


def golden_record_view(session: Session, golden_id: str) -> GoldenRecordPublic:
    golden = get_golden_record(session, golden_id)
    records = repository.linked_sources(session, golden.id)
    sources = [
        LinkedSource(
            id=record.id or 0,
            system=record.system,
            entity_set=record.entity_set,
            company=record.company,
            key=record.key,
        )
        for record in records
    ]
    pairs = matching_repository.pairs_among(session, [record.id for record in records if record.id])
    return GoldenRecordPublic(
        **golden.model_dump(),
        sources=sources,
        relationships=[],
        match_pairs=[_pair_view(pair) for pair in pairs],
    )


def _pair_view(pair: Any) -> dict[str, Any]:
    return {
        "left_record_id": pair.left_record_id,
        "right_record_id": pair.right_record_id,
        "decision": pair.decision,
        "guarded_by": pair.guarded_by,
        "probability": pair.probability,
        "explanation": pair.explanation,
    }
