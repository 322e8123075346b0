"""The review queue page: filters, the page of reviews, the selected review side by side with its
differences and waterfall, the neighbours j/k move to, and the decision."""

from dataclasses import dataclass, field, replace
from typing import Any

from sqlmodel import Session

from app.console.services import charts
from app.core.errors import FieldError, InvalidInput
from app.stewardship import service as stewardship_service
from app.stewardship.schemas import DecisionResult, MatchReviewPublic

PAGE_SIZE = 20
# score bands a steward filters by: (label, min, max)
BANDS = {
    "": ("any score", None, None),
    "50-70": ("50–70%", 0.5, 0.7),
    "70-90": ("70–90%", 0.7, 0.9),
    "90-100": ("90–100% (held back by a guard)", 0.9, 1.0),
}
DEFAULT_REASONS = {
    "match": "Same customer (console review)",
    "no_match": "Different customers (console review)",
}
# attributes shown first, in this order; the rest follow alphabetically
LEADING = (
    "organization_name",
    "first_name",
    "middle_name",
    "last_name",
    "emails.primary",
    "phones.primary",
    "phones.mobile",
    "website",
    "identification_number",
)


@dataclass(frozen=True)
class ReviewFilters:
    company: str = ""
    party_type: str = ""
    band: str = ""
    after: str = ""  # the page starts after this review (queue order)
    before: str = ""  # or ends before this one

    def params(self, **changes: Any) -> dict[str, Any]:
        values = {
            "company": self.company,
            "party_type": self.party_type,
            "band": self.band,
            "after": self.after,
            "before": self.before,
        }
        return {**values, **changes}

    @property
    def filtered(self) -> bool:
        return bool(self.company or self.party_type or self.band)

    @property
    def score_range(self) -> tuple[float | None, float | None]:
        if self.band not in BANDS:
            raise InvalidInput("Unknown score band.", fields=[FieldError("band", f"one of {sorted(BANDS)}")])
        _, low, high = BANDS[self.band]
        return low, high


@dataclass(frozen=True)
class ComparedValue:
    name: str
    left: Any
    right: Any

    @property
    def differs(self) -> bool:
        return _comparable(self.left) != _comparable(self.right)


@dataclass
class QueuePage:
    filters: ReviewFilters
    reviews: list[MatchReviewPublic]
    has_earlier: bool
    has_later: bool
    waiting: int | None  # the whole queue, unfiltered (None when filtered: that would need a count)
    selected: MatchReviewPublic | None = None
    position: int | None = None
    canonical: list[ComparedValue] = field(default_factory=list)
    raw: list[ComparedValue] = field(default_factory=list)
    waterfall: dict[str, Any] | None = None
    steps: list[charts.WaterfallStep] = field(default_factory=list)

    @property
    def later_params(self) -> dict[str, Any] | None:
        if not self.has_later or not self.reviews:
            return None
        return self.filters.params(after=self.reviews[-1].id, before="")

    @property
    def earlier_params(self) -> dict[str, Any] | None:
        if not self.has_earlier or not self.reviews:
            return None
        return self.filters.params(before=self.reviews[0].id, after="")

    @property
    def next_params(self) -> dict[str, Any] | None:
        if self.position is None:
            return None
        if self.position + 1 < len(self.reviews):
            return self.filters.params(review=self.reviews[self.position + 1].id)
        return self.later_params

    @property
    def previous_params(self) -> dict[str, Any] | None:
        if self.position is None:
            return None
        if self.position > 0:
            return self.filters.params(review=self.reviews[self.position - 1].id)
        earlier = self.earlier_params
        return None if earlier is None else {**earlier, "pos": PAGE_SIZE - 1}


def queue(
    session: Session,
    filters: ReviewFilters,
    *,
    review_id: str | None,
    position: int | None,
    waiting: int | None,
) -> QueuePage:
    """A page of the queue (one more review is read than shown, to know whether more follow) and the
    selected review compared side by side."""
    low, high = filters.score_range
    found = stewardship_service.reviews_next_to(
        session,
        company=filters.company or None,
        party_type=filters.party_type or None,
        min_score=low,
        max_score=high,
        after=filters.after or None,
        before=filters.before or None,
        limit=PAGE_SIZE + 1,
    )
    more = len(found) > PAGE_SIZE
    if filters.before:
        reviews, has_earlier, has_later = found[-PAGE_SIZE:], more, True
    else:
        reviews, has_earlier, has_later = found[:PAGE_SIZE], bool(filters.after), more
    if not reviews and (filters.after or filters.before):  # decided the last ones of a page: start again
        return queue(
            session, replace(filters, after="", before=""), review_id=None, position=0, waiting=waiting
        )
    result = QueuePage(filters, reviews, has_earlier, has_later, None if filters.filtered else waiting)
    ids = [review.id for review in reviews]
    if review_id in ids:
        result.position = ids.index(review_id)
        result.selected = reviews[result.position]
    elif review_id:  # a shared link to a review on another page, or one resolved meanwhile
        result.selected = stewardship_service.get_review(session, review_id)
    elif reviews:
        result.position = min(max(position or 0, 0), len(reviews) - 1)
        result.selected = reviews[result.position]
    if result.selected is not None:
        _compare(result, result.selected)
    return result


def _compare(result: QueuePage, review: MatchReviewPublic) -> None:
    result.canonical = _side_by_side(review.left.attributes, review.right.attributes)
    result.raw = _side_by_side(review.left.raw, review.right.raw, leading=())
    result.steps = charts.waterfall_steps(review.explanation)
    result.waterfall = charts.waterfall_spec(review.explanation, review.probability)


def _side_by_side(
    left: dict[str, Any], right: dict[str, Any], leading: tuple[str, ...] = LEADING
) -> list[ComparedValue]:
    names = set(left) | set(right)
    ordered = [name for name in leading if name in names] + sorted(names - set(leading))
    return [ComparedValue(name, left.get(name), right.get(name)) for name in ordered]


def _comparable(value: Any) -> Any:
    return value.strip().casefold() if isinstance(value, str) else value


def decide(
    session: Session, review_id: str, *, decision: str, reason: str, if_match: str | None
) -> DecisionResult:
    if decision not in DEFAULT_REASONS:
        raise InvalidInput("Decide match or no_match.", fields=[FieldError("decision", "match or no_match")])
    return stewardship_service.decide(
        session,
        review_id,
        decision=decision,
        reason=reason.strip() or DEFAULT_REASONS[decision],
        if_match=if_match or None,
    )
