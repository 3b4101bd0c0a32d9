import { useMemo, useState } from "react";
import type { FormEvent } from "react";
import { useGateway, useQuery } from "../../api/context";
import { EChart } from "../../components/EChart";
import { ErrorMessage, Field } from "../../components/errors";
import { beijingDate } from "../../format";
import { useT } from "../../i18n";
import { BeforeAfterPanel } from "./BeforeAfterPanel";
import { BridgesPanel } from "./BridgesPanel";
import { barOption, heatmapOption } from "./chartOptions";
import { downloadText, formatFigure, metricLabel, METRICS, toCsv, UNIT_ROW_FIELDS } from "./figures";
import type { Metric, UnitRow } from "./figures";
import { TrendPanel } from "./TrendPanel";

interface Network {
  neighbourNetwork: {
    communityName: string;
    window: { start: string; end: string; label: string };
    rows: UnitRow[];
  };
}

const NETWORK = `query($c: ID!, $window: WindowInput) {
  neighbourNetwork(communityId: $c, window: $window, level: BUILDING) {
    communityName
    window { start end label }
    rows { ${UNIT_ROW_FIELDS} }
  }
}`;

const HEATMAP_METRICS: Metric[] = [
  "residents",
  "density",
  "meanDegree",
  "clustering",
  "isolates",
  "isolatedElderlyAlone",
  "largestGroupShare",
  "bridging",
  "participationRate",
];
const TABLE_METRICS: Metric[] = [...METRICS];

/** Per-building figures for planners: aggregates only, suppressed cells shown as suppressed. */
export function PlannerDashboard() {
  const { t } = useT();
  const { session } = useGateway();
  const [start, setStart] = useState(() => beijingDate(-29));
  const [end, setEnd] = useState(() => beijingDate(0));
  const [period, setPeriod] = useState({ start, end });
  const network = useQuery<Network>(
    NETWORK,
    { c: session.communityId, window: period },
    `${session.communityId}:${period.start}:${period.end}`,
  );
  const data = network.data?.neighbourNetwork;
  const rows = data?.rows ?? [];
  const density = useMemo(() => barOption(t, rows, "density"), [t, rows]);
  const heatmap = useMemo(() => heatmapOption(t, rows, HEATMAP_METRICS), [t, rows]);
  const isolates = useMemo(() => barOption(t, rows, "isolates"), [t, rows]);

  const onApply = (e: FormEvent) => {
    e.preventDefault();
    setPeriod({ start, end });
  };
  const onCsv = () => {
    if (!data) return;
    downloadText(`邻里网络-${data.communityName}-${data.window.label}.csv`, toCsv(t, rows, data.window.label));
  };

  return (
    <section className="dashboard">
      <h1>
        {t("planner.title")}
        {data ? ` · ${data.communityName}` : ""}
      </h1>
      <form className="card form row" onSubmit={onApply} noValidate data-testid="window-form">
        <Field label={t("planner.from")} name="start" error={network.error}>
          <input type="date" value={start} onChange={(e) => setStart(e.target.value)} data-testid="window-start" />
        </Field>
        <Field label={t("planner.to")} name="end" error={network.error}>
          <input type="date" value={end} onChange={(e) => setEnd(e.target.value)} data-testid="window-end" />
        </Field>
        <div className="actions">
          <button type="submit" data-testid="window-apply">
            {t("planner.apply")}
          </button>
          <button type="button" className="secondary" onClick={onCsv} disabled={!data} data-testid="csv-download">
            {t("planner.csv")}
          </button>
        </div>
      </form>
      <ErrorMessage error={network.error} onRetry={network.reload} retryLabel={t("app.retry")} />
      <p className="note">{t("planner.suppressedNote")}</p>
      {network.loading && !data ? <p>{t("app.loading")}</p> : null}
      {data ? (
        <>
          <p className="muted" data-testid="window-label">
            {t("planner.window")}：{data.window.label}
          </p>
          <div className="grid-2">
            <section className="card">
              <h2>{t("planner.density")}</h2>
              <EChart option={density} height={340} label={t("planner.density")} testId="density-chart" />
            </section>
            <section className="card">
              <h2>{t("planner.isolates")}</h2>
              <EChart option={isolates} height={340} label={t("planner.isolates")} testId="isolates-chart" />
            </section>
          </div>
          <section className="card">
            <h2>{t("planner.heatmap")}</h2>
            <EChart option={heatmap} height={Math.max(320, rows.length * 28 + 130)} label={t("planner.heatmap")} testId="heatmap" />
          </section>
          <section className="card table-card">
            <h2>{t("planner.table")}</h2>
            <div className="table-scroll">
              <table className="figures" data-testid="figures-table">
                <thead>
                  <tr>
                    <th scope="col">{t("planner.building")}</th>
                    {TABLE_METRICS.map((m) => (
                      <th key={m} scope="col">
                        {metricLabel(t, m)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.unitId}>
                      <th scope="row">{row.name}</th>
                      {TABLE_METRICS.map((m) => (
                        <td key={m} className={row[m].suppressed ? "suppressed" : "num"}>
                          {formatFigure(t, m, row[m])}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <BridgesPanel window={period} />
        </>
      ) : null}
      <TrendPanel />
      <BeforeAfterPanel />
    </section>
  );
}
