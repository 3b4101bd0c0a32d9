"""The projector's batches in flight: what is committed, and where a refused batch is re-read."""

from typing import NamedTuple

from kafka import TopicPartition

from matching.entrypoints.in_flight import InFlight

RES, ACT = TopicPartition("residents", 0), TopicPartition("activities", 0)


class Record(NamedTuple):
    topic: str
    partition: int
    offset: int


def records(tp: TopicPartition, first: int, last: int) -> list[Record]:
    return [Record(tp.topic, tp.partition, o) for o in range(first, last + 1)]


def test_a_written_batch_commits_the_offset_after_its_last_record_of_each_partition() -> None:
    flight = InFlight()
    batch = flight.read(records(RES, 10, 19) + records(ACT, 5, 6), [])
    assert batch.first == {RES: 10, ACT: 5}
    assert batch.next == {RES: 20, ACT: 7}
    assert flight.written(batch) and len(flight) == 0


def test_a_refused_batch_is_re_read_with_every_batch_read_after_it() -> None:
    flight = InFlight()
    written = flight.read(records(RES, 0, 9), [])
    refused = flight.read(records(RES, 10, 19), [])
    later = flight.read(records(RES, 20, 29) + records(ACT, 100, 101), [])
    assert flight.written(written)
    # the activities partition appears only in the later batch, and is re-read from there too
    assert flight.refused(refused) == {RES: 10, ACT: 100}
    assert len(flight) == 0
    # outcomes of the abandoned batches, arriving late, commit nothing and rewind nothing
    assert not flight.written(later)
    assert flight.refused(later) == {}


def test_batches_read_after_a_rewind_are_of_the_next_generation() -> None:
    flight = InFlight()
    old = flight.read(records(RES, 0, 9), [])
    flight.refused(old)
    new = flight.read(records(RES, 0, 9), [])
    assert new.generation == old.generation + 1
    assert flight.is_current(new) and not flight.is_current(old)
    assert flight.written(new)
