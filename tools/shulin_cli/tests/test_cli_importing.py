"""Import use cases and the `shulin` commands against a fake of our own gateway interface."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shulin_cli import cli_rosters, importing
from shulin_cli.gateway.graphql import GatewayError
from shulin_cli.gateway.roster_gateway import ActivityRef, AttendanceRecord, ResidentRecord
from shulin_cli.main import app
from shulin_cli.roster.validation import ResidentRow, SignInRow

FUTURE = datetime(2099, 1, 1, tzinfo=UTC)


@dataclass
class FakeGateway:
    """In-memory residents service: external refs are unique, unknown skills are refused."""

    building_ids: dict[str, str] = field(default_factory=lambda: {"1栋": "b1"})
    people: dict[str, tuple[str, ResidentRow]] = field(default_factory=dict)  # id → (building, row)
    checked_in: list[tuple[str, str]] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)
    outsiders: set[str] = field(default_factory=set)
    recorded: list[list[str]] = field(default_factory=list)

    def buildings(self, community_id: str) -> dict[str, str]:
        return dict(self.building_ids)

    def add_building(
        self, community_id: str, name: str, floors: int, units: int | None, key: str
    ) -> str:
        self.building_ids[name] = f"b{len(self.building_ids) + 1}"
        return self.building_ids[name]

    def resident_by_external_ref(self, community_id: str, external_ref: str) -> str | None:
        return next(
            (rid for rid, (_, row) in self.people.items() if row.external_ref == external_ref), None
        )

    def register_resident(
        self, community_id: str, building_id: str, row: ResidentRow, key: str
    ) -> str:
        if any(s.name == "未知技能" for s in row.skills):
            raise GatewayError("BAD_USER_INPUT", "unknown skill 未知技能", "skills[0].tag")
        if key in self.keys:
            return self.keys[key]
        if row.external_ref and self.resident_by_external_ref(community_id, row.external_ref):
            raise GatewayError("CONFLICT", "duplicate externalRef", "externalRef")
        rid = f"r{len(self.people) + 1}"
        self.people[rid] = (building_id, row)
        self.keys[key] = rid
        return rid

    def update_resident(self, resident_id: str, building_id: str, row: ResidentRow) -> None:
        self.people[resident_id] = (building_id, row)

    def residents(self, community_id: str) -> list[ResidentRecord]:
        return [
            ResidentRecord(rid, row.name, "1栋", floor=row.floor, phone=row.phone,
                           skills=tuple((s.name, s.level or 2) for s in row.skills),
                           external_ref=row.external_ref)
            for rid, (_, row) in self.people.items()
        ]  # fmt: skip

    def sign_in(self, activity_id: str, resident_id: str) -> None:
        self.checked_in.append((activity_id, resident_id))

    def attendance(self, activity_id: str) -> list[AttendanceRecord]:
        return [
            AttendanceRecord(
                rid, self.people[rid][1].name, "1栋", None, "2025-03-01T09:00:00+08:00"
            )
            for a, rid in self.checked_in
            if a == activity_id
        ]

    def record_attendance(self, activity_id: str, resident_ids: Sequence[str], key: str) -> None:
        refused = tuple(
            (f"residentIds[{i}]", "not a resident of this community")
            for i, rid in enumerate(resident_ids)
            if rid in self.outsiders
        )
        if refused:
            raise GatewayError("BAD_USER_INPUT", "some residents were refused", None, refused)
        self.recorded.append(list(resident_ids))
        self.checked_in += [(activity_id, rid) for rid in resident_ids]

    def activity(self, activity_id: str) -> ActivityRef:
        starts = datetime(2025, 3, 1, 1, tzinfo=UTC) if activity_id == "past" else FUTURE
        return ActivityRef(activity_id, "c1", starts)


def row(
    number: int, name: str, ref: str | None, building: str = "1栋", floor: int = 3
) -> ResidentRow:
    return ResidentRow(row=number, name=name, building=building, floor=floor, external_ref=ref)


def test_reimport_updates_instead_of_duplicating() -> None:
    gateway = FakeGateway()
    importing.import_residents(gateway, "c1", [row(2, "王秀英", "A1")], create_buildings=False)
    again = importing.import_residents(
        gateway, "c1", [row(2, "王秀英", "A1", floor=9)], create_buildings=False
    )
    assert (again.created, again.updated) == (0, 1)
    assert len(gateway.people) == 1
    assert next(iter(gateway.people.values()))[1].floor == 9


def test_unknown_building_is_refused_unless_buildings_may_be_created() -> None:
    gateway = FakeGateway()
    refused = importing.import_residents(gateway, "c1", [row(2, "李伟", "A2", "9栋")], False)
    assert refused.failed_rows == [2] and not gateway.people
    created = importing.import_residents(gateway, "c1", [row(2, "李伟", "A2", "9栋")], True)
    assert created.created == 1 and "9栋" in gateway.building_ids


def test_a_row_the_server_refuses_is_reported_and_the_rest_imported() -> None:
    gateway = FakeGateway()
    bad = ResidentRow(row=3, name="陈丽", building="1栋", skills=(importing_skill("未知技能"),))
    outcome = importing.import_residents(gateway, "c1", [row(2, "王秀英", "A1"), bad], False)
    assert outcome.created == 1 and outcome.failed_rows == [3]
    assert outcome.problems[0].column == "skills[0].tag"


def importing_skill(name: str):  # type: ignore[no-untyped-def]
    from shulin_cli.roster.validation import SkillEntry

    return SkillEntry(name, 3)


def test_sign_in_finds_residents_by_external_ref_or_unique_name() -> None:
    gateway = FakeGateway()
    importing.import_residents(
        gateway, "c1", [row(2, "王秀英", "A1"), row(3, "李伟", None), row(4, "李伟", None)], False
    )
    rows = [SignInRow(2, None, "A1"), SignInRow(3, "李伟", None), SignInRow(4, "赵六", None)]
    outcome = importing.import_sign_ins(gateway, "act1", rows)
    assert outcome.created == 1
    assert outcome.failed_rows == [3, 4]  # 李伟 is ambiguous, 赵六 unknown


def test_a_started_activity_gets_one_sheet_and_refused_residents_are_resent_without() -> None:
    gateway = FakeGateway()
    importing.import_residents(
        gateway, "c1", [row(2, "王秀英", "A1"), row(3, "李伟", "A2"), row(4, "张三", "A3")], False
    )
    gateway.outsiders = {gateway.resident_by_external_ref("c1", "A2") or ""}
    rows = [SignInRow(2, None, "A1"), SignInRow(3, None, "A2"), SignInRow(4, None, "A3"),
            SignInRow(5, None, "A1"), SignInRow(6, None, "ZZ")]  # fmt: skip

    outcome = importing.import_sign_ins(gateway, "past", rows)

    assert outcome.created == 2
    assert outcome.failed_rows == [3, 6]  # A2 refused by the server, ZZ unknown
    assert any(p.row == 3 and "not a resident" in p.en for p in outcome.problems)
    assert gateway.recorded == [[gateway.resident_by_external_ref("c1", r) for r in ("A1", "A3")]]


def test_idempotency_keys_are_stable_and_short_enough() -> None:
    key = importing.idempotency_key("resident", "c1", "A1")
    assert key == importing.idempotency_key("resident", "c1", "A1")
    assert 8 <= len(key) <= 100


runner = CliRunner()


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeGateway:
    gateway = FakeGateway()
    monkeypatch.setattr(cli_rosters, "gateway_factory", lambda url: gateway)
    return gateway


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_import_command_exits_0_when_every_row_is_fine(tmp_path: Path, fake: FakeGateway) -> None:
    csv = write(tmp_path / "r.csv", "编号,姓名,楼栋,楼层\nA1,王秀英,1栋,3\n", "gbk")
    result = runner.invoke(app, ["import", "residents", str(csv), "--community", "c1"])
    assert result.exit_code == 0, result.output
    assert len(fake.people) == 1


def test_import_command_exits_1_and_lists_bad_rows(tmp_path: Path, fake: FakeGateway) -> None:
    csv = write(tmp_path / "r.csv", "姓名,楼栋,楼层\n王秀英,1栋,3\n,1栋,4\n李伟,1栋,高\n")
    result = runner.invoke(app, ["import", "residents", str(csv), "--community", "c1"])
    assert result.exit_code == 1
    assert "3, 4" in result.output
    assert len(fake.people) == 1


def test_dry_run_validates_without_importing(tmp_path: Path, fake: FakeGateway) -> None:
    csv = write(tmp_path / "r.csv", "姓名,楼栋\n王秀英,1栋\n")
    result = runner.invoke(app, ["import", "residents", str(csv), "--community", "c1", "--dry-run"])
    assert result.exit_code == 0 and not fake.people


def test_usage_errors_exit_2(tmp_path: Path, fake: FakeGateway) -> None:
    missing_column = write(tmp_path / "r.csv", "姓名\n王秀英\n")
    assert (
        runner.invoke(
            app, ["import", "residents", str(missing_column), "--community", "c1"]
        ).exit_code
        == 2
    )
    wrong_type = write(tmp_path / "r.pdf", "x")
    assert (
        runner.invoke(app, ["import", "residents", str(wrong_type), "--community", "c1"]).exit_code
        == 2
    )
    assert runner.invoke(app, ["import", "residents", str(missing_column)]).exit_code == 2


def test_export_then_reimport_round_trips(tmp_path: Path, fake: FakeGateway) -> None:
    csv = write(tmp_path / "r.csv", "编号,姓名,楼栋,楼层,技能\nA1,王秀英,1栋,3,护士:4\n")
    runner.invoke(app, ["import", "residents", str(csv), "--community", "c1"])
    out = tmp_path / "export.xlsx"
    assert (
        runner.invoke(
            app, ["export", "residents", "--community", "c1", "--out", str(out)]
        ).exit_code
        == 0
    )
    again = runner.invoke(app, ["import", "residents", str(out), "--community", "c1"])
    assert again.exit_code == 0, again.output
    assert len(fake.people) == 1
    assert next(iter(fake.people.values()))[1].skills[0].level == 4


def test_sign_in_sheet_then_attendance_export(tmp_path: Path, fake: FakeGateway) -> None:
    fake.people["r1"] = ("b1", row(2, "王秀英", "A1"))
    sheet = write(tmp_path / "签到表.csv", "编号,姓名\nA1,王秀英\n")
    assert (
        runner.invoke(app, ["import", "sign-in", str(sheet), "--activity", "act1"]).exit_code == 0
    )
    out = tmp_path / "attendance.csv"
    assert (
        runner.invoke(
            app, ["export", "attendance", "--activity", "act1", "--out", str(out)]
        ).exit_code
        == 0
    )
    assert "王秀英" in out.read_text(encoding="utf-8-sig")
