"""Dataverse exports through Azure Synapse Link or Link to Microsoft Fabric: a folder with a `model.json`
(Common Data Model) listing each table's attributes in order and its partitions, and per-table folders of CSV
partitions without a header row.

- System columns: `Id` (the row's GUID), `SinkCreatedOn`, `SinkModifiedOn`, `IsDelete` (1 or true: the row
  was deleted; its other columns are mostly empty) and `versionnumber`. The hub's row keeps none of them.
- Append-only mode writes every create, update and delete as a new line: the latest version of each row wins
  (the higher `versionnumber`, else the later line).
- Incremental folders (`yyyy-MM-ddTHH.mm.ssZ`, each with its own `model.json`) are applied in time order; a
  folder holding both a `model.json` and such subfolders is read first, then its subfolders.
- Lookups arrive as GUID columns named after the lookup (`msdyn_company`, `parentcustomerid` with
  `parentcustomerid_entitytype`), or as `_<lookup>_value`. They are expanded to the natural keys the hub
  ingests through the referenced tables of the same export (`cdm_company`, `msdyn_customergroup`,
  `transactioncurrency`, ...), by the same code the Dataverse connector uses. A GUID the export cannot resolve
  rejects its row.

Rows are read twice: once to find each row's latest version and every referenced row's natural key, once to
send the winners in load order. Memory holds one small entry per row GUID, not the rows.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote, urlparse

from app.connectors.dataverse import expand_lookups, target_columns
from app.connectors.schema import DATAVERSE_ENTITIES, DataverseLookup, dataverse_entity
from app.loading.batches import InputError, Origin, Rejection, RowBatch, Source
from app.loading.columns import CellError, Columns, boolean, columns, guid, integer
from app.loading.text import count_lines, open_text, records
from app.maps import registry
from app.maps.types import DATAVERSE

MODEL = "model.json"
INCREMENTAL_FOLDER = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}\.\d{2}\.\d{2}Z")
ID, IS_DELETE, VERSION = "id", "isdelete", "versionnumber"
SYSTEM_COLUMNS = {ID, "sinkcreatedon", "sinkmodifiedon", IS_DELETE, VERSION}
SYNAPSE_ENCODING = "utf-8-sig"  # Synapse Link and Fabric link write UTF-8


@cache
def _entity_sets_by_table() -> dict[str, str]:
    """Logical table name (`account`) -> entity set (`accounts`), for every table the schema knows."""
    return {entity.primary_key.removesuffix("id"): name for name, entity in DATAVERSE_ENTITIES.items()}


def _table_of(entity_set: str) -> str:
    return dataverse_entity(entity_set).primary_key.removesuffix("id")


@dataclass(frozen=True)
class Partition:
    path: Path
    delimiter: str
    has_header: bool


@dataclass(frozen=True)
class Table:
    """One table as one `model.json` describes it: its attributes in order (lower case) and its files."""

    name: str
    attributes: tuple[str, ...]
    partitions: tuple[Partition, ...]
    positions: dict[str, int] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self.positions.update({attribute: index for index, attribute in enumerate(self.attributes)})

    def index(self, attribute: str) -> int | None:
        return self.positions.get(attribute.lower())


def is_synapse_folder(path: Path) -> bool:
    return path.is_dir() and bool(snapshot_folders(path))


def snapshot_folders(path: Path) -> list[Path]:
    folders = [path] if (path / MODEL).is_file() else []
    folders += sorted(
        child
        for child in path.iterdir()
        if child.is_dir() and INCREMENTAL_FOLDER.fullmatch(child.name) and (child / MODEL).is_file()
    )
    return folders


def read_model(folder: Path) -> dict[str, Table]:
    try:
        model = json.loads((folder / MODEL).read_text(encoding="utf-8-sig"))
        entities = model["entities"]
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(f"{folder / MODEL}: not a readable model.json ({error})") from None
    tables = {}
    for entity in entities:
        name = str(entity.get("name", "")).lower()
        attributes = tuple(str(a.get("name", "")).lower() for a in entity.get("attributes", []))
        if not name or not attributes:
            continue
        partitions = tuple(
            partition
            for item in entity.get("partitions") or []
            if (partition := _partition(folder, name, item)) is not None
        )
        if not partitions:  # no usable locations: the table's folder beside model.json
            partitions = tuple(Partition(p, ",", False) for p in sorted((folder / name).glob("*.csv")))
        tables[name] = Table(name, attributes, partitions)
    return tables


def _partition(folder: Path, table: str, item: dict[str, Any]) -> Partition | None:
    settings = item.get("fileFormatSettings") or {}
    delimiter = settings.get("delimiter") or ","
    has_header = bool(settings.get("columnHeaders", False))
    location = str(item.get("location") or "")
    parsed = urlparse(location)
    parts = [part for part in unquote(parsed.path).split("/") if part]
    if not parts:
        return None
    for start in range(len(parts)):  # the longest tail of the storage path that exists beside model.json
        candidate = folder.joinpath(*parts[start:])
        if candidate.is_file():
            return Partition(candidate, delimiter, has_header)
    return None


class _Version(NamedTuple):
    position: int  # the line's place among all lines of its table, in reading order
    version: int | None
    deleted: bool
    keys: tuple[Any, ...]  # the table's natural-key columns, when other rows point at it


@dataclass
class _TableIndex:
    key_columns: tuple[str, ...]
    latest: dict[str, _Version] = field(default_factory=dict)


def _newer(candidate: _Version, current: _Version) -> bool:
    if candidate.version is not None and current.version is not None and candidate.version != current.version:
        return candidate.version > current.version
    return candidate.position > current.position


class SynapseExport:
    """One export folder: its snapshots in time order, and the latest version of every row in it."""

    def __init__(self, root: Path):
        self.root = root
        self.snapshots = [read_model(folder) for folder in snapshot_folders(root)]
        self._indexes: dict[str, _TableIndex] | None = None
        self._targets: dict[tuple[str, str], dict[str, Any] | None] = {}

    def tables(self) -> set[str]:
        return {name for snapshot in self.snapshots for name in snapshot}

    def sources(self) -> list[Source]:
        loaded = sorted(table for table in self.tables() if _loaded_entity_set(table))
        sources = [self._source(table, _loaded_entity_set(table) or "") for table in loaded]
        unused = sorted(self.tables() - _indexed_tables())
        if unused and sources:
            note = (
                f"{self.root}: tables the hub neither loads nor looks up were not read ({', '.join(unused)})"
            )
            sources[0] = replace(sources[0], notes=(*sources[0].notes, note))
        return sources

    def _source(self, table: str, entity_set: str) -> Source:
        return Source(
            DATAVERSE,
            entity_set,
            f"{self.root}/{table}",
            lambda chunk_size: self.read(entity_set, chunk_size),
            lambda: self.estimate(entity_set),
            self._notes(table, entity_set),
        )

    def _notes(self, table: str, entity_set: str) -> tuple[str, ...]:
        known = columns(DATAVERSE, entity_set)
        used = {_synapse_name(lookup) for lookup in known.lookups.values()} | SYSTEM_COLUMNS
        ignored = sorted(
            {
                attribute
                for snapshot in self.snapshots
                for attribute in (snapshot[table].attributes if table in snapshot else ())
                if known.native(attribute) is None
                and attribute not in used
                and not attribute.endswith("_entitytype")
            }
        )
        if not ignored:
            return ()
        shown = ", ".join(ignored[:8]) + (", ..." if len(ignored) > 8 else "")
        return (
            f"{self.root}/{table}: {len(ignored)} columns the entity maps do not use were not loaded "
            f"({shown})",
        )

    def _partitions(self, table: str) -> Iterator[tuple[Table, Partition]]:
        for snapshot in self.snapshots:
            if table in snapshot:
                for partition in snapshot[table].partitions:
                    yield snapshot[table], partition

    def estimate(self, entity_set: str) -> int:
        return sum(
            count_lines(_opener(partition.path)) - partition.has_header
            for _, partition in self._partitions(_table_of(entity_set))
        )

    # -- the first pass: latest versions and natural keys ----------------------------------------------

    def _index(self) -> dict[str, _TableIndex]:
        if self._indexes is None:
            self._indexes = {table: self._index_table(table) for table in self.tables() & _indexed_tables()}
        return self._indexes

    def _index_table(self, table: str) -> _TableIndex:
        entity_set = _entity_sets_by_table()[table]
        primary_key = dataverse_entity(entity_set).primary_key
        keys = tuple(
            name for name in target_columns(entity_set) if not name.startswith("_") and name != primary_key
        )
        index = _TableIndex(keys)
        position = 0
        for shape, _partition, _line, cells in self._lines(table):
            position += 1
            if len(cells) != len(shape.attributes):
                continue
            row_id = _row_id(shape, cells, primary_key)
            if not row_id:
                continue
            candidate = _Version(
                position,
                _version(shape, cells),
                _deleted(shape, cells),
                tuple(_cell(shape, cells, name) for name in keys),
            )
            current = index.latest.get(row_id)
            if current is None or _newer(candidate, current):
                index.latest[row_id] = candidate
        return index

    def _lines(self, table: str) -> Iterator[tuple[Table, Partition, int, list[str]]]:
        for shape, partition in self._partitions(table):
            with open_text(_opener(partition.path), SYNAPSE_ENCODING) as handle:
                lines = records(handle, partition.delimiter)
                if partition.has_header:
                    next(lines, None)
                for line, cells in lines:
                    yield shape, partition, line, cells

    def target(self, entity_set: str, row_guid: str) -> dict[str, Any] | None:
        """The natural key of the row a lookup names (its latest version), or None when the export has no
        such row. Remembered: many rows point at the same few reference rows."""
        wanted = (entity_set, row_guid)
        if wanted not in self._targets:
            index = self._index().get(_table_of(entity_set))
            found = index.latest.get(row_guid) if index else None
            self._targets[wanted] = (
                None
                if index is None or found is None or found.deleted
                else dict(zip(index.key_columns, found.keys, strict=True))
            )
        return self._targets[wanted]

    # -- the second pass: the rows to load --------------------------------------------------------------

    def read(self, entity_set: str, chunk_size: int) -> Iterator[RowBatch]:
        table = _table_of(entity_set)
        latest = self._index()[table].latest
        shaper = _Shaper(entity_set, self)
        batch = shaper.batch()
        position = 0
        for shape, partition, line, cells in self._lines(table):
            position += 1
            origin = Origin(str(partition.path), line)
            if len(cells) != len(shape.attributes):
                message = f"{len(cells)} values; model.json lists {len(shape.attributes)} columns"
                batch.rejected.append(Rejection(origin.file, line, "(columns)", message))
            elif not (row_id := _row_id(shape, cells, shaper.primary_key)):
                batch.rejected.append(Rejection(origin.file, line, "Id", "required: the row's GUID"))
            elif latest[row_id].position != position:
                batch.superseded += 1
            elif latest[row_id].deleted:
                batch.delete(row_id, origin)
            else:
                shaper.add(batch, shape, cells, row_id, origin)
            if batch.is_full(chunk_size) or batch.lines_read >= 4 * chunk_size:
                yield batch
                batch = shaper.batch()
        yield batch


class _Shaper:
    """Turns one table's lines into rows in the hub's shape."""

    def __init__(self, entity_set: str, export: SynapseExport):
        self.entity_set = entity_set
        self.entity = dataverse_entity(entity_set)
        self.primary_key = self.entity.primary_key
        self.columns: Columns = columns(DATAVERSE, entity_set)
        self.export = export
        self._plans: dict[tuple[str, ...], _LinePlan] = {}
        names = {lookup.column: _synapse_name(lookup) for lookup in self.columns.lookups.values()}
        self.file_names = {
            lookup.navigation: names[lookup.column] for lookup in self.columns.lookups.values()
        }

    def batch(self) -> RowBatch:
        return RowBatch(DATAVERSE, self.entity_set, columns=self.file_names)

    def add(self, batch: RowBatch, shape: Table, cells: list[str], row_id: str, origin: Origin) -> None:
        plan = self._plan(shape)
        served: dict[str, Any] = {self.primary_key: row_id}
        for index, name, parse in plan.plain:
            cell = cells[index]
            if cell and not cell.isspace():
                try:
                    served[name] = parse(cell)
                except CellError as error:
                    batch.rejected.append(
                        Rejection(origin.file, origin.line, shape.attributes[index], str(error))
                    )
                    return
        for index, kind_index, lookup, target_table in plan.lookups:
            cell = cells[index]
            if cell and (kind_index is None or cells[kind_index].strip().lower() in ("", target_table)):
                served[lookup.column] = guid(cell)
        missing: list[tuple[str, str]] = []

        def target(entity_set: str, row_guid: str) -> dict[str, Any] | None:
            found = self.export.target(entity_set, row_guid)
            if found is None:
                missing.append((entity_set, row_guid))
            return found

        row = expand_lookups(self.entity, served, target)
        if missing:
            batch.rejected.append(self._unresolved(served, *missing[0], origin))
            return
        batch.add({name: value for name, value in row.items() if value is not None}, origin)

    def _unresolved(
        self, served: dict[str, Any], entity_set: str, row_guid: str, origin: Origin
    ) -> Rejection:
        lookup = next(
            lookup
            for lookup in self.columns.lookups.values()
            if lookup.target == entity_set and served.get(lookup.column) == row_guid
        )
        table = _table_of(entity_set)
        where = (
            f"of the export's {table} table"
            if table in self.export.tables()
            else f"in the export (no {table} table)"
        )
        return Rejection(origin.file, origin.line, _synapse_name(lookup), f"{row_guid}: no such row {where}")

    def _plan(self, shape: Table) -> "_LinePlan":
        plan = self._plans.get(shape.attributes)
        if plan is None:
            plain = []
            for index, attribute in enumerate(shape.attributes):
                native = self.columns.native(attribute)
                if native is not None and native in self.columns.parsers:
                    plain.append((index, native, self.columns.parsers[native]))
            lookups = []
            for lookup in self.columns.lookups.values():
                index = shape.index(_synapse_name(lookup))
                if index is None:
                    index = shape.index(lookup.column)
                if index is not None:
                    kind = shape.index(f"{_synapse_name(lookup)}_entitytype")
                    lookups.append((index, kind, lookup, _table_of(lookup.target)))
            plan = self._plans[shape.attributes] = _LinePlan(tuple(plain), tuple(lookups))
        return plan


class _LinePlan(NamedTuple):
    plain: tuple[tuple[int, str, Any], ...]  # (cell index, native name, parser)
    # (GUID cell, entity type cell, lookup, the table it points at)
    lookups: tuple[tuple[int, int | None, DataverseLookup, str], ...]


def _synapse_name(lookup: DataverseLookup) -> str:
    """The lookup's GUID column as Synapse Link names it: `_msdyn_company_value` -> `msdyn_company`."""
    return lookup.column.removeprefix("_").removesuffix("_value")


