"""Start a seeded simulator on a loopback port: what the tests and `mdm demo` run."""

from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI

from app.simulators.common import Faults, Stats
from app.simulators.dataverse_store import DataverseStore
from app.simulators.dataverse_webapi import DataverseConfig, create_dataverse_app
from app.simulators.fno_odata import FnoConfig, create_fno_app
from app.simulators.fno_store import FnoStore
from app.simulators.seeding import seeded_dataverse_store, seeded_fno_store
from app.simulators.server import ServerHandle, serve_in_thread


@dataclass
class RunningSimulator:
    app: FastAPI
    handle: ServerHandle

    @property
    def url(self) -> str:
        return self.handle.url

    @property
    def store(self) -> Any:
        return self.app.state.store

    @property
    def faults(self) -> Faults:
        return self.app.state.faults

    @property
    def stats(self) -> Stats:
        return self.app.state.stats

    @property
    def token(self) -> str:
        return self.app.state.token

    def stop(self) -> None:
        self.handle.stop()


def start_fno_simulator(
    store: FnoStore | None = None, config: FnoConfig | None = None, host: str = "127.0.0.1", port: int = 0
) -> RunningSimulator:
    """F&O at `<url>/data/`, seeded from seed/fno unless a store is given."""
    app = create_fno_app(store if store is not None else seeded_fno_store(), config)
    return RunningSimulator(app, serve_in_thread(app, host, port))


def start_dataverse_simulator(
    store: DataverseStore | None = None,
    config: DataverseConfig | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
) -> RunningSimulator:
    """Dataverse at `<url>/api/data/v9.2/`, seeded from seed/dataverse unless a store is given."""
    app = create_dataverse_app(store if store is not None else seeded_dataverse_store(), config)
    return RunningSimulator(app, serve_in_thread(app, host, port))
