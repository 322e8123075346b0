"""Stewardship: what people decide that the matcher could not. Every action takes the matching lock,
checks If-Match against what the steward saw, re-runs survivorship through the golden service (which
writes the versions, events and merge/split audit entries) and records its own audit entry."""

from typing import Any

from sqlmodel import Session

from app.audit import service as audit_service
from app.core import audit
from app.core.concurrency import check_if_match, etag
from app.core.errors import Conflict, FieldError, InvalidInput, NotFound
from app.core.pagination import Page, PageParams
from app.golden import repository as golden_repository
from app.golden import service as golden_service
from app.golden import view as golden_view
from app.golden.schemas import GoldenRecordPublic
from app.maps.customers import CUSTOMER_MAPS
from app.matching import repository as matching_repository
from app.stewardship import repository
from app.stewardship.schemas import DecisionResult, MatchReviewPublic, ReviewSide, SplitResult
from models import GoldenOverride, GoldenRecord, MatchPair, SourceRecord, utc_now

OVERRIDABLE = frozenset({field.canonical for m in CUSTOMER_MAPS for field in m.fields} | {"sellable"})


def list_reviews(
    session: Session,
    *,
    company: str | None,
    party_type: str | None,
    min_score: float | None,
    max_score: float | None,
    page: PageParams,
) -> Page[MatchReviewPublic]:
    pairs, total = repository.pending_reviews(
        session,
        company=company.lower() if company else None,
        party_type=party_type,
        min_score=min_score,
        max_score=max_score,
        offset=page.offset,
        limit=page.limit,
    )
    return Page(data=_reviews(session, pairs, pending=True), count=total)


def reviews_next_to(
    session: Session,
    *,
    company: str | None,
    party_type: str | None,
    min_score: float | None,
    max_score: float | None,
    after: str | None,
    before: str | None,
    limit: int,
) -> list[MatchReviewPublic]:
    """A page of the queue after (or before) a review, oldest first, for paging without counting."""
    pairs = repository.pending_reviews_next_to(
        session,
        company=company.lower() if company else None,
        party_type=party_type,
        min_score=min_score,
        max_score=max_score,
        after_pair_id=_pair(session, after).id if after else None,
        before_pair_id=_pair(session, before).id if before else None,
        limit=limit,
    )
    return _reviews(session, pairs, pending=True)


def get_review(session: Session, review_id: str) -> MatchReviewPublic:
    pair = _pair(session, review_id)
    pending = repository.is_pending(session, pair.left_record_id, pair.right_record_id)
    return _reviews(session, [pair], pending=pending)[0]


def decide(
    session: Session, review_id: str, *, decision: str, reason: str, if_match: str | None
) -> DecisionResult:
    _begin(session, "merge" if decision == "match" else None, reason)
    review = get_review(session, review_id)
    check_if_match(if_match, review.etag.strip('"'), f"Review {review_id}")
    if review.status != "pending":
        raise Conflict(
            f"Review {review_id} is resolved already; its records are in one golden or ruled apart."
        )
    pair = (review.left.source_record_id, review.right.source_record_id)
    actor = audit.cause_of(session).actor
    if decision == "match":
        goldens = [g for g in (review.left.golden_id, review.right.golden_id) if g]
        members = golden_repository.sources_of_goldens(session, goldens)
        if apart := repository.cannot_links_between(session, members):
            raise Conflict(f"A steward ruled records of these golden records different: {apart[:5]}.")
        repository.add_must_links(session, [pair], reason=reason, actor=actor)
        links = golden_service.apply_clusters(session, [members])
        after = sorted({links[pair[0]], links[pair[1]]})
    else:
        repository.add_cannot_links(session, [pair], reason=reason, actor=actor)
        after = sorted({g for g in (review.left.golden_id, review.right.golden_id) if g})
    audit_service.record(
        session,
        "decision",
        review.left.golden_id,
        [g for g in (review.right.golden_id,) if g],
        reason,
        before={"review_id": review_id, "probability": review.probability, "records": list(pair)},
        after={"decision": decision, "golden_ids": after},
    )
    return DecisionResult(review_id=review_id, decision=decision, golden_ids=after)


def merge(
    session: Session, golden_id: str, *, others: list[str], reason: str, if_match: str | None
) -> GoldenRecordPublic:
    _begin(session, "merge", reason)
    golden = _active(session, golden_id, if_match)
    goldens = [golden] + [
        _active(session, other, None) for other in dict.fromkeys(others) if other != golden_id
    ]
    if len(goldens) < 2:
        raise InvalidInput(
            "Name at least one other golden record.", fields=[FieldError("golden_ids", "empty")]
        )
    members = {g.id: sorted(golden_repository.sources_of_goldens(session, [g.id])) for g in goldens}
    everything = {record for records in members.values() for record in records}
    if apart := repository.cannot_links_between(session, everything):
        raise Conflict(f"A steward ruled these records different: {apart[:5]}; they cannot be merged.")
    anchor = members[golden_id][0]
    actor = audit.cause_of(session).actor
    repository.add_must_links(
        session,
        [(anchor, records[0]) for g, records in members.items() if g != golden_id],
        reason=reason,
        actor=actor,
    )
    links = golden_service.apply_clusters(session, [everything])
    return golden_view.golden_record_view(session, links[anchor])


