"""The machine figures `make bench` records beside its results."""

from bench.run import loopback_round_trip_us, machine


def test_the_machine_is_described_by_model_kernel_and_two_timings() -> None:
    found = machine()

    assert set(found) == {"cpu_model", "kernel", "python_loop_ms", "loopback_round_trip_us"}
    assert found["kernel"]
    assert found["python_loop_ms"] > 0
    assert found["loopback_round_trip_us"] > 0


def test_a_loopback_round_trip_is_one_byte_each_way_and_ends() -> None:
    # A few rounds: each must get its byte back, or recv() would block and the test hang.
    assert loopback_round_trip_us(rounds=10) > 0
