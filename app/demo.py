"""`mdm demo`: simulated F&O and Dataverse seeded from seed/, synced into the hub through the real connectors,
and the hub served with a worker that keeps the three in step."""

import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, func
from sqlmodel import select

from app.connectors import service as connector_service
from app.core import migrations
from app.core.config import Settings
from app.core.db import make_engine, session_scope
from app.publishing import worker as publishing_worker
from app.simulators.launch import RunningSimulator, start_dataverse_simulator, start_fno_simulator
from app.stewardship import repository as stewardship_repository
from models import GoldenRecord, SourceRecord

DEMO_DATABASE = Path("mdm-demo.db")


@dataclass
class DemoSummary:
    rows: dict[str, int]
    goldens: int
    duplicates_linked: int
    reviews_waiting: int
    writes_published: int
    writes_waiting: int
    pull_errors: dict[str, str] = field(default_factory=dict)


@dataclass
class Demo:
    settings: Settings
    engine: Engine
    fno: RunningSimulator
    dataverse: RunningSimulator
    admin_key: str
    steward_key: str = ""
    summary: DemoSummary | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _worker: threading.Thread | None = None

    def start_worker(self) -> None:
        """Keep syncing in the background: a change in one simulator reaches the other within seconds."""
        loop = connector_service.SyncLoop(
            self.engine,
            connector_service.connectors_for(self.settings),
            connector_service.policy_for(self.settings),
            self.settings.sync_interval_seconds,
        )
        self._worker = threading.Thread(
            target=publishing_worker.run,
            args=(self.engine, self.settings),
            kwargs={"poll_seconds": 0.5, "stop": self._stop, "sync_loop": loop},
            name="mdm-demo-worker",
            daemon=True,
        )
        self._worker.start()

    def stop(self) -> None:
        self._stop.set()
        if self._worker is not None:
            self._worker.join(timeout=30)
        self.fno.stop()
        self.dataverse.stop()
        self.engine.dispose()


def prepare(database: Path = DEMO_DATABASE, *, fno_port: int = 0, dataverse_port: int = 0) -> Demo:
    """Start both simulators, point a fresh hub store at them, and run the initial sync."""
    database.unlink(missing_ok=True)
    fno = start_fno_simulator(port=fno_port)
    dataverse = start_dataverse_simulator(port=dataverse_port)
    admin_key, steward_key = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    settings = Settings(
        database_url=f"sqlite:///{database.resolve()}",
        api_keys=f"{admin_key}:admin:demo-admin,{steward_key}:steward:demo-steward",
        fno_url=fno.url,
        fno_token=fno.token,
        dataverse_url=dataverse.url,
        dataverse_token=dataverse.token,
        sync_interval_seconds=3.0,
    )
    migrations.upgrade(settings.database_url)
    demo = Demo(settings, make_engine(settings.database_url), fno, dataverse, admin_key, steward_key)
    connectors = connector_service.connectors_for(settings)
    try:
        result = connector_service.sync_once(demo.engine, connectors, connector_service.policy_for(settings))
    finally:
        for connector in connectors.values():
            connector.close()
    demo.summary = _summary(demo, result)
    return demo


def environment(demo: Demo) -> dict[str, str]:
    """The MDM_* variables that point a hub at the demo's store and simulators."""
    settings = demo.settings
    return {
        "MDM_DATABASE_URL": settings.database_url,
        "MDM_FNO_URL": settings.fno_url or "",
        "MDM_FNO_TOKEN": settings.fno_token or "",
        "MDM_DATAVERSE_URL": settings.dataverse_url or "",
        "MDM_DATAVERSE_TOKEN": settings.dataverse_token or "",
    }


def _summary(demo: Demo, result: connector_service.SyncSummary) -> DemoSummary:
    with session_scope(demo.engine, write=False) as session:
        parties = session.exec(
            select(func.count()).select_from(SourceRecord).where(SourceRecord.kind != "reference")
        ).one()
        goldens = session.exec(
            select(func.count()).select_from(GoldenRecord).where(GoldenRecord.status == "active")
        ).one()
        reviews = stewardship_repository.pending_reviews(
            session, company=None, party_type=None, min_score=None, max_score=None, offset=0, limit=1
        )[1]
    rows = {
        f"{system} {name}": len(simulator.store.rows(name))
        for system, simulator, names in (
            ("fno", demo.fno, ("CustomersV3", "CDSContactPersonsV2")),
            ("dataverse", demo.dataverse, ("accounts", "contacts")),
        )
        for name in names
    }
    return DemoSummary(
        rows=rows,
        goldens=goldens,
        duplicates_linked=parties - goldens,
        reviews_waiting=reviews,
        writes_published=result.sent,
        writes_waiting=result.waiting,
        pull_errors=result.pulled.errors,
    )
