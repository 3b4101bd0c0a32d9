"""Read and write tables: CSV (UTF-8 with or without BOM, or GBK as Excel in China saves) and .xlsx."""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook

ENCODINGS = ("utf-8-sig", "gb18030")  # gb18030 is a superset of GBK and GB2312


class UnreadableTable(Exception):
    """The file cannot be read as a table (a usage error, exit code 2)."""


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as the spreadsheet shows it, cells)
    encoding: str | None = None  # for CSV


def decode_csv(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableTable(
        "文件编码无法识别（请另存为 UTF-8 或 GBK） / unknown encoding: save as UTF-8 or GBK"
    )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 12 as 12.0
    return str(value).strip()


def read_table(path: Path) -> Table:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        except Exception as error:  # openpyxl raises many types for a broken file
            raise UnreadableTable(
                f"无法读取 Excel 文件 / cannot read the workbook: {error}"
            ) from error
        raw = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        encoding = None
    elif suffix in (".csv", ".txt"):
        text, encoding = decode_csv(path.read_bytes())
        first_line = text.split("\n", 1)[0]
        dialect = csv.excel_tab if "\t" in first_line and "," not in first_line else csv.excel
        raw = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    else:
        raise UnreadableTable(f"只支持 .csv 和 .xlsx / only .csv and .xlsx files: {path.name}")
    numbered = [(number, row) for number, row in enumerate(raw, start=1) if any(row)]
    if not numbered:
        raise UnreadableTable("文件是空的 / the file is empty")
    (_, headers), body = numbered[0], numbered[1:]
    return Table(headers=headers, rows=body, encoding=encoding)


def write_table(path: Path, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """CSV as UTF-8 with a BOM (so Excel shows Chinese), or .xlsx."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(list(headers))
        for row in rows:
            sheet.append(list(row))
        book.save(path)
    elif suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(headers)
            writer.writerows(["" if v is None else v for v in row] for row in rows)
    else:
        raise UnreadableTable(f"只能导出 .csv 或 .xlsx / export to .csv or .xlsx: {path.name}")
