"""Dependencies shared by every domain's routes."""

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends
from sqlmodel import Session

from app.core import audit
from app.core.db import get_session
from app.core.security import Permission, Principal, require

SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def _acting(permission: Permission) -> Callable[..., Principal]:
    """Require the permission and record the caller as the actor of the request's unit of work. The
    checks are coroutines: they do no I/O, and each synchronous dependency costs a trip to the thread pool."""
    allowed = require(permission)

    async def dependency(principal: Annotated[Principal, Depends(allowed)], session: SessionDep) -> Principal:
        audit.set_cause(session, actor=principal.name)
        return principal

    return dependency


Reader = Annotated[Principal, Depends(_acting(Permission.READ))]
Connector = Annotated[Principal, Depends(_acting(Permission.INGEST))]
Steward = Annotated[Principal, Depends(_acting(Permission.STEWARD))]
Admin = Annotated[Principal, Depends(_acting(Permission.ADMIN))]
