"""Events published by the residents service (topic residents.events).

Lists inside payloads (skills, interests, roles, languages) are the full current set, not a
diff, so applying an event twice or late leaves the same state.
"""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shulin_events.schemas.base import Payload

Gender = Literal["female", "male", "other"]
Availability = Literal["weekday_daytime", "weekday_evening", "weekend", "flexible"]
Role = Literal[
    "building_head",  # 楼长
    "lane_head",  # 巷长
    "street_head",  # 街长
    "community_operator",  # 社区运营官
    "dispute_observer",  # 矛盾观察员
    "volunteer",  # 志愿者
]
RecommendationMode = Literal["personalised", "non_personalised", "off"]
TagKind = Literal["skill", "interest"]


class SkillLevel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    tag: str  # canonical taxonomy tag, e.g. "nurse"
    level: int = Field(ge=1, le=5)
    verified: bool = False  # verified by community staff


class CommunityRegistered(Payload):
    community_id: str
    name: str
    district: str | None = None


class CompoundAdded(Payload):
    """小区: a residential estate inside a community."""

    compound_id: str
    community_id: str
    name: str


class BuildingAdded(Payload):
    building_id: str
    community_id: str
    name: str
    floors: int = Field(ge=1)
    compound_id: str | None = None
    units: int = Field(default=1, ge=1)


class ResidentRegistered(Payload):
    """Where a resident lives and what others may match them on. v2 carries no name, birth year
    or gender (v1 did): no consumer needs them, and names are served by the residents subgraph
    under its own rules, so they stay out of the log."""

    VERSION = 2

    resident_id: str
    community_id: str
    building_id: str
    floor: int | None = None
    household_id: str | None = None
    moved_in_on: date | None = None
    languages: tuple[str, ...] = ()  # e.g. ("普通话", "粤语")
    availability: tuple[Availability, ...] = ()
    may_be_recommended: bool = True


class ResidentProfileUpdated(Payload):
    """What others may match a resident on, after an edit (full snapshot). v2: no name, birth
    year or gender, as ResidentRegistered."""

    VERSION = 2

    resident_id: str
    community_id: str
    languages: tuple[str, ...] = ()
    availability: tuple[Availability, ...] = ()


class ResidentMoved(Payload):
    resident_id: str
    community_id: str
    building_id: str
    floor: int | None = None
    household_id: str | None = None


class ResidentSkillsChanged(Payload):
    resident_id: str
    community_id: str
    skills: tuple[SkillLevel, ...]


class ResidentInterestsChanged(Payload):
    resident_id: str
    community_id: str
    interests: tuple[str, ...]  # canonical taxonomy tags


class ResidentRolesChanged(Payload):
    resident_id: str
    community_id: str
    roles: tuple[Role, ...]


class ResidentConsentChanged(Payload):
    resident_id: str
    community_id: str
    may_be_recommended: bool  # may appear in others' recommendations
    contact_visible_to_operators: bool
    recommendations: RecommendationMode = (
        "personalised"  # what this resident is shown (PIPL art. 24)
    )


class ResidentCareFlagsChanged(Payload):
    """Sensitive: used only in aggregates (the isolated elderly per building), never shown. v2
    carries only what those aggregates count; whether someone needs care stays in the residents
    service (v1 carried it too)."""

    VERSION = 2

    resident_id: str
    community_id: str
    elderly_living_alone: bool


class ResidentRemoved(Payload):
    """Right to erasure: consumers delete everything they hold about the resident."""

    resident_id: str
    community_id: str


class AcquaintanceDeclared(Payload):
    """ "I know this neighbour": one-sided until the other confirms."""

    community_id: str
    from_resident_id: str
    to_resident_id: str
    context: str | None = None  # e.g. "check-in:<activity id>", "building"


class AcquaintanceConfirmed(Payload):
    """The declared-to resident confirmed: now a mutual acquaintance."""

    community_id: str
    from_resident_id: str
    to_resident_id: str


class TaxonomyTagDefined(Payload):
    """A skill or interest tag was created or edited (envelope community_id = GLOBAL_COMMUNITY)."""

    kind: TagKind
    tag: str
    name_zh: str
    name_en: str
    category: str
    synonyms: tuple[str, ...] = ()
    description: str = ""


class ResidentRegisteredV1(Payload):
    """Read only: published until 2026-11; consumers ignore the personal fields."""

    TYPE = "ResidentRegistered"

    resident_id: str
    community_id: str
    building_id: str
    display_name: str
    floor: int | None = None
    household_id: str | None = None
    moved_in_on: date | None = None
    birth_year: int | None = None
    gender: Gender | None = None
    languages: tuple[str, ...] = ()
    availability: tuple[Availability, ...] = ()
    may_be_recommended: bool = True


class ResidentProfileUpdatedV1(Payload):
    """Read only: published until 2026-11; consumers ignore the personal fields."""

    TYPE = "ResidentProfileUpdated"

    resident_id: str
    community_id: str
    display_name: str
    birth_year: int | None = None
    gender: Gender | None = None
    languages: tuple[str, ...] = ()
    availability: tuple[Availability, ...] = ()


class ResidentCareFlagsChangedV1(Payload):
    """Read only: published until 2026-11; consumers ignore `needs_care`."""

    TYPE = "ResidentCareFlagsChanged"

    resident_id: str
    community_id: str
    elderly_living_alone: bool
    needs_care: bool


EVENTS: tuple[type[Payload], ...] = (
    CommunityRegistered,
    CompoundAdded,
    BuildingAdded,
    ResidentRegistered,
    ResidentProfileUpdated,
    ResidentMoved,
    ResidentSkillsChanged,
    ResidentInterestsChanged,
    ResidentRolesChanged,
    ResidentConsentChanged,
    ResidentCareFlagsChanged,
    ResidentRemoved,
    AcquaintanceDeclared,
    AcquaintanceConfirmed,
    TaxonomyTagDefined,
)

# Earlier versions, still decoded: their events stay in the topic until its retention ends, and a
# replay from older offsets meets them. Never published any more.
OLDER_VERSIONS: tuple[type[Payload], ...] = (
    ResidentRegisteredV1,
    ResidentProfileUpdatedV1,
    ResidentCareFlagsChangedV1,
)
