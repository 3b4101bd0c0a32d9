"""At start-up the API builds the busiest communities' snapshots, so first requests find them."""

from types import SimpleNamespace as NS

import pytest

from matching.recommend.weights import RecommendWeights
from matching.service_layer.recommendations import Recommendations
from matching.service_layer.snapshots import SnapshotCache, build_in_thread

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class BusiestReader:
    def __init__(self, busiest: list[str]) -> None:
        self.busiest = busiest
        self.asked: list[int] = []

    async def busiest_communities(self, limit: int) -> list[str]:
        self.asked.append(limit)
        return self.busiest[:limit]


async def test_warm_up_builds_the_busiest_communities_in_order(rw: NS) -> None:
    built: list[str] = []

    def read(community_id: str) -> object:
        built.append(community_id)
        return rw.snapshot([rw.person(f"{community_id}-r")])

    cache = SnapshotCache(build_in_thread(read, None), ttl_s=60)  # type: ignore[arg-type]
    reader = BusiestReader(["big", "middle", "small"])
    recs = Recommendations(reader, cache, RecommendWeights())  # type: ignore[arg-type]
    await recs.warm_up(2)
    assert reader.asked == [2] and built == ["big", "middle"]
    assert cache.peek("big") is not None and cache.peek("small") is None


async def test_no_warm_up_when_asked_for_none(rw: NS) -> None:
    cache = SnapshotCache(build_in_thread(lambda c: rw.snapshot([]), None), ttl_s=60)
    reader = BusiestReader(["big"])
    recs = Recommendations(reader, cache, RecommendWeights())  # type: ignore[arg-type]
    await recs.warm_up(0)
    assert reader.asked == [0] and cache.peek("big") is None
