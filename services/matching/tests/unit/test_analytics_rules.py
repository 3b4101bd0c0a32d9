"""The small-cell rule, time windows and the TTL cache."""

from datetime import date

import pytest

from matching.analytics.cache import TtlCache
from matching.analytics.suppression import (
    SUBGROUP_TOO_SMALL,
    UNIT_TOO_SMALL,
    Figure,
    change,
    subgroup_figure,
    unit_figure,
)
from matching.analytics.windows import around, monthly_windows, window
from shulin_kit.errors import InvalidInput


def test_a_unit_under_five_residents_is_suppressed_not_zero() -> None:
    f = unit_figure(0.5, 4)
    assert f.suppressed and f.value is None and f.reason == UNIT_TOO_SMALL
    assert unit_figure(0.5, 5) == Figure(0.5)


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_subgroup_counts_of_one_to_four_are_suppressed(count: int) -> None:
    f = subgroup_figure(count, count, 100)
    assert f.suppressed and f.value is None and f.reason == SUBGROUP_TOO_SMALL


def test_zero_and_five_are_shown() -> None:
    assert subgroup_figure(0, 0, 100) == Figure(0)
    assert subgroup_figure(5, 5, 100) == Figure(5)
    assert subgroup_figure(0, 0, 3).reason == UNIT_TOO_SMALL


def test_a_change_with_a_suppressed_side_is_suppressed() -> None:
    assert change(Figure(0.1), Figure(0.3)).value == pytest.approx(0.2)
    assert change(unit_figure(1, 2), Figure(3)).suppressed
    assert change(Figure(3), subgroup_figure(2, 2, 50)).reason == SUBGROUP_TOO_SMALL


def test_a_window_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidInput) as e:
        window(date(2024, 3, 1), date(2024, 2, 1))
    assert e.value.field == "window.end"


def test_windows_are_local_days_both_included() -> None:
    w = window(date(2024, 3, 1), date(2024, 3, 31))
    assert w.start.isoformat() == "2024-02-29T16:00:00+00:00"  # midnight in Shanghai
    assert w.end.isoformat() == "2024-03-31T16:00:00+00:00"
    assert w.label == "2024-03"
    assert window(date(2024, 3, 5), date(2024, 3, 5)).label == "2024-03-05~2024-03-05"


def test_monthly_windows_cross_the_year() -> None:
    ws = monthly_windows(date(2023, 11, 15), 3)
    assert [w.label for w in ws] == ["2023-11", "2023-12", "2024-01"]
    assert ws[1].last_day == date(2023, 12, 31)
    with pytest.raises(InvalidInput):
        monthly_windows(date(2023, 11, 1), 0)


def test_before_and_after_meet_at_the_pivot() -> None:
    before, after = around(date(2024, 5, 1), 30, 60)
    assert (before.first_day, before.last_day) == (date(2024, 4, 1), date(2024, 4, 30))
    assert (after.first_day, after.last_day) == (date(2024, 5, 1), date(2024, 6, 29))
    assert before.end == after.start


def test_cache_serves_within_ttl_and_reports_age() -> None:
    clock = [1000.0]
    cache = TtlCache(60, clock=lambda: clock[0])
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cache.get_or_compute("k", compute).value == 1
    clock[0] += 30
    hit = cache.get_or_compute("k", compute)
    assert (hit.value, hit.age_seconds) == (1, 30)
    clock[0] += 31
    miss = cache.get_or_compute("k", compute)
    assert (miss.value, miss.age_seconds) == (2, 0)


def test_windows_out_of_the_supported_dates_are_refused_not_an_internal_error() -> None:
    """Found by fuzzing through the gateway: 0001-01-01 overflowed converting to UTC."""
    from datetime import date

    import pytest

    from matching.analytics.windows import around, monthly_windows, window
    from shulin_kit.errors import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        window(date(1, 1, 1), date(11, 1, 1))
    assert refused.value.field == "window.start"
    with pytest.raises(InvalidInput):
        monthly_windows(date(9999, 12, 1), 3)
    with pytest.raises(InvalidInput):
        around(date(1, 1, 1), 30, 30)
