"""Newline-delimited JSON in the systems' native schemas (the rows the REST ingest takes, one per line).

Two conventions:
- a file named `<system>.<entity_set>.ndjson` (or `.jsonl`), e.g. `fno.CustomersV3.ndjson`, holds bare rows:
  `{"dataAreaId": "usmf", "CustomerAccount": "US-001", ...}`;
- any other `.ndjson`/`.jsonl` file holds one envelope per line:
  `{"system": "dataverse", "entity_set": "accounts", "row": {...}}`, entity sets mixed in any order (the
  loader sends them in dependency order).
Rows go to ingest as they are: Dataverse lookups expanded (`"msdyn_company": {"cdm_companycode": "usmf"}`).
Blank lines are skipped.
"""

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from app.loading.batches import Origin, Rejection, RowBatch, Source
from app.loading.text import count_lines
from app.maps import registry
from app.maps.types import SYSTEMS

EXTENSIONS = (".ndjson", ".jsonl")


def is_ndjson(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in EXTENSIONS


def named_entity_set(path: Path) -> tuple[str, str] | None:
    """(system, entity set) when the file's name says which: `fno.CustomersV3.ndjson`."""
    system, _, entity_set = path.stem.partition(".")
    if system in SYSTEMS and registry.entity_set(system, entity_set) is not None:
        return system, entity_set
    return None


def ndjson_sources(path: Path) -> list[Source]:
    named = named_entity_set(path)
    if named is not None:
        system, entity_set = named
        return [
            Source(
                system,
                entity_set,
                str(path),
                lambda chunk_size: _bare_rows(path, system, entity_set, chunk_size),
                lambda: count_lines(lambda: path.open("rb")),
            )
        ]
    return _envelope_sources(path)


def _lines(path: Path) -> Iterator[tuple[int, int, bytes]]:
    """(line number, byte offset, text) of each non-blank line."""
    offset = 0
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield number, offset, line
            offset += len(line)


def _parse(line: bytes) -> tuple[Any, str | None]:
    try:
        return orjson.loads(line), None
    except orjson.JSONDecodeError as error:
        return None, f"not JSON: {error}"


def _bare_rows(path: Path, system: str, entity_set: str, chunk_size: int) -> Iterator[RowBatch]:
    batch = RowBatch(system, entity_set)
    for number, _, line in _lines(path):
        row, problem = _parse(line)
        if problem is None and not isinstance(row, dict):
            problem = "expected a JSON object (one row)"
        if problem is not None:
            batch.rejected.append(Rejection(str(path), number, "(line)", problem))
        else:
            batch.add(row, Origin(str(path), number))
        if batch.is_full(chunk_size) or len(batch.rejected) >= chunk_size:
            yield batch
            batch = RowBatch(system, entity_set)
    yield batch


def _envelope_sources(path: Path) -> list[Source]:
    """One source per entity set the file holds. A first pass notes where each entity set's lines are (and
    rejects the lines that name none); each source then reads only its own lines."""
    offsets: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    rejected: list[Rejection] = []
    for number, offset, line in _lines(path):
        envelope, problem = _parse(line)
        if problem is None:
            target, problem, field = _target(envelope)
        else:
            target, field = None, "(line)"
        if target is None:
            rejected.append(Rejection(str(path), number, field, problem or ""))
        else:
            offsets[target].append((number, offset))
    sources = [
        Source(
            system,
            entity_set,
            f"{path} ({system} {entity_set})",
            lambda chunk_size, s=system, e=entity_set, at=at: _envelope_rows(path, s, e, at, chunk_size),
            lambda at=at: len(at),
        )
        for (system, entity_set), at in offsets.items()
    ]
    if rejected:
        batch = RowBatch("", "", rejected=rejected)
        sources.append(Source(None, None, str(path), lambda _size: iter([batch]), lambda: len(rejected)))
    return sources


def _target(envelope: Any) -> tuple[tuple[str, str] | None, str | None, str]:
    if not isinstance(envelope, dict):
        return None, "expected an object {system, entity_set, row}", "(line)"
    system, entity_set, row = envelope.get("system"), envelope.get("entity_set"), envelope.get("row")
    if system not in SYSTEMS:
        return None, f"system must be one of {', '.join(SYSTEMS)}, not {system!r}", "system"
    if not isinstance(entity_set, str) or registry.entity_set(system, entity_set) is None:
        known = ", ".join(registry.entity_set_names(system))
        return None, f"{entity_set!r} is not an entity set of {system} the hub loads ({known})", "entity_set"
    if not isinstance(row, dict):
        return None, "expected an object", "row"
    return (system, entity_set), None, ""


def _envelope_rows(
    path: Path, system: str, entity_set: str, at: list[tuple[int, int]], chunk_size: int
) -> Iterator[RowBatch]:
    batch = RowBatch(system, entity_set)
    with path.open("rb") as handle:
        for number, offset in at:
            handle.seek(offset)
            batch.add(orjson.loads(handle.readline())["row"], Origin(str(path), number))
            if batch.is_full(chunk_size):
                yield batch
                batch = RowBatch(system, entity_set)
    yield batch
