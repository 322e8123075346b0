"""Loading the part of the graph around golden records, level by level, never the whole graph.

Each level is a handful of indexed queries: the source records of the frontier's goldens, the open
edges touching them, the goldens at their other ends, and the steward edges of the frontier.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlmodel import Session

from app.graph import repository
from app.graph.announce import STEWARD, survivors, visible_ends
from app.graph.repository import EdgeRow, NodeRow


@dataclass(frozen=True)
class Hop:
    """An open edge as it shows now: between two different active goldens."""

    edge: EdgeRow
    source: str
    target: str


def edges_around(
    session: Session, golden_ids: Iterable[str], types: Iterable[str] | None = None
) -> list[Hop]:
    """The visible edges with an end on one of these goldens."""
    frontier = set(golden_ids)
    if not frontier:
        return []
    wanted_types = set(types) if types else None
    records = repository.records_of_goldens(session, frontier)
    edges = [
        edge
        for edge in repository.open_edges_touching_records(session, records, types=wanted_types)
        if edge.origin != STEWARD
    ]
    others = {r for edge in edges for r in (edge.from_record_id, edge.to_record_id) if r and r not in records}
    golden_of = {**records, **repository.goldens_of_records(session, others)}
    steward = repository.open_steward_edges_touching(session, frontier, types=wanted_types)
    survivor = survivors(session, {g for e in steward for g in (e.from_golden_id, e.to_golden_id) if g})
    hops = []
    for edge in (*edges, *steward):
        ends = visible_ends(edge, golden_of, survivor)
        if ends is not None and (ends[0] in frontier or ends[1] in frontier):
            hops.append(Hop(edge, ends[0], ends[1]))
    return hops


@dataclass
class Neighbourhood:
    root: str
    depth_of: dict[str, int]
    hops: dict[int, Hop] = field(default_factory=dict)
    truncated: bool = False


def neighbourhood(
    session: Session, root: str, *, depth: int, types: Iterable[str] | None, max_nodes: int
) -> Neighbourhood:
    """Goldens within `depth` edges of `root`, breadth first, at most `max_nodes` of them; `truncated`
    when the bound left some out."""
    found = Neighbourhood(root, {root: 0})
    frontier = {root}
    for level in range(1, depth + 1):
        if not frontier:
            break
        next_frontier: set[str] = set()
        for hop in sorted(edges_around(session, frontier, types), key=lambda hop: hop.edge.id):
            for end in (hop.source, hop.target):
                if end in found.depth_of:
                    continue
                if len(found.depth_of) >= max_nodes:
                    found.truncated = True
                    continue
                found.depth_of[end] = level
                next_frontier.add(end)
            if hop.source in found.depth_of and hop.target in found.depth_of:
                found.hops[hop.edge.id] = hop
        frontier = next_frontier
    return found


def node_rows(session: Session, golden_ids: Iterable[str]) -> dict[str, NodeRow]:
    return repository.nodes(session, golden_ids)
