"""Clustering: match-level pairs link records; clusters are connected components, with guards
against chaining."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Edge:
    left: int
    right: int
    probability: float


@dataclass
class Clustering:
    clusters: list[set[int]]
    demoted: list[tuple[Edge, str]] = field(default_factory=list)  # match edges sent to review, and why


class _Components:
    def __init__(self, records: Iterable[int]):
        self.parent = {record: record for record in records}
        self.members = {record: {record} for record in self.parent}

    def find(self, record: int) -> int:
        root = record
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[record] != root:
            self.parent[record], record = root, self.parent[record]
        return root

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return
        if len(self.members[root_a]) < len(self.members[root_b]):
            root_a, root_b = root_b, root_a
        self.parent[root_b] = root_a
        self.members[root_a] |= self.members.pop(root_b)


def cluster(
    records: Iterable[int],
    edges: Iterable[Edge],
    *,
    strong: float,
    cannot_link: Iterable[tuple[int, int]] = (),
) -> Clustering:
    """Connected components over match edges, strongest first.

    Guards: records declared different (``cannot_link``) never end in one cluster; two clusters of which
    one already has several members join only through a strong edge or through at least two edges; an
    edge a guard stops is returned as demoted (to review), with the reason.

    Args:
        records: Every record id to place (records without edges become singletons).
        edges: Match-level pairs.
        strong: Probability at or above which one edge may join two clusters.
        cannot_link: Pairs of record ids that must stay apart.
    """
    components = _Components(records)
    forbidden: dict[int, set[int]] = defaultdict(set)
    for a, b in cannot_link:
        forbidden[a].add(b)
        forbidden[b].add(a)
    demoted: list[tuple[Edge, str]] = []

    ordered = sorted(edges, key=lambda e: (-e.probability, e.left, e.right))
    strong_edges = [e for e in ordered if e.probability >= strong]
    weak_edges = [e for e in ordered if e.probability < strong]
    for edge in strong_edges:
        _join(components, edge, forbidden, demoted)

    bridges: dict[tuple[int, int], list[Edge]] = defaultdict(list)
    for edge in weak_edges:
        roots = sorted((components.find(edge.left), components.find(edge.right)))
        if roots[0] != roots[1]:
            bridges[(roots[0], roots[1])].append(edge)
    for (root_a, root_b), between in sorted(bridges.items(), key=lambda item: -item[1][0].probability):
        sizes = (len(components.members.get(root_a, ())), len(components.members.get(root_b, ())))
        if max(sizes) > 1 and len(between) < 2:
            demoted.append((between[0], "single weak edge into a cluster"))
            continue
        for edge in between:
            _join(components, edge, forbidden, demoted)

    clusters = [set(members) for members in components.members.values()]
    clusters.sort(key=min)
    return Clustering(clusters, demoted)


def _join(
    components: _Components, edge: Edge, forbidden: dict[int, set[int]], demoted: list[tuple[Edge, str]]
) -> None:
    root_a, root_b = components.find(edge.left), components.find(edge.right)
    if root_a == root_b:
        return
    members_a, members_b = components.members[root_a], components.members[root_b]
    small, large = sorted((members_a, members_b), key=len)
    if any(forbidden.get(record, set()) & large for record in small):
        demoted.append((edge, "records declared different"))
        return
    components.union(edge.left, edge.right)
