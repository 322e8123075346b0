"""Process-wide settings of the long-running commands (`mdm serve`, `mdm worker`, ...)."""

import gc

YOUNG_GENERATION_ALLOCATIONS = 10_000


def tune_garbage_collection() -> None:
    """Collect less often. Ingest allocates many short-lived objects per row while the process holds many
    long-lived ones (cached features, models, lookups): with the default threshold (700 allocations) the
    collector ran so often that it cost about a quarter of a bulk load. What was loaded at start-up is
    left out of later collections altogether."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_GENERATION_ALLOCATIONS, 20, 100)
