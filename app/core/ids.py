"""Identifiers the hub mints: UUID version 7 (RFC 9562), whose leading 48 bits are the Unix time in
milliseconds. They stay as unique and opaque as random UUIDs, but new ones sort after old ones, so every
index over them (golden records, their versions, links and search terms, outbox event ids) grows at its
end instead of at a random page."""

import os
import threading
import time

_lock = threading.Lock()
_last = 0


def time_ordered_uuid() -> str:
    """A UUIDv7 string; strictly increasing within this process, even within one millisecond (the 12
    bits after the version then count on, as RFC 9562 section 6.2 method 1 allows)."""
    global _last
    random_bits = int.from_bytes(os.urandom(10), "big")
    with _lock:
        timestamp = time.time_ns() // 1_000_000
        counter = random_bits >> 68  # 12 bits
        candidate = (timestamp << 12) | counter
        if candidate <= _last:
            candidate = _last + 1
        _last = candidate
    timestamp, counter = candidate >> 12, candidate & 0xFFF
    value = (timestamp << 80) | (0x7 << 76) | (counter << 64) | (0b10 << 62) | (random_bits & (2**62 - 1))
    text = f"{value:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
