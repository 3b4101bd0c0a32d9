"""What importing and exporting need from the gateway (a Protocol), and its GraphQL version."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from shulin_cli.gateway import operations as ops
from shulin_cli.gateway.graphql import Call, GatewayError, GraphQLClient
from shulin_cli.roster.validation import ResidentRow

GENDER_ENUM = {"female": "FEMALE", "male": "MALE", "other": "OTHER"}


@dataclass(frozen=True)
class ResidentRecord:
    id: str
    name: str
    building: str | None = None
    unit: int | None = None
    floor: int | None = None
    phone: str | None = None
    birth_year: int | None = None
    gender: str | None = None
    skills: tuple[tuple[str, int], ...] = ()  # (中文名, level)
    interests: tuple[str, ...] = ()
    external_ref: str | None = None


@dataclass(frozen=True)
class AttendanceRecord:
    resident_id: str
    name: str
    building: str | None
    external_ref: str | None
    checked_in_at: str | None


@dataclass(frozen=True)
class ActivityRef:
    id: str
    community_id: str
    starts_at: datetime


class RosterGateway(Protocol):
    def buildings(self, community_id: str) -> dict[str, str]:
        """Building name → id."""
        ...

    def add_building(
        self, community_id: str, name: str, floors: int, units: int | None, key: str
    ) -> str: ...

    def resident_by_external_ref(self, community_id: str, external_ref: str) -> str | None: ...

    def register_resident(
        self, community_id: str, building_id: str, row: ResidentRow, key: str
    ) -> str: ...

    def update_resident(self, resident_id: str, building_id: str, row: ResidentRow) -> None: ...

    def residents(self, community_id: str) -> list[ResidentRecord]: ...

    def sign_in(self, activity_id: str, resident_id: str) -> None:
        """Register the resident for an upcoming activity (if not yet) and check them in."""
        ...

    def record_attendance(self, activity_id: str, resident_ids: Sequence[str], key: str) -> None:
        """签到表 of an activity that has started, all or nothing: a GatewayError with
        `problems` naming residentIds[i] when any is refused."""
        ...

    def attendance(self, activity_id: str) -> list[AttendanceRecord]: ...

    def activity(self, activity_id: str) -> ActivityRef:
        """The activity's community and start (NOT_FOUND if there is no such activity)."""
        ...


def resident_input(row: ResidentRow) -> dict[str, Any]:
    """The profile fields a roster row carries, as the residents service's input expects."""
    fields: dict[str, Any] = {
        "displayName": row.name,
        "floor": row.floor,
        "phone": row.phone,
        "birthYear": row.birth_year,
        "gender": GENDER_ENUM.get(row.gender) if row.gender else None,
        "externalRef": row.external_ref,
    }
    return {k: v for k, v in fields.items() if v is not None}


def skills_input(row: ResidentRow) -> list[dict[str, Any]]:
    # A missing level means "some" (2): the operator listed the skill without grading it.
    return [{"tag": s.name, "level": s.level or 2} for s in row.skills]


