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
    """Connected components over match edges, strongest first, guarded against chaining.

    Guards: records declared different (``cannot_link``) never end in one cluster. Below ``strong``, an
    edge joins two clusters only when most pairs across them match too (more than half), so a record
    matching one member of a cluster is not pulled in by that single edge, and a chain of group companies
    each like the next does not become one customer. An edge a guard stops is returned as demoted (to
    review), with the reason.

    Args:
        records: Every record id to place (records without edges become singletons).
        edges: Match-level pairs.
        strong: Probability at or above which one edge may join two clusters on its own.
        cannot_link: Pairs of record ids that must stay apart.
    """
    components = _Components(records)
    forbidden: dict[int, set[int]] = defaultdict(set)
    for a, b in cannot_link:
        forbidden[a].add(b)
        forbidden[b].add(a)
    edges = sorted(edges, key=lambda e: (-e.probability, e.left, e.right))
    neighbours: dict[int, set[int]] = defaultdict(set)
    for edge in edges:
        neighbours[edge.left].add(edge.right)
        neighbours[edge.right].add(edge.left)
    demoted: list[tuple[Edge, str]] = []
    for edge in edges:
        root_a, root_b = components.find(edge.left), components.find(edge.right)
        if root_a == root_b:
            continue
        small, large = sorted((components.members[root_a], components.members[root_b]), key=len)
        if any(forbidden.get(record, set()) & large for record in small):
            demoted.append((edge, "records declared different"))
            continue
        if edge.probability < strong:
            matching_pairs = sum(len(neighbours[record] & large) for record in small)
            if matching_pairs * 2 <= len(small) * len(large):
                demoted.append((edge, "most records of the two clusters do not match each other"))
                continue
        components.union(edge.left, edge.right)
    clusters = [set(members) for members in components.members.values()]
    clusters.sort(key=min)
    return Clustering(clusters, demoted)
