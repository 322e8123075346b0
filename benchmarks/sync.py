"""The dual-write path end to end through the simulators: initial sync throughput, and change-to-write delay.

    python benchmarks/sync.py                          # 20,000 customer rows (about 10k per system), SQLite
    python benchmarks/sync.py --records 2000 --changes 20 --postgres

Initial sync: `benchmarks/datagen.py` invents labelled customers in both systems' schemas (with the duplicates
and look-alikes real data has); they are loaded into the F&O and Dataverse simulators, and one
`mdm sync --once` round (pull through the real connectors, ingest, match, publish the merged records back,
create the rows missing on each side) runs against a fresh store. Rows per second = customer rows pulled /
time of the round; dual-write's documented pace for an initial sync is about 100 records a minute.

Delay: with the worker loop running in a thread (as `mdm worker` runs it; poll every `--interval` seconds),
one customer at a time is edited through one simulator's API, alternating sides (a phone in Dataverse, a
credit limit in F&O: what survivorship takes from each), and the delay is measured from the edit to the hub's
write arriving in the other simulator's store.
"""

import argparse
import os
import random
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
from sqlmodel import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.connectors import service as connector_service  # noqa: E402
from app.core import migrations  # noqa: E402
from app.core.config import Settings  # noqa: E402
from app.core.db import make_engine, session_scope  # noqa: E402
from app.publishing import worker  # noqa: E402
from app.simulators.dataverse_store import DataverseStore  # noqa: E402
from app.simulators.fno_store import FnoStore  # noqa: E402
from app.simulators.launch import start_dataverse_simulator, start_fno_simulator  # noqa: E402
from benchmarks.datagen import generate  # noqa: E402
from models import GoldenRecordLink, SourceRecord  # noqa: E402

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def database_url(postgres: bool, workdir: Path) -> str:
    if not postgres:
        path = workdir / "sync-bench.db"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    name = f"mdm_sync_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://postgres@127.0.0.1:5432/{name}"


def seeded_stores(records: int) -> tuple[FnoStore, DataverseStore, int]:
    data = generate(records)
    fno, dataverse = FnoStore(), DataverseStore()
    for system, entity_set, rows in data.reference:
        (fno if system == "fno" else dataverse).load(entity_set, rows)
    customers = 0
    for system, entity_set, rows in data.customers:
        (fno if system == "fno" else dataverse).load(entity_set, rows)
        customers += len(rows)
        print(f"  {system} {entity_set}: {len(rows)} rows")
    return fno, dataverse, customers


def initial_sync(engine, connectors, policy, customers: int) -> None:
    started = time.perf_counter()
    summary = connector_service.sync_once(engine, connectors, policy)
    elapsed = time.perf_counter() - started
    pulled = sum(summary.pulled.rows.values())
    print(
        f"initial sync: {elapsed:.1f} s for {customers} customer rows "
        f"({pulled} rows pulled with reference data)"
    )
    print(
        f"  {customers / elapsed:.0f} customer rows/s end to end ({customers / elapsed * 60:.0f} a minute; "
        f"dual-write's documented initial sync: about 100 a minute)"
    )
    print(
        f"  statuses {dict(summary.pulled.statuses)}; writes: {summary.planned} planned, "
        f"{summary.sent} sent, {summary.waiting} waiting, {summary.failed} refused, "
        f"{summary.conflicts} conflicts"
    )
    if summary.pulled.errors:
        print(f"  pull errors: {summary.pulled.errors}")


def paired_customers(engine, fno, dataverse) -> list[tuple[dict, dict]]:
    """Customers whose golden record is exactly one F&O row and one Dataverse account under the same key
    (the initial sync created the missing halves), so that each edit decides the golden value."""
    fno_rows = {(row["dataAreaId"], row["CustomerAccount"]): row for row in fno.store.rows("CustomersV3")}
    companies = {
        row["cdm_companyid"]: row["cdm_companycode"] for row in dataverse.store.rows("cdm_companies")
    }
    with session_scope(engine, write=False) as session:
        links = session.exec(
            select(GoldenRecordLink.golden_record_id, SourceRecord.system, SourceRecord.key).join(
                SourceRecord, GoldenRecordLink.source_record_id == SourceRecord.id
            )
        ).all()
    members: dict[str, list[tuple[str, str]]] = {}
    for golden_id, system, key in links:
        members.setdefault(golden_id, []).append((system, key))
    pairs_of_one = {tuple(sorted(m)) for m in members.values() if len(m) == 2}
    pairs = []
    for account in dataverse.store.rows("accounts"):
        key = (companies.get(account.get("_msdyn_company_value")), account.get("accountnumber"))
        both = (("dataverse", key[1]), ("fno", key[1]))
        if key in fno_rows and both in pairs_of_one:
            pairs.append((fno_rows[key], account))
    return pairs


