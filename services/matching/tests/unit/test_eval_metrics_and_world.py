"""The evaluation's metrics on known rankings, and its generator's determinism."""

import pytest

from matching.evaluation.metrics import Tally, ndcg_at, precision_at, recall_at
from matching.evaluation.world import generate
from shulin_events import schemas as ev


def test_metrics_on_known_rankings() -> None:
    ranked = ["a", "x", "b", "y", "z"]
    assert precision_at(ranked, {"a", "b"}, 5) == pytest.approx(0.4)
    assert recall_at(ranked, {"a", "b", "c"}, 10) == pytest.approx(2 / 3)
    assert ndcg_at(["a", "b"], {"a", "b"}, 10) == pytest.approx(1.0)
    assert ndcg_at(["x", "a"], {"a"}, 10) == pytest.approx(1 / 1.5849625, rel=1e-6)
    assert ndcg_at(["x"], set(), 10) == 0.0
    t = Tally()
    t.add(["a"], {"a"})
    t.add(["x"], {"a"})
    assert t.means() == (0.1, 0.5, 0.5) and t.queries == 2


def test_the_generated_community_is_seeded_and_hides_a_share() -> None:
    one, two = generate("eval-t", 3, residents=60), generate("eval-t", 3, residents=60)
    assert [e.payload for e in one.events] == [e.payload for e in two.events]
    assert one.hidden_memberships and one.hidden_ties
    joined = {
        (e.payload.resident_id, e.payload.group_id)
        for e in one.events
        if isinstance(e.payload, ev.GroupJoined)
    }
    hidden = {(r, g) for r, gs in one.hidden_memberships.items() for g in gs}
    assert not joined & hidden
