"""The projector: consumes residents' and activities' events and writes the Neo4j graph.

At-least-once: offsets are committed only after the Neo4j transaction (and any dead letters)
succeeded. A batch that Neo4j cannot take right now is re-read after a back-off; an event that
can never be processed goes to the dead-letter topic with the reason, and the consumer carries on.
"""

import logging
import signal
import time
from functools import partial
from types import FrameType
from typing import Any

from kafka import KafkaConsumer, TopicPartition
from kafka.errors import KafkaError
from neo4j import GraphDatabase
from neo4j.exceptions import (
    ClientError,
    DatabaseError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from matching.adapters.dead_letter import DeadLetterPublisher
from matching.adapters.graph import GraphRepository
from matching.adapters.graph.derived_store import DerivedTieStore
from matching.config import Settings
from matching.service_layer.derived_ties import DerivedTiesJob
from matching.service_layer.projection import project
from shulin_events import Envelope, InvalidEvent, decode
from shulin_kit.logs import configure_logging

log = logging.getLogger(__name__)

NEO4J_UNAVAILABLE = (ServiceUnavailable, SessionExpired, TransientError, OSError)


class Projector:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._stopping = False
        self._driver = GraphDatabase.driver(
            settings.neo4j_uri,
            auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value()),
            max_transaction_retry_time=15,
        )
        self.graph = GraphRepository(self._driver, settings.neo4j_database)
        self._consumer = KafkaConsumer(
            *settings.topics,
            bootstrap_servers=settings.kafka_bootstrap,
            group_id=settings.consumer_group,
            client_id="matching-projector",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=settings.batch_max_records,
            session_timeout_ms=settings.session_timeout_ms,
            heartbeat_interval_ms=max(1000, settings.session_timeout_ms // 3),
        )
        store = DerivedTieStore(self._driver, settings.neo4j_database)
        self.derived_ties = DerivedTiesJob(store, settings.ties, settings.derived_ties)
        self._dead_letters = DeadLetterPublisher(
            settings.kafka_bootstrap, settings.dead_letter_topic, settings.consumer_group
        )

    def stop(self, *_: object) -> None:
        self._stopping = True

    def run(self) -> None:
        self._wait_for_neo4j()
        self.graph.ensure_schema()
        log.info("projector started", extra={"topics": self.settings.topics})
        try:
            while not self._stopping:
                try:
                    batch = self._consumer.poll(timeout_ms=500)
                except KafkaError as exc:  # the client reconnects; keep polling
                    log.warning("kafka unavailable, polling again: %s", exc)
                    time.sleep(1.0)
                    continue
                records = [r for recs in batch.values() for r in recs]
                if records:
                    self._handle(records)
                self._derive_ties()
        finally:
            self._consumer.close(autocommit=False)
            self._dead_letters.close()
            self._driver.close()

    def _handle(self, records: list[Any]) -> None:
        decoded: list[tuple[Any, Envelope]] = []
        for record in records:
            try:
                decoded.append((record, decode(record.value)))
            except InvalidEvent as exc:
                self._dead_letter(record, exc.reason)
        events = [event for _, event in decoded]
        try:
            written = (
                self.graph.write(partial(project, events=events, rules=self.settings.ties))
                if events
                else 0
            )
        except NEO4J_UNAVAILABLE as exc:
            log.warning("neo4j unavailable, batch will be re-read: %s", exc)
            self._rewind(records)
            time.sleep(2.0)
            return
        except (ClientError, DatabaseError) as exc:
            # The batch as a whole was refused: find the event(s) at fault one by one.
            log.warning("batch refused by neo4j, projecting one by one: %s", exc)
            written = self._project_one_by_one(decoded)
        self._commit()
        self.derived_ties.note(event.community_id for event in events)
        log.info("projected batch", extra={"records": len(records), "new_events": written})

    def _commit(self) -> None:
        """Commit the consumed offsets. With Kafka unreachable the batch stays projected and
        the next batch's commit covers it; a restart before then re-reads it, and projecting
        is idempotent (events remembered by id), so nothing is lost or doubled."""
        try:
            self._consumer.commit()
        except KafkaError as exc:
            log.warning("kafka unavailable, offsets will be committed with a later batch: %s", exc)

    def _derive_ties(self) -> None:
        """Derived tie evidence for communities with new events, at most every interval."""
        try:
            self.derived_ties.run_due()
        except (*NEO4J_UNAVAILABLE, ClientError, DatabaseError) as exc:
            log.warning("deriving ties failed, will retry: %s", exc)

    def _project_one_by_one(self, decoded: list[tuple[Any, Envelope]]) -> int:
        written = 0
        for record, event in decoded:
            try:
                written += self.graph.write(
                    partial(project, events=[event], rules=self.settings.ties)
                )
            except (ClientError, DatabaseError) as exc:
                self._dead_letter(record, f"neo4j refused the event: {exc}")
        return written

    def _dead_letter(self, record: Any, reason: str) -> None:
        log.warning(
            "dead-lettering record",
            extra={
                "topic": record.topic,
                "partition": record.partition,
                "offset": record.offset,
                "reason": reason,
            },
        )
        self._dead_letters.publish(record, reason)

    def _rewind(self, records: list[Any]) -> None:
        first: dict[TopicPartition, int] = {}
        for r in records:
            tp = TopicPartition(r.topic, r.partition)
            first[tp] = min(first.get(tp, r.offset), r.offset)
        for tp, offset in first.items():
            self._consumer.seek(tp, offset)

    def _wait_for_neo4j(self) -> None:
        delay = 0.5
        while not self._stopping:
            try:
                self._driver.verify_connectivity()
                return
            except NEO4J_UNAVAILABLE as exc:
                log.warning("waiting for neo4j: %s", exc)
                time.sleep(delay)
                delay = min(delay * 2, 10.0)


def main() -> None:

    settings = Settings()
    configure_logging(settings.log_level)
    projector = Projector(settings)

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        projector.stop()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    projector.run()


if __name__ == "__main__":
    main()
