"""Bulk writes without ORM objects: ids allocated up front, rows sent as one executemany."""

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Dialect, Table, bindparam, func, insert, select, text
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
    """INSERT the rows (dicts with the same keys) as one executemany.

    The statement is compiled once per table and set of columns, and each value goes through its column
    type's own bind processor straight into the driver's executemany: SQLAlchemy's per-row parameter
    handling cost more than SQLite's own work on the largest tables."""
    if not rows:
        return
    connection = session.connection()
    plan = _insert_plan(table, tuple(rows[0]), connection.dialect)
    if plan is None:
        connection.execute(insert(table), rows)
        return
    connection.exec_driver_sql(plan.sql, plan.parameters(rows))


class _InsertPlan(NamedTuple):
    sql: str
    positional: bool
    binds: tuple[str, ...]
    processors: tuple[Callable[[Any], Any] | None, ...]

    def parameters(self, rows: list[dict[str, Any]]) -> list[Any]:
        steps = tuple(zip(self.binds, self.processors, strict=True))
        if self.positional:
            return [tuple(p(row[b]) if p else row[b] for b, p in steps) for row in rows]
        return [{b: p(row[b]) if p else row[b] for b, p in steps} for row in rows]


@cache
def _insert_plan(table: Table, columns: tuple[str, ...], dialect: Dialect) -> _InsertPlan | None:
    """None when the compiled INSERT needs more than the given columns (a column default to fill in)."""
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    binds = tuple(compiled.positiontup or ()) if compiled.positional else tuple(compiled.binds)
    if set(binds) != set(columns):
        return None
    processors = tuple(table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in binds)
    return _InsertPlan(compiled.string, compiled.positional, binds, processors)


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
    if not wanted:
        return {}
    statement = _rows_by_id_statement(model, row_type)
    session.flush()  # read on the connection (no ORM result machinery), so pending changes go first
    connection = session.connection()
    found: dict[Any, RowT] = {}
    for start in range(0, len(wanted), CHUNK):
        rows = connection.execute(statement, {"ids": wanted[start : start + CHUNK]})
        found.update({row[0]: row_type(*row) for row in rows})
    return found


@cache
def _rows_by_id_statement(model: type[SQLModel], row_type: type[NamedTuple]) -> Any:
    columns = [getattr(model, name) for name in row_type._fields]
    return select(*columns).where(columns[0].in_(bindparam("ids", expanding=True)))
