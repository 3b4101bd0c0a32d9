import { useMemo, useState } from "react";
import type { FormEvent } from "react";
import { useGateway, useQuery } from "../../api/context";
import { EChart } from "../../components/EChart";
import { ErrorMessage, Field } from "../../components/errors";
import { beijingDate } from "../../format";
import { useT } from "../../i18n";
import { beforeAfterOption } from "./chartOptions";
import { FIGURE, formatFigure, metricLabel } from "./figures";
import type { Figure, Metric } from "./figures";

const DEFAULT_DAYS = 15;
const COMPARED: Metric[] = ["density", "isolates", "participationRate"];

const BEFORE_AFTER = `query($c: ID!, $pivot: Date!, $days: Int!) {
  networkBeforeAfter(communityId: $c, pivot: $pivot, daysBefore: $days, daysAfter: $days, level: BUILDING) {
    before { label }
    after { label }
    rows { unitId name ${COMPARED.map((m) => `before { ${m} ${FIGURE} } after { ${m} ${FIGURE} }`).join(" ")} }
  }
}`;

type Side = Record<Metric, Figure>;

interface BeforeAfter {
  networkBeforeAfter: {
    before: { label: string };
    after: { label: string };
    rows: { unitId: string; name: string; before: Side; after: Side }[];
  };
}

/** Before / after a programme's start date, per building. */
export function BeforeAfterPanel() {
  const { t } = useT();
  const { session } = useGateway();
  // Default: the last 15 days (today included) against the 15 days before them.
  const [pivot, setPivot] = useState(() => beijingDate(-(DEFAULT_DAYS - 1)));
  const [days, setDays] = useState(String(DEFAULT_DAYS));
  const [query, setQuery] = useState({ pivot, days: DEFAULT_DAYS });
  const result = useQuery<BeforeAfter>(
    BEFORE_AFTER,
    { c: session.communityId, pivot: query.pivot, days: query.days },
    `${session.communityId}:${query.pivot}:${query.days}`,
  );
  const data = result.data?.networkBeforeAfter;
  const option = useMemo(
    () =>
      beforeAfterOption(
        t,
        (data?.rows ?? []).map((r) => ({ name: r.name, before: r.before.density, after: r.after.density })),
        "density",
      ),
    [t, data],
  );
  const onApply = (e: FormEvent) => {
    e.preventDefault();
    setQuery({ pivot, days: Number.parseInt(days, 10) || 0 });
  };
  return (
    <section className="card" data-testid="before-after">
      <h2>{t("planner.beforeAfter")}</h2>
      <form className="form row" onSubmit={onApply} noValidate>
        <Field label={t("planner.pivot")} name="pivot" error={result.error}>
          <input type="date" value={pivot} onChange={(e) => setPivot(e.target.value)} />
        </Field>
        <Field label={t("planner.days")} name="daysBefore" error={result.error}>
          <input type="number" value={days} onChange={(e) => setDays(e.target.value)} />
        </Field>
        <div className="actions">
          <button type="submit">{t("planner.apply")}</button>
        </div>
      </form>
      <ErrorMessage error={["pivot", "daysBefore", "daysAfter"].includes(result.error?.field ?? "") ? null : result.error} />
      {result.loading && !data ? <p>{t("app.loading")}</p> : null}
      {data ? (
        <>
          <p className="muted">
            {t("planner.before")} {data.before.label} · {t("planner.after")} {data.after.label}
          </p>
          <EChart option={option} height={320} label={t("planner.beforeAfter")} testId="before-after-chart" />
          <div className="table-scroll">
            <table className="figures">
              <thead>
                <tr>
                  <th scope="col">{t("planner.building")}</th>
                  {COMPARED.map((m) => (
                    <th key={m} scope="col" colSpan={2}>
                      {metricLabel(t, m)} ({t("planner.before")} → {t("planner.after")})
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.rows.map((row) => (
                  <tr key={row.unitId}>
                    <th scope="row">{row.name}</th>
                    {COMPARED.map((m) => (
                      <td key={m} colSpan={2} className={row.before[m].suppressed || row.after[m].suppressed ? "suppressed" : "num"}>
                        {formatFigure(t, m, row.before[m])} → {formatFigure(t, m, row.after[m])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
