"""Reading the graph: the neighbourhood of a golden record as node-link JSON, the shortest path between
two, the organisation tree, and the relationships the unified view lists. networkx works on the
subgraph loaded for the request, which its bounds keep small."""

from collections.abc import Iterable
from typing import Any

import networkx as nx
from networkx.readwrite import json_graph
from sqlmodel import Session

from app.core.errors import NotFound
from app.graph import announce, repository, traversal
from app.graph.derive import BILL_TO, CONTACT_PERSON, PARENT_ACCOUNT, PRIMARY_CONTACT
from app.graph.inference import HOUSEHOLD, POSSIBLY_RELATED
from app.graph.schemas import OrganizationTree, PathAnswer, RelationshipGraph
from app.graph.traversal import Hop

MAX_TREE_LEVELS = 12
MAX_TREE_NODES = 500
# edge type -> (role of the edge's target seen from its source, role of the source seen from its target)
ROLES = {
    CONTACT_PERSON: ("account", "contact_person"),
    PRIMARY_CONTACT: ("primary_contact", "primary_contact_of"),
    BILL_TO: ("bill_to", "billed_customer"),
    PARENT_ACCOUNT: ("parent_account", "subsidiary"),
    HOUSEHOLD: ("household_member", "household_member"),
    POSSIBLY_RELATED: ("possibly_related", "possibly_related"),
}
MAX_VIEW_RELATIONSHIPS = 500


def active_root(session: Session, golden_id: str) -> str:
    """The golden itself, or the survivor it was merged into."""
    if not repository.nodes(session, [golden_id]):
        raise NotFound(f"No golden record {golden_id!r}.")
    return announce.survivors(session, [golden_id])[golden_id]


def relationships(
    session: Session, golden_id: str, *, depth: int, types: list[str] | None, max_nodes: int
) -> RelationshipGraph:
    root = active_root(session, golden_id)
    found = traversal.neighbourhood(session, root, depth=depth, types=types, max_nodes=max_nodes)
    graph = _graph(session, found.depth_of, found.hops.values())
    graph.graph.update(root=root, depth=depth, truncated=found.truncated)
    data = json_graph.node_link_data(graph, edges="edges")
    return RelationshipGraph(
        root=root, depth=depth, types=types, truncated=found.truncated, max_nodes=max_nodes, **data
    )


def shortest_path(
    session: Session,
    golden_id: str,
    other_id: str,
    *,
    max_depth: int,
    types: list[str] | None,
    max_nodes: int,
) -> PathAnswer:
    """Breadth first from both ends at once until the searches meet, within the bounds."""
    start, goal = active_root(session, golden_id), active_root(session, other_id)
    seen: dict[str, dict[str, int]] = {start: {start: 0}, goal: {goal: 0}}
    frontiers = {start: {start}, goal: {goal}}
    hops: dict[int, Hop] = {}
    truncated = False
    for step in range(max_depth):
        if start == goal or set(seen[start]) & set(seen[goal]):
            break
        side = start if step % 2 == 0 else goal
        if not frontiers[side]:
            side = goal if side == start else start
        if not frontiers[side]:
            break
        next_frontier: set[str] = set()
        for hop in traversal.edges_around(session, frontiers[side], types):
            hops[hop.edge.id] = hop
            for end in (hop.source, hop.target):
                if end not in seen[side]:
                    if len(seen[start]) + len(seen[goal]) >= max_nodes:
                        truncated = True
                        continue
                    seen[side][end] = step + 1
                    next_frontier.add(end)
        frontiers[side] = next_frontier
    graph = _graph(session, {**seen[start], **seen[goal]}, hops.values())
    try:
        path = nx.shortest_path(graph.to_undirected(as_view=True), start, goal)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return PathAnswer(found=False, length=None, nodes=[], edges=[], truncated=truncated)
    steps = [_step_edge(graph, left, right) for left, right in zip(path, path[1:], strict=False)]
    nodes = [{"id": node, **{k: v for k, v in graph.nodes[node].items() if k != "depth"}} for node in path]
    return PathAnswer(found=True, length=len(path) - 1, nodes=nodes, edges=steps, truncated=truncated)


