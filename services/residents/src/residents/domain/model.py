"""Residents (居民): profile, skills, interests, roles, consent and sensitive attributes."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum

from residents.domain.ids import new_id
from residents.domain.places import Building, Community, Household, place_in
from residents.domain.validation import (
    check_range,
    clean_languages,
    clean_name,
    clean_optional,
    clean_phone,
)
from shulin_kit.errors import InvalidInput

MAX_SKILLS = 30
MAX_INTERESTS = 30


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class Availability(StrEnum):
    WEEKDAY_DAYTIME = "weekday_daytime"
    WEEKDAY_EVENING = "weekday_evening"
    WEEKEND = "weekend"
    FLEXIBLE = "flexible"


class Role(StrEnum):
    BUILDING_HEAD = "building_head"  # 楼长
    LANE_HEAD = "lane_head"  # 巷长
    STREET_HEAD = "street_head"  # 街长
    COMMUNITY_OPERATOR = "community_operator"  # 社区运营官
    DISPUTE_OBSERVER = "dispute_observer"  # 矛盾观察员
    VOLUNTEER = "volunteer"  # 志愿者


class RecommendationMode(StrEnum):
    PERSONALISED = "personalised"
    NON_PERSONALISED = "non_personalised"
    OFF = "off"


@dataclass(frozen=True)
class Skill:
    tag: str  # canonical taxonomy tag
    level: int
    verified: bool = False


@dataclass(frozen=True)
class Consent:
    may_be_recommended: bool = True
    contact_visible_to_operators: bool = False
    recommendations: RecommendationMode = RecommendationMode.PERSONALISED


@dataclass(frozen=True)
class SensitiveAttributes:
    """Never published as such: only the care flags travel, for aggregates."""

    party_member: bool = False
    elderly_living_alone: bool = False
    needs_care: bool = False


@dataclass(frozen=True)
class Profile:
    """The fields a resident edits about themselves (phone and birth year are personal data)."""

    display_name: str
    gender: Gender | None = None
    birth_year: int | None = None
    phone: str | None = None
    moved_in_on: date | None = None
    languages: tuple[str, ...] = ()
    availability: tuple[Availability, ...] = ()

    def cleaned(self) -> "Profile":
        today = datetime.now(UTC).date()
        check_range(self.birth_year, "birthYear", 1900, today.year)
        if self.moved_in_on is not None and self.moved_in_on > today:
            raise InvalidInput("movedInOn is in the future", "movedInOn")
        return Profile(
            display_name=clean_name(self.display_name, "displayName", 40),
            gender=self.gender,
            birth_year=self.birth_year,
            phone=clean_phone(self.phone),
            moved_in_on=self.moved_in_on,
            languages=clean_languages(self.languages),
            availability=tuple(a for a in Availability if a in set(self.availability)),
        )


@dataclass
class Resident:
    id: str
    community_id: str
    building_id: str
    profile: Profile
    household_id: str | None = None
    floor: int | None = None
    external_ref: str | None = None
    consent: Consent = field(default_factory=Consent)
    sensitive: SensitiveAttributes = field(default_factory=SensitiveAttributes)
    skills: tuple[Skill, ...] = ()
    interests: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    registered_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @classmethod
    def register(
        cls,
        community: Community,
        building: Building,
        profile: Profile,
        household: Household | None = None,
        floor: int | None = None,
        external_ref: str | None = None,
        consent: Consent | None = None,
        sensitive: SensitiveAttributes | None = None,
    ) -> "Resident":
        if building.community_id != community.id:
            raise InvalidInput("buildingId belongs to another community", "buildingId")
        household_id, floor = place_in(building, household, floor)
        return cls(
            id=new_id(),
            community_id=community.id,
            building_id=building.id,
            profile=profile.cleaned(),
            household_id=household_id,
            floor=floor,
            external_ref=clean_external_ref(external_ref),
            consent=consent or Consent(),
            sensitive=sensitive or SensitiveAttributes(),
        )

    @property
    def display_name(self) -> str:
        return self.profile.display_name

    def move_to(self, building: Building, household: Household | None, floor: int | None) -> bool:
        """Move within the community; False when nothing changed."""
        if building.community_id != self.community_id:
            raise InvalidInput("buildingId belongs to another community", "buildingId")
        household_id, floor = place_in(building, household, floor)
        before = (self.building_id, self.household_id, self.floor)
        self.building_id, self.household_id, self.floor = building.id, household_id, floor
        return before != (self.building_id, self.household_id, self.floor)

    def set_skills(self, skills: Sequence[Skill]) -> bool:
        """Replace the skill set; a verification survives only if tag and level are unchanged."""
        if len(skills) > MAX_SKILLS:
            raise InvalidInput(f"skills may list at most {MAX_SKILLS} entries", "skills")
        kept = {(s.tag, s.level) for s in self.skills if s.verified}
        new: list[Skill] = []
        for i, skill in enumerate(skills):
            check_range(skill.level, f"skills[{i}].level", 1, 5)
            if any(s.tag == skill.tag for s in new):
                raise InvalidInput(f"skill {skill.tag!r} is listed twice", f"skills[{i}].tag")
            new.append(Skill(skill.tag, skill.level, (skill.tag, skill.level) in kept))
        before, self.skills = self.skills, tuple(new)
        return before != self.skills

    def verify_skill(self, tag: str, verified: bool) -> bool:
        if all(s.tag != tag for s in self.skills):
            raise InvalidInput(f"the resident has no skill {tag!r}", "tag")
        before = self.skills
        self.skills = tuple(Skill(s.tag, s.level, verified) if s.tag == tag else s for s in before)
        return before != self.skills

    def set_interests(self, interests: Sequence[str]) -> bool:
        if len(interests) > MAX_INTERESTS:
            raise InvalidInput(f"interests may list at most {MAX_INTERESTS} entries", "interests")
        before, self.interests = self.interests, tuple(dict.fromkeys(interests))
        return before != self.interests

    def set_roles(self, roles: Sequence[Role]) -> bool:
        before, self.roles = self.roles, tuple(r for r in Role if r in set(roles))
        return before != self.roles


def clean_external_ref(value: str | None) -> str | None:
    ref = clean_optional(value, "externalRef", 64)
    if ref is not None and not ref.isprintable():
        raise InvalidInput("externalRef must be printable", "externalRef")
    return ref
