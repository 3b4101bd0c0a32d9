"""Import and export use cases: validated rows in, gateway calls out, an outcome per row.

Re-importing updates: a row with an 编号 (external_ref) that the community already has updates
that resident instead of registering them again.
"""

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from shulin_cli.gateway.graphql import GatewayError, chunks
from shulin_cli.gateway.roster_gateway import AttendanceRecord, ResidentRecord, RosterGateway
from shulin_cli.roster.validation import BuildingRow, Problem, ResidentRow, SignInRow

Progress = Callable[[], None]

RESIDENT_EXPORT_HEADERS = (
    "编号", "姓名", "楼栋", "单元", "楼层", "电话", "出生年份", "性别", "技能", "兴趣", "系统ID",
)  # fmt: skip
ATTENDANCE_EXPORT_HEADERS = ("编号", "姓名", "楼栋", "签到时间", "系统ID")
MAX_ATTENDANCE = 500  # residents per recordAttendance call
RESIDENT_INDEX = re.compile(r"residentIds\[(\d+)\]")
GENDER_ZH = {"female": "女", "male": "男", "other": "其他"}


@dataclass
class ImportOutcome:
    created: int = 0
    updated: int = 0
    problems: list[Problem] = field(default_factory=list)  # rows the server refused

    @property
    def failed_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems})