def organization_tree(session: Session, golden_id: str) -> OrganizationTree:
    """Up the parent accounts to the top, then down from there: each organisation with its children and the
    accounts it bills to."""
    asked = active_root(session, golden_id)
    ancestors: list[str] = []
    current = asked
    while len(ancestors) < MAX_TREE_LEVELS:
        parents = sorted(
            h.target
            for h in traversal.edges_around(session, [current], [PARENT_ACCOUNT])
            if h.source == current
        )
        parent = next((p for p in parents if p != asked and p not in ancestors), None)
        if parent is None:
            break
        ancestors.append(parent)
        current = parent
    top = ancestors[-1] if ancestors else asked
    tree = nx.DiGraph()
    tree.add_node(top)
    frontier, truncated = {top}, False
    bill_to: dict[str, list[dict[str, Any]]] = {}
    for _ in range(MAX_TREE_LEVELS):
        if not frontier:
            break
        next_frontier: set[str] = set()
        for hop in sorted(
            traversal.edges_around(session, frontier, [PARENT_ACCOUNT, BILL_TO]), key=lambda h: h.edge.id
        ):
            if hop.edge.type == BILL_TO:
                if hop.source in frontier:
                    bill_to.setdefault(hop.source, []).append(
                        {"golden_id": hop.target, "edge_id": hop.edge.id}
                    )
                continue
            child, parent = hop.source, hop.target
            if parent in frontier and child not in tree:
                if tree.number_of_nodes() >= MAX_TREE_NODES:
                    truncated = True
                    continue
                tree.add_edge(parent, child, edge_id=hop.edge.id)
                next_frontier.add(child)
        frontier = next_frontier
    truncated = truncated or bool(frontier)
    nodes = traversal.node_rows(
        session, set(tree) | {b["golden_id"] for found in bill_to.values() for b in found}
    )
    for node in tree:
        row = nodes.get(node)
        tree.nodes[node].update(
            display_name=row.display_name if row else "",
            party_type=row.party_type if row else "",
            bill_to=[
                {**b, "display_name": nodes[b["golden_id"]].display_name} for b in bill_to.get(node, [])
            ],
        )
    data = json_graph.tree_data(tree, top, ident="id", children="children")
    return OrganizationTree(id=asked, root=top, ancestors=ancestors, tree=data, truncated=truncated)


def view_relationships(session: Session, golden_id: str) -> list[dict[str, Any]]:
    """The goldens one edge away, each with its roles seen from this golden (the contacts of an account,
    the accounts of a contact) and the edges that give them."""
    hops = traversal.edges_around(session, [golden_id])
    by_other: dict[str, dict[str, Any]] = {}
    for hop in sorted(hops, key=lambda h: h.edge.id)[:MAX_VIEW_RELATIONSHIPS]:
        outgoing = hop.source == golden_id
        other = hop.target if outgoing else hop.source
        roles = ROLES.get(hop.edge.type, (hop.edge.type, hop.edge.type))
        entry = by_other.setdefault(other, {"golden_id": other, "roles": [], "edges": []})
        role = roles[0] if outgoing else roles[1]
        if role not in entry["roles"]:
            entry["roles"].append(role)
        entry["edges"].append(
            {
                "id": hop.edge.id,
                "type": hop.edge.type,
                "origin": hop.edge.origin,
                "direction": "out" if outgoing else "in",
            }
        )
    nodes = traversal.node_rows(session, by_other)
    return [
        {
            **entry,
            "roles": sorted(entry["roles"]),
            "display_name": nodes[other].display_name,
            "party_type": nodes[other].party_type,
        }
        for other, entry in sorted(by_other.items(), key=lambda item: (nodes[item[0]].display_name, item[0]))
        if other in nodes
    ]


def _graph(session: Session, depth_of: dict[str, int], hops: Iterable[Hop]) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    rows = traversal.node_rows(session, depth_of)
    for golden_id, depth in depth_of.items():
        row = rows.get(golden_id)
        graph.add_node(
            golden_id,
            depth=depth,
            party_type=row.party_type if row else None,
            display_name=row.display_name if row else None,
            status=row.status if row else None,
        )
    for hop in hops:
        if hop.source in depth_of and hop.target in depth_of:
            edge = hop.edge
            graph.add_edge(
                hop.source,
                hop.target,
                key=edge.id,
                id=edge.id,
                type=edge.type,
                origin=edge.origin,
                lineage=edge.lineage,
                reason=edge.reason,
                valid_from=edge.valid_from.isoformat(),
            )
    return graph


def _step_edge(graph: nx.MultiDiGraph, left: str, right: str) -> dict[str, Any]:
    forward = graph.get_edge_data(left, right) or {}
    backward = graph.get_edge_data(right, left) or {}
    if forward:
        data = forward[min(forward)]
        return {**data, "source": left, "target": right}
    data = backward[min(backward)]
    return {**data, "source": right, "target": left}
