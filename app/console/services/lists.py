"""The console's paged lists (search, quarantine, audit trail), each a page of the owning service's answer
under filters taken from the page's query string."""

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from app.audit import service as audit_service
from app.audit.schemas import AuditEntryPublic
from app.core.errors import FieldError, InvalidInput
from app.core.pagination import Page, PageParams
from app.golden import search
from app.golden.schemas import GoldenRecordSummary
from app.ingest import service as ingest_service
from app.ingest.schemas import RejectionPublic

PAGE_SIZE = 25
AUDIT_ACTIONS = (
    "decision",
    "merge",
    "split",
    "override",
    "override_withdrawn",
    "relationship_added",
    "relationship_removed",
)
SYSTEMS = ("fno", "dataverse")
PARTY_TYPES = ("organization", "person")


def _page(offset: int) -> PageParams:
    if offset < 0:
        raise InvalidInput("Pages start at 0.", fields=[FieldError("offset", "must be 0 or more")])
    return PageParams(limit=PAGE_SIZE, offset=offset)


def _one_of(name: str, value: str, allowed: tuple[str, ...]) -> str | None:
    if value and value not in allowed:
        raise InvalidInput(f"Unknown {name}.", fields=[FieldError(name, f"one of {', '.join(allowed)}")])
    return value or None


@dataclass(frozen=True)
class SearchFilters:
    name: str = ""
    email: str = ""
    phone: str = ""
    company: str = ""
    party_type: str = ""

    def params(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def empty(self) -> bool:
        return not any(asdict(self).values())


def search_records(session: Session, filters: SearchFilters, offset: int) -> Page[GoldenRecordSummary] | None:
    if filters.empty:
        return None
    return search.search_golden_records(
        session,
        name=filters.name.strip() or None,
        email_address=filters.email.strip() or None,
        phone_number=filters.phone.strip() or None,
        company=filters.company.strip() or None,
        party_type=_one_of("party_type", filters.party_type, PARTY_TYPES),
        page=_page(offset),
    )


@dataclass(frozen=True)
class QuarantineFilters:
    system: str = ""
    entity_set: str = ""
    company: str = ""
    include_resolved: bool = False

    def params(self) -> dict[str, Any]:
        return asdict(self)


def rejections(session: Session, filters: QuarantineFilters, offset: int) -> Page[RejectionPublic]:
    return ingest_service.list_rejections(
        session,
        system=_one_of("system", filters.system, SYSTEMS),
        entity_set=filters.entity_set.strip() or None,
        company=filters.company.strip() or None,
        include_resolved=filters.include_resolved,
        page=_page(offset),
    )


@dataclass(frozen=True)
class AuditFilters:
    golden_id: str = ""
    actor: str = ""
    action: str = ""
    since: str = ""
    until: str = ""

    def params(self) -> dict[str, Any]:
        return asdict(self)


def audit_entries(session: Session, filters: AuditFilters, offset: int) -> Page[AuditEntryPublic]:
    return audit_service.list_entries(
        session,
        golden_id=filters.golden_id.strip() or None,
        actor=filters.actor.strip() or None,
        action=_one_of("action", filters.action, AUDIT_ACTIONS),
        since=_moment("since", filters.since),
        until=_moment("until", filters.until),
        page=_page(offset),
        newest_first=True,
    )


def _moment(name: str, text: str) -> datetime | None:
    """A datetime-local field's value, read as UTC."""
    if not text.strip():
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            f"{name} is not a date and time.", fields=[FieldError(name, "expected YYYY-MM-DDTHH:MM")]
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
