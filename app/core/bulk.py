"""Bulk writes without ORM objects: ids allocated up front, rows sent as one executemany."""

from collections.abc import Iterable
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Table, func, insert, select, text
from sqlmodel import Session, SQLModel

CHUNK = 500
RowT = TypeVar("RowT", bound=NamedTuple)


def allocate_ids(session: Session, table: Table, count: int) -> list[int]:
    """Reserve `count` new integer primary keys of `table` inside the current transaction.

    PostgreSQL draws them from the column's sequence. SQLite continues after the largest id: safe
    because a writing SQLite transaction holds the database's write lock from its first statement.
    """
    if count == 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        statement = text(
            "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)"
        )
        return list(session.execute(statement, {"table": table.name, "count": count}).scalars())
    largest = session.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
    return list(range(largest + 1, largest + 1 + count))


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(table), rows)


BIG_LOAD = 1000


def refresh_statistics_after_big_load(session: Session, tables: list[Table], rows_written: int) -> None:
    """On PostgreSQL, ANALYZE tables that a bulk load just grew a lot, so the next key lookups use the
    index at once instead of waiting for autovacuum to notice."""
    if rows_written < BIG_LOAD or session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        session.execute(text(f'ANALYZE "{table.name}"'))


def rows_by_id(
    session: Session, model: type[SQLModel], row_type: type[RowT], ids: Iterable[Any]
) -> dict[Any, RowT]:
    """Rows of `model` whose primary key `id` is in `ids`, as `row_type` named tuples (whose fields name
    the columns, `id` first), fetched in chunks of bounded IN lists."""
    wanted = sorted(set(ids))
    columns = [getattr(model, name) for name in row_type._fields]
    found: dict[Any, RowT] = {}
    for start in range(0, len(wanted), CHUNK):
        statement = select(*columns).where(columns[0].in_(wanted[start : start + CHUNK]))
        found.update({row[0]: row_type(*row) for row in session.execute(statement)})
    return found