def idempotency_key(scope: str, *parts: object) -> str:
    """A stable key for one create, so retrying an import never creates twice."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]
    return f"shulin-{scope}-{digest}"


def _server_problem(row: int, error: GatewayError) -> Problem:
    column = error.field or "-"
    return Problem(
        row, column, f"服务器拒绝：{error.message}", f"refused ({error.code}): {error.message}"
    )


def import_residents(
    gateway: RosterGateway,
    community_id: str,
    rows: Sequence[ResidentRow],
    create_buildings: bool,
    progress: Progress = lambda: None,
) -> ImportOutcome:
    outcome = ImportOutcome()
    buildings = gateway.buildings(community_id)
    highest_floor: dict[str, int] = {}
    for row in rows:
        highest_floor[row.building] = max(highest_floor.get(row.building, 1), row.floor or 1)
    for row in rows:
        try:
            building_id = buildings.get(row.building)
            if building_id is None and not create_buildings:
                outcome.problems.append(
                    Problem(
                        row.row,
                        "楼栋/building",
                        f"楼栋“{row.building}”不存在（可加 --create-buildings）",
                        f"unknown building {row.building!r} (add --create-buildings)",
                    )
                )
                continue
            if building_id is None:
                key = idempotency_key("building", community_id, row.building)
                building_id = gateway.add_building(
                    community_id, row.building, highest_floor[row.building], None, key
                )
                buildings[row.building] = building_id
            existing = (
                gateway.resident_by_external_ref(community_id, row.external_ref)
                if row.external_ref
                else None
            )
            if existing is not None:
                gateway.update_resident(existing, building_id, row)
                outcome.updated += 1
            else:
                key = idempotency_key(
                    "resident", community_id, row.external_ref or (row.row, row.name, row.building)
                )
                gateway.register_resident(community_id, building_id, row, key)
                outcome.created += 1
        except GatewayError as error:
            outcome.problems.append(_server_problem(row.row, error))
        finally:
            progress()
    return outcome


def import_buildings(
    gateway: RosterGateway,
    community_id: str,
    rows: Sequence[BuildingRow],
    progress: Progress = lambda: None,
) -> ImportOutcome:
    """Buildings that already exist (by name) are left as they are."""
    outcome = ImportOutcome()
    existing = gateway.buildings(community_id)
    for row in rows:
        try:
            if row.name not in existing:
                key = idempotency_key("building", community_id, row.name)
                existing[row.name] = gateway.add_building(
                    community_id, row.name, row.floors, row.units, key
                )
                outcome.created += 1
        except GatewayError as error:
            outcome.problems.append(_server_problem(row.row, error))
        finally:
            progress()
    return outcome


def import_sign_ins(
    gateway: RosterGateway,
    activity_id: str,
    rows: Sequence[SignInRow],
    progress: Progress = lambda: None,
    now: datetime | None = None,
) -> ImportOutcome:
    """签到表: each row names a resident (编号 first, else a unique name). A started activity gets
    one recordAttendance per sheet; an upcoming one a registration and check-in per resident."""
    outcome = ImportOutcome()
    activity = gateway.activity(activity_id)
    by_name: dict[str, list[ResidentRecord]] = {}
    if any(row.external_ref is None for row in rows):
        for resident in gateway.residents(activity.community_id):
            by_name.setdefault(resident.name, []).append(resident)
    signed: dict[str, int] = {}  # resident id → the first row naming them
    for row in rows:
        try:
            resident_id = _who_signed(gateway, activity.community_id, row, by_name, outcome)
            if resident_id is not None:
                signed.setdefault(resident_id, row.row)
        except GatewayError as error:
            outcome.problems.append(_server_problem(row.row, error))
        finally:
            progress()
    if activity.starts_at <= (now or datetime.now(UTC)):
        _record_sheet(gateway, activity_id, signed, outcome)
    else:
        for resident_id, row_number in signed.items():
            try:
                gateway.sign_in(activity_id, resident_id)
                outcome.created += 1
            except GatewayError as error:
                outcome.problems.append(_server_problem(row_number, error))
    return outcome


def _record_sheet(
    gateway: RosterGateway, activity_id: str, signed: dict[str, int], outcome: ImportOutcome
) -> None:
    """recordAttendance is all or nothing: drop the residents it names as refused, send the rest."""
    for chunk in chunks(list(signed), MAX_ATTENDANCE):
        pending = list(chunk)
        while pending:
            key = idempotency_key("attendance", activity_id, *pending)
            try:
                gateway.record_attendance(activity_id, pending, key)
                outcome.created += len(pending)
                break
            except GatewayError as error:
                refused = _refused_indices(error, len(pending))
                if not refused:  # nothing to blame on one resident: every row fails
                    outcome.problems += [_server_problem(signed[r], error) for r in pending]
                    break
                for index, message in refused.items():
                    outcome.problems.append(
                        _server_problem(signed[pending[index]], replace(error, message=message))
                    )
                pending = [r for i, r in enumerate(pending) if i not in refused]


def _refused_indices(error: GatewayError, count: int) -> dict[int, str]:
    refused: dict[int, str] = {}
    if error.code == "BAD_USER_INPUT":
        for field_, message in error.problems:
            found = RESIDENT_INDEX.fullmatch(field_)
            if found and int(found.group(1)) < count:
                refused[int(found.group(1))] = message
    return refused


def _who_signed(
    gateway: RosterGateway,
    community_id: str,
    row: SignInRow,
    by_name: dict[str, list[ResidentRecord]],
    outcome: ImportOutcome,
) -> str | None:
    if row.external_ref:
        found = gateway.resident_by_external_ref(community_id, row.external_ref)
        if found is None:
            outcome.problems.append(
                Problem(
                    row.row,
                    "编号/external_ref",
                    "没有这个编号的居民",
                    "no resident has this external_ref",
                )
            )
        return found
    candidates = by_name.get(row.name or "", [])
    if row.phone:
        candidates = [c for c in candidates if c.phone == row.phone] or candidates
    if len(candidates) == 1:
        return candidates[0].id
    zh, en = (
        ("没有叫这个名字的居民", "no resident has this name")
        if not candidates
        else (
            "同名居民不止一位，请填编号",
            "several residents share this name: give the external_ref",
        )
    )
    outcome.problems.append(Problem(row.row, "姓名/name", zh, en))
    return None


def resident_export_rows(records: Sequence[ResidentRecord]) -> list[list[object]]:
    return [
        [
            r.external_ref,
            r.name,
            r.building,
            r.unit,
            r.floor,
            r.phone,
            r.birth_year,
            GENDER_ZH.get(r.gender or ""),
            "、".join(f"{name}:{level}" for name, level in r.skills),
            "、".join(r.interests),
            r.id,
        ]
        for r in records
    ]


def attendance_export_rows(records: Sequence[AttendanceRecord]) -> list[list[object]]:
    return [[a.external_ref, a.name, a.building, a.checked_in_at, a.resident_id] for a in records]
