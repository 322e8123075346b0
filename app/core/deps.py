"""Dependencies shared by every domain's routes."""

from typing import Annotated

from fastapi import Depends
from sqlmodel import Session

from app.core.db import get_session
from app.core.security import Permission, Principal, require

SessionDep = Annotated[Session, Depends(get_session, scope="function")]
Reader = Annotated[Principal, Depends(require(Permission.READ))]
Connector = Annotated[Principal, Depends(require(Permission.INGEST))]
Steward = Annotated[Principal, Depends(require(Permission.STEWARD))]
Admin = Annotated[Principal, Depends(require(Permission.ADMIN))]
