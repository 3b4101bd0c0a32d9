"""When `make bench` stops repeating the ingest: once Neo4j's JIT has warmed up."""

from bench.run import MAX_INGEST_RUNS, settled


def test_a_single_run_is_never_the_steady_rate() -> None:
    assert not settled([])
    assert not settled([5000.0])


def test_runs_repeat_while_each_is_clearly_faster_than_the_one_before() -> None:
    assert not settled([2578.0, 3506.0])
    assert settled([2578.0, 3506.0, 3600.0])
    assert settled([4600.0, 4300.0])  # slower: the machine, not the JIT


def test_runs_stop_at_the_limit_whatever_the_rates() -> None:
    rates = [1000.0 * 2**i for i in range(MAX_INGEST_RUNS)]
    assert not settled(rates[:-1])
    assert settled(rates)
