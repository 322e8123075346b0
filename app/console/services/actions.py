"""What a steward does from a golden record's page, through the stewardship service: merge, split,
override and withdraw. Form text becomes the values the API takes; a stale ETag is the service's 412."""

from typing import Any

from sqlmodel import Session

from app.core.errors import FieldError, InvalidInput
from app.golden import repository as golden_repository
from app.golden.schemas import GoldenRecordPublic
from app.stewardship import service as stewardship_service
from app.stewardship.schemas import SplitResult

MAX_REASON = 500
_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0"}


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise InvalidInput(
            "Give a reason; the audit trail keeps it.", fields=[FieldError("reason", "required")]
        )
    if len(reason) > MAX_REASON:
        raise InvalidInput(
            "The reason is too long.", fields=[FieldError("reason", f"at most {MAX_REASON} characters")]
        )
    return reason


def merge(
    session: Session, golden_id: str, *, others: list[str], reason: str, if_match: str
) -> GoldenRecordPublic:
    others = [other.strip() for other in others if other.strip()]
    if not others:
        raise InvalidInput(
            "Tick at least one golden record to merge with this one.",
            fields=[FieldError("golden_ids", "empty")],
        )
    return stewardship_service.merge(
        session, golden_id, others=others, reason=_reason(reason), if_match=if_match or None
    )


def split(
    session: Session, golden_id: str, *, source_ids: list[int], reason: str, if_match: str
) -> SplitResult:
    if not source_ids:
        raise InvalidInput("Tick the source records to split off.", fields=[FieldError("sources", "empty")])
    return stewardship_service.split(
        session, golden_id, source_ids=source_ids, reason=_reason(reason), if_match=if_match or None
    )


def override(
    session: Session,
    golden_id: str,
    *,
    attribute: str,
    value: str,
    no_value: bool,
    reason: str,
    if_match: str,
) -> GoldenRecordPublic:
    golden = golden_repository.get(session, golden_id)
    current = golden.attributes.get(attribute) if golden is not None else None
    typed = None if no_value else _typed(value, current, attribute)
    return stewardship_service.set_overrides(
        session, golden_id, attributes={attribute: typed}, reason=_reason(reason), if_match=if_match or None
    )


def withdraw(
    session: Session, golden_id: str, *, attribute: str, reason: str, if_match: str
) -> GoldenRecordPublic:
    return stewardship_service.withdraw_override(
        session, golden_id, attribute=attribute, reason=_reason(reason), if_match=if_match or None
    )


def _typed(text: str, current: Any, attribute: str) -> Any:
    """The form's text as the kind of value the attribute holds now (a number stays a number)."""
    text = text.strip()
    if not text:
        raise InvalidInput(
            "Type the value, or tick 'no value'.", fields=[FieldError(f"attributes.{attribute}", "empty")]
        )
    try:
        if isinstance(current, bool):
            if text.lower() not in _TRUE | _FALSE:
                raise ValueError
            return text.lower() in _TRUE
        if isinstance(current, int):
            return int(text)
        if isinstance(current, float):
            return float(text)
    except ValueError:
        kind = "yes or no" if isinstance(current, bool) else "a number"
        raise InvalidInput(
            f"{attribute} takes {kind}.", fields=[FieldError(f"attributes.{attribute}", f"not {kind}")]
        ) from None
    return text
