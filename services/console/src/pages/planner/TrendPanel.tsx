import { useMemo, useState } from "react";
import type { FormEvent } from "react";
import { useGateway, useQuery } from "../../api/context";
import { EChart } from "../../components/EChart";
import { ErrorMessage, Field } from "../../components/errors";
import { beijingDate } from "../../format";
import { useT } from "../../i18n";
import { trendOption } from "./chartOptions";
import type { TrendPoint } from "./chartOptions";
import { FIGURE, formatFigure } from "./figures";
import type { Figure } from "./figures";

const TREND = `query($c: ID!, $firstMonth: Date!, $months: Int!) {
  neighbourNetworkTrend(communityId: $c, firstMonth: $firstMonth, months: $months, level: COMMUNITY) {
    window { label }
    rows { density ${FIGURE} participationRate ${FIGURE} }
  }
}`;

interface Trend {
  neighbourNetworkTrend: { window: { label: string }; rows: { density: Figure; participationRate: Figure }[] }[];
}

/** The first day of the month `back` months before this one (Beijing time). */
function monthStart(back: number): string {
  const [y, m] = beijingDate(0).split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}-01`;
}

/** Month by month, community level: acquaintance rate and participation. */
export function TrendPanel() {
  const { t } = useT();
  const { session } = useGateway();
  const [months, setMonths] = useState("6");
  const [applied, setApplied] = useState(6);
  const trend = useQuery<Trend>(
    TREND,
    { c: session.communityId, firstMonth: monthStart(applied - 1), months: applied },
    `${session.communityId}:${applied}`,
  );
  const points: TrendPoint[] = useMemo(
    () =>
      (trend.data?.neighbourNetworkTrend ?? []).map((table) => ({
        label: table.window.label,
        density: table.rows[0]?.density ?? { value: null, suppressed: true },
        participationRate: table.rows[0]?.participationRate ?? { value: null, suppressed: true },
      })),
    [trend.data],
  );
  const option = useMemo(() => trendOption(t, points), [t, points]);
  const onApply = (e: FormEvent) => {
    e.preventDefault();
    setApplied(Number.parseInt(months, 10) || 0);
  };
  return (
    <section className="card" data-testid="trend">
      <h2>{t("planner.trend")}</h2>
      <form className="form row" onSubmit={onApply} noValidate>
        <Field label={t("planner.months")} name="months" error={trend.error}>
          <input type="number" value={months} onChange={(e) => setMonths(e.target.value)} />
        </Field>
        <div className="actions">
          <button type="submit">{t("planner.apply")}</button>
        </div>
      </form>
      <ErrorMessage error={trend.error?.field === "months" ? null : trend.error} />
      {trend.loading && !trend.data ? <p>{t("app.loading")}</p> : null}
      {points.length > 0 ? (
        <>
          <EChart option={option} height={300} label={t("planner.trend")} testId="trend-chart" />
          <p className="muted">
            {points.map((p) => `${p.label}: ${formatFigure(t, "density", p.density)}`).join(" · ")}
          </p>
        </>
      ) : null}
    </section>
  );
}
