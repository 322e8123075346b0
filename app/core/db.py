"""Engines and sessions: one transaction per request or per unit of CLI/worker work."""

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session


def normalise_database_url(url: str) -> str:
    """Route plain PostgreSQL URLs to the psycopg 3 driver."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str, *, sqlite_busy_timeout_ms: int = 30_000) -> Engine:
    url = normalise_database_url(url)
    if is_sqlite(url):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": sqlite_busy_timeout_ms / 1000}
        )
        _configure_sqlite(engine, sqlite_busy_timeout_ms)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins (pysqlite quirk).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection) -> None:
        # A writing transaction takes the write lock up front, so concurrent writers queue on
        # busy_timeout instead of failing when a read transaction tries to upgrade its lock.
        immediate = connection.get_execution_options().get("sqlite_begin_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def session_scope(engine: Engine, *, write: bool = True) -> Iterator[Session]:
    """One transaction: commit when the block succeeds, roll back when it raises."""
    bind = engine.execution_options(sqlite_begin_immediate=True) if write else engine
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def get_session(request: Request) -> Iterator[Session]:
    """The request's transaction (FastAPI dependency, function scope: it commits before the answer)."""
    write = request.method not in ("GET", "HEAD", "OPTIONS")
    with session_scope(request.app.state.engine, write=write) as session:
        yield session
