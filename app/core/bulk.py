"""Bulk writes without ORM objects: ids allocated up front, rows sent as one executemany."""

from collections.abc import Callable, Iterable
from functools import cache
from operator import itemgetter
from typing import Any, NamedTuple, TypeVar

import orjson
from sqlalchemy import ColumnElement, Dialect, Table, bindparam, func, insert, select, text, update
from sqlalchemy import inspect as sqlalchemy_inspect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import NullType, TypeDecorator
from sqlmodel import Session, SQLModel

CHUNK = 2000  # values per statement; lists bound as one parameter (bulk.in_values) have no placeholder limit
RowT = TypeVar("RowT", bound=NamedTuple)


class _ValueList(TypeDecorator[list[Any]]):
    """A list bound as one parameter: JSON text for SQLite's json_each, an array for PostgreSQL."""

    impl = NullType  # no bind cast: PostgreSQL infers the array's type from the column compared
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        values = list(value)
        return orjson.dumps(values).decode() if dialect.name == "sqlite" else values


class InValues(ColumnElement[bool]):
    """`column IN <the list bound as parameter name>`, the list sent as one parameter whatever its
    length: an expanding IN renders, binds and parses one placeholder per value, which cost more than
    the index lookups behind the hot reads of matching and golden writes."""

    inherit_cache = True
    type = NullType()  # a Boolean-typed element would be rendered `(... IN ...) = 1` on SQLite, unindexed
    _traverse_internals = [
        ("column", InternalTraversal.dp_clauseelement),
        ("values", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: Any, name: str):
        self.column = column
        self.values = bindparam(name, type_=_ValueList())


@compiles(InValues, "sqlite")
def _in_json_each(element: InValues, compiler: Any, **kw: Any) -> str:
    column, values = compiler.process(element.column, **kw), compiler.process(element.values, **kw)
    return f"{column} IN (SELECT value FROM json_each({values}))"


@compiles(InValues)
def _in_array(element: InValues, compiler: Any, **kw: Any) -> str:
    column, values = compiler.process(element.column, **kw), compiler.process(element.values, **kw)
    return f"{column} = ANY({values})"


def in_values(column: Any, name: str = "ids") -> InValues:
    return InValues(column, name)


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


class _InsertPlan(NamedTuple):  # an UPDATE's too
    sql: str
    positional: bool
    binds: tuple[str, ...]
    processors: tuple[Callable[[Any], Any] | None, ...]

    def parameters(self, rows: list[dict[str, Any]]) -> list[Any]:
        pick = itemgetter(*self.binds)
        picked = [pick(row) for row in rows] if len(self.binds) > 1 else [(pick(row),) for row in rows]
        processed = [(i, p) for i, p in enumerate(self.processors) if p is not None]
        if processed:
            for position, values in enumerate(picked):
                changed = list(values)
                for index, processor in processed:
                    changed[index] = processor(changed[index])
                picked[position] = tuple(changed)
        if self.positional:
            return picked
        return [dict(zip(self.binds, values, strict=True)) for values in picked]


def update_rows(session: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    """UPDATE by primary key `id`: each dict carries `id` and the new column values (rows naming the same
    columns go as one executemany, as `insert_rows` does). Instances of these rows the session holds are
    expired, so that nothing reads a stale object afterwards."""
    if not rows:
        return
    table: Table = model.__table__  # type: ignore[attr-defined]
    connection = session.connection()
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    for columns, group in groups.items():
        plan = _update_plan(table, columns, connection.dialect)
        connection.exec_driver_sql(plan.sql, plan.parameters(group))
    mapper = sqlalchemy_inspect(model)
    for row in rows:
        held = session.identity_map.get(mapper.identity_key_from_primary_key([row["id"]]))
        if held is not None:
            session.expire(held)


@cache
def _update_plan(table: Table, columns: tuple[str, ...], dialect: Dialect) -> _InsertPlan:
    values = [name for name in columns if name != "id"]
    statement = (
        update(table).where(table.c.id == bindparam("id")).values({name: bindparam(name) for name in values})
    )
    compiled = statement.compile(dialect=dialect)
    binds = tuple(compiled.positiontup or ()) if compiled.positional else tuple(compiled.binds)
    processors = tuple(table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in binds)
    return _InsertPlan(compiled.string, compiled.positional, binds, processors)


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
    return select(*columns).where(in_values(columns[0]))
