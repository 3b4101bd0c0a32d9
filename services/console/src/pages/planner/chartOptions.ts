// ECharts options for the planner's charts. Suppressed figures are drawn as such, never as zero.
import type { EChartsCoreOption } from "echarts/core";
import type { Translate } from "../../i18n";
import { formatFigure, metricLabel } from "./figures";
import type { Figure, Metric, UnitRow } from "./figures";

const INK = "#1a1a1a";
const SUPPRESSED_GREY = "#c8c8c8";
const BLUE = "#0b57d0";
const ORANGE = "#b3541e";

const baseText = { color: INK, fontSize: 14 };

/** One bar per building; a suppressed building gets a short grey stub labelled as suppressed. */
export function barOption(t: Translate, rows: UnitRow[], metric: Metric): EChartsCoreOption {
  const max = Math.max(1e-9, ...rows.map((r) => (r[metric].suppressed ? 0 : (r[metric].value ?? 0))));
  return {
    textStyle: baseText,
    grid: { left: 60, right: 20, top: 30, bottom: 90 },
    tooltip: {
      trigger: "item",
      formatter: (p: { dataIndex: number }) =>
        `${rows[p.dataIndex]!.name}: ${formatFigure(t, metric, rows[p.dataIndex]![metric])}`,
    },
    xAxis: { type: "category", data: rows.map((r) => r.name), axisLabel: { rotate: 45, color: INK } },
    yAxis: {
      type: "value",
      axisLabel: { color: INK, formatter: (v: number) => (metric === "density" ? `${(v * 100).toFixed(2)}%` : String(v)) },
    },
    series: [
      {
        type: "bar",
        name: metricLabel(t, metric),
        data: rows.map((r) =>
          r[metric].suppressed || r[metric].value === null
            ? {
                value: max * 0.04,
                itemStyle: { color: SUPPRESSED_GREY },
                label: { show: true, formatter: t("planner.suppressed"), position: "top", rotate: 90, align: "left", color: INK },
              }
            : { value: r[metric].value, itemStyle: { color: BLUE } },
        ),
      },
    ],
  };
}

/** Buildings × metrics, each column scaled to its own maximum; suppressed cells grey with a label. */
export function heatmapOption(t: Translate, rows: UnitRow[], metrics: Metric[]): EChartsCoreOption {
  const values: [number, number, number][] = [];
  const suppressed: [number, number, number][] = [];
  metrics.forEach((metric, x) => {
    const max = Math.max(1e-9, ...rows.map((r) => (r[metric].suppressed ? 0 : (r[metric].value ?? 0))));
    rows.forEach((row, y) => {
      const figure: Figure = row[metric];
      if (figure.suppressed || figure.value === null) suppressed.push([x, y, 0]);
      else values.push([x, y, figure.value / max]);
    });
  });
  const display = (x: number, y: number) => formatFigure(t, metrics[x]!, rows[y]![metrics[x]!]);
  return {
    textStyle: baseText,
    grid: { left: 120, right: 20, top: 10, bottom: 110 },
    tooltip: {
      formatter: (p: { data: [number, number, number] }) =>
        `${rows[p.data[1]]!.name}<br/>${metricLabel(t, metrics[p.data[0]]!)}: ${display(p.data[0], p.data[1])}`,
    },
    xAxis: { type: "category", data: metrics.map((m) => metricLabel(t, m)), axisLabel: { rotate: 40, color: INK } },
    yAxis: { type: "category", data: rows.map((r) => r.name), axisLabel: { color: INK } },
    visualMap: {
      min: 0,
      max: 1,
      seriesIndex: 0,
      show: false,
      inRange: { color: ["#f2f7ff", "#7fa8e8", "#0b3d91"] },
    },
    series: [
      {
        type: "heatmap",
        data: values,
        label: {
          show: true,
          fontSize: 11,
          formatter: (p: { data: [number, number, number] }) => display(p.data[0], p.data[1]),
          color: INK,
        },
      },
      {
        type: "heatmap",
        name: t("planner.suppressed"),
        data: suppressed,
        itemStyle: { color: SUPPRESSED_GREY },
        label: { show: true, fontSize: 10, formatter: t("planner.suppressed"), color: INK },
      },
    ],
  };
}

export interface TrendPoint {
  label: string;
  density: Figure;
  participationRate: Figure;
}

/** The community's acquaintance rate and participation per month; suppressed months are gaps. */
export function trendOption(t: Translate, points: TrendPoint[]): EChartsCoreOption {
  const value = (f: Figure) => (f.suppressed || f.value === null ? null : f.value);
  return {
    textStyle: baseText,
    grid: { left: 60, right: 20, top: 40, bottom: 40 },
    legend: { top: 0, textStyle: baseText },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: points.map((p) => p.label), axisLabel: { color: INK } },
    yAxis: { type: "value", axisLabel: { color: INK, formatter: (v: number) => `${(v * 100).toFixed(1)}%` } },
    series: [
      { type: "line", name: metricLabel(t, "density"), data: points.map((p) => value(p.density)), connectNulls: false, color: BLUE, symbolSize: 8 },
      {
        type: "line",
        name: metricLabel(t, "participationRate"),
        data: points.map((p) => value(p.participationRate)),
        connectNulls: false,
        color: ORANGE,
        symbolSize: 8,
      },
    ],
  };
}

/** Before / after bars of one metric per building. */
export function beforeAfterOption(
  t: Translate,
  rows: { name: string; before: Figure; after: Figure }[],
  metric: Metric,
): EChartsCoreOption {
  const value = (f: Figure) => (f.suppressed || f.value === null ? null : f.value);
  return {
    textStyle: baseText,
    grid: { left: 60, right: 20, top: 40, bottom: 90 },
    legend: { top: 0, textStyle: baseText },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: rows.map((r) => r.name), axisLabel: { rotate: 45, color: INK } },
    yAxis: { type: "value", name: metricLabel(t, metric), axisLabel: { color: INK } },
    series: [
      { type: "bar", name: t("planner.before"), data: rows.map((r) => value(r.before)), color: SUPPRESSED_GREY },
      { type: "bar", name: t("planner.after"), data: rows.map((r) => value(r.after)), color: BLUE },
    ],
  };
}
