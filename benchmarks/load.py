"""`mdm load` on generated exports: reading and parsing alone, and the whole load through the current ingest.

    python benchmarks/load.py                        # 100,000 customer rows, SQLite
    python benchmarks/load.py --records 20000 --postgres
    python benchmarks/load.py --parse-only           # skip the full load

`benchmarks/datagen.py` invents labelled customers in both systems' native schemas; they are written as the
exports customers make for an initial load (tests/app/loading/exports.py): an F&O data management package
(`Customers V3.csv` and the reference data, upper-case headers, with Manifest.xml) and a Synapse Link folder
(model.json, header-less partitions, lookups as GUIDs resolved through `cdm_company`, `transactioncurrency`
and the reference tables). Then:
- reading and parsing: every source of both exports is read into row batches (encoding and delimiter
  detection, header mapping, typed cells, the Synapse pass that finds each row's latest version and every
  lookup's natural key), nothing sent; rows per second over the lines read;
- the full load: `mdm load PACKAGE FOLDER` as a process against a fresh store, migrations included; rows per
  second over the rows loaded (every row is ingested, standardised, matched and given a golden record, as the
  realtime path does today).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.loading import service  # noqa: E402
from benchmarks.datagen import generate  # noqa: E402
from tests.app.loading.exports import SynapseExport, write_fno_package  # noqa: E402

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def write_exports(records: int, workdir: Path) -> tuple[Path, Path, int]:
    data = generate(records)
    fno: dict[str, list[dict]] = defaultdict(list)
    dataverse: dict[str, list[dict]] = defaultdict(list)
    customers = 0
    for system, entity_set, rows in [*data.reference, *data.customers]:
        (fno if system == "fno" else dataverse)[entity_set].extend(rows)
        customers += len(rows) if entity_set in ("CustomersV3", "accounts", "contacts") else 0
    package = write_fno_package(workdir / "fno-export.zip", dict(fno))
    folder = workdir / "synapse"
    SynapseExport(folder, dict(dataverse)).write(None, dict(dataverse), partitions=4)
    return package, folder, customers


def parse_only(paths: list[Path]) -> tuple[int, int, float]:
    """(lines read, rows parsed, seconds) for reading every source without sending anything."""
    started = time.perf_counter()
    plan = service.plan(paths)
    lines = rows = 0
    for source in plan.sources:
        for batch in source.read(1000):
            lines += batch.lines_read
            rows += len(batch.rows)
    return lines, rows, time.perf_counter() - started


def fresh_database(postgres: bool, workdir: Path) -> tuple[str, str | None]:
    if not postgres:
        return f"sqlite:///{workdir / 'load-bench.db'}", None
    import psycopg

    name = f"mdm_load_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://postgres@127.0.0.1:5432/{name}", name


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def full_load(paths: list[Path], database_url: str) -> tuple[int, float, str]:
    """(rows loaded, seconds, the summary line) of `mdm load` as a process."""
    env = {**os.environ, "MDM_DATABASE_URL": database_url, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "load", *map(str, paths)], env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    summary = next((line for line in result.stdout.splitlines() if "rows loaded" in line), "")
    if result.returncode not in (0, 1) or not summary:
        raise SystemExit(
            f"mdm load failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    loaded = int(re.search(r"([\d,]+) rows loaded", summary).group(1).replace(",", ""))  # type: ignore[union-attr]
    return loaded, elapsed, summary


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=100_000, help="customer rows over both systems")
    parser.add_argument("--postgres", action="store_true", help="load into PostgreSQL instead of SQLite")
    parser.add_argument("--parse-only", action="store_true", help="measure reading and parsing only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mdm-load-bench-") as temporary:
        workdir = Path(temporary)
        started = time.perf_counter()
        package, folder, customers = write_exports(args.records, workdir)
        size = sum(p.stat().st_size for p in [package, *folder.rglob("*")] if p.is_file())
        print(
            f"exports written: {customers} customer rows, {size / 1e6:.1f} MB "
            f"({time.perf_counter() - started:.1f} s)"
        )
        for label, paths in (
            ("F&O package", [package]),
            ("Synapse folder", [folder]),
            ("both", [package, folder]),
        ):
            lines, rows, seconds = parse_only(paths)
            print(
                f"read+parse {label}: {lines} lines, {rows} rows in {seconds:.2f} s "
                f"= {lines / seconds:,.0f} rows/s"
            )
        if args.parse_only:
            return
        database_url, created = fresh_database(args.postgres, workdir)
        try:
            loaded, seconds, summary = full_load([package, folder], database_url)
        finally:
            if created:
                drop_database(created)
        backend = "PostgreSQL" if args.postgres else "SQLite"
        print(f"mdm load ({backend}): {summary}")
        print(f"mdm load ({backend}): {loaded} rows in {seconds:.1f} s = {loaded / seconds:,.0f} rows/s")


if __name__ == "__main__":
    main()
