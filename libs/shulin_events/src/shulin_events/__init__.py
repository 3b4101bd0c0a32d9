"""Shulin's event contracts: one envelope, typed payloads, topic names, and the outbox."""

from shulin_events.envelope import Envelope, InvalidEvent, decode, encode, new_envelope
from shulin_events.topics import ACTIVITIES_TOPIC, DEAD_LETTER_TOPIC, RESIDENTS_TOPIC

__all__ = [
    "ACTIVITIES_TOPIC",
    "DEAD_LETTER_TOPIC",
    "RESIDENTS_TOPIC",
    "Envelope",
    "InvalidEvent",
    "decode",
    "encode",
    "new_envelope",
]
