"""create_app(): the hub's FastAPI application."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from app import console
from app.audit.routes import router as audit_router
from app.core.config import Settings, get_settings
from app.core.db import WalCheckpointer, make_engine
from app.core.errors import install_error_handlers
from app.core.security import parse_api_keys
from app.golden.routes import router as golden_router
from app.golden.survivorship import current_rules
from app.graph.routes import router as graph_router
from app.ingest.routes import router as ingest_router
from app.matching.maintenance import MatchMaintenance
from app.publishing.routes import router as events_router
from app.status.routes import router as status_router
from app.stewardship.routes import router as stewardship_router

API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    current_rules()  # an invalid survivorship rules file stops the hub here, not at the first ingest

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = app.state.engine
        checkpointer = WalCheckpointer(engine) if WalCheckpointer.wanted(engine) else None
        maintenance = MatchMaintenance(engine) if settings.background_matching else None
        for worker in (checkpointer, maintenance):
            if worker:
                worker.start()
        yield
        for worker in (maintenance, checkpointer):
            if worker:
                worker.stop()

    app = FastAPI(
        lifespan=lifespan,
        title="Customer master-data hub",
        summary="Golden customer records between Dynamics 365 Finance and Operations and Dataverse.",
        version="0.1.0",
    )
    app.state.settings = settings
    app.state.engine = make_engine(
        settings.database_url,
        sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms,
        background_checkpoints=True,
    )
    app.state.principals = parse_api_keys(settings.api_keys)
    install_error_handlers(app)

    api = APIRouter(prefix=API_PREFIX)
    for router in (
        ingest_router,
        golden_router,
        graph_router,
        stewardship_router,
        audit_router,
        events_router,
        status_router,
    ):
        api.include_router(router)
    app.include_router(api)
    console.install(app)
    return app
