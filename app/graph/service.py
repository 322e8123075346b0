"""The relationship graph's writes: edges derived from ingested rows, inferred edges, steward edges, and
their `relationship.changed` events, all in the caller's transaction."""

from collections.abc import Iterable

from sqlmodel import Session

from app.audit import service as audit_service
from app.core import audit
from app.core.errors import Conflict, FieldError, InvalidInput, NotFound
from app.graph import announce, derive, inference, repository
from app.graph.derive import CONTACT_PERSON, PRIMARY_CONTACT
from app.graph.repository import EdgeRow, SourceRow
from app.graph.schemas import EdgePublic, StewardEdgeCreate
from app.matching import features_cache
from app.matching import repository as matching_repository
from app.matching import service as matching_service
from app.matching.records import linked_contacts, linked_employers
from matching.records import contact_person_keys, employer_keys
from models import utc_now

STEWARD = announce.STEWARD


def derive_for_sources(
    session: Session,
    record_ids: Iterable[int],
    *,
    same_party: Iterable[int] = (),
    written: dict[int, SourceRow] | None = None,
) -> None:
    """Bring the graph up to date with these just-written source records: their derived and inferred edges,
    edges that waited for them as a target, the shared-contact evidence of the organisations they link to,
    and one event per edge that changed between goldens. `same_party`: records the write left live and of
    the same party type (their inference is skipped when their keys did not change). `written`: the rows of
    these records when the caller has just written them."""
    stored = repository.source_rows(session, record_ids) if written is None else written
    rows = {r: row for r, row in stored.items() if row.party_type}
    if not rows:
        return
    now = utc_now()
    actor = audit.cause_of(session).actor
    derived = derive.derive(session, rows, now=now, actor=actor)
    ended_inferred, _ = inference.infer(session, rows, now=now, actor=actor, same_party=same_party)
    ended = derived.ended + ended_inferred
    touched = repository.open_edges_touching_records(session, rows)
    if _rematch_organisations(session, set(rows), ended, touched):
        touched = repository.open_edges_touching_records(session, rows)  # re-matching moved goldens
    resolved = [e for e in (repository.edge(session, i) for i in derived.resolved) if e is not None]
    announce.announce(session, [*ended, *touched, *resolved], now=now, ended={e.id for e in ended})


def follow_golden_changes(session: Session, relinks: dict[int, str], merges: list[tuple[str, str]]) -> None:
    """Golden records were merged or split: re-point the edges of the source records that moved and the
    steward edges of the merged goldens, announcing each edge whose endpoints changed."""
    if not relinks and not merges:
        return
    edges = repository.open_edges_touching_records(session, relinks)
    edges += repository.open_steward_edges_touching(session, {loser for loser, _ in merges})
    announce.announce(session, edges, now=utc_now())


def _rematch_organisations(
    session: Session, record_ids: set[int], ended: list[EdgeRow], touching: list[EdgeRow]
) -> bool:
    """Organisations whose linked contact persons changed, and persons whose organisations changed, are
    matched again: who an organisation's contacts are, and whose contact a person is, are matching
    evidence (the `shared_contact_person` and `shared_organization` comparisons). `touching`: the open
    edges touching the records. Answers whether any record was matched again."""
    contact_types = (CONTACT_PERSON, PRIMARY_CONTACT)
    edges = [
        edge
        for edge in [*touching, *ended]
        if edge.type in contact_types
        and edge.origin == "source"
        and (edge.from_record_id in record_ids or edge.to_record_id in record_ids)
    ]
    ends = {record for edge in edges for record in (edge.from_record_id, edge.to_record_id)} - {None}
    if not ends:
        return False
    stored = features_cache.features_of(session, ends)  # type: ignore[arg-type]
    organisations = [r for r, f in stored.items() if f.party_type == "organization"]
    persons = [r for r, f in stored.items() if f.party_type == "person"]
    contacts = linked_contacts(session, organisations)
    employers = linked_employers(session, persons)
    changed = [
        record_id
        for record_id, features in stored.items()
        if (
            features.party_type == "organization"
            and features.contact_persons != contact_person_keys(contacts.get(record_id, ()))
        )
        or (
            features.party_type == "person"
            and features.employers != employer_keys(employers.get(record_id, ()))
        )
    ]
    if changed:
        matching_service.match_records(session, changed)
    return bool(changed)


