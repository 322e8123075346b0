"""Simulators of both systems on free loopback ports, seeded from seed/, and connectors pointed at them."""

from collections.abc import Iterator

import pytest

from app.connectors.auth import StaticToken
from app.connectors.dataverse import DataverseConnector
from app.connectors.fno import FnoConnector
from app.simulators.dataverse_webapi import DataverseConfig
from app.simulators.fno_odata import FnoConfig
from app.simulators.launch import RunningSimulator, start_dataverse_simulator, start_fno_simulator

# Small pages so that the seed (a few hundred rows per set) crosses several of them.
FNO_PAGE_SIZE = 50
DATAVERSE_PAGE_SIZE = 40


@pytest.fixture
def fno_simulator() -> Iterator[RunningSimulator]:
    simulator = start_fno_simulator(config=FnoConfig(token="fno-test-token", page_size=FNO_PAGE_SIZE))
    yield simulator
    simulator.stop()


@pytest.fixture
def dataverse_simulator() -> Iterator[RunningSimulator]:
    simulator = start_dataverse_simulator(config=DataverseConfig(token="dataverse-test-token"))
    yield simulator
    simulator.stop()


@pytest.fixture
def fno_connector(fno_simulator: RunningSimulator) -> Iterator[FnoConnector]:
    connector = FnoConnector(
        fno_simulator.url, StaticToken(fno_simulator.token), max_concurrency=4, backoff=0.01
    )
    yield connector
    connector.close()


@pytest.fixture
def dataverse_connector(dataverse_simulator: RunningSimulator) -> Iterator[DataverseConnector]:
    connector = DataverseConnector(
        dataverse_simulator.url,
        StaticToken(dataverse_simulator.token),
        page_size=DATAVERSE_PAGE_SIZE,
        max_concurrency=4,
        backoff=0.01,
    )
    yield connector
    connector.close()
