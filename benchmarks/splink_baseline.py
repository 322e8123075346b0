"""Splink 5 (DuckDB) on the benchmark's records: the baseline the hub's matching is compared with.

Configured as Splink's own documentation recommends for deduplication, and never tuned on the truth labels:
- one model per party type (`dedupe_only` over every row of that type, both systems together);
- comparisons from Splink's comparison library, with term-frequency adjustments on the exact-match levels
  where the library puts them (names, e-mail) and on city;
- a few blocking rules for predictions;
- `probability_two_random_records_match` from deterministic rules (recall 0.7, as in Splink's examples);
- u by random sampling (1e7 pairs, seed 1, "adequate" in Splink's docs);
- m by expectation maximisation over two or three training blocks (without term frequencies, as the
  tutorial does);
- `predict`, then `cluster_pairwise_predictions_at_threshold` at a match probability of 0.9. That function
  has no default; its own docstring example uses 0.95.

Postcodes: Splink's `PostcodeComparison` parses UK postcodes (area, district, sector). For US ZIP codes
and German PLZ it would put every pair of differing codes on one level, so the same shape is built from the
comparison level library instead: exact (with term frequencies), one edit apart, same first three characters.
Input cleaning is light (benchmarks/comparable.py): lower case, trimmed, phones as national digits.
"""

import logging
import time
from dataclasses import dataclass

from benchmarks.comparable import ComparableRow

CLUSTER_THRESHOLD = 0.9
U_SAMPLE_PAIRS = 1e7
PRIOR_RECALL = 0.7


@dataclass
class SplinkResult:
    pairs: set[frozenset[str]]  # pairs of unique ids in one cluster
    seconds: float
    predictions: int  # scored pairs at or above the predict threshold


def _postcode_comparison(column: str):
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    return cl.CustomComparison(
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column).configure(tf_adjustment_column=column),
            cll.DamerauLevenshteinLevel(column, 1),
            cll.ExactMatchLevel(f"substr({column}, 1, 3)").configure(
                label_for_charts="First three characters match"
            ),
            cll.ElseLevel(),
        ],
        output_column_name=column,
    )


def _settings(party_type: str):
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    shared = [
        cl.EmailComparison("email"),
        cl.ExactMatch("phone").configure(term_frequency_adjustments=True),
        cl.JaroWinklerAtThresholds("street", [0.9, 0.7]),
        cl.ExactMatch("city").configure(term_frequency_adjustments=True),
        _postcode_comparison("postcode"),
        cl.ExactMatch("country"),
        cl.DamerauLevenshteinAtThresholds("id_number", [1]),
    ]
    if party_type == "person":
        comparisons = [
            cl.ForenameSurnameComparison(
                "first_name", "last_name", forename_surname_concat_col_name="full_name"
            ),
            *shared,
        ]
        predictions = [
            block_on("first_name", "last_name"),
            block_on("last_name", "postcode"),
            block_on("first_name", "postcode"),
            block_on("email"),
            block_on("phone"),
            block_on("id_number"),
        ]
        deterministic = [
            block_on("first_name", "last_name", "postcode"),
            block_on("email"),
            block_on("id_number"),
        ]
        training = [block_on("first_name", "last_name"), block_on("postcode"), block_on("email")]
    else:
        comparisons = [cl.NameComparison("name"), *shared]
        predictions = [
            block_on("name"),
            block_on("email"),
            block_on("phone"),
            block_on("id_number"),
            block_on("postcode", "substr(name, 1, 3)"),
            block_on("street", "city"),
        ]
        deterministic = [block_on("name", "postcode"), block_on("email", "phone"), block_on("id_number")]
        training = [block_on("name"), block_on("postcode"), block_on("phone")]
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=predictions,
    )
    return settings, deterministic, training


_COLUMNS = (
    "unique_id",
    "name",
    "first_name",
    "last_name",
    "full_name",
    "email",
    "phone",
    "street",
    "city",
    "postcode",
    "country",
    "id_number",
)


def _run_one(party_type: str, rows: list[ComparableRow]) -> tuple[set[frozenset[str]], int]:
    from splink import DuckDBAPI, Linker

    if len(rows) < 2:
        return set(), 0
    db_api = DuckDBAPI()
    table = db_api.register([{c: row[c] for c in _COLUMNS} for row in rows], table_name=f"{party_type}s")
    settings, deterministic, training = _settings(party_type)
    linker = Linker(table, settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=PRIOR_RECALL)
    linker.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=1)
    for rule in training:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=CLUSTER_THRESHOLD
    )
    members: dict[str, list[str]] = {}
    for record in clusters.as_record_list():
        members.setdefault(record["cluster_id"], []).append(record["unique_id"])
    scored = predictions.as_duckdbpyrelation().aggregate("count(*)").fetchall()[0][0]
    pairs = {frozenset((a, b)) for ids in members.values() for i, a in enumerate(ids) for b in ids[i + 1 :]}
    return pairs, scored


def run(rows: list[ComparableRow]) -> SplinkResult:
    """Persons and organisations as two Splink models; answers the pairs Splink put in one cluster."""
    logging.getLogger("splink").setLevel(logging.ERROR)
    started = time.perf_counter()
    pairs: set[frozenset[str]] = set()
    scored = 0
    for party_type in ("person", "organization"):
        found, count = _run_one(party_type, [row for row in rows if row["party_type"] == party_type])
        pairs |= found
        scored += count
    return SplinkResult(pairs, time.perf_counter() - started, scored)
