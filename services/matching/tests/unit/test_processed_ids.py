"""The projector's copy of which event ids each stream has had projected."""

from matching.adapters.graph.processed_ids import ProcessedIds

DAY = 86_400.0


class Clock:
    def __init__(self) -> None:
        self.now = 100 * DAY

    def __call__(self) -> float:
        return self.now


def test_a_stream_never_read_is_not_complete() -> None:
    assert not ProcessedIds(keep_s=None).is_complete("residents.events/c1", 0)


def test_ids_count_once_the_stream_is_read_and_its_batches_committed() -> None:
    processed = ProcessedIds(keep_s=None)
    processed.reload("s", 2, [(1.0, ["a", "b"]), (2.0, ["c"])])
    assert processed.is_complete("s", 2)
    assert processed.seen("s", ["a", "c", "x"]) == {"a", "c"}

    processed.add("s", 3, ["x"])
    assert processed.is_complete("s", 3)
    assert processed.seen("s", ["x", "y"]) == {"x"}


def test_a_batch_no_one_saw_coming_makes_the_copy_incomplete() -> None:
    processed = ProcessedIds(keep_s=None)
    processed.reload("s", 2, [(1.0, ["a"])])
    processed.add("s", 4, ["z"])  # batch 3 was written by another projector
    assert not processed.is_complete("s", 4)
    assert not processed.is_complete("s", 2)


def test_a_transaction_that_projected_nothing_new_still_counts_its_batch() -> None:
    processed = ProcessedIds(keep_s=None)
    processed.reload("s", 0, [])
    processed.add("s", 1, [])
    assert processed.is_complete("s", 1)


def test_streams_are_separate() -> None:
    processed = ProcessedIds(keep_s=None)
    processed.reload("residents.events/c1", 1, [(1.0, ["a"])])
    processed.reload("activities.events/c1", 1, [])
    assert processed.seen("activities.events/c1", ["a"]) == set()


def test_ids_older_than_the_keep_period_are_forgotten() -> None:
    clock = Clock()
    processed = ProcessedIds(keep_s=30 * DAY, clock=clock)
    processed.reload("s", 1, [(clock.now - 40 * DAY, ["old"]), (clock.now - DAY, ["recent"])])
    assert processed.seen("s", ["old", "recent"]) == {"recent"}
    processed.add("s", 2, ["new"])
    clock.now += 30 * DAY - 1
    assert processed.seen("s", ["recent", "new"]) == {"new"}
    assert processed.since() == clock.now - 30 * DAY


def test_keeping_for_ever_reads_every_batch() -> None:
    assert ProcessedIds(keep_s=None).since() == 0.0


def test_whether_ids_remembered_one_per_node_are_left_is_asked_again_after_a_while() -> None:
    clock = Clock()
    processed = ProcessedIds(keep_s=None, clock=clock)
    assert processed.legacy_due()
    processed.legacy_checked(True)
    assert processed.legacy_left and not processed.legacy_due()
    clock.now += 600
    assert processed.legacy_due()
    processed.legacy_checked(False)
    clock.now += 6000
    assert not processed.legacy_left and not processed.legacy_due()  # none come back
