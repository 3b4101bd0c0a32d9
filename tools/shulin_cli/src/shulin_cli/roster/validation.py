"""Row-by-row validation of rosters; every problem says row, column and what to fix (zh-CN, en)."""

import re
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from shulin_cli.roster.columns import map_headers
from shulin_cli.roster.tables import Table, UnreadableTable

COLUMN_LABELS = {
    "name": "姓名/name", "building": "楼栋/building", "unit": "单元/unit", "floor": "楼层/floor",
    "phone": "电话/phone", "birth_year": "出生年份/birth_year", "gender": "性别/gender",
    "skills": "技能/skills", "interests": "兴趣/interests", "external_ref": "编号/external_ref",
    "floors": "楼层数/floors", "units": "单元数/units", "compound": "小区/compound",
}  # fmt: skip
LIST_SEPARATORS = re.compile(r"[、,，;；/\s]+")
LEVEL_SEPARATORS = re.compile(r"[:：]")
MOBILE = re.compile(r"1[3-9]\d{9}")
LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}")
GENDERS = {"男": "male", "女": "female", "male": "male", "female": "female", "m": "male"}
GENDERS |= {"f": "female", "其他": "other", "other": "other"}
MAX_NAME = 40

Row = TypeVar("Row")


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    zh: str
    en: str


@dataclass(frozen=True)
class SkillEntry:
    name: str  # a tag, a Chinese name or a synonym: the residents service resolves it
    level: int | None


@dataclass(frozen=True)
class ResidentRow:
    row: int
    name: str
    building: str
    unit: int | None = None
    floor: int | None = None
    phone: str | None = None
    birth_year: int | None = None
    gender: str | None = None
    skills: tuple[SkillEntry, ...] = ()
    interests: tuple[str, ...] = ()
    external_ref: str | None = None


@dataclass(frozen=True)
class BuildingRow:
    row: int
    name: str
    floors: int
    units: int | None = None
    compound: str | None = None


@dataclass(frozen=True)
class SignInRow:
    row: int
    name: str | None
    external_ref: str | None
    phone: str | None = None


@dataclass
class Validated(Generic[Row]):
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def bad_rows(self) -> list[int]:
        return sorted({problem.row for problem in self.problems})


class _RowReader:
    """Cells of one row by canonical column; collects the row's problems."""

    def __init__(self, number: int, cells: list[str], positions: dict[str, int]) -> None:
        self.number = number
        self._cells = cells
        self._positions = positions
        self.problems: list[Problem] = []

    def text(self, column: str) -> str:
        index = self._positions.get(column)
        return self._cells[index].strip() if index is not None and index < len(self._cells) else ""

    def problem(self, column: str, zh: str, en: str) -> None:
        self.problems.append(Problem(self.number, COLUMN_LABELS[column], zh, en))

    def required(self, column: str) -> str:
        value = self.text(column)
        if not value:
            self.problem(column, "不能为空", "is required")
        elif len(value) > MAX_NAME:
            self.problem(column, f"不能超过 {MAX_NAME} 个字", f"at most {MAX_NAME} characters")
        return value

    def integer(self, column: str, low: int, high: int, suffixes: str = "") -> int | None:
        raw = self.text(column).rstrip(suffixes) if suffixes else self.text(column)
        if not raw:
            return None
        try:
            value = int(float(raw)) if re.fullmatch(r"-?\d+(\.0+)?", raw) else int(raw)
        except ValueError:
            self.problem(column, f"“{raw}”不是数字", f"{raw!r} is not a number")
            return None
        if not low <= value <= high:
            self.problem(column, f"应在 {low}–{high} 之间", f"must be between {low} and {high}")
            return None
        return value


def _require_columns(positions: dict[str, int], required: tuple[str, ...]) -> None:
    missing = [COLUMN_LABELS[c] for c in required if c not in positions]
    if missing:
        raise UnreadableTable(f"缺少列 / missing columns: {', '.join(missing)}")


def _phone(reader: _RowReader) -> str | None:
    raw = reader.text("phone")
    digits = re.sub(r"[\s()（）]", "", raw).removeprefix("+86").removeprefix("86-")
    if not raw:
        return None
    if MOBILE.fullmatch(digits.replace("-", "")):
        return digits.replace("-", "")
    if LANDLINE.fullmatch(digits):
        return digits
    reader.problem("phone", f"“{raw}”不是有效的电话号码", f"{raw!r} is not a valid phone number")
    return None


