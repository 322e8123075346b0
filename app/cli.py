"""The `mdm` command line."""

import secrets
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import Engine

from app.core import migrations, runtime
from app.core.config import Settings, get_settings
from app.core.db import make_engine

app = typer.Typer(help="Customer master-data hub for Dynamics 365 F&O and Dataverse.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema migrations.", no_args_is_help=True)
seed_app = typer.Typer(help="The sample data in seed/.", no_args_is_help=True)
match_app = typer.Typer(help="Matching: batch runs and model training.", no_args_is_help=True)
golden_app = typer.Typer(help="Golden records.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(match_app, name="match")
app.add_typer(golden_app, name="golden")
app.add_typer(seed_app, name="seed")
console = Console()


@app.callback()
def _every_command() -> None:
    runtime.tune_garbage_collection()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Run the hub (applies pending migrations first)."""
    import uvicorn

    from app.main import create_app

    settings = get_settings()
    migrations.upgrade(settings.database_url)
    if not settings.api_keys.strip():
        key = secrets.token_urlsafe(24)
        settings = settings.model_copy(update={"api_keys": f"{key}:admin:local-admin"})
        console.print(f"MDM_API_KEYS is not set; this run's admin key: [bold]{key}[/bold]")
    console.print(f"Serving the hub at http://{host}:{port} (OpenAPI at /docs)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="Interface the hub listens on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The hub's TCP port.")] = 8000,
    fno_port: Annotated[int, typer.Option(help="The F&O simulator's port (0: any free one).")] = 8101,
    dataverse_port: Annotated[int, typer.Option(help="The Dataverse simulator's port (0: any free).")] = 8102,
) -> None:
    """The one-command tour: simulated F&O and Dataverse seeded from seed/, synced through the real
    connectors into a fresh store (./mdm-demo.db), the hub served with a worker keeping them in step."""
    import uvicorn

    from app import demo as demo_tour
    from app.main import create_app

    with console.status("Starting the F&O and Dataverse simulators and running the initial sync"):
        tour = demo_tour.prepare(fno_port=fno_port, dataverse_port=dataverse_port)
    summary = tour.summary
    assert summary is not None
    table = Table("rows per system", "count", title="Initial sync")
    for name, count in summary.rows.items():
        table.add_row(name, str(count))
    table.add_row("golden records", str(summary.goldens))
    table.add_row("duplicates linked", str(summary.duplicates_linked))
    table.add_row("match reviews waiting", str(summary.reviews_waiting))
    table.add_row("writes published back", str(summary.writes_published))
    table.add_row("writes waiting (reason in outbound_writes)", str(summary.writes_waiting))
    console.print(table)
    for where, error in summary.pull_errors.items():
        console.print(f"[red]{where}: {error}[/red]")
    console.print(f"F&O simulator:       {tour.fno.url}/data/ (token {tour.fno.token})")
    console.print(f"Dataverse simulator: {tour.dataverse.url}/api/data/v9.2/ (token {tour.dataverse.token})")
    console.print(
        "The hub's environment (to run `mdm sync --once` or `mdm worker` beside it):", highlight=False
    )
    for name, value in demo_tour.environment(tour).items():
        console.print(f"  export {name}={value}", highlight=False, soft_wrap=True)
    console.print(f"Admin key: [bold]{tour.admin_key}[/bold]")
    console.print(f"Steward console: http://{host}:{port}/console (sign in with the steward key below)")
    console.print(f"Steward key: [bold]{tour.steward_key}[/bold]")
    console.print(f"Serving the hub at http://{host}:{port} (OpenAPI at /docs); Ctrl+C stops everything")
    tour.start_worker()
    try:
        uvicorn.run(create_app(tour.settings), host=host, port=port, log_level="warning")
    finally:
        tour.stop()


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Apply migrations to MDM_DATABASE_URL."""
    migrations.upgrade(get_settings().database_url, revision)
    console.print(f"Database at revision {revision}.")


@db_app.command("downgrade")
def db_downgrade(revision: Annotated[str, typer.Argument(help="Target revision, e.g. base or -1.")]) -> None:
    """Revert migrations on MDM_DATABASE_URL."""
    migrations.downgrade(get_settings().database_url, revision)
    console.print(f"Database at revision {revision}.")


@seed_app.command("load")
def seed_load(
    directory: Annotated[
        Path | None, typer.Option("--dir", help="A seed folder (default: the package's).")
    ] = None,
) -> None:
    """Load the sample data through the ingest service (idempotent)."""
    from seed.load import SEED_DIRECTORY, count_rows, load_seed, seed_files

    settings: Settings = get_settings()
    migrations.upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    directory = directory or SEED_DIRECTORY
    total = sum(count_rows(path) for _, _, path in seed_files(directory))
    with Progress(console=console) as progress:
        task = progress.add_task("Loading seed rows", total=total)
        summary = load_seed(engine, directory, on_batch=lambda _s, _e, rows: progress.advance(task, rows))
    table = Table("system", "entity set", "created", "updated", "unchanged", "rejected")
    for (system, entity_set), counts in summary.items():
        table.add_row(
            system, entity_set, *(str(counts[s]) for s in ("created", "updated", "unchanged", "rejected"))
        )
    console.print(table)


@app.command()
def load(
    paths: Annotated[
        list[Path], typer.Argument(help="F&O packages (.zip) or .csv files, Synapse Link folders, .ndjson.")
    ],
    chunk_size: Annotated[int, typer.Option(help="Rows per batch sent to ingest.")] = 1000,
    show: Annotated[int, typer.Option(help="Rejected rows to print.")] = 20,
    rejects: Annotated[
        Path | None, typer.Option(help="Write every rejected row (file, line, field) to this CSV.")
    ] = None,
) -> None:
    """Load D365 exports: reference data first, each row's file, line and field named when it is rejected."""
    from app.loading import console as load_console

    settings = get_settings()
    migrations.upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        status = load_console.run(
            console, engine, paths, chunk_size=chunk_size, show=show, rejects_file=rejects
        )
    finally:
        engine.dispose()
    raise typer.Exit(status)


@match_app.command("run")
def match_run() -> None:
    """Re-score and re-cluster every record with the active model."""
    from app.core.db import session_scope
    from app.matching import batch

    settings = get_settings()
    migrations.upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    with Progress(console=console) as progress, session_scope(engine) as session:
        tasks: dict[str, int] = {}

        def report(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = progress.add_task(step, total=total)
            progress.update(tasks[step], completed=done, total=total)

        summary = batch.run(session, progress=report)
    console.print(
        f"{summary.records} records, {summary.candidate_pairs} candidate pairs, {summary.matches} matches, "
        f"{summary.reviews} for review, {summary.clusters} golden records (model {summary.settings_version})"
    )


@match_app.command("train")
def match_train() -> None:
    """Re-estimate the model from the stored records and store it as a new settings version."""
    from app.core.db import session_scope
    from app.matching import batch

    settings = get_settings()
    migrations.upgrade(settings.database_url)
    with session_scope(make_engine(settings.database_url)) as session:
        result = batch.train(session, reason="mdm match train")
    for party in result.outcome.parties:
        console.print(
            f"{party.party_type}: {party.records} records, prior {party.prior:.3g} "
            f"({party.deterministic_pairs} pairs by the deterministic rules)"
        )
        for block in party.blocks:
            state = "converged" if block.converged else "did not converge"
            console.print(
                f"  block {block.rule}: {block.pairs} pairs, {state} in {block.iterations} rounds, "
                f"match share {block.match_share:.3f}"
            )
    if result.activated:
        console.print(f"Model version {result.version} is active; `mdm serve` re-scores the store with it.")
    elif result.problems:
        console.print(f"Model version {result.version} is kept as a candidate, not active:")
        for problem in result.problems:
            console.print(f"  - {problem}")
        raise typer.Exit(1)
    else:
        console.print(f"The active model {result.version} already is this estimate.")


@golden_app.command("rebuild")
def golden_rebuild() -> None:
    """Recompute every golden record from its sources (after a survivorship rules change)."""
    from app.golden import service as golden_service
    from app.golden.survivorship import current_rules
    from matching.survivorship import SurvivorshipRulesError

    settings = get_settings()
    try:
        rules = current_rules()
    except SurvivorshipRulesError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    migrations.upgrade(settings.database_url)
    with Progress(console=console) as progress:
        task = progress.add_task(f"Rebuilding with rules {rules.version}", total=None)
        seen, changed = golden_service.rebuild_all(
            make_engine(settings.database_url),
            progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    console.print(f"{seen} golden records recomputed with rules {rules.version}; {changed} changed.")


@app.command()
def worker(
    poll: Annotated[float, typer.Option(help="Seconds to wait when there is nothing to send.")] = 1.0,
    until_idle: Annotated[bool, typer.Option(help="Exit once the outbox is drained.")] = False,
) -> None:
    """Drain the outbox to webhook subscribers and RabbitMQ (MDM_RABBITMQ_URL), continuously."""
    import logging

    from app.publishing import worker as publishing_worker

    logging.basicConfig(level=logging.INFO)
    settings = get_settings()
    migrations.upgrade(settings.database_url)
    console.print(
        "Worker draining the outbox"
        + (f" (RabbitMQ at {settings.rabbitmq_url})" if settings.rabbitmq_url else "")
    )
    engine = make_engine(settings.database_url)
    sync_loop = _sync_loop(engine, settings)
    try:
        totals = publishing_worker.run(
            engine, settings, poll_seconds=poll, until_idle=until_idle, sync_loop=sync_loop
        )
    except KeyboardInterrupt:
        return
    console.print(
        f"{totals.delivered} webhook deliveries made ({totals.attempted} attempts), "
        f"{totals.published} events published to RabbitMQ."
    )


def _sync_loop(engine: Engine, settings: Settings) -> Any:
    from app.connectors import service as connector_service

    connectors = connector_service.connectors_for(settings)
    if not connectors:
        return None
    console.print(f"Syncing {', '.join(sorted(connectors))} every {settings.sync_interval_seconds:g} s")
    policy = connector_service.policy_for(settings)
    return connector_service.SyncLoop(engine, connectors, policy, settings.sync_interval_seconds)


@app.command()
def sync(
    once: Annotated[
        bool, typer.Option("--once", help="One pull, match and publish round, then exit.")
    ] = False,
) -> None:
    """Pull F&O and Dataverse through their connectors, match, and publish the writes owed to each."""
    from app.connectors import service as connector_service

    settings = get_settings()
    connectors = connector_service.connectors_for(settings)
    if not connectors:
        console.print(
            "[red]Set MDM_FNO_URL and/or MDM_DATAVERSE_URL to the systems' environment roots.[/red]"
        )
        raise typer.Exit(2)
    migrations.upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    policy = connector_service.policy_for(settings)
    try:
        while True:
            with console.status("Syncing " + ", ".join(sorted(connectors))):
                summary = connector_service.sync_once(engine, connectors, policy)
            _print_sync(summary)
            if once:
                break
            time.sleep(settings.sync_interval_seconds)
    except KeyboardInterrupt:
        pass
    finally:
        for connector in connectors.values():
            connector.close()
    if once and summary.pulled.errors:
        raise typer.Exit(1)


def _print_sync(summary: Any) -> None:
    statuses = summary.pulled.statuses
    console.print(
        f"Pulled {sum(summary.pulled.rows.values())} rows ("
        + ", ".join(f"{count} {status}" for status, count in sorted(statuses.items()) if count)
        + f"); {summary.planned} writes planned, {summary.sent} sent, {summary.conflicts} conflicts "
        f"re-ingested, {summary.failed} refused, {summary.waiting} waiting"
    )
    for where, error in summary.pulled.errors.items():
        console.print(f"[red]{where}: {error}[/red]")


@seed_app.command("generate")
def seed_generate(
    out: Annotated[Path | None, typer.Option(help="Output folder (default: the package's seed/).")] = None,
) -> None:
    """Regenerate the sample data deterministically (needs the test extra for Faker)."""
    from seed import generate

    generate.main(["--out", str(out)] if out else [])


if __name__ == "__main__":
    app()
