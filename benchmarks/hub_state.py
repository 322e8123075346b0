"""What a settled hub decided, read from its tables: the pairs it merged, where each true pair ended, and
how many true pairs its blocking could find at all.

Reads `source_records`, `golden_record_links`, `match_pairs` (decision, guarded_by), `blocking_keys` and
the newest active `match_settings` (its `max_block_size`: a key shared by more records yields no
candidates).
"""

import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import create_engine, text

from app.core.db import normalise_database_url
from benchmarks.comparable import TruthKey

Pair = frozenset[TruthKey]

FATES = (
    ("merged, their own pair matched", "matched"),
    ("merged through other records", "transitive"),
    ("held back by the cluster guard", "guarded"),
    ("matched but split by the clustering", "split"),
    ("stopped at review", "review"),
    ("candidates scored below review", "no_match"),
    ("never became candidate pairs", "not_candidates"),
    ("a row not stored (rejected)", "not_stored"),
)


@dataclass
class HubState:
    predicted: set[Pair]  # pairs of rows sharing a golden record
    goldens: int
    candidate_pairs: int  # pairs sharing a usable blocking key
    max_block_size: int | None
    fates: Counter[str]  # fate of each true pair (the second names of FATES)
    blocking_found: int  # true pairs sharing a usable blocking key
    true_pairs: int


def _max_block_size(settings: Any) -> int | None:
    if isinstance(settings, str):
        import json

        settings = json.loads(settings)
    value = settings.get("max_block_size") if isinstance(settings, dict) else None
    return int(value) if value is not None else None


def read(database_url: str, truth: set[Pair]) -> HubState:
    engine = create_engine(normalise_database_url(database_url))
    ids: dict[TruthKey, int] = {}
    golden_of: dict[int, str] = {}
    decisions: dict[tuple[int, int], tuple[str, str | None]] = {}
    keys_of: dict[int, set[str]] = defaultdict(set)
    with engine.connect() as connection:
        for record_id, system, entity_set, company, key in connection.execute(
            text("SELECT id, system, entity_set, company, key FROM source_records WHERE kind = 'customer'")
        ):
            ids[(system, entity_set, company, key)] = record_id
        for record_id, golden_id in connection.execute(
            text("SELECT source_record_id, golden_record_id FROM golden_record_links")
        ):
            golden_of[record_id] = golden_id
        for left, right, decision, guarded in connection.execute(
            text("SELECT left_record_id, right_record_id, decision, guarded_by FROM match_pairs")
        ):
            decisions[(min(left, right), max(left, right))] = (decision, guarded)
        for record_id, key in connection.execute(text("SELECT source_record_id, key FROM blocking_keys")):
            keys_of[record_id].add(key)
        settings = next(
            (
                row.settings
                for row in connection.execute(text("SELECT * FROM match_settings ORDER BY id DESC"))
                if row._mapping.get("status", "active") == "active"  # candidates do not score
            ),
            None,
        )
    engine.dispose()

    key_of = {record_id: key for key, record_id in ids.items()}
    by_golden: dict[str, list[TruthKey]] = defaultdict(list)
    for record_id, golden_id in golden_of.items():
        if record_id in key_of:
            by_golden[golden_id].append(key_of[record_id])
    predicted = {frozenset(p) for members in by_golden.values() for p in itertools.combinations(members, 2)}

    max_block = _max_block_size(settings) if settings is not None else None
    sizes = Counter(key for keys in keys_of.values() for key in keys)
    usable = {key for key, size in sizes.items() if size > 1 and (max_block is None or size <= max_block)}
    blocks: dict[str, list[int]] = defaultdict(list)
    for record_id, keys in keys_of.items():
        for key in keys & usable:
            blocks[key].append(record_id)
    candidates = {
        (min(a, b), max(a, b)) for members in blocks.values() for a, b in itertools.combinations(members, 2)
    }

    fates: Counter[str] = Counter()
    found = 0
    for pair in truth:
        a_key, b_key = tuple(pair)
        a, b = ids.get(a_key), ids.get(b_key)
        if a is None or b is None:
            fates["not_stored"] += 1
            continue
        ordered = (min(a, b), max(a, b))
        candidate = ordered in candidates
        found += candidate
        decision, guarded = decisions.get(ordered, (None, None))
        if golden_of.get(a) is not None and golden_of.get(a) == golden_of.get(b):
            fates["matched" if decision == "match" else "transitive"] += 1
        elif decision == "match":
            fates["guarded" if guarded else "split"] += 1
        elif decision == "review":
            fates["review"] += 1
        elif candidate:
            fates["no_match"] += 1
        else:
            fates["not_candidates"] += 1
    return HubState(
        predicted=predicted,
        goldens=len(by_golden),
        candidate_pairs=len(candidates),
        max_block_size=max_block,
        fates=fates,
        blocking_found=found,
        true_pairs=len(truth),
    )


def fate_lines(state: HubState) -> list[str]:
    total = max(state.true_pairs, 1)
    parts = [
        f"{state.fates[name] / total:.1%} {label} ({state.fates[name]})"
        for label, name in FATES
        if state.fates[name] or name != "not_stored"
    ]
    limit = f"max_block_size {state.max_block_size}" if state.max_block_size else "no block size limit found"
    return [
        "  where the hub's true pairs went: " + ", ".join(parts),
        f"  blocking recall: {state.blocking_found / total:.4f} of {state.true_pairs} true pairs share a "
        f"usable blocking key ({limit})",
    ]
