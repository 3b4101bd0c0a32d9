"""How big and how busy a generated community is."""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

DEFAULT_START_DATE = date(2025, 1, 1)


@dataclass(frozen=True)
class GeneratorParameters:
    size: str  # a name for the preset; part of every id
    residents: int  # target number of residents (reached within a household)
    buildings: int
    compounds_min_buildings: int = 4
    compounds_max_buildings: int = 52  # 金域蓝湾: 52 buildings
    days: int = 365
    # The plan's last days, from the day it is made, are still to come: activities to sign up
    # for, and for 推荐活动 to recommend.
    ahead_days: int = 14
    activities_per_1000_residents: float = 60.0  # per year
    groups_per_compound: int = 5
    community_groups: int = 6
    listings_per_1000_residents: float = 120.0  # per year
    wishes_per_1000_residents: float = 15.0  # per year
    consent_rate: float = 0.9  # may be recommended to others
    newcomer_share: float = 0.35  # households from other provinces
    operators_per_1000_residents: float = 4.0
    volunteer_share: float = 0.08  # of adults


PRESETS: dict[str, GeneratorParameters] = {
    # Two months ahead: ~20 upcoming activities on the day it is loaded, and some left weeks
    # later for a demo that is started again (the plan keeps its start date).
    "demo": GeneratorParameters(size="demo", residents=2000, buildings=20, ahead_days=60),
    "bench": GeneratorParameters(size="bench", residents=20000, buildings=200),
    "tiny": GeneratorParameters(size="tiny", residents=200, buildings=3, groups_per_compound=3),
}


def preset(size: str, **overrides: object) -> GeneratorParameters:
    """A named preset with some parameters overridden (e.g. residents=5000)."""
    try:
        base = PRESETS[size]
    except KeyError:
        raise ValueError(f"unknown size {size!r}; choose one of {', '.join(PRESETS)}") from None
    return replace(base, **overrides)  # type: ignore[arg-type]


def start_date_for(today: date, params: GeneratorParameters) -> date:
    """The start date of a plan whose last `params.ahead_days` days (today on) are to come."""
    days, ahead = params.days, params.ahead_days
    if not 0 <= ahead <= days:
        raise ValueError(f"ahead_days must be between 0 and days ({days}), not {ahead}")
    return today - timedelta(days=days - ahead)


def kept_start_date(state_dir: Path, key: str, params: GeneratorParameters, today: date) -> date:
    """The start date of plan `key` as loaded before (kept in `state_dir`), else that of a plan
    ending `params.ahead_days` after `today`, kept from now on, so that a later load resumes the
    same plan."""
    kept = state_dir / f"start-{key}.txt"
    if kept.exists():
        return date.fromisoformat(kept.read_text().strip())
    loaded_before_kept = (state_dir / f"load-{key}.json").exists()
    start = DEFAULT_START_DATE if loaded_before_kept else start_date_for(today, params)
    state_dir.mkdir(parents=True, exist_ok=True)
    kept.write_text(start.isoformat() + "\n")
    return start
