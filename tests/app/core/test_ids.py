"""Minted ids are version 7 UUIDs: opaque and unique, and each sorts after the ones minted before it."""

import threading
import time
import uuid

from app.core.ids import time_ordered_uuid


def test_ids_are_rfc_9562_version_7_with_the_time_in_front():
    before = time.time_ns() // 1_000_000
    parsed = uuid.UUID(time_ordered_uuid())
    after = time.time_ns() // 1_000_000
    assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
    assert before <= parsed.int >> 80 <= after


def test_ids_minted_in_one_millisecond_still_increase():
    ids = [time_ordered_uuid() for _ in range(20_000)]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_threads_never_mint_the_same_id():
    minted: list[list[str]] = [[] for _ in range(4)]

    def mint(into: list[str]) -> None:
        into.extend(time_ordered_uuid() for _ in range(5_000))

    threads = [threading.Thread(target=mint, args=(into,)) for into in minted]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = [value for into in minted for value in into]
    assert len(set(everything)) == len(everything)
    assert all(into == sorted(into) for into in minted)
