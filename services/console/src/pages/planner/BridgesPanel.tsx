import { useGateway, useQuery } from "../../api/context";
import { ErrorMessage } from "../../components/errors";
import { useT } from "../../i18n";
import { FIGURE, formatFigure } from "./figures";
import type { Figure } from "./figures";

const BRIDGES = `query($c: ID!, $window: WindowInput) {
  bridgeBuildings(communityId: $c, window: $window, limit: 10) {
    rows { buildingId name bridging ${FIGURE} crossBuildingTies ${FIGURE} linkedBuildings ${FIGURE} }
  }
}`;

interface Bridges {
  bridgeBuildings: {
    rows: { buildingId: string; name: string; bridging: Figure; crossBuildingTies: Figure; linkedBuildings: Figure }[];
  };
}

/** 桥接楼栋: the buildings whose residents link the others (betweenness on the building graph). */
export function BridgesPanel(props: { window: { start: string; end: string } }) {
  const { t } = useT();
  const { session } = useGateway();
  const bridges = useQuery<Bridges>(
    BRIDGES,
    { c: session.communityId, window: props.window },
    `${session.communityId}:${props.window.start}:${props.window.end}`,
  );
  const cell = (metric: "bridging" | "crossBuildingTies", f: Figure) => (
    <td className={f.suppressed ? "suppressed" : "num"}>{formatFigure(t, metric, f)}</td>
  );
  return (
    <section className="card" data-testid="bridges">
      <h2>{t("planner.bridges")}</h2>
      <ErrorMessage error={bridges.error} />
      {bridges.loading && !bridges.data ? <p>{t("app.loading")}</p> : null}
      {bridges.data ? (
        <div className="table-scroll">
          <table className="figures">
            <thead>
              <tr>
                <th scope="col">{t("planner.building")}</th>
                <th scope="col">{t("metric.bridging")}</th>
                <th scope="col">{t("metric.crossBuildingTies")}</th>
                <th scope="col">{t("planner.linkedBuildings")}</th>
              </tr>
            </thead>
            <tbody>
              {bridges.data.bridgeBuildings.rows.map((row) => (
                <tr key={row.buildingId}>
                  <th scope="row">{row.name}</th>
                  {cell("bridging", row.bridging)}
                  {cell("crossBuildingTies", row.crossBuildingTies)}
                  {cell("crossBuildingTies", row.linkedBuildings)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
