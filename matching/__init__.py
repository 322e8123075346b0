"""The matching engine: standardise -> block -> compare -> score -> classify -> cluster.

A pure library: it works on plain records it is handed and touches no database or web framework.
"""

from matching.blocking import DEFAULT_RULES, BlockingRule, block_sizes, blocking_keys, candidate_pairs
from matching.clustering import Clustering, Edge, cluster
from matching.comparisons import COMPARISONS, Comparison
from matching.estimation import (
    estimate_u,
    expectation_maximisation,
    frequencies_from_blocks,
    level_vectors,
    term_frequencies,
    with_estimates,
)
from matching.model import LevelParameters, MatchModel, Thresholds, default_model
from matching.records import CustomerRecord, Features, standardise
from matching.scoring import MATCH, NO_MATCH, REVIEW, Contribution, ScoredPair, classify, score

__all__ = [
    "COMPARISONS",
    "DEFAULT_RULES",
    "MATCH",
    "NO_MATCH",
    "REVIEW",
    "BlockingRule",
    "Clustering",
    "Comparison",
    "Contribution",
    "CustomerRecord",
    "Edge",
    "Features",
    "LevelParameters",
    "MatchModel",
    "ScoredPair",
    "Thresholds",
    "block_sizes",
    "blocking_keys",
    "candidate_pairs",
    "classify",
    "cluster",
    "default_model",
    "estimate_u",
    "expectation_maximisation",
    "frequencies_from_blocks",
    "level_vectors",
    "score",
    "standardise",
    "term_frequencies",
    "with_estimates",
]
