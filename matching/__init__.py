"""The matching engine: standardise -> block -> compare -> score -> classify -> cluster, and the
estimation of its model from the records it is given.

A pure library: it works on plain records it is handed and touches no database or web framework.
"""

from matching.blocking import (
    KEY_PARTS,
    BlockingRule,
    block_sizes,
    blocking_keys,
    blocks_of,
    candidate_pairs,
    pairs_from_blocks,
)
from matching.clustering import Clustering, Conflict, Edge, cluster
from matching.comparisons import COMPARISON_KINDS, Comparison, build_comparison
from matching.estimation import (
    TrainingOutcome,
    comparison_vectors,
    content_order,
    estimate_u,
    expectation_maximisation,
    monotone_m,
    term_frequencies,
    train,
)
from matching.model import (
    LevelParameters,
    MatchModel,
    PartyModel,
    Thresholds,
    TrainingRules,
    default_model,
    default_settings,
)
from matching.records import CustomerRecord, Features, standardise
from matching.scoring import (
    MATCH,
    NO_MATCH,
    REVIEW,
    Contribution,
    ScoredPair,
    classify,
    close_comparisons,
    conflict_basis,
    conflicting,
    guarded,
    score,
)

__all__ = [
    "COMPARISON_KINDS",
    "KEY_PARTS",
    "MATCH",
    "NO_MATCH",
    "REVIEW",
    "BlockingRule",
    "Clustering",
    "Comparison",
    "Conflict",
    "Contribution",
    "CustomerRecord",
    "Edge",
    "Features",
    "LevelParameters",
    "MatchModel",
    "PartyModel",
    "ScoredPair",
    "Thresholds",
    "TrainingOutcome",
    "TrainingRules",
    "block_sizes",
    "blocking_keys",
    "blocks_of",
    "build_comparison",
    "candidate_pairs",
    "classify",
    "cluster",
    "comparison_vectors",
    "close_comparisons",
    "conflict_basis",
    "conflicting",
    "content_order",
    "default_model",
    "default_settings",
    "estimate_u",
    "expectation_maximisation",
    "guarded",
    "monotone_m",
    "pairs_from_blocks",
    "score",
    "standardise",
    "term_frequencies",
    "train",
]
