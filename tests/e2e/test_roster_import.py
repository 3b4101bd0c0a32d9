"""Operators' spreadsheets through the real stack: `shulin import residents` with bad rows,
then a re-import that updates instead of duplicating."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import Workbook

from shulin_kit.tokens import admin_headers

pytestmark = pytest.mark.e2e

HEADER = ["编号", "姓名", "楼栋", "楼层", "电话", "技能", "兴趣"]
ROWS = [
    ["NH-001", "李秀英", "3栋", "5", "13800138001", "护士:4", "太极"],
    ["NH-002", "王建国", "3栋", "12", "13800138002", "水电维修:3", "象棋"],
    ["NH-003", "", "3栋", "2", "13800138003", "", ""],  # bad: no name
    ["NH-004", "张丽", "3栋", "五楼", "13800138004", "", ""],  # bad: floor is not a number
    ["NH-005", "陈伯", "3栋", "8", "", "书法", "读书会"],
]
GOOD = {"NH-001": "李秀英", "NH-002": "王建国", "NH-005": "陈伯"}


def gql(url: str, query: str, **variables: Any) -> dict[str, Any]:
    body = httpx.post(
        url, json={"query": query, "variables": variables}, headers=admin_headers(), timeout=15
    ).json()
    assert not body.get("errors"), body["errors"]
    data: dict[str, Any] = body["data"]
    return data


def new_community(gateway: str) -> str:
    c = gql(gateway, 'mutation { registerCommunity(input: {name: "南湖社区"}) { id } }')
    community = str(c["registerCommunity"]["id"])
    gql(
        gateway,
        'mutation($c: ID!) { addBuilding(input: {communityId: $c, name: "3栋", floors: 18}) { id } }',
        c=community,
    )
    return community


def shulin(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "shulin"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ | {"COLUMNS": "200"},  # one report line per row, however narrow CI is
    )


def residents_of(gateway: str, community: str) -> dict[str, str]:
    data = gql(
        gateway,
        "query($c: ID!) { residents(communityId: $c, first: 50) { edges { node { displayName } } } }",
        c=community,
    )
    names = [e["node"]["displayName"] for e in data["residents"]["edges"]]
    return {name: name for name in names}


def write_csv(path: Path) -> Path:
    lines = [",".join(HEADER)] + [",".join(row) for row in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="gbk")  # Excel in China often saves GBK
    return path


def write_xlsx(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("make_file", [write_csv, write_xlsx], ids=["csv-gbk", "xlsx"])
def test_import_reports_bad_rows_and_a_reimport_updates(
    stack: Any, tmp_path: Path, make_file: Any
) -> None:
    community = new_community(stack.gateway)
    roster = make_file(tmp_path / ("roster.csv" if make_file is write_csv else "roster.xlsx"))

    first = shulin(
        "import", "residents", str(roster), "--community", community, "--gateway", stack.gateway
    )
    assert first.returncode == 1, first.stdout + first.stderr  # some rows were bad
    assert "新增 created 3" in first.stdout
    assert "问题行 bad rows: 2 (4, 5)" in first.stdout  # spreadsheet rows, header = row 1
    assert "is required" in first.stdout and "is not a number" in first.stdout
    assert sorted(residents_of(stack.gateway, community)) == sorted(GOOD.values())

    again = shulin(
        "import", "residents", str(roster), "--community", community, "--gateway", stack.gateway
    )
    assert again.returncode == 1
    assert "新增 created 0，更新 updated 3" in again.stdout
    assert sorted(residents_of(stack.gateway, community)) == sorted(GOOD.values())  # no duplicates
