"""Time windows planners ask about: whole local days (Asia/Shanghai), both ends included."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from shulin_kit.errors import InvalidInput

LOCAL = ZoneInfo("Asia/Shanghai")
MAX_WINDOWS = 60
MAX_DAYS = 3660
# Days a window may touch: wide enough for any record, narrow enough for datetime arithmetic
# (found by fuzzing: 0001-01-01 overflowed converting to UTC, an internal error).
EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)


def in_range(day: date, field: str) -> date:
    if not EARLIEST <= day <= LATEST:
        raise InvalidInput(f"dates must be between {EARLIEST} and {LATEST}, got {day}", field)
    return day


@dataclass(frozen=True)
class Window:
    """[start, end) in UTC; `first_day` and `last_day` are the local days the planner chose."""

    first_day: date
    last_day: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, time(), LOCAL).astimezone(UTC)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last_day + timedelta(days=1), time(), LOCAL).astimezone(UTC)

    @property
    def start_ms(self) -> int:
        return int(self.start.timestamp() * 1000)

    @property
    def end_ms(self) -> int:
        return int(self.end.timestamp() * 1000)

    @property
    def label(self) -> str:
        whole_month = self.first_day.day == 1 and (self.last_day + timedelta(days=1)).day == 1
        if whole_month and self.first_day.strftime("%Y%m") == self.last_day.strftime("%Y%m"):
            return f"{self.first_day:%Y-%m}"
        return f"{self.first_day:%Y-%m-%d}~{self.last_day:%Y-%m-%d}"


def window(first_day: date, last_day: date, field: str = "window") -> Window:
    in_range(first_day, f"{field}.start")
    in_range(last_day, f"{field}.end")
    if last_day < first_day:
        raise InvalidInput(
            f"窗口结束日期早于开始日期 / the window ends ({last_day}) before it starts "
            f"({first_day})",
            f"{field}.end",
        )
    if (last_day - first_day).days > MAX_DAYS:
        raise InvalidInput(f"a window spans at most {MAX_DAYS} days", f"{field}.end")
    return Window(first_day, last_day)


def check_windows(windows: list[Window], field: str = "windows") -> list[Window]:
    if not windows:
        raise InvalidInput("give at least one window", field)
    if len(windows) > MAX_WINDOWS:
        raise InvalidInput(f"at most {MAX_WINDOWS} windows per request", field)
    return windows


def month_window(year: int, month: int) -> Window:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return Window(first, following - timedelta(days=1))


def monthly_windows(first_month: date, months: int, field: str = "months") -> list[Window]:
    """`months` calendar months starting with the month of `first_month`."""
    if not 1 <= months <= MAX_WINDOWS:
        raise InvalidInput(f"months must be between 1 and {MAX_WINDOWS}", field)
    in_range(first_month, "firstMonth")
    in_range(first_month + timedelta(days=31 * months), "firstMonth")
    out = []
    for i in range(months):
        m = first_month.month - 1 + i
        out.append(month_window(first_month.year + m // 12, m % 12 + 1))
    return out


def around(pivot: date, days_before: int, days_after: int) -> tuple[Window, Window]:
    """The window just before `pivot` and the one starting on it (before/after a programme)."""
    for name, days in (("daysBefore", days_before), ("daysAfter", days_after)):
        if not 1 <= days <= MAX_DAYS:
            raise InvalidInput(f"{name} must be between 1 and {MAX_DAYS}", name)
    in_range(pivot, "pivot")  # first: the arithmetic below then stays in range
    in_range(pivot - timedelta(days=days_before), "daysBefore")
    in_range(pivot + timedelta(days=days_after), "daysAfter")
    before = Window(pivot - timedelta(days=days_before), pivot - timedelta(days=1))
    return before, Window(pivot, pivot + timedelta(days=days_after - 1))


def last_days(today: date, days: int = 30) -> Window:
    return Window(today - timedelta(days=days - 1), today)


def local_today(now: datetime) -> date:
    return now.astimezone(LOCAL).date()
