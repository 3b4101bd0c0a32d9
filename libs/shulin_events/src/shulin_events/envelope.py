"""The event envelope on every Kafka topic, and strict decoding for consumers."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from pydantic import ValidationError

from shulin_events.schemas import PAYLOADS, VERSIONS, Payload

_ENVELOPE_FIELDS = ("event_id", "type", "version", "occurred_at", "community_id", "payload")


class InvalidEvent(Exception):
    """A record that cannot be processed; `reason` is what the dead-letter topic records."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Envelope:
    event_id: uuid.UUID
    type: str
    version: int
    occurred_at: datetime
    community_id: str
    payload: Payload

    @property
    def key(self) -> bytes:
        """Kafka key: one community's events stay in order on one partition."""
        return self.community_id.encode()


def new_envelope(
    payload: Payload, community_id: str, occurred_at: datetime | None = None
) -> Envelope:
    return Envelope(
        event_id=uuid.uuid4(),
        type=type(payload).event_type(),
        version=VERSIONS[type(payload)],
        occurred_at=occurred_at or datetime.now(UTC),
        community_id=community_id,
        payload=payload,
    )


def encode(envelope: Envelope) -> bytes:
    return orjson.dumps(
        {
            "event_id": str(envelope.event_id),
            "type": envelope.type,
            "version": envelope.version,
            "occurred_at": envelope.occurred_at.isoformat(),
            "community_id": envelope.community_id,
            "payload": envelope.payload.model_dump(mode="json"),
        }
    )


def decode(raw: bytes | None) -> Envelope:
    """Parse and validate one record value, or raise InvalidEvent saying exactly what is wrong."""
    if not raw:
        raise InvalidEvent("empty record value")
    try:
        data: Any = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise InvalidEvent(f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InvalidEvent("envelope is not a JSON object")
    missing = [name for name in _ENVELOPE_FIELDS if name not in data]
    if missing:
        raise InvalidEvent(f"envelope misses field(s): {', '.join(missing)}")
    key = (data["type"], data["version"])
    payload_cls = PAYLOADS.get(key)
    if payload_cls is None:
        known = sorted({t for t, _ in PAYLOADS})
        if data["type"] in known:
            raise InvalidEvent(f"unsupported version {data['version']!r} of {data['type']}")
        raise InvalidEvent(f"unknown event type {data['type']!r}")
    try:
        event_id = uuid.UUID(str(data["event_id"]))
        occurred_at = datetime.fromisoformat(str(data["occurred_at"]))
    except ValueError as exc:
        raise InvalidEvent(f"bad envelope field: {exc}") from None
    if occurred_at.tzinfo is None:
        raise InvalidEvent("occurred_at has no time zone")
    try:
        payload = payload_cls.model_validate(data["payload"])
    except ValidationError as exc:
        problems = "; ".join(
            f"payload.{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise InvalidEvent(problems) from None
    if getattr(payload, "community_id", data["community_id"]) != data["community_id"]:
        raise InvalidEvent("payload.community_id differs from the envelope's community_id")
    return Envelope(
        event_id, data["type"], data["version"], occurred_at, data["community_id"], payload
    )
