"""Publishes records that cannot be processed to the dead-letter topic, with the reason."""

import base64
from datetime import UTC, datetime
from typing import Any

import orjson
from kafka import KafkaProducer


def dead_letter_value(record: Any, reason: str, consumer_group: str) -> bytes:
    """The dead letter keeps the original bytes (base64) so it can be inspected and replayed."""
    return orjson.dumps(
        {
            "reason": reason,
            "consumer_group": consumer_group,
            "source": {
                "topic": record.topic,
                "partition": record.partition,
                "offset": record.offset,
            },
            "key": record.key.decode(errors="replace") if record.key else None,
            "value_base64": base64.b64encode(record.value).decode() if record.value else None,
            "failed_at": datetime.now(UTC).isoformat(),
        }
    )


class DeadLetterPublisher:
    def __init__(self, bootstrap_servers: str, topic: str, consumer_group: str) -> None:
        self._topic = topic
        self._consumer_group = consumer_group
        self._producer = KafkaProducer(
            bootstrap_servers=bootstrap_servers, client_id="matching-dead-letter", acks="all"
        )

    def publish(self, record: Any, reason: str) -> None:
        """Blocks until Kafka acknowledged, so the source offset may then be committed."""
        value = dead_letter_value(record, reason, self._consumer_group)
        self._producer.send(self._topic, key=record.key, value=value).get(timeout=30)

    def close(self) -> None:
        self._producer.close(timeout=5)
