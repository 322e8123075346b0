"""Test database and API clients.

The suite runs on SQLite by default. With `MDM_TEST_DATABASE_URL` pointing at a PostgreSQL database
(as `.ci/run` does in its second pass) every database test runs there instead; when that server cannot
be reached the database tests skip and say why.
"""

import os
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

import models
from app.core.config import Settings
from app.core.db import is_sqlite, normalise_database_url, session_scope
from app.core.migrations import upgrade
from app.main import create_app

API_KEYS = {
    "admin": "test-admin-key",
    "reader": "test-reader-key",
    "connector": "test-connector-key",
    "steward": "test-steward-key",
}
API_KEYS_SPEC = ",".join(f"{key}:{role}:{role}-user" for role, key in API_KEYS.items())


def _postgres_reachable(url: str) -> str | None:
    try:
        engine = create_engine(normalise_database_url(url))
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as error:  # any failure to connect means: skip with the reason
        return f"{type(error).__name__}: {str(error).splitlines()[0]}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("MDM_TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    problem = _postgres_reachable(url)
    if problem:
        pytest.skip(f"MDM_TEST_DATABASE_URL is set but PostgreSQL is not reachable ({problem})")
    return url


@pytest.fixture(scope="session")
def backend(database_url: str) -> str:
    return "sqlite" if is_sqlite(database_url) else "postgresql"


@pytest.fixture(scope="session")
def app_settings(database_url: str) -> Settings:
    upgrade(database_url)
    return Settings(
        database_url=database_url,
        api_keys=API_KEYS_SPEC,
        ingest_max_rows=500,
        background_matching=False,
        ingest_max_bytes=2_000_000,
        webhook_allow_hosts="127.0.0.1/32,localhost",  # the tests' receivers listen on loopback
    )


@pytest.fixture(scope="session")
def app(app_settings: Settings):
    application = create_app(app_settings)
    yield application
    application.state.engine.dispose()


@pytest.fixture
def engine(app) -> Iterator[Engine]:
    """The app's engine; every table is emptied after the test."""
    yield app.state.engine
    _empty_all_tables(app.state.engine)


def _empty_all_tables(engine: Engine) -> None:
    tables = list(reversed(models.metadata.sorted_tables))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def session(engine: Engine):
    with session_scope(engine) as db_session:
        yield db_session


def _client(app, role: str | None) -> TestClient:
    headers = {"Authorization": f"Bearer {API_KEYS[role]}"} if role else {}
    return TestClient(app, headers=headers)


@pytest.fixture
def admin(app, engine) -> TestClient:
    return _client(app, "admin")


@pytest.fixture
def connector(app, engine) -> TestClient:
    return _client(app, "connector")


@pytest.fixture
def reader(app, engine) -> TestClient:
    return _client(app, "reader")


@pytest.fixture
def anonymous(app, engine) -> TestClient:
    return _client(app, None)


@pytest.fixture
def client_for(app, engine):
    return lambda role: _client(app, role)


@pytest.fixture
def scratch_database_url(database_url: str, tmp_path) -> Iterator[str]:
    """A fresh, empty database on the same backend (for migration and CLI tests)."""
    if is_sqlite(database_url):
        yield f"sqlite:///{tmp_path / 'scratch.db'}"
        return
    server = make_url(normalise_database_url(database_url))
    name = f"mdm_scratch_{uuid.uuid4().hex[:10]}"
    admin_engine = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin_engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()
