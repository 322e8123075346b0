"""Precision, recall and F1 over pairs, broken down by party type and by within-system or cross-system.

A pair is within-system when both rows come from the same system and company, cross-system otherwise.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from benchmarks.comparable import ComparableRow, TruthKey

Pair = frozenset[TruthKey]
CATEGORIES = (
    ("persons within-system", ("person", "within")),
    ("persons cross-system", ("person", "cross")),
    ("organisations within-system", ("organization", "within")),
    ("organisations cross-system", ("organization", "cross")),
)


@dataclass(frozen=True)
class Score:
    true: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.true if self.true else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def true_pairs(truth: dict[TruthKey, int]) -> set[Pair]:
    members: dict[int, list[TruthKey]] = defaultdict(list)
    for key, party in truth.items():
        members[party].append(key)
    return {frozenset(pair) for keys in members.values() for pair in combinations(sorted(keys), 2)}


def category(pair: Pair, rows: dict[TruthKey, ComparableRow]) -> tuple[str, str]:
    a, b = (rows[key] for key in pair)
    party = a["party_type"] if a["party_type"] == b["party_type"] else "mixed"
    scope = "within" if (a["system"], a["company"]) == (b["system"], b["company"]) else "cross"
    return party, scope


def scores(
    predicted: Iterable[Pair], truth: set[Pair], rows: dict[TruthKey, ComparableRow]
) -> dict[str, Score]:
    """Score per category name of CATEGORIES, plus "overall". Pairs naming a row not in `rows` (one the
    benchmark did not generate) are left out."""
    predicted = {pair for pair in predicted if all(key in rows for key in pair)}
    by_category: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for pair in truth:
        by_category[category(pair, rows)][0] += 1
    for pair in predicted:
        counts = by_category[category(pair, rows)]
        counts[1] += 1
        counts[2] += pair in truth
    result = {name: Score(*by_category[key]) for name, key in CATEGORIES}
    result["overall"] = Score(len(truth), len(predicted), len(predicted & truth))
    return result


def table(columns: dict[str, dict[str, Score]]) -> list[str]:
    """Engines side by side: one line per category, precision / recall / F1 of each engine."""
    names = list(columns)
    header = f"  {'':30} {'true':>6}  " + "  ".join(f"{name:^26}" for name in names)
    sub = f"  {'':30} {'pairs':>6}  " + "  ".join(f"{'P':>7} {'R':>7} {'F1':>8}  " for _ in names)
    lines = [header, sub.rstrip()]
    for label in [name for name, _ in CATEGORIES] + ["overall"]:
        true = next(iter(columns.values()))[label].true
        cells = "  ".join(
            f"{s.precision:7.4f} {s.recall:7.4f} {s.f1:8.4f}  " for s in (columns[n][label] for n in names)
        )
        lines.append(f"  {label:30} {true:>6}  {cells}".rstrip())
    return lines
