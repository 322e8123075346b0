"""Engines and sessions: one transaction per request or per unit of CLI/worker work."""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import orjson
from fastapi import Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

logger = logging.getLogger(__name__)


def normalise_database_url(url: str) -> str:
    """Route plain PostgreSQL URLs to the psycopg 3 driver."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def dump_json(value: object) -> str:
    """JSON columns are written with orjson: the hub writes several JSON documents per record (raw row,
    attributes, features, versions, events), and the standard library's encoder was a large share of
    ingest time. Non-string keys become strings, as json.dumps does."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def load_json(text: str | bytes) -> object:
    if not isinstance(text, str | bytes):
        # SQLite hands back a JSON number it stored with numeric affinity as a number: SQLAlchemy's SQLite
        # JSON type passes such values through on TypeError, as json.loads raises it
        raise TypeError(f"not JSON text: {type(text).__name__}")
    return orjson.loads(text)


JSON_CODEC = {"json_serializer": dump_json, "json_deserializer": load_json}
SQLITE_CACHE_KIB = 64 * 1024  # page cache per connection (reads go through the memory map)
SQLITE_MMAP_BYTES = 1 << 30
# With a background checkpointer, a commit checkpoints the WAL itself only past this many pages (a safety
# net); SQLite's default (1,000 pages) made about one commit in twenty-five pay for copying the WAL back.
SQLITE_AUTOCHECKPOINT_PAGES_BEHIND_CHECKPOINTER = 100_000


def make_engine(
    url: str, *, sqlite_busy_timeout_ms: int = 30_000, background_checkpoints: bool = False
) -> Engine:
    """An engine for the store. `background_checkpoints`: a SQLite store's WAL is copied back into the
    database by a `WalCheckpointer` the caller runs, not by whichever commit crosses the threshold."""
    url = normalise_database_url(url)
    if is_sqlite(url):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": sqlite_busy_timeout_ms / 1000},
            **JSON_CODEC,
        )
        _configure_sqlite(engine, sqlite_busy_timeout_ms, background_checkpoints)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, **JSON_CODEC)


def _configure_sqlite(engine: Engine, busy_timeout_ms: int, background_checkpoints: bool) -> None:
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
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        cursor.execute("PRAGMA temp_store=MEMORY")
        if background_checkpoints:
            cursor.execute(f"PRAGMA wal_autocheckpoint={SQLITE_AUTOCHECKPOINT_PAGES_BEHIND_CHECKPOINTER}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection) -> None:
        # A writing transaction takes the write lock up front, so concurrent writers queue on
        # busy_timeout instead of failing when a read transaction tries to upgrade its lock.
        immediate = connection.get_execution_options().get("sqlite_begin_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class WalCheckpointer:
    """Copies a SQLite store's write-ahead log back into the database from its own thread and connection,
    so that no request waits for it (a passive checkpoint never blocks readers or writers)."""

    def __init__(self, engine: Engine, *, interval_seconds: float = 0.5):
        self.engine = engine
        self.interval = interval_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="wal-checkpointer", daemon=True)

    @staticmethod
    def wanted(engine: Engine) -> bool:
        return engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                connection = self.engine.raw_connection()  # autocommit: checkpoints run outside transactions
                try:
                    connection.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)")
                finally:
                    connection.close()
            except Exception:  # the next round retries; a commit past the safety net checkpoints anyway
                logger.exception("WAL checkpoint failed")


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
