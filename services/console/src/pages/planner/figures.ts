// Planner figures: every figure may be suppressed (it would describe fewer than 5 residents).
import type { MessageKey, Translate } from "../../i18n";

export interface Figure {
  value: number | null;
  suppressed: boolean;
}

export const METRICS = [
  "residents",
  "ties",
  "density",
  "meanDegree",
  "clustering",
  "isolates",
  "isolatedElderlyAlone",
  "largestGroupShare",
  "crossBuildingTies",
  "bridging",
  "participants",
  "participationRate",
  "volunteerHours",
  "exchangesCompleted",
  "wishesFulfilled",
] as const;

export type Metric = (typeof METRICS)[number];

/** Shares shown as percentages. */
const RATES: ReadonlySet<Metric> = new Set(["density", "largestGroupShare", "participationRate", "clustering", "bridging"]);

export type UnitRow = { unitId: string; name: string } & Record<Metric, Figure>;

export const FIGURE = "{ value suppressed }";
export const UNIT_ROW_FIELDS = `unitId name ${METRICS.map((m) => `${m} ${FIGURE}`).join(" ")}`;

export function metricLabel(t: Translate, metric: Metric): string {
  return t(`metric.${metric}` as MessageKey);
}

/** A figure for people: a number, a percentage, or the suppression label. */
export function formatFigure(t: Translate, metric: Metric, figure: Figure): string {
  if (figure.suppressed || figure.value === null) return t("planner.suppressed");
  if (RATES.has(metric)) return `${(figure.value * 100).toFixed(1)}%`;
  return Number.isInteger(figure.value) ? String(figure.value) : figure.value.toFixed(2);
}

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The table as CSV (UTF-8 with BOM, so Excel opens the Chinese correctly). Suppressed cells say so
 * in a word instead of a number; raw values (not percentages) so the sheet can compute.
 */
export function toCsv(t: Translate, rows: UnitRow[], windowLabel: string): string {
  const header = [t("planner.building"), t("planner.window"), ...METRICS.map((m) => metricLabel(t, m))];
  const lines = rows.map((row) => [
    row.name,
    windowLabel,
    ...METRICS.map((m) => {
      const f = row[m];
      return f.suppressed || f.value === null ? t("planner.suppressed") : String(f.value);
    }),
  ]);
  return "\uFEFF" + [header, ...lines].map((cells) => cells.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

export function downloadText(filename: string, text: string, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
