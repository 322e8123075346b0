from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.simulators.dataverse_store import DataverseStore
from app.simulators.dataverse_webapi import DataverseConfig, create_dataverse_app
from app.simulators.fno_odata import FnoConfig, create_fno_app
from app.simulators.fno_store import FnoStore
from app.simulators.seeding import seeded_dataverse_store, seeded_fno_store

FNO_TOKEN = "fno-sim-token"
DATAVERSE_TOKEN = "dataverse-sim-token"


@pytest.fixture
def fno_store() -> FnoStore:
    return seeded_fno_store()


@pytest.fixture
def fno(fno_store: FnoStore) -> Iterator[TestClient]:
    app = create_fno_app(fno_store, FnoConfig(token=FNO_TOKEN, page_size=25))
    with TestClient(app, headers={"Authorization": f"Bearer {FNO_TOKEN}"}) as client:
        yield client


@pytest.fixture
def dataverse_store() -> DataverseStore:
    return seeded_dataverse_store()


@pytest.fixture
def dataverse(dataverse_store: DataverseStore) -> Iterator[TestClient]:
    app = create_dataverse_app(dataverse_store, DataverseConfig(token=DATAVERSE_TOKEN))
    with TestClient(app, headers={"Authorization": f"Bearer {DATAVERSE_TOKEN}"}) as client:
        yield client
