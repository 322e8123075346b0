"""A steward's changes from a golden record's page: override, withdraw, merge, split. Each succeeds with a
redirect to the changed record, or shows the record again, fresh, with what stopped it (a stale ETag is
412: someone changed the record since the page was read, and nothing was written)."""

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import Response
from sqlmodel import Session

from app.console.auth import Flash, StewardUser
from app.console.routing import ConsoleRoute, error_page
from app.console.services import actions
from app.console.services import golden as golden_service
from app.console.templating import redirect_with_flash, render
from app.core.deps import SessionDep
from app.core.errors import MdmError, NotFound

router = APIRouter(route_class=ConsoleRoute)
Reason = Annotated[str, Form(max_length=1000)]
IfMatch = Annotated[str, Form(max_length=64)]


def _refused(request: Request, session: Session, golden_id: str, error: MdmError) -> Response:
    """Nothing of the attempt is kept; the page shows the record as it is now and why."""
    session.rollback()
    try:
        page = golden_service.golden_page(session, golden_id)
    except NotFound:
        return error_page(request, error)
    text = error.message
    if error.status_code == 412:
        text = f"Nothing was changed: {error.message} Below is the record as it is now."
    problem = {"kind": "error", "text": text, "fields": error.fields}
    return render(
        request,
        "golden/record.html",
        {"page": page, "candidates": [], "merge_query": "", "problem": problem},
        status_code=error.status_code,
        section="search",
    )


def _attempt(
    request: Request, session: Session, golden_id: str, change: Callable[[], tuple[str, Flash]]
) -> Response:
    try:
        location, flash = change()
    except MdmError as error:
        return _refused(request, session, golden_id, error)
    return redirect_with_flash(request, location, flash)


@router.post("/golden-records/{golden_id}/override")
def override_attribute(
    request: Request,
    golden_id: str,
    _user: StewardUser,
    session: SessionDep,
    attribute: Annotated[str, Form(max_length=128)],
    reason: Reason = "",
    if_match: IfMatch = "",
    value: Annotated[str, Form(max_length=2000)] = "",
    no_value: Annotated[bool, Form()] = False,
) -> Response:
    """Set an attribute's value until withdrawn."""

    def change() -> tuple[str, Flash]:
        actions.override(
            session,
            golden_id,
            attribute=attribute,
            value=value,
            no_value=no_value,
            reason=reason,
            if_match=if_match,
        )
        return f"/console/golden-records/{golden_id}", Flash("ok", f"{attribute} is overridden.")

    return _attempt(request, session, golden_id, change)


@router.post("/golden-records/{golden_id}/overrides/{attribute}/withdraw")
def withdraw_override(
    request: Request,
    golden_id: str,
    attribute: Annotated[str, Path(max_length=128)],
    _user: StewardUser,
    session: SessionDep,
    reason: Reason = "",
    if_match: IfMatch = "",
) -> Response:
    """Withdraw an override: survivorship decides the attribute again."""

    def change() -> tuple[str, Flash]:
        actions.withdraw(session, golden_id, attribute=attribute, reason=reason, if_match=if_match)
        return f"/console/golden-records/{golden_id}", Flash(
            "ok", f"The override of {attribute} is withdrawn."
        )

    return _attempt(request, session, golden_id, change)


@router.post("/golden-records/{golden_id}/merge")
def merge_records(
    request: Request,
    golden_id: str,
    _user: StewardUser,
    session: SessionDep,
    golden_ids: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
    reason: Reason = "",
    if_match: IfMatch = "",
) -> Response:
    """Merge the ticked records with this one; the oldest id survives."""

    def change() -> tuple[str, Flash]:
        survivor = actions.merge(session, golden_id, others=golden_ids, reason=reason, if_match=if_match)
        joined = len(set(golden_ids) | {golden_id})
        return f"/console/golden-records/{survivor.id}", Flash(
            "ok",
            f"Merged {joined} golden records: this one now holds {len(survivor.sources)} source rows.",
        )

    return _attempt(request, session, golden_id, change)


@router.post("/golden-records/{golden_id}/split")
def split_record(
    request: Request,
    golden_id: str,
    _user: StewardUser,
    session: SessionDep,
    sources: Annotated[list[int], Form()] = [],  # noqa: B006
    reason: Reason = "",
    if_match: IfMatch = "",
) -> Response:
    """Move the ticked source rows to a golden record of their own."""

    def change() -> tuple[str, Flash]:
        result = actions.split(session, golden_id, source_ids=sources, reason=reason, if_match=if_match)
        return f"/console/golden-records/{result.kept.id}", Flash(
            "ok",
            f"Split: {len(result.split_off.sources)} source row(s) now form their own golden record",
            link=f"/console/golden-records/{result.split_off.id}",
            link_text=result.split_off.display_name or result.split_off.id,
        )

    return _attempt(request, session, golden_id, change)