class GraphQLRosterGateway:
    def __init__(self, client: GraphQLClient) -> None:
        self._client = client

    def _pages(self, document: str, root: str, **variables: Any) -> Iterator[dict[str, Any]]:
        after: str | None = None
        while True:
            connection = self._client.execute(document, after=after, **variables)[root]
            for edge in connection["edges"]:
                yield edge["node"]
            if not connection["pageInfo"]["hasNextPage"]:
                return
            after = connection["pageInfo"]["endCursor"]

    def buildings(self, community_id: str) -> dict[str, str]:
        nodes = self._pages(ops.BUILDINGS, "buildings", communityId=community_id)
        return {node["name"]: node["id"] for node in nodes}

    def _one(self, call: Call) -> dict[str, Any]:
        result = self._client.batch([call])[0]
        if isinstance(result, GatewayError):
            raise result
        return result

    def add_building(
        self, community_id: str, name: str, floors: int, units: int | None, key: str
    ) -> str:
        field_, type_ = ops.ADD_BUILDING
        payload = {
            "communityId": community_id,
            "name": name,
            "floors": floors,
            "idempotencyKey": key,
        }
        if units:
            payload["units"] = units
        return str(self._one(Call(field_, type_, payload))["id"])

    def resident_by_external_ref(self, community_id: str, external_ref: str) -> str | None:
        data = self._client.execute(
            ops.RESIDENT_BY_EXTERNAL_REF, communityId=community_id, externalRef=external_ref
        )
        found = data.get("residentByExternalRef")
        return str(found["id"]) if found else None

    def register_resident(
        self, community_id: str, building_id: str, row: ResidentRow, key: str
    ) -> str:
        field_, type_ = ops.REGISTER_RESIDENT
        payload = {
            "communityId": community_id,
            "buildingId": building_id,
            **resident_input(row),
            "skills": skills_input(row),
            "interests": list(row.interests),
            "idempotencyKey": key,
        }
        return str(self._one(Call(field_, type_, payload))["id"])

    def update_resident(self, resident_id: str, building_id: str, row: ResidentRow) -> None:
        profile = {k: v for k, v in resident_input(row).items() if k != "floor"}
        calls = [
            Call(*ops.UPDATE_PROFILE, {"residentId": resident_id, **profile}),
            Call(
                *ops.MOVE_RESIDENT,
                {"residentId": resident_id, "buildingId": building_id, "floor": row.floor},
            ),
            Call(*ops.SET_SKILLS, {"residentId": resident_id, "skills": skills_input(row)}),
            Call(*ops.SET_INTERESTS, {"residentId": resident_id, "interests": list(row.interests)}),
        ]
        for result in self._client.batch(calls):
            if isinstance(result, GatewayError):
                raise result

    def residents(self, community_id: str) -> list[ResidentRecord]:
        return [
            ResidentRecord(
                id=node["id"],
                name=node["displayName"],
                building=(node.get("building") or {}).get("name"),
                floor=node.get("floor"),
                skills=tuple(
                    (s["tag"]["nameZh"], s["level"])
                    for s in node.get("skills") or []
                    if s.get("tag")
                ),
                interests=tuple(t["nameZh"] for t in node.get("interests") or []),
            )
            for node in self._pages(ops.RESIDENTS, "residents", communityId=community_id)
        ]

    def sign_in(self, activity_id: str, resident_id: str) -> None:
        ids = {"activityId": activity_id, "residentId": resident_id}
        register, check_in = self._client.batch(
            [
                Call(*ops.REGISTER_FOR_ACTIVITY, ids),
                Call(*ops.CHECK_IN, ids),
            ]
        )
        if isinstance(register, GatewayError) and register.code != "CONFLICT":
            raise register  # already registered is fine
        if isinstance(check_in, GatewayError) and check_in.code != "CONFLICT":
            raise check_in

    def record_attendance(self, activity_id: str, resident_ids: Sequence[str], key: str) -> None:
        payload = {
            "activityId": activity_id,
            "residentIds": list(resident_ids),
            "idempotencyKey": key,
        }
        self._one(Call(*ops.RECORD_ATTENDANCE, payload))

    def activity(self, activity_id: str) -> ActivityRef:
        found = self._client.execute(ops.ACTIVITY_COMMUNITY, id=activity_id).get("activity")
        if found is None:
            raise GatewayError("NOT_FOUND", f"no activity {activity_id}")
        starts_at = datetime.fromisoformat(found["startsAt"])
        return ActivityRef(str(found["id"]), str(found["communityId"]), starts_at)

    def attendance(self, activity_id: str) -> list[AttendanceRecord]:
        self.activity(activity_id)  # NOT_FOUND rather than an empty sheet
        return [
            AttendanceRecord(
                resident_id=node["resident"]["id"],
                name=node["resident"].get("displayName") or "",
                building=(node["resident"].get("building") or {}).get("name"),
                external_ref=None,  # not public: the Resident type has no 编号
                checked_in_at=node.get("checkedInAt"),
            )
            for node in self._activity_pages(ops.ATTENDANCE, "attendees", activityId=activity_id)
        ]

    def _activity_pages(self, document: str, field: str, **variables: Any) -> Iterator[Any]:
        after: str | None = None
        while True:
            activity = self._client.execute(document, after=after, **variables).get("activity")
            connection = (activity or {}).get(field) or {"edges": [], "pageInfo": {}}
            for edge in connection["edges"]:
                yield edge["node"]
            if not connection["pageInfo"].get("hasNextPage"):
                return
            after = connection["pageInfo"]["endCursor"]
