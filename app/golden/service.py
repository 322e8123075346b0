"""Golden records: one per cluster of matching source records, with stable ids and a full history.

Every change to a golden record makes a new version that keeps what changed, why and who; the cause
of a unit of work (the actor and, for steward actions or rule changes, the reason) travels on the
session (`app.core.audit`).
"""

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session

from app.audit import repository as audit_repository
from app.core import audit
from app.core.config import get_settings
from app.core.ids import time_ordered_uuid
from app.golden import repository, search, versions
from app.golden.changes import GoldenChanges
from app.golden.survivorship import current_rules, source_values
from app.graph import service as graph_service
from app.matching.records import default_region
from app.publishing import repository as publishing_repository
from matching.survivorship import Override, SurvivorshipRules, survive
from models import utc_now


def new_golden_id() -> str:
    return time_ordered_uuid()


def members_and_links(session: Session, record_ids: set[int]) -> tuple[set[int], dict[int, str]]:
    """The records plus every record that shares a golden record with one of them, and the golden id
    of each of `record_ids` that has one."""
    links = repository.golden_ids_for_sources(session, record_ids)
    return set(record_ids) | repository.sources_of_goldens(session, set(links.values())), links


def apply_clusters(
    session: Session, clusters: list[set[int]], *, links: dict[int, str] | None = None
) -> dict[int, str]:
    """Make each cluster one golden record; answers record id -> golden id.

    The clusters must cover every member of every golden record they touch. A golden record keeps its id
    in the cluster holding its oldest source record; when several golden records end in one cluster the
    oldest survives and the others become `merged` into it; a cluster with no golden of its own gets a
    new id. Each golden whose record changed gets a new version, an outbox event and, for merges and
    splits, an audit entry, all in the caller's transaction. `links`: the golden id of every clustered
    record that has one, when the caller has just read them (else they are read here).
    """
    record_ids = {record for cluster in clusters for record in cluster}
    if links is None:
        links = repository.golden_ids_for_sources(session, record_ids)
    else:
        links = {record: golden_id for record, golden_id in links.items() if record in record_ids}
    current = repository.golden_rows(session, links.values(), lineage=False)
    old_members: dict[str, set[int]] = {}
    for record, golden_id in links.items():
        old_members.setdefault(golden_id, set()).add(record)
    claimants_of = _claimants(clusters, links, current)
    cause = audit.cause_of(session)
    sources = repository.source_values(session, record_ids)
    changed = [
        index
        for index, cluster in enumerate(clusters)
        if cause.reason or not _unchanged(claimants_of[index], cluster, old_members, sources)
    ]
    current = _with_lineage(session, current, claimants_of, clusters, changed, old_members)
    overrides = repository.overrides_for(session, current) if current else {}
    writes = GoldenChanges(now=utc_now(), cause=cause)
    new_links: dict[int, str] = {}
    states: dict[str, dict[str, Any]] = {}
    recompute = set(changed)
    for index, cluster in enumerate(clusters):
        claimants = [current[golden.id] for golden in claimants_of[index]]
        if index not in recompute:
            new_links.update({record: claimants[0].id for record in cluster})
            continue
        members = [sources[record] for record in sorted(cluster)]
        cluster_overrides = [o for c in claimants for o in overrides.get(c.id, [])]
        reason = cause.reason or _reason(claimants, cluster, old_members, links)
        golden_id, state = _settle(
            writes, cluster, claimants, members, cluster_overrides, old_members, reason
        )
        new_links.update({record: golden_id for record in cluster})
        states[golden_id] = state
    for merged_id, survivor_id in writes.merges:
        for earlier in repository.merged_into(session, merged_id):
            writes.redirect(earlier, survivor_id)
    writes.audit_merges_and_splits(old_members, new_links, states)
    _write(session, writes, {r: g for r, g in new_links.items() if links.get(r) != g})
    return new_links


def _claimants(
    clusters: list[set[int]], links: dict[int, str], current: dict[str, repository.GoldenRow]
) -> list[list[repository.GoldenRow]]:
    """For each cluster, the golden records whose oldest source record it holds, oldest first."""
    home = _home_clusters(clusters, links)
    return [
        sorted(
            (current[g] for g in {links[r] for r in cluster if r in links} if home[g] == index),
            key=lambda golden: (golden.created_at, golden.id),
        )
        for index, cluster in enumerate(clusters)
    ]


def _settle(
    writes: GoldenChanges,
    cluster: set[int],
    claimants: list[repository.GoldenRow],
    members: list[repository.SourceRow],
    overrides: list[Any],
    old_members: dict[str, set[int]],
    reason: str,
) -> tuple[str, dict[str, Any]]:
    """Make one cluster one golden record: the oldest claimant survives (changed only if what a reader
    sees changed), the others merge into it, and a cluster without claimants gets a new golden record."""
    values = _survived_values(members, current_rules(), overrides)
    state = versions.state(values, sorted(cluster))
    region = _region(members)
    if claimants:
        survivor = claimants[0]
        golden_id = survivor.id
        before = versions.state(survivor._asdict(), sorted(old_members[golden_id]))
        if _differs(before, state):
            writes.change(golden_id, survivor.version + 1, values, before, state, reason, members, region)
    else:
        golden_id = new_golden_id()
        writes.change(golden_id, 1, values, None, state, reason, members, region)
    for loser in claimants[1:]:
        writes.merge(loser, golden_id, old_members[loser.id], writes.cause.reason or "merge")
    return golden_id, state