@cache
def _indexed_tables() -> frozenset[str]:
    """Tables the loader reads in its first pass: those it loads and those lookups point at."""
    targets = {
        _table_of(lookup.target)
        for entity in DATAVERSE_ENTITIES.values()
        for lookup in entity.lookups.values()
    }
    loaded = {table for table in _entity_sets_by_table() if _loaded_entity_set(table)}
    return frozenset(targets | loaded)


def _loaded_entity_set(table: str) -> str | None:
    entity_set = _entity_sets_by_table().get(table)
    return entity_set if entity_set and registry.entity_set(DATAVERSE, entity_set) else None


def _opener(path: Path) -> Any:
    return lambda: path.open("rb")


def _cell(shape: Table, cells: list[str], name: str) -> str | None:
    index = shape.index(name)
    value = cells[index].strip() if index is not None else ""
    return value or None


def _row_id(shape: Table, cells: list[str], primary_key: str) -> str | None:
    value = _cell(shape, cells, ID) or _cell(shape, cells, primary_key)
    return guid(value) if value else None


def _version(shape: Table, cells: list[str]) -> int | None:
    value = _cell(shape, cells, VERSION)
    try:
        return integer(value) if value else None
    except CellError:
        return None


def _deleted(shape: Table, cells: list[str]) -> bool:
    value = _cell(shape, cells, IS_DELETE)
    try:
        return boolean(value) if value else False
    except CellError:
        return False


def synapse_sources(path: Path) -> list[Source]:
    return SynapseExport(path).sources()
