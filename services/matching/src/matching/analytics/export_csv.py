"""CSV exports for planners: UTF-8 with a BOM so Excel opens Chinese text; "<5" for
suppressed cells; shares as percentages."""

import csv
import io
from collections.abc import Iterable, Sequence

from matching.analytics.reports import BeforeAfter, BridgeTable, NetworkTable
from matching.analytics.suppression import Figure
from matching.analytics.table import METRICS, SHARES

SUPPRESSED = "<5"
LEVEL_ZH = {"building": "楼栋", "compound": "小区", "community": "社区"}


def cell(figure: Figure, metric: str = "") -> str:
    if figure.suppressed:
        return SUPPRESSED
    if figure.value is None:
        return ""
    if metric in SHARES:
        return f"{figure.value * 100:.2f}"
    if float(figure.value).is_integer():
        return str(int(figure.value))
    return f"{figure.value:.4f}".rstrip("0").rstrip(".")


def heading(metric: str, title: str) -> str:
    return f"{title} (%)" if metric in SHARES else title


def _csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def network_csv(tables: Sequence[NetworkTable]) -> bytes:
    """One row per window and unit (a single table, or a trend)."""
    header = ["窗口 Window", "单元 Level", "编号 ID", "名称 Name", "小区 Compound"]
    header += [heading(m, t) for m, t in METRICS]
    rows = (
        [t.window.label, LEVEL_ZH[t.level.value], r.unit_id, r.name, r.compound_id or ""]
        + [cell(r.figure(m), m) for m, _ in METRICS]
        for t in tables
        for r in t.rows
    )
    return _csv(header, rows)


def bridges_csv(table: BridgeTable) -> bytes:
    header = ["编号 ID", "楼栋 Building", "桥接度 Bridging", "跨楼栋关系 Cross-building ties",
              "相连楼栋 Linked buildings"]  # fmt: skip
    rows = (
        [
            r.building_id,
            r.name,
            cell(r.bridging),
            cell(r.cross_building_ties),
            cell(r.linked_buildings),
        ]
        for r in table.rows
    )
    return _csv(header, rows)


def before_after_csv(result: BeforeAfter) -> bytes:
    b, a = result.before.window.label, result.after.window.label
    header = ["编号 ID", "名称 Name", "指标 Metric", f"之前 Before ({b})", f"之后 After ({a})",
              "变化 Change"]  # fmt: skip
    rows = (
        [
            r.unit_id,
            r.name,
            heading(m, t),
            cell(r.before.figure(m), m),
            cell(r.after.figure(m), m),
            cell(r.change(m), m),
        ]
        for r in result.rows
        for m, t in METRICS
    )
    return _csv(header, rows)