def _with_lineage(
    session: Session,
    current: dict[str, repository.GoldenRow],
    claimants_of: list[list[repository.GoldenRow]],
    clusters: list[set[int]],
    changed: list[int],
    old_members: dict[str, set[int]],
) -> dict[str, repository.GoldenRow]:
    """The golden rows with the lineage of those whose history needs it: a golden keeping exactly its
    members (a changed lineage alone makes a new version) and every golden merged away (its last state)."""
    wanted: set[str] = set()
    for index in changed:
        claimants = claimants_of[index]
        if claimants and old_members[claimants[0].id] == clusters[index]:
            wanted.add(claimants[0].id)
        wanted.update(loser.id for loser in claimants[1:])
    found = repository.lineages(session, wanted)
    return {
        golden_id: row._replace(lineage=found[golden_id]) if golden_id in found else row
        for golden_id, row in current.items()
    }


def _survived_values(
    members: list[repository.SourceRow], rules: SurvivorshipRules, overrides: Iterable[Any]
) -> dict[str, Any]:
    live = [member for member in members if member.deleted_at is None] or members
    survived = survive(
        [source_values(member) for member in live],
        rules,
        list(
            {
                o.attribute: Override(o.attribute, o.value, o.actor, o.reason)
                for o in reversed(list(overrides))
            }.values()
        ),
    )
    return {
        "attributes": survived.attributes,
        "lineage": survived.lineage,
        "party_type": survived.party_type,
        "status": "active",
        "merged_into": None,
        "display_name": search.display_name(survived.attributes)[:255],
        "rules_version": survived.rules_version,
    }


def _unchanged(
    claimants: list[repository.GoldenRow],
    cluster: set[int],
    old_members: dict[str, set[int]],
    sources: dict[int, repository.SourceRow],
) -> bool:
    """The cluster is exactly one golden's members and none of its sources arrived since that golden was
    last computed: survivorship would decide the same, so it is not run again."""
    if len(claimants) != 1 or old_members[claimants[0].id] != cluster:
        return False
    return all(sources[record].received_at < claimants[0].updated_at for record in cluster)


def _differs(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """A golden changes when what a reader sees changes; new rules that decide the same do not count."""
    return {**before, "rules_version": ""} != {**after, "rules_version": ""}


def _reason(
    claimants: list[repository.GoldenRow],
    cluster: set[int],
    old_members: dict[str, set[int]],
    links: dict[int, str],
) -> str:
    if len(claimants) > 1:
        return "merge"
    if claimants and old_members[claimants[0].id] - cluster:
        return "split"
    if not claimants and any(record in links for record in cluster):
        return "split"
    if claimants and cluster - old_members[claimants[0].id]:
        return "match"
    if not claimants and len(cluster) > 1:
        return "match"
    return "ingest"


def _region(members: list[repository.SourceRow]) -> str | None:
    regions = get_settings().company_regions
    return next((r for c in sorted({m.company for m in members}) if (r := default_region(c, regions))), None)


def _write(session: Session, writes: GoldenChanges, relinks: dict[int, str]) -> None:
    repository.insert_goldens(session, writes.inserts)
    repository.update_goldens(session, writes.updates)
    for merged_id, survivor_id in writes.merges:
        repository.move_overrides(session, merged_id, survivor_id)
    repository.relink(session, relinks, writes.now)
    repository.insert_versions(session, writes.versions)
    repository.replace_search_terms(session, writes.terms, new=writes.created)
    publishing_repository.insert_events(session, writes.events)
    audit_repository.insert_entries(session, writes.audit)
    graph_service.follow_golden_changes(session, relinks, writes.merges)


def _home_clusters(clusters: list[set[int]], links: dict[int, str]) -> dict[str, int]:
    cluster_of = {record: index for index, cluster in enumerate(clusters) for record in cluster}
    oldest: dict[str, int] = {}
    for record, golden_id in links.items():
        oldest[golden_id] = min(oldest.get(golden_id, record), record)
    return {golden_id: cluster_of[record] for golden_id, record in oldest.items()}


def recompute(session: Session, golden_ids: Iterable[str]) -> int:
    """Re-run survivorship for these golden records with the rules in force; answers how many changed."""
    ids = set(golden_ids)
    members = repository.sources_of_goldens(session, ids)
    links = repository.golden_ids_for_sources(session, members)
    clusters: dict[str, set[int]] = {}
    for record, golden_id in links.items():
        clusters.setdefault(golden_id, set()).add(record)
    before = {g.id: g.version for g in repository.golden_rows(session, ids).values()}
    apply_clusters(session, list(clusters.values()))
    after = {g.id: g.version for g in repository.golden_rows(session, ids).values()}
    return sum(1 for golden_id, version in after.items() if version != before.get(golden_id))


REBUILD_PAGE = 500


def rebuild_all(engine: Any, *, progress: Any = None) -> tuple[int, int]:
    """Recompute every active golden record from its sources with the rules in force, a page per
    transaction; answers (golden records seen, golden records changed). Versions record `rules_change`."""
    from app.core.db import session_scope
    from app.matching import repository as matching_repository

    with session_scope(engine, write=False) as session:
        total = repository.count_active(session)
    seen = changed = 0
    after = ""
    while True:
        with session_scope(engine) as session:
            matching_repository.lock_matching(session)
            audit.set_cause(session, actor=f"{audit.SYSTEM}:rebuild", reason="rules_change")
            page = repository.all_golden_ids(session, after=after, limit=REBUILD_PAGE)
            if not page:
                return seen, changed
            changed += recompute(session, page)
        seen += len(page)
        after = page[-1]
        if progress:
            progress(seen, total)