def _skills(reader: _RowReader) -> tuple[SkillEntry, ...]:
    entries: list[SkillEntry] = []
    for item in LIST_SEPARATORS.split(reader.text("skills")):
        if not item:
            continue
        name, *level = LEVEL_SEPARATORS.split(item, maxsplit=1)
        if not name:
            reader.problem("skills", f"“{item}”缺少技能名称", f"{item!r} has no skill name")
        elif not level:
            entries.append(SkillEntry(name, None))
        elif level[0] in {"1", "2", "3", "4", "5"}:
            entries.append(SkillEntry(name, int(level[0])))
        else:
            reader.problem(
                "skills", f"“{item}”的等级应为 1–5", f"{item!r}: the level must be 1 to 5"
            )
    return tuple(entries)


def validate_residents(table: Table, this_year: int) -> Validated[ResidentRow]:
    positions, unknown = map_headers(table.headers, COLUMN_LABELS)
    _require_columns(positions, ("name", "building"))
    result: Validated[ResidentRow] = Validated(unknown_columns=unknown)
    seen_refs: dict[str, int] = {}
    for number, cells in table.rows:
        reader = _RowReader(number, cells, positions)
        gender_raw = reader.text("gender")
        gender = GENDERS.get(gender_raw.lower()) if gender_raw else None
        if gender_raw and gender is None:
            reader.problem(
                "gender", f"“{gender_raw}”应为 男/女", f"{gender_raw!r}: use 男/女 or male/female"
            )
        ref = reader.text("external_ref") or None
        if ref is not None and ref in seen_refs:
            reader.problem(
                "external_ref",
                f"编号与第 {seen_refs[ref]} 行重复",
                f"the same external_ref as row {seen_refs[ref]}",
            )
        elif ref is not None:
            seen_refs[ref] = number
        row = ResidentRow(
            row=number,
            name=reader.required("name"),
            building=reader.required("building"),
            unit=reader.integer("unit", 1, 20, suffixes="单元"),
            floor=reader.integer("floor", -3, 99, suffixes="楼层"),
            phone=_phone(reader),
            birth_year=reader.integer("birth_year", 1900, this_year, suffixes="年"),
            gender=gender,
            skills=_skills(reader),
            interests=tuple(i for i in LIST_SEPARATORS.split(reader.text("interests")) if i),
            external_ref=ref,
        )
        _keep(result, row, reader)
    return result


def validate_buildings(table: Table) -> Validated[BuildingRow]:
    positions, unknown = map_headers(
        table.headers, ("building", "name", "floors", "units", "compound")
    )
    if "building" not in positions and "name" in positions:
        positions["building"] = positions.pop("name")
    _require_columns(positions, ("building", "floors"))
    result: Validated[BuildingRow] = Validated(unknown_columns=unknown)
    for number, cells in table.rows:
        reader = _RowReader(number, cells, positions)
        name = reader.required("building")
        floors = reader.integer("floors", 1, 99, suffixes="层")
        if floors is None and not reader.problems:
            reader.problem("floors", "不能为空", "is required")
        row = BuildingRow(
            number,
            name,
            floors or 0,
            reader.integer("units", 1, 20),
            reader.text("compound") or None,
        )
        _keep(result, row, reader)
    return result


def validate_sign_ins(table: Table) -> Validated[SignInRow]:
    positions, unknown = map_headers(table.headers, ("name", "external_ref", "phone"))
    if "name" not in positions and "external_ref" not in positions:
        raise UnreadableTable("缺少列 / missing columns: 姓名/name 或 or 编号/external_ref")
    result: Validated[SignInRow] = Validated(unknown_columns=unknown)
    for number, cells in table.rows:
        reader = _RowReader(number, cells, positions)
        name, ref = reader.text("name") or None, reader.text("external_ref") or None
        if name is None and ref is None:
            reader.problem("name", "姓名和编号至少填一个", "give a name or an external_ref")
        _keep(result, SignInRow(number, name, ref, _phone(reader)), reader)
    return result


def _keep(result: "Validated[Row]", row: Row, reader: _RowReader) -> None:
    if reader.problems:
        result.problems.extend(reader.problems)
    else:
        result.rows.append(row)
