"""Identifiers: time-ordered UUIDs (version 7), so ordering by id lists the oldest first."""

import os
import time
import uuid


def new_id() -> str:
    """A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits."""
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (millis & (2**48 - 1)) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62  # variant
    value |= rand & (2**62 - 1)
    return str(uuid.UUID(int=value))