def _edit(fno, dataverse, fno_row: dict, account: dict, value, to_fno: bool):
    """Edit one customer through one simulator's API; answers how to read the value on the other side."""
    key = {"dataAreaId": fno_row["dataAreaId"], "CustomerAccount": fno_row["CustomerAccount"]}
    if to_fno:
        url = f"{dataverse.url}/api/data/v9.2/accounts({account['accountid']})"
        body, token = {"telephone1": value}, dataverse.token
    else:  # credit limits survive from F&O, phones from Dataverse: edit what the source system owns
        path = f"CustomersV3(dataAreaId='{key['dataAreaId']}',CustomerAccount='{key['CustomerAccount']}')"
        url, body, token = f"{fno.url}/data/{path}", {"CreditLimit": value}, fno.token
    httpx.patch(url, json=body, headers={"Authorization": f"Bearer {token}"}).raise_for_status()
    if to_fno:
        return lambda: fno.store.get("CustomersV3", key).get("PrimaryContactPhone")
    return lambda: dataverse.store.get("accounts", account["accountid"]).get("creditlimit")


def change_delays(fno, dataverse, pairs, changes: int, interval: float) -> list[float]:
    """Alternately Dataverse to F&O and F&O to Dataverse; inf when a change did not arrive within 60 s."""
    delays = []
    pause = random.Random(11)
    for index in range(changes):
        fno_row, account = pairs[index * 7 % len(pairs)]
        to_fno = index % 2 == 0
        value = f"+1 206 555 {1000 + index:04d}" if to_fno else 1000 + index
        started = time.perf_counter()
        read_other_side = _edit(fno, dataverse, fno_row, account, value, to_fno)
        while read_other_side() != value and time.perf_counter() < started + 60:
            time.sleep(0.02)
        delays.append(time.perf_counter() - started if read_other_side() == value else float("inf"))
        time.sleep(pause.uniform(0.2, interval))  # not in step with the worker's polling
    return delays


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=20_000, help="customer rows over both systems")
    parser.add_argument("--changes", type=int, default=40, help="edits whose delay is measured")
    parser.add_argument(
        "--interval", type=float, default=None, help="worker poll interval (default: setting)"
    )
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()

    fno_store, dataverse_store, customers = seeded_stores(args.records)
    fno, dataverse = start_fno_simulator(fno_store), start_dataverse_simulator(dataverse_store)
    url = database_url(args.postgres, Path(os.environ.get("TMPDIR", "/tmp")))
    migrations.upgrade(url)
    settings = Settings(
        database_url=url,
        fno_url=fno.url,
        fno_token=fno.token,
        dataverse_url=dataverse.url,
        dataverse_token=dataverse.token,
        background_matching=False,
    )
    if args.interval:
        settings = settings.model_copy(update={"sync_interval_seconds": args.interval})
    engine = make_engine(url)
    policy = connector_service.policy_for(settings)
    connectors = connector_service.connectors_for(settings)
    print(
        f"{'PostgreSQL' if args.postgres else 'SQLite'}; "
        f"worker poll every {settings.sync_interval_seconds:g} s"
    )
    initial_sync(engine, connectors, policy, customers)
    connector_service.sync_once(engine, connectors, policy)  # the echoes of the initial writes

    stop = threading.Event()
    loop = connector_service.SyncLoop(engine, connectors, policy, settings.sync_interval_seconds)
    thread = threading.Thread(
        target=worker.run,
        args=(engine, settings),
        kwargs={"poll_seconds": 0.1, "stop": stop, "sync_loop": loop},
    )
    thread.start()
    time.sleep(settings.sync_interval_seconds)
    if not args.changes:
        stop.set()
    delays = change_delays(
        fno, dataverse, paired_customers(engine, fno, dataverse), args.changes, settings.sync_interval_seconds
    )
    stop.set()
    thread.join()
    fno.stop()
    dataverse.stop()
    arrived = sorted(delay for delay in delays if delay != float("inf"))
    if not delays:
        return
    print(
        f"change to write in the other system: {len(arrived)}/{len(delays)} arrived; "
        f"p50 {statistics.median(arrived):.2f} s, p95 {arrived[int(0.95 * (len(arrived) - 1))]:.2f} s, "
        f"max {arrived[-1]:.2f} s"
    )


if __name__ == "__main__":
    main()
