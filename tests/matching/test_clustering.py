"""Cluster guards: cannot-link, single weak edges into clusters, strong edges."""

import pytest

from matching import Edge, cluster

STRONG = 0.999

CASES = [
    # (case, records, edges, cannot_link, expected clusters, expected demoted reasons)
    ("a weak edge between two singletons links them", [1, 2], [Edge(1, 2, 0.96)], [], [{1, 2}], []),
    ("no edge, no link", [1, 2], [], [], [{1}, {2}], []),
    (
        "a chain of strong edges is one cluster",
        [1, 2, 3],
        [Edge(1, 2, 0.9999), Edge(2, 3, 0.9999)],
        [],
        [{1, 2, 3}],
        [],
    ),
    (
        "a single weak edge into a cluster goes to review",
        [1, 2, 3],
        [Edge(1, 2, 0.9999), Edge(2, 3, 0.96)],
        [],
        [{1, 2}, {3}],
        ["most records of the two clusters do not match each other"],
    ),
    (
        "two weak edges into a cluster join it",
        [1, 2, 3],
        [Edge(1, 2, 0.9999), Edge(2, 3, 0.96), Edge(1, 3, 0.97)],
        [],
        [{1, 2, 3}],
        [],
    ),
    (
        "one strong edge joins two clusters",
        [1, 2, 3, 4],
        [Edge(1, 2, 0.9999), Edge(3, 4, 0.9999), Edge(2, 3, 0.99999)],
        [],
        [{1, 2, 3, 4}],
        [],
    ),
    (
        "records declared different never share a cluster",
        [1, 2, 3],
        [Edge(1, 2, 0.99999), Edge(2, 3, 0.99999)],
        [(1, 3)],
        [{1, 2}, {3}],
        ["records declared different"],
    ),
    (
        "a declared pair stays apart even when matching directly",
        [1, 2],
        [Edge(1, 2, 0.99999)],
        [(1, 2)],
        [{1}, {2}],
        ["records declared different"],
    ),
]


@pytest.mark.parametrize(
    ("case", "records", "edges", "cannot", "expected", "reasons"), CASES, ids=[c[0] for c in CASES]
)
def test_cluster_guards(case, records, edges, cannot, expected, reasons):
    result = cluster(records, edges, bridge=STRONG, cannot_link=cannot)

    assert sorted(map(sorted, result.clusters)) == sorted(map(sorted, expected))
    assert [reason for _, reason in result.demoted] == reasons
