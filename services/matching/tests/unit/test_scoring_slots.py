"""Scoring runs a few at a time; a request that cannot get a turn in time is told to retry."""

import threading

import anyio
import pytest

from matching.service_layer.recommendations import Busy, Scoring

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_requests_beyond_the_slots_wait_their_turn_or_are_refused() -> None:
    scoring = Scoring(slots=1, queue_timeout_s=0.2)
    release = threading.Event()
    outcomes: list[str] = []

    def slow() -> str:
        release.wait(timeout=5)
        return "first"

    async def first() -> None:
        outcomes.append(await scoring.run(slow))

    async def second() -> None:
        await anyio.sleep(0.05)  # asks while the only slot is taken
        try:
            outcomes.append(await scoring.run(lambda: "second"))
        except Busy:
            outcomes.append("busy")
        release.set()

    with anyio.fail_after(5):
        async with anyio.create_task_group() as tg:
            tg.start_soon(first)
            tg.start_soon(second)
    assert sorted(outcomes) == ["busy", "first"]
    assert await scoring.run(lambda: "later") == "later"  # the slot was given back


async def test_a_slow_answer_is_not_turned_into_busy() -> None:
    scoring = Scoring(slots=1, queue_timeout_s=0.05)

    def slow() -> str:
        threading.Event().wait(0.2)  # longer than the queue timeout, but it had its turn
        return "done"

    assert await scoring.run(slow) == "done"
