import { useGateway, useQuery } from "../../api/context";
import { ErrorMessage } from "../../components/errors";
import { formatDateTime } from "../../format";
import { enumLabel, useT } from "../../i18n";

interface LedgerEntry {
  id: string;
  amount: number;
  reason: string;
  note: string;
  createdAt: string;
}

const POINTS = `query($r: ID!) {
  points(residentId: $r) { balance ledger(first: 50) { edges { node { id amount reason note createdAt } } } }
}`;

/** 积分: my balance and every entry of my ledger, newest first. */
export function PointsPage() {
  const { t, lang } = useT();
  const { session } = useGateway();
  const points = useQuery<{ points: { balance: number; ledger: { edges: { node: LedgerEntry }[] } } }>(
    POINTS,
    { r: session.subject },
    session.subject,
  );
  const entries = points.data?.points.ledger.edges.map((e) => e.node) ?? [];
  return (
    <section>
      <h1>{t("nav.points")}</h1>
      <ErrorMessage error={points.error} onRetry={points.reload} retryLabel={t("app.retry")} />
      {points.data ? (
        <p className="balance" data-testid="points-balance">
          {t("resident.balance")} <strong>{points.data.points.balance}</strong>
        </p>
      ) : null}
      <section className="card">
        <h2>{t("resident.ledger")}</h2>
        {points.data && entries.length === 0 ? <p className="muted">{t("app.empty")}</p> : null}
        <table className="ledger" data-testid="ledger">
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{formatDateTime(entry.createdAt, lang)}</td>
                <td>{enumLabel(t, "reason", entry.reason)}</td>
                <td>{entry.note}</td>
                <td className={entry.amount < 0 ? "num negative" : "num positive"}>
                  {entry.amount > 0 ? `+${entry.amount}` : entry.amount}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}
