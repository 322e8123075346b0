"""Clustering: match-level pairs link records; clusters are connected components, guarded against
chaining."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field

DECLARED_DIFFERENT = "records declared different"
DIFFERENT_PARTIES = "a record of one cluster is a different party from a record of the other"
TOO_FEW_MATCHES = "most records of the two clusters do not match each other"


@dataclass(frozen=True)
class Edge:
    left: int
    right: int
    probability: float
    close: frozenset[str] = frozenset()
    """The comparisons on which the two records agree closely (exact or nearly): they overrule a conflict
    that rests on those comparisons alone (a typo in one record's given name does not make the record that
    has it right a different person)."""


Conflict = frozenset[str] | None
"""What a conflict between two records rests on: None for none, the comparisons whose disagreement makes
them different parties, or an empty set when nothing overrules it."""


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
    bridge: float,
    cannot_link: Iterable[tuple[int, int]] = (),
    must_link: Iterable[tuple[int, int]] = (),
    conflict: Callable[[int, int], Conflict] | None = None,
    order_key: Callable[[int], Hashable] | None = None,
) -> Clustering:
    """Connected components over match edges, strongest first, guarded against chaining.

    Steward decisions come first: records a steward declared the same (``must_link``) are joined, and
    records declared different (``cannot_link``) never end in one cluster. Then each match edge joins
    two clusters unless a record of one is a different party from a record of the other (``conflict``:
    two sister companies, two members of a household; records a steward joined are not tested, and an edge
    that agrees closely on what a conflict rests on overrules it), or,
    below ``bridge``, unless most pairs across the two clusters match too (more than half), so that a
    chain of look-alikes, each like the next, does not become one customer. An edge a guard stops is
    returned as demoted (to review), with the reason.

    The result depends on the records and edges, not on their ids' order: edges of equal probability are
    taken in the order of ``order_key`` (a content key such as the source identity), when given.

    Args:
        records: Every record id to place (records without edges become singletons).
        edges: Match-level pairs.
        bridge: Probability at or above which one edge may join two clusters without the majority.
        cannot_link: Pairs of record ids that must stay apart.
        must_link: Pairs of record ids that must be together.
        conflict: Whether two records are different parties whatever links them.
        order_key: A key per record id for a content order of equal edges.
    """
    components = _Components(records)
    forbidden: dict[int, set[int]] = defaultdict(set)
    for a, b in cannot_link:
        forbidden[a].add(b)
        forbidden[b].add(a)
    demoted: list[tuple[Edge, str]] = []
    vouched: set[int] = set()  # records a steward placed: their values do not argue against the steward
    for a, b in sorted(must_link):
        vouched.update((a, b))
        if not _declared_apart(components, forbidden, a, b):
            components.union(a, b)
    key = order_key or (lambda record: record)

    def strength(edge: Edge) -> tuple[float, Hashable, Hashable]:
        ends = sorted((key(edge.left), key(edge.right)))  # type: ignore[type-var]
        return (-edge.probability, ends[0], ends[1])

    edges = sorted(edges, key=strength)
    neighbours: dict[int, set[int]] = defaultdict(set)
    for edge in edges:
        neighbours[edge.left].add(edge.right)
        neighbours[edge.right].add(edge.left)
    known_conflicts: dict[tuple[int, int], Conflict] = {}

    def different(a: int, b: int, edge: Edge) -> bool:
        if a in vouched or b in vouched:
            return False
        pair = (a, b) if a < b else (b, a)
        if pair not in known_conflicts:
            known_conflicts[pair] = conflict(*pair) if conflict else None
        basis = known_conflicts[pair]
        return basis is not None and not (basis and basis <= edge.close)

    for edge in edges:
        root_a, root_b = components.find(edge.left), components.find(edge.right)
        if root_a == root_b:
            continue
        small, large = sorted((components.members[root_a], components.members[root_b]), key=len)
        if any(forbidden.get(record, set()) & large for record in small):
            demoted.append((edge, DECLARED_DIFFERENT))
            continue
        if conflict is not None and any(different(a, b, edge) for a in small for b in large):
            demoted.append((edge, DIFFERENT_PARTIES))
            continue
        if edge.probability < bridge:
            matching_pairs = sum(len(neighbours[record] & large) for record in small)
            if matching_pairs * 2 <= len(small) * len(large):
                demoted.append((edge, TOO_FEW_MATCHES))
                continue
        components.union(edge.left, edge.right)
    clusters = [set(members) for members in components.members.values()]
    clusters.sort(key=lambda members: min(key(record) for record in members))  # type: ignore[type-var]
    return Clustering(clusters, demoted)


def _declared_apart(components: _Components, forbidden: dict[int, set[int]], a: int, b: int) -> bool:
    root_a, root_b = components.find(a), components.find(b)
    if root_a == root_b:
        return False
    small, large = sorted((components.members[root_a], components.members[root_b]), key=len)
    return any(forbidden.get(record, set()) & large for record in small)