def split(
    session: Session, golden_id: str, *, source_ids: list[int], reason: str, if_match: str | None
) -> SplitResult:
    _begin(session, "split", reason)
    _active(session, golden_id, if_match)
    members = golden_repository.sources_of_goldens(session, [golden_id])
    moving = set(source_ids)
    if stray := sorted(moving - members):
        raise InvalidInput(
            f"Source records {stray} are not linked to golden record {golden_id}.",
            fields=[FieldError("sources", f"not members: {stray}")],
        )
    staying = members - moving
    if not staying:
        raise InvalidInput(
            "A split must leave at least one source record.", fields=[FieldError("sources", "all")]
        )
    actor = audit.cause_of(session).actor
    repository.delete_must_links_across(session, moving, staying)
    repository.add_cannot_links(
        session, [(a, b) for a in moving for b in staying], reason=reason, actor=actor
    )
    ordered = sorted(moving)
    repository.add_must_links(
        session, list(zip(ordered, ordered[1:], strict=False)), reason=reason, actor=actor
    )
    links = golden_service.apply_clusters(session, [staying, moving])
    kept_id, split_id = links[min(members)], links[ordered[0] if min(members) in staying else min(staying)]
    return SplitResult(
        kept=golden_view.golden_record_view(session, kept_id),
        split_off=golden_view.golden_record_view(session, split_id),
    )


def set_overrides(
    session: Session, golden_id: str, *, attributes: dict[str, Any], reason: str, if_match: str | None
) -> GoldenRecordPublic:
    _begin(session, "override", reason)
    golden = _active(session, golden_id, if_match)
    if unknown := sorted(set(attributes) - OVERRIDABLE):
        raise InvalidInput(
            "Only customer attributes can be overridden.",
            fields=[FieldError(f"attributes.{name}", "not a customer attribute") for name in unknown],
        )
    actor = audit.cause_of(session).actor
    for name, value in attributes.items():
        existing = repository.override(session, golden_id, name)
        if existing is None:
            session.add(
                GoldenOverride(
                    golden_record_id=golden_id, attribute=name, value=value, actor=actor, reason=reason
                )
            )
        else:
            existing.value, existing.actor, existing.reason, existing.created_at = (
                value,
                actor,
                reason,
                utc_now(),
            )
    session.flush()
    _recompute(session, golden_id)
    before = {name: golden.attributes.get(name) for name in attributes}
    audit_service.record(session, "override", golden_id, [], reason, before=before, after=dict(attributes))
    return golden_view.golden_record_view(session, golden_id)


def withdraw_override(
    session: Session, golden_id: str, *, attribute: str, reason: str, if_match: str | None
) -> GoldenRecordPublic:
    _begin(session, "override", reason)
    golden = _active(session, golden_id, if_match)
    existing = repository.override(session, golden_id, attribute)
    if existing is None:
        raise NotFound(f"Golden record {golden_id} has no override of {attribute!r}.")
    session.delete(existing)
    session.flush()
    _recompute(session, golden_id)
    after = golden_repository.get(session, golden_id)
    audit_service.record(
        session,
        "override_withdrawn",
        golden_id,
        [],
        reason,
        before={attribute: golden.attributes.get(attribute)},
        after={attribute: after.attributes.get(attribute) if after else None},
    )
    return golden_view.golden_record_view(session, golden_id)


def _begin(session: Session, reason: str | None, note: str) -> None:
    matching_repository.lock_matching(session)
    audit.set_cause(session, actor=audit.cause_of(session).actor, reason=reason, note=note)


def _active(session: Session, golden_id: str, if_match: str | None) -> GoldenRecord:
    golden = golden_view.get_golden_record(session, golden_id)
    session.refresh(golden)
    if golden.status != "active":
        raise Conflict(f"Golden record {golden_id} was merged into {golden.merged_into}; act on that one.")
    check_if_match(if_match, golden.version, f"Golden record {golden_id}")
    return golden


def _recompute(session: Session, golden_id: str) -> None:
    members = golden_repository.sources_of_goldens(session, [golden_id])
    golden_service.apply_clusters(session, [members])


def _pair(session: Session, review_id: str) -> MatchPair:
    left, _, right = review_id.partition("-")
    pair = repository.get_pair(session, int(left), int(right)) if left.isdigit() and right.isdigit() else None
    if pair is None:
        raise NotFound(f"No match review {review_id!r}: no scored pair of these two records.")
    return pair


def _reviews(session: Session, pairs: list[MatchPair], *, pending: bool) -> list[MatchReviewPublic]:
    ids = {r for pair in pairs for r in (pair.left_record_id, pair.right_record_id)}
    sources = repository.sources(session, ids)
    golden_ids = golden_repository.golden_ids_for_sources(session, ids)
    goldens = golden_repository.golden_rows(session, golden_ids.values(), lineage=False)
    versions = {g.id: g.version for g in goldens.values()}
    reviews = []
    for pair in pairs:
        left = _side(sources[pair.left_record_id], golden_ids, versions)
        right = _side(sources[pair.right_record_id], golden_ids, versions)
        reviews.append(
            MatchReviewPublic(
                id=f"{pair.left_record_id}-{pair.right_record_id}",
                status="pending" if pending else "resolved",
                probability=pair.probability,
                match_weight=pair.match_weight,
                guarded_by=pair.guarded_by,
                settings_version=pair.settings_version,
                scored_at=pair.scored_at,
                explanation=pair.explanation,
                left=left,
                right=right,
                etag=etag(f"{left.golden_version}.{right.golden_version}"),
            )
        )
    return reviews


def _side(record: SourceRecord, golden_ids: dict[int, str], versions: dict[str, int]) -> ReviewSide:
    golden_id = golden_ids.get(record.id or 0)
    return ReviewSide(
        source_record_id=record.id or 0,
        system=record.system,
        entity_set=record.entity_set,
        company=record.company,
        key=record.key,
        golden_id=golden_id,
        golden_version=versions.get(golden_id) if golden_id else None,
        attributes=record.attributes,
        raw=record.raw,
    )
