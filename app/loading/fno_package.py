"""F&O data management exports: a package (a zip, or its extracted folder, with `Manifest.xml`,
`PackageHeader.xml` and one file per entity named after the entity's label) or one delimited file alone.

Each data file has a header row of the entity's field names in upper case (`CUSTOMERACCOUNT,...,DATAAREAID`),
separated by commas, semicolons, tabs or pipes. Which entity a file holds comes from the manifest entry of the
same name, else the file's name (label, AOT name or public collection name), else its header. Header columns
map to native field names through the entity maps, case-insensitively; columns the maps do not know are left
out (the connectors select the same fields).
"""

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

from app.loading import fno_entities
from app.loading.batches import InputError, Origin, Rejection, RowBatch, Source
from app.loading.columns import CellError, Parse, columns, text
from app.loading.text import Opener, count_lines, delimiter_of, encoding_of, open_text, records
from app.maps.types import FNO

MANIFEST = "manifest.xml"
PACKAGE_HEADER = "packageheader.xml"
_ENTITY_ELEMENT = "DataManagementPackageEntityData"


@dataclass(frozen=True)
class DataFile:
    display: str  # how rejections name it: `package.zip/Customers V3.csv`
    name: str  # the member's own name
    opener: Opener


@dataclass(frozen=True)
class ManifestEntry:
    entity_name: str  # the label the file is named after
    target_entity: str | None  # the AOT name


def is_package_folder(path: Path) -> bool:
    return path.is_dir() and any(child.name.lower() in (MANIFEST, PACKAGE_HEADER) for child in path.iterdir())


def package_sources(path: Path) -> list[Source]:
    """A package zip or an extracted package folder."""
    files = _zip_files(path) if path.is_file() else _folder_files(path)
    manifest_file = next((f for f in files if f.name.lower() == MANIFEST), None)
    entries = _manifest_entries(manifest_file) if manifest_file else {}
    sources = []
    for data_file in files:
        if data_file.name.lower() in (MANIFEST, PACKAGE_HEADER):
            continue
        sources.append(_file_source(data_file, entries.get(PurePosixPath(data_file.name).stem.lower())))
    return sources


def file_sources(path: Path) -> list[Source]:
    """A delimited file on its own, e.g. `Customers V3.csv`."""
    return [_file_source(DataFile(str(path), path.name, lambda: path.open("rb")), None)]


def _zip_files(path: Path) -> list[DataFile]:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [info.filename for info in archive.infolist() if not info.is_dir()]
    except zipfile.BadZipFile as error:
        raise InputError(f"{path}: not a zip file ({error})") from None
    return [
        DataFile(f"{path}/{name}", PurePosixPath(name).name, _member_opener(path, name))
        for name in sorted(names)
    ]


def _member_opener(path: Path, member: str) -> Opener:
    # The member keeps the archive's file open until the member is closed.
    return lambda: zipfile.ZipFile(path).open(member)  # type: ignore[return-value]


def _folder_files(path: Path) -> list[DataFile]:
    return [
        DataFile(str(child), child.name, _path_opener(child))
        for child in sorted(path.iterdir())
        if child.is_file()
    ]


def _path_opener(path: Path) -> Opener:
    return lambda: path.open("rb")


def _manifest_entries(manifest: DataFile) -> dict[str, ManifestEntry]:
    """Manifest entries by the lower-case label their data file is named after."""
    with manifest.opener() as handle:
        try:
            root = ElementTree.parse(handle).getroot()
        except ElementTree.ParseError as error:
            raise InputError(f"{manifest.display}: not a readable manifest ({error})") from None
    entries = {}
    for element in root.iter():
        if _local(element.tag) != _ENTITY_ELEMENT:
            continue
        children = {_local(child.tag): (child.text or "").strip() for child in element}
        name = children.get("EntityName")
        if name:
            entry = ManifestEntry(name, children.get("TargetEntity") or None)
            entries[name.lower()] = entry
            input_file = children.get("InputFilePath")
            if input_file:
                entries[PurePosixPath(input_file.replace("\\", "/")).stem.lower()] = entry
    return entries


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _file_source(data_file: DataFile, entry: ManifestEntry | None) -> Source:
    if PurePosixPath(data_file.name).suffix.lower() not in (".csv", ".txt", ".tsv"):
        return _refused(data_file, "(file)", "not a delimited export (XML and Excel packages are not read)")
    encoding = encoding_of(data_file.opener)
    with open_text(data_file.opener, encoding) as handle:
        first = handle.readline()
    if not first.strip():
        return _refused(data_file, "(header)", "the file is empty: a header row of field names is expected")
    delimiter = delimiter_of(first)
    header = next(records(io.StringIO(first), delimiter))[1]
    entity_set, named_as = _entity_of(data_file, entry, header)
    if entity_set is None:
        return _refused(data_file, "(entity)", f"{named_as} is not an entity the hub loads", count_rows=True)
    plan = _ColumnPlan.of(header, entity_set)
    notes = (plan.ignored_note(data_file.display),) if plan.ignored else ()
    reader = _FileReader(data_file, encoding, delimiter, entity_set, plan)
    return Source(FNO, entity_set, data_file.display, reader.read, reader.estimate, notes)


