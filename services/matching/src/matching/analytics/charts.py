"""Charts planners put in reports (PNG or SVG), with Chinese labels in a CJK font.

Uses matplotlib's object API (no pyplot state), so charts can be drawn from worker threads.
Suppressed cells are drawn as grey "<5", never as zero.
"""

import io
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Literal

import matplotlib
import numpy as np
from matplotlib import font_manager
from matplotlib.figure import Figure

from matching.analytics.reports import BeforeAfter, NetworkTable
from matching.analytics.table import METRICS, SHARES, UnitRow

Format = Literal["png", "svg"]
PREFERRED_FONTS = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC",
                   "WenQuanYi Zen Hei", "Noto Sans CJK JP")  # fmt: skip
TITLES = dict(METRICS)
GREY = "#c8c8c8"
NOTE = "灰色“<5”：涉及不足5名居民，按隐私规则不予显示 / grey: fewer than 5 residents, suppressed"


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The family name of an installed CJK font, found with matplotlib's font manager."""
    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in PREFERRED_FONTS:
        if name in names:
            return name
    found = sorted(n for n in names if "CJK" in n or "Hei" in n or "Han" in n)
    if found:
        return found[0]
    warnings.warn(
        "no CJK font found (install fonts-noto-cjk): Chinese labels will not render",
        RuntimeWarning,
        stacklevel=2,
    )
    return None


@contextmanager
def _style() -> Iterator[None]:
    font = cjk_font()
    families = [font, "DejaVu Sans"] if font else ["DejaVu Sans"]
    with matplotlib.rc_context(
        {"font.family": families, "axes.unicode_minus": False, "svg.fonttype": "path"}
    ):
        yield


def _render(fig: Figure, fmt: Format) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format=fmt, dpi=150, bbox_inches="tight")
    return out.getvalue()


def _note(fig: Figure) -> None:
    fig.supxlabel(NOTE, fontsize=7, color="#666666", x=0.01, ha="left")


def _value(row: UnitRow, metric: str) -> float | None:
    f = row.figure(metric)
    if f.suppressed or f.value is None:
        return None
    return f.value * 100 if metric in SHARES else f.value


def _axis_title(metric: str) -> str:
    return TITLES[metric] + (" (%)" if metric in SHARES else "")


def bar_chart(table: NetworkTable, fmt: Format, metric: str = "density") -> bytes:
    """One horizontal bar per unit (e.g. density per building)."""
    rows = table.rows
    with _style():
        fig = Figure(layout="constrained", figsize=(8, max(2.5, 0.28 * len(rows) + 1.5)))
        ax = fig.subplots()
        values = [_value(r, metric) for r in rows]
        y = np.arange(len(rows))
        ax.barh(y, [v or 0 for v in values], color="#2f7ed8")
        for i, v in enumerate(values):
            if v is None:
                ax.text(0, i, " <5", va="center", color="#888888", fontsize=8)
        ax.set_yticks(y, [r.name for r in rows])
        ax.invert_yaxis()
        ax.set_xlabel(_axis_title(metric))
        ax.set_title(f"{table.community_name} · {TITLES[metric]} · {table.window.label}")
        _note(fig)
        return _render(fig, fmt)


def heatmap(tables: Sequence[NetworkTable], fmt: Format, metric: str = "density") -> bytes:
    """Units × windows (e.g. building × month); suppressed cells grey."""
    rows = tables[0].rows
    grid = np.array([[_value(r, metric) for r in t.rows] for t in tables], dtype=float).T
    with _style():
        fig = Figure(
            layout="constrained",
            figsize=(max(6, 0.6 * len(tables) + 3), max(3, 0.25 * len(rows) + 1.8)),
        )
        ax = fig.subplots()
        cmap = matplotlib.colormaps["YlGn"].with_extremes(bad=GREY)
        image = ax.imshow(np.ma.masked_invalid(grid), aspect="auto", cmap=cmap)
        ax.set_xticks(range(len(tables)), [t.window.label for t in tables], rotation=45)
        ax.set_yticks(range(len(rows)), [r.name for r in rows])
        fig.colorbar(image, ax=ax, label=_axis_title(metric))
        ax.set_title(f"{tables[0].community_name} · {TITLES[metric]}")
        _note(fig)
        return _render(fig, fmt)


def trend_lines(tables: Sequence[NetworkTable], fmt: Format, metric: str = "density") -> bytes:
    """One line per unit across windows; gaps where a window's figure is suppressed."""
    labels = [t.window.label for t in tables]
    with _style():
        fig = Figure(layout="constrained", figsize=(8, 4.5))
        ax = fig.subplots()
        for i, row in enumerate(tables[0].rows[:12]):
            values = [_value(t.rows[i], metric) for t in tables]
            hidden = all(v is None for v in values)
            ax.plot(labels, [np.nan if v is None else v for v in values], marker="o",
                    label=f"{row.name} (<5)" if hidden else row.name)  # fmt: skip
        ax.set_ylabel(_axis_title(metric))
        ax.set_title(f"{tables[0].community_name} · {TITLES[metric]} 趋势 Trend")
        ax.tick_params(axis="x", rotation=45)
        ax.legend(fontsize=8, loc="best")
        ax.grid(alpha=0.3)
        _note(fig)
        return _render(fig, fmt)


def before_after_chart(result: BeforeAfter, fmt: Format, metric: str = "density") -> bytes:
    """Paired bars per unit: before and after the pivot."""
    rows = result.rows[:40]
    y = np.arange(len(rows))
    before = [_value(r.before, metric) for r in rows]
    after = [_value(r.after, metric) for r in rows]
    title = result.programme or f"{result.pivot:%Y-%m-%d}"
    with _style():
        fig = Figure(layout="constrained", figsize=(8, max(3, 0.4 * len(rows) + 1.5)))
        ax = fig.subplots()
        ax.barh(y - 0.2, [v or 0 for v in before], 0.4, color="#a6a6a6",
                label=f"之前 Before ({result.before.window.label})")  # fmt: skip
        ax.barh(y + 0.2, [v or 0 for v in after], 0.4, color="#2f7ed8",
                label=f"之后 After ({result.after.window.label})")  # fmt: skip
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            if b is None or a is None:
                ax.text(0, i, " <5", va="center", color="#888888", fontsize=8)
        ax.set_yticks(y, [r.name for r in rows])
        ax.invert_yaxis()
        ax.set_xlabel(_axis_title(metric))
        ax.set_title(f"{title} 前后对比 Before / after · {TITLES[metric]}")
        ax.legend(fontsize=8)
        _note(fig)
        return _render(fig, fmt)