def add_steward_edge(session: Session, golden_id: str, request: StewardEdgeCreate) -> EdgePublic:
    """A steward asserts an edge from this golden to another, with a type and a reason; audited."""
    matching_repository.lock_matching(session)
    source, target = _active(session, golden_id), _active(session, request.to_golden_id, "to_golden_id")
    if source == target:
        raise InvalidInput(
            "An edge joins two different golden records.", fields=[FieldError("to_golden_id", "same record")]
        )
    now = utc_now()
    cause = audit.cause_of(session)
    [edge_id] = repository.insert_edges(
        session,
        [
            {
                "type": request.type,
                "origin": STEWARD,
                "from_record_id": None,
                "to_record_id": None,
                "target_system": None,
                "target_entity_set": None,
                "target_company": None,
                "target_key": None,
                "from_golden_id": source,
                "to_golden_id": target,
                "lineage": {"steward": cause.actor, "reason": request.reason},
                "created_by": cause.actor,
                "reason": request.reason,
                "valid_from": now,
                "valid_to": None,
                "ended_by": None,
                "ended_reason": None,
            }
        ],
    )
    edge = repository.edge(session, edge_id)
    assert edge is not None
    announce.announce(session, [edge], now=now, added={edge_id})
    public = _public(edge, (source, target))
    audit_service.record(
        session,
        "relationship_added",
        edge.from_golden_id,
        [g for g in (edge.to_golden_id,) if g],
        request.reason,
        before={},
        after=public.model_dump(mode="json"),
    )
    return public


def remove_steward_edge(session: Session, golden_id: str, edge_id: int, *, reason: str) -> EdgePublic:
    """End a steward's edge (kept, with who ended it and why); audited. Derived edges follow their rows."""
    matching_repository.lock_matching(session)
    survivor = announce.survivors(session, [golden_id]).get(golden_id, golden_id)
    edge = repository.edge(session, edge_id)
    ends = _steward_ends(session, edge) if edge is not None else None
    if edge is None or edge.valid_to is not None or ends is None or survivor not in ends:
        raise NotFound(f"No current edge {edge_id} of golden record {golden_id}.")
    if edge.origin != STEWARD:
        raise Conflict(
            f"Edge {edge_id} is {edge.origin}-derived ({edge.type}); it changes when its source rows change."
        )
    now = utc_now()
    actor = audit.cause_of(session).actor
    before = _public(edge, ends).model_dump(mode="json")
    repository.end_edges(session, [edge_id], now=now, by=actor, reason=reason)
    announce.announce(session, [edge], now=now, ended={edge_id})
    ended = repository.edge(session, edge_id)
    assert ended is not None
    public = _public(ended, ends)
    audit_service.record(
        session,
        "relationship_removed",
        edge.from_golden_id,
        [g for g in (edge.to_golden_id,) if g],
        reason,
        before=before,
        after=public.model_dump(mode="json"),
    )
    return public


def _active(session: Session, golden_id: str, field: str = "golden_id") -> str:
    node = repository.nodes(session, [golden_id]).get(golden_id)
    if node is None:
        raise NotFound(f"No golden record {golden_id!r}.", fields=[FieldError(field, "not found")])
    if node.status != "active":
        raise Conflict(f"Golden record {golden_id} was merged into {node.merged_into}; act on that one.")
    return node.id


def _steward_ends(session: Session, edge: EdgeRow) -> tuple[str, str] | None:
    if edge.origin == STEWARD:
        found = announce.survivors(session, [g for g in (edge.from_golden_id, edge.to_golden_id) if g])
        left, right = found.get(edge.from_golden_id or ""), found.get(edge.to_golden_id or "")
    else:
        golden_of = repository.goldens_of_records(
            session, [r for r in (edge.from_record_id, edge.to_record_id) if r]
        )
        left, right = golden_of.get(edge.from_record_id or 0), golden_of.get(edge.to_record_id or 0)
    return (left, right) if left and right else None


def _public(edge: EdgeRow, ends: tuple[str, str]) -> EdgePublic:
    return EdgePublic.model_validate(announce.edge_payload(edge, ends))