def _entity_of(data_file: DataFile, entry: ManifestEntry | None, header: list[str]) -> tuple[str | None, str]:
    if entry is not None:
        for name in (entry.entity_name, entry.target_entity):
            if name and (entity_set := fno_entities.by_name(name)):
                return entity_set, name
        return None, f"the manifest's entity {entry.entity_name!r}"
    by_name = fno_entities.by_name(data_file.name)
    if by_name:
        return by_name, data_file.name
    by_header = fno_entities.by_header(header)
    return by_header, f"the entity of {data_file.name!r} (neither its name nor its header says which)"


def _refused(data_file: DataFile, field: str, message: str, *, count_rows: bool = False) -> Source:
    """A file the loader cannot read: one rejection, counted as its data rows when they can be counted."""

    def read(_chunk_size: int) -> Iterator[RowBatch]:
        rows = max(count_lines(data_file.opener) - 1, 1) if count_rows else 1
        yield RowBatch(FNO, "", rejected=[Rejection(data_file.display, None, field, message, rows=rows)])

    return Source(None, None, data_file.display, read, lambda: 0)


@dataclass(frozen=True)
class _ColumnPlan:
    width: int
    reads: tuple[tuple[int, str, str, Parse], ...]  # (cell index, header name, native name, parser)
    ignored: tuple[str, ...]

    @classmethod
    def of(cls, header: list[str], entity_set: str) -> "_ColumnPlan":
        known = columns(FNO, entity_set)
        reads, ignored = [], []
        for index, column in enumerate(header):
            native = known.native(column)
            if native is None:
                ignored.append(column.strip())
            else:
                reads.append((index, column.strip(), native, known.parsers[native]))
        return cls(len(header), tuple(reads), tuple(ignored))

    def ignored_note(self, display: str) -> str:
        shown = ", ".join(self.ignored[:8]) + (", ..." if len(self.ignored) > 8 else "")
        return f"{display}: {len(self.ignored)} columns the entity maps do not use were not loaded ({shown})"

    def header_names(self) -> dict[str, str]:
        return {native: column for _, column, native, _ in self.reads}


class _FileReader:
    def __init__(
        self, data_file: DataFile, encoding: str, delimiter: str, entity_set: str, plan: _ColumnPlan
    ):
        self.data_file = data_file
        self.encoding = encoding
        self.delimiter = delimiter
        self.entity_set = entity_set
        self.plan = plan

    def estimate(self) -> int:
        return max(count_lines(self.data_file.opener) - 1, 0)

    def read(self, chunk_size: int) -> Iterator[RowBatch]:
        display = self.data_file.display
        batch = self._batch()
        with open_text(self.data_file.opener, self.encoding) as handle:
            lines = records(handle, self.delimiter)
            next(lines, None)  # the header
            for line, cells in lines:
                row, problem = self._row(cells)
                if problem is None:
                    batch.add(row, Origin(display, line))
                else:
                    batch.rejected.append(Rejection(display, line, *problem))
                if batch.is_full(chunk_size) or len(batch.rejected) >= chunk_size:
                    yield batch
                    batch = self._batch()
        yield batch

    def _batch(self) -> RowBatch:
        return RowBatch(FNO, self.entity_set, columns=self.plan.header_names())

    def _row(self, cells: list[str]) -> tuple[dict[str, Any], tuple[str, str] | None]:
        if len(cells) != self.plan.width:
            return {}, ("(columns)", f"{len(cells)} values; the header has {self.plan.width} columns")
        row: dict[str, Any] = {}
        for index, column, native, parse in self.plan.reads:
            cell = cells[index]
            if not cell or cell.isspace():
                continue
            if parse is text:
                row[native] = cell
                continue
            try:
                row[native] = parse(cell)
            except CellError as error:
                return {}, (column, str(error))
        return row, None
