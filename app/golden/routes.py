"""The unified customer view."""

from fastapi import APIRouter

from app.core.deps import Reader, SessionDep
from app.golden import service
from app.golden.schemas import GoldenRecordPublic

router = APIRouter(tags=["golden records"])


@router.get("/golden-records/{golden_id}", response_model=GoldenRecordPublic)
def get_golden_record(golden_id: str, session: SessionDep, _principal: Reader) -> GoldenRecordPublic:
    """A golden record with its surviving attributes, lineage and linked source records."""
    return service.golden_record_view(session, golden_id)
