"""Reading and validating rosters: CSV (UTF-8, BOM, GBK) and Excel, header synonyms, exports."""

from pathlib import Path

import pytest
from openpyxl import Workbook

from shulin_cli.roster.tables import UnreadableTable, read_table, write_table
from shulin_cli.roster.validation import (
    SkillEntry,
    validate_buildings,
    validate_residents,
    validate_sign_ins,
)

HEADERS = ["编号", "姓名", "楼栋", "单元", "楼层", "电话", "出生年份", "性别", "技能", "兴趣"]
ROWS = [
    ["A001", "王秀英", "金域蓝湾1栋", "2", "5", "13812345678", "1952", "女", "护士:4、烹饪", "广场舞、太极"],
    ["A002", "", "金域蓝湾1栋", "1", "3", "", "1980", "男", "", ""],  # row 3: no name
    ["A003", "李建国", "金域蓝湾2栋", "1", "五楼", "", "1950", "男", "", ""],  # row 4: floor
    ["A004", "陈丽", "金域蓝湾2栋", "1", "7", "12345", "1985", "女", "", ""],  # row 5: phone
    ["A005", "张伟", "金域蓝湾3栋", "1", "9", "", "1990", "男", "护士:9", ""],  # row 6: level
    ["A006", "刘芳", "金域蓝湾3栋", "2", "11", "020-83561234", "1978", "女", "未知技能:3", "读书会"],
]  # fmt: skip


def write_csv(
    path: Path, rows: list[list[str]], encoding: str, headers: list[str] = HEADERS
) -> Path:
    text = "\n".join(",".join(row) for row in [headers, *rows]) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]], headers: list[str] = HEADERS) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [headers, *rows]:
        sheet.append(row)
    book.save(path)
    return path


def bad_rows_and_columns(path: Path) -> set[tuple[int, str]]:
    result = validate_residents(read_table(path), this_year=2026)
    return {(p.row, p.column) for p in result.problems}


EXPECTED_PROBLEMS = {
    (3, "姓名/name"),
    (4, "楼层/floor"),
    (5, "电话/phone"),
    (6, "技能/skills"),
}


def test_csv_report_lists_exactly_the_bad_rows(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "roster.csv", ROWS, "utf-8")
    assert bad_rows_and_columns(path) == EXPECTED_PROBLEMS


def test_xlsx_report_lists_exactly_the_bad_rows(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "roster.xlsx", ROWS)  # type: ignore[arg-type]
    assert bad_rows_and_columns(path) == EXPECTED_PROBLEMS


def test_valid_rows_are_parsed_with_levels_and_lists(tmp_path: Path) -> None:
    result = validate_residents(read_table(write_csv(tmp_path / "r.csv", ROWS, "utf-8")), 2026)
    first = result.rows[0]
    assert (first.name, first.unit, first.floor, first.gender) == ("王秀英", 2, 5, "female")
    assert first.skills == (SkillEntry("护士", 4), SkillEntry("烹饪", None))
    assert first.interests == ("广场舞", "太极")
    assert [r.row for r in result.rows] == [2, 7]


def test_unknown_skill_tags_are_left_to_the_server(tmp_path: Path) -> None:
    result = validate_residents(read_table(write_csv(tmp_path / "r.csv", ROWS, "utf-8")), 2026)
    assert result.rows[-1].skills == (SkillEntry("未知技能", 3),)


def test_problems_are_reported_in_chinese_and_english(tmp_path: Path) -> None:
    result = validate_residents(read_table(write_csv(tmp_path / "r.csv", ROWS, "utf-8")), 2026)
    floor = next(p for p in result.problems if p.row == 4)
    assert "不是数字" in floor.zh and "not a number" in floor.en


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_csv_is_read_in_gbk_and_utf8_with_or_without_bom(tmp_path: Path, encoding: str) -> None:
    table = read_table(write_csv(tmp_path / "r.csv", ROWS[:1], encoding))
    assert table.headers[1] == "姓名"
    assert table.rows[0][1][1] == "王秀英"


def test_english_headers_and_synonyms_are_understood(tmp_path: Path) -> None:
    headers = ["Name", "building", "手机号", "爱好", "居民编号", "备注"]
    path = write_csv(
        tmp_path / "r.csv", [["Li Lei", "B1", "13900001111", "羽毛球", "X9", "x"]], "utf-8", headers
    )
    result = validate_residents(read_table(path), 2026)
    row = result.rows[0]
    assert (row.name, row.building, row.phone, row.interests, row.external_ref) == (
        "Li Lei", "B1", "13900001111", ("羽毛球",), "X9",
    )  # fmt: skip
    assert result.unknown_columns == ["备注"]


def test_a_duplicate_external_ref_in_the_file_is_a_problem(tmp_path: Path) -> None:
    rows = [ROWS[0], [*ROWS[0][:1], "王桂英", *ROWS[0][2:]]]
    result = validate_residents(read_table(write_csv(tmp_path / "r.csv", rows, "utf-8")), 2026)
    assert [(p.row, p.column) for p in result.problems] == [(3, "编号/external_ref")]


def test_missing_required_columns_is_a_usage_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", [["王秀英"]], "utf-8", ["姓名"])
    with pytest.raises(UnreadableTable, match="楼栋/building"):
        validate_residents(read_table(path), 2026)


def test_excel_numbers_come_through_as_integers(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx", [["A1", "王秀英", "1栋", 2, 5.0, 13812345678, 1952]], HEADERS[:7]
    )
    row = validate_residents(read_table(path), 2026).rows[0]
    assert (row.unit, row.floor, row.phone, row.birth_year) == (2, 5, "13812345678", 1952)


def test_buildings_need_a_number_of_floors(tmp_path: Path) -> None:
    rows = [["1栋", "18", "2"], ["2栋", "", "1"], ["3栋", "高", "1"]]
    path = write_csv(tmp_path / "b.csv", rows, "utf-8", ["楼栋", "楼层数", "单元数"])
    result = validate_buildings(read_table(path))
    assert [(r.name, r.floors, r.units) for r in result.rows] == [("1栋", 18, 2)]
    assert result.bad_rows == [3, 4]


def test_a_sign_in_row_needs_a_name_or_an_external_ref(tmp_path: Path) -> None:
    rows = [["王秀英", "", ""], ["", "A2", ""], ["", "", "13800001111"]]
    headers = ["姓名", "编号", "电话"]
    result = validate_sign_ins(read_table(write_csv(tmp_path / "s.csv", rows, "utf-8", headers)))
    assert len(result.rows) == 2 and result.bad_rows == [4]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_round_trips(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"out{suffix}"
    write_table(path, HEADERS, [ROWS[0]])
    table = read_table(path)
    assert table.headers == HEADERS
    assert table.rows[0][1] == ROWS[0]
    result = validate_residents(table, 2026)
    assert result.rows[0].name == "王秀英" and not result.problems


def test_csv_export_starts_with_a_bom_for_excel(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_table(path, ["姓名"], [["王秀英"]])
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
