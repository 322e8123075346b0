"""`mdm load` on a terminal: a progress bar of rows read, loaded and rejected, then a summary."""

import csv
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import Engine

from app.loading import service
from app.loading.batches import InputError

STATUSES = ("read", "created", "updated", "unchanged", "rejected", "deleted", "superseded")


def run(
    console: Console,
    engine: Engine,
    paths: list[Path],
    *,
    chunk_size: int,
    show: int,
    rejects_file: Path | None,
) -> int:
    """Load the paths; answers the exit status: 0 when every row loaded, 1 when some were rejected, 2 when
    a path is not an export the loader reads."""
    try:
        load_plan = service.plan(paths)
    except InputError as error:
        console.print(f"[red]{error}[/red]")
        return 2
    total = load_plan.estimated_rows()
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("read {task.completed:,.0f}"),
        TextColumn("loaded {task.fields[loaded]:,}"),
        TextColumn("[red]rejected {task.fields[rejected]:,}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("Loading", total=total or None, loaded=0, rejected=0)

        def report(label: str, summary: service.LoadSummary) -> None:
            progress.update(
                task,
                description=f"Loading {Path(label).name}",
                completed=summary.read,
                total=max(total, summary.read) or None,
                loaded=summary.loaded,
                rejected=summary.rejected,
            )

        summary = service.load(engine, load_plan, chunk_size=chunk_size, on_progress=report)
        progress.update(task, description="Loaded", total=summary.read, completed=summary.read)
    _print_summary(console, summary, load_plan.notes, show)
    if rejects_file is not None:
        _write_rejections(rejects_file, summary)
        console.print(f"Every rejection kept is listed in {rejects_file}.")
    return 1 if summary.rejected else 0


def _print_summary(console: Console, summary: service.LoadSummary, notes: list[str], show: int) -> None:
    table = Table("system", "entity set", *STATUSES, title="Loaded")
    for (system, entity_set), counts in summary.counts.items():
        table.add_row(system, entity_set, *(f"{counts[status]:,}" for status in STATUSES))
    console.print(table)
    for note in notes:
        console.print(f"[dim]{note}[/dim]", highlight=False, soft_wrap=True)
    console.print(
        f"{summary.read:,} lines read, {summary.loaded:,} rows loaded, {summary.rejected:,} rejected.",
        highlight=False,
    )
    if not summary.rejections or show <= 0:
        return
    rejected = Table("file", "line", "field", "problem", title="Rejected rows")
    for rejection in summary.rejections[:show]:
        line = "" if rejection.line is None else str(rejection.line)
        problem = rejection.message + (f" ({rejection.rows:,} rows)" if rejection.rows > 1 else "")
        rejected.add_row(rejection.file, line, rejection.field, problem)
    console.print(rejected)
    hidden = len(summary.rejections) - show
    if hidden > 0:
        console.print(f"... and {hidden:,} more (--rejects FILE lists them all).", highlight=False)


def _write_rejections(path: Path, summary: service.LoadSummary) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "line", "field", "problem", "rows"])
        for rejection in summary.rejections:
            writer.writerow(
                [rejection.file, rejection.line or "", rejection.field, rejection.message, rejection.rows]
            )
