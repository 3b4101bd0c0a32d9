"""Interest groups (兴趣社团) and neighbour associations (街坊会), and their members."""

import enum
from dataclasses import dataclass, field
from datetime import UTC, datetime

from activities.domain.model import new_id
from activities.domain.validation import clean_id, clean_long_text, clean_text
from shulin_kit.errors import InvalidInput

MAX_NAME = 40
MAX_DESCRIPTION = 500


class GroupKind(enum.Enum):
    INTEREST_GROUP = "INTEREST_GROUP"  # 兴趣社团
    NEIGHBOUR_ASSOCIATION = "NEIGHBOUR_ASSOCIATION"  # 街坊会


class GroupRole(enum.Enum):
    LEADER = "LEADER"  # 会长 / 团长
    ORGANISER = "ORGANISER"  # 骨干
    MEMBER = "MEMBER"


@dataclass
class Group:
    id: str
    community_id: str
    name: str
    kind: GroupKind
    description: str = ""
    tags: tuple[str, ...] = ()
    building_id: str | None = None  # only residents of this building may join
    compound_id: str | None = None  # only residents of this compound may join
    member_count: int = 0
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @classmethod
    def create(
        cls,
        community_id: str,
        name: str,
        kind: GroupKind,
        description: str = "",
        tags: tuple[str, ...] = (),
        building_id: str | None = None,
        compound_id: str | None = None,
    ) -> "Group":
        if building_id is not None and compound_id is not None:
            raise InvalidInput(
                "give a buildingId or a compoundId as the group's scope, not both", "compoundId"
            )
        return cls(
            id=new_id(),
            community_id=clean_id(community_id, "communityId"),
            name=clean_text(name, "name", MAX_NAME),
            kind=kind,
            description=clean_long_text(description, "description", MAX_DESCRIPTION),
            tags=tags,
            building_id=building_id,
            compound_id=compound_id,
        )

    def admits(self, building_id: str | None, compound_id: str | None) -> bool:
        if self.building_id is not None:
            return building_id == self.building_id
        if self.compound_id is not None:
            return compound_id == self.compound_id
        return True

    @property
    def scope(self) -> str:
        if self.building_id is not None:
            return f"building {self.building_id!r}"
        if self.compound_id is not None:
            return f"compound {self.compound_id!r}"
        return "the whole community"


@dataclass
class Membership:
    group_id: str
    resident_id: str
    role: GroupRole = GroupRole.MEMBER
    joined_at: datetime = field(default_factory=lambda: datetime.now(UTC))
