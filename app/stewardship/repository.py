"""Queries of stewardship: the review queue and steward assertions."""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, delete, exists, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from app.core import bulk
from models import CannotLink, GoldenOverride, GoldenRecordLink, MatchPair, MustLink, SourceRecord, utc_now

LeftLink = aliased(GoldenRecordLink)
RightLink = aliased(GoldenRecordLink)
LeftSource = aliased(SourceRecord)
RightSource = aliased(SourceRecord)


def _pending():
    """A review pair waits while its records sit in different golden records and no steward ruled on it."""
    declared_different = exists().where(
        or_(
            and_(
                CannotLink.left_record_id == MatchPair.left_record_id,
                CannotLink.right_record_id == MatchPair.right_record_id,
            ),
            and_(
                CannotLink.left_record_id == MatchPair.right_record_id,
                CannotLink.right_record_id == MatchPair.left_record_id,
            ),
        )
    )
    return and_(
        or_(MatchPair.decision == "review", col(MatchPair.guarded_by).is_not(None)),
        LeftLink.golden_record_id != RightLink.golden_record_id,
        ~declared_different,
    )


def _queue(statement: Any) -> Any:
    return (
        statement.join(LeftLink, LeftLink.source_record_id == MatchPair.left_record_id)
        .join(RightLink, RightLink.source_record_id == MatchPair.right_record_id)
        .join(LeftSource, LeftSource.id == MatchPair.left_record_id)
        .join(RightSource, RightSource.id == MatchPair.right_record_id)
        .where(_pending())
    )


def pending_reviews(
    session: Session,
    *,
    company: str | None,
    party_type: str | None,
    min_score: float | None,
    max_score: float | None,
    offset: int,
    limit: int,
) -> tuple[list[MatchPair], int]:
    conditions = _review_filters(company, party_type, min_score, max_score)
    total = session.exec(_queue(select(func.count()).select_from(MatchPair)).where(*conditions)).one()
    statement = (
        _queue(select(MatchPair)).where(*conditions).order_by(col(MatchPair.id)).offset(offset).limit(limit)
    )
    return list(session.exec(statement).all()), total


def _review_filters(
    company: str | None, party_type: str | None, min_score: float | None, max_score: float | None
) -> list[Any]:
    conditions = []
    if company:
        conditions.append(or_(LeftSource.company == company, RightSource.company == company))
    if party_type:
        conditions.append(LeftSource.party_type == party_type)
    if min_score is not None:
        conditions.append(MatchPair.probability >= min_score)
    if max_score is not None:
        conditions.append(MatchPair.probability <= max_score)
    return conditions


def pending_reviews_next_to(
    session: Session,
    *,
    company: str | None,
    party_type: str | None,
    min_score: float | None,
    max_score: float | None,
    after_pair_id: int | None,
    before_pair_id: int | None,
    limit: int,
) -> list[MatchPair]:
    """Up to `limit` pending reviews in queue order after (or before) a pair, without counting the queue:
    a page costs the pairs it walks, not the queue's length."""
    statement = _queue(select(MatchPair)).where(*_review_filters(company, party_type, min_score, max_score))
    if before_pair_id is not None:
        statement = statement.where(MatchPair.id < before_pair_id).order_by(col(MatchPair.id).desc())
    else:
        if after_pair_id is not None:
            statement = statement.where(MatchPair.id > after_pair_id)
        statement = statement.order_by(col(MatchPair.id))
    pairs = list(session.exec(statement.limit(limit)).all())
    return pairs[::-1] if before_pair_id is not None else pairs


def count_pending_reviews(session: Session) -> int:
    return session.exec(_queue(select(func.count()).select_from(MatchPair))).one()


def is_pending(session: Session, left: int, right: int) -> bool:
    statement = _queue(select(MatchPair.id)).where(
        MatchPair.left_record_id == left, MatchPair.right_record_id == right
    )
    return session.exec(statement).first() is not None


def get_pair(session: Session, left: int, right: int) -> MatchPair | None:
    statement = select(MatchPair).where(MatchPair.left_record_id == left, MatchPair.right_record_id == right)
    return session.exec(statement).first()


def sources(session: Session, record_ids: Iterable[int]) -> dict[int, SourceRecord]:
    ids = sorted(set(record_ids))
    return {
        record.id: record
        for record in session.exec(select(SourceRecord).where(col(SourceRecord.id).in_(ids)))
    }


def add_cannot_links(session: Session, pairs: Iterable[tuple[int, int]], *, reason: str, actor: str) -> None:
    _add_links(session, CannotLink, pairs, reason=reason, actor=actor)


def add_must_links(session: Session, pairs: Iterable[tuple[int, int]], *, reason: str, actor: str) -> None:
    _add_links(session, MustLink, pairs, reason=reason, actor=actor)


def _add_links(
    session: Session, model: Any, pairs: Iterable[tuple[int, int]], *, reason: str, actor: str
) -> None:
    wanted = {(min(a, b), max(a, b)) for a, b in pairs if a != b}
    if not wanted:
        return
    lefts = {a for a, _ in wanted}
    existing = set(
        session.execute(
            select(model.left_record_id, model.right_record_id).where(col(model.left_record_id).in_(lefts))
        ).all()
    )
    now = utc_now()
    bulk.insert_rows(
        session,
        model.__table__,
        [
            {
                "left_record_id": a,
                "right_record_id": b,
                "reason": reason[:500],
                "created_by": actor,
                "created_at": now,
            }
            for a, b in sorted(wanted - {tuple(row) for row in existing})
        ],
    )


def cannot_links_between(session: Session, record_ids: Iterable[int]) -> list[tuple[int, int]]:
    ids = sorted(set(record_ids))
    statement = select(CannotLink.left_record_id, CannotLink.right_record_id).where(
        col(CannotLink.left_record_id).in_(ids), col(CannotLink.right_record_id).in_(ids)
    )
    return [(a, b) for a, b in session.execute(statement).all()]


def delete_must_links_across(session: Session, part: set[int], rest: set[int]) -> None:
    for left, right in ((part, rest), (rest, part)):
        session.execute(
            delete(MustLink).where(
                col(MustLink.left_record_id).in_(left), col(MustLink.right_record_id).in_(right)
            )
        )


def override(session: Session, golden_id: str, attribute: str) -> GoldenOverride | None:
    return session.get(GoldenOverride, (golden_id, attribute))
