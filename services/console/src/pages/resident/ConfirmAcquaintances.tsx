import { useState } from "react";
import { useMutation, useQuery } from "../../api/context";
import { ErrorMessage } from "../../components/errors";
import { useT } from "../../i18n";

interface Pending {
  acquaintances: { status: string; context: string | null; resident: { id: string; displayName: string } }[];
}

const PENDING = `query($r: ID!) { acquaintances(residentId: $r) { status context resident { id displayName } } }`;
const CONFIRM = `mutation($input: ConfirmAcquaintanceInput!) { confirmAcquaintance(input: $input) { confirmed } }`;

/** Neighbours who said they know me: confirming makes the tie count (熟人). */
export function ConfirmAcquaintances(props: { me: string }) {
  const { t } = useT();
  const pending = useQuery<Pending>(PENDING, { r: props.me }, props.me);
  const incoming = pending.data?.acquaintances.filter((a) => a.status === "PENDING_INCOMING") ?? [];
  if (incoming.length === 0) return null;
  return (
    <section className="card" data-testid="confirm-acquaintances">
      <h2>{t("resident.theyKnowYou")}</h2>
      <ul className="cards">
        {incoming.map((a) => (
          <ConfirmRow key={a.resident.id} me={props.me} neighbour={a.resident} />
        ))}
      </ul>
    </section>
  );
}

function ConfirmRow(props: { me: string; neighbour: { id: string; displayName: string } }) {
  const { t } = useT();
  const confirm = useMutation<{ confirmAcquaintance: { confirmed: boolean } }>(CONFIRM);
  const [done, setDone] = useState(false);
  const onConfirm = async () => {
    const data = await confirm.run({ input: { fromResidentId: props.neighbour.id, toResidentId: props.me } });
    if (data) setDone(true);
  };
  return (
    <li className="rec" data-testid="confirm-row">
      <strong>{props.neighbour.displayName}</strong> {t("resident.saysKnowsYou")}
      <ErrorMessage error={confirm.error} />
      <div>
        {done ? (
          <span className="badge badge-ok" role="status">
            {t("resident.knowEachOther")}
          </span>
        ) : (
          <button type="button" onClick={onConfirm} disabled={confirm.busy} data-testid="confirm-acquaintance">
            {t("resident.confirmKnow")}
          </button>
        )}
      </div>
    </li>
  );
}
