import { useState } from "react";
import { idempotencyKey } from "../../api/client";
import { useMutation, useQuery } from "../../api/context";
import { ErrorMessage } from "../../components/errors";
import { Note, NOTE_FIELDS, RECOMMENDED_FIELDS, Reason, ScoreParts } from "../../components/recommendation";
import type { Recommended, RecommendationNote } from "../../components/recommendation";
import { formatDateTime } from "../../format";
import { enumLabel, useT } from "../../i18n";

export interface RecommendedActivity {
  id: string;
  title: string;
  kind: string;
  startsAt: string;
  endsAt: string;
  place: string;
  capacity: number | null;
  registeredCount: number;
}

export interface RecommendedResident extends Recommended {
  resident: { id: string; displayName: string; floor: number | null; building: { name: string } | null };
}

const GROUP = "query($id: ID!) { group(id: $id) { id name description memberCount } }";
const JOIN = "mutation($input: MembershipInput!) { joinGroup(input: $input) { groupId role } }";

export function GroupRecommendationCard(props: { item: Recommended & { groupId: string }; residentId: string }) {
  const { t } = useT();
  const group = useQuery<{ group: { name: string; description: string; memberCount: number } | null }>(
    GROUP,
    { id: props.item.groupId },
    props.item.groupId,
  );
  const join = useMutation<{ joinGroup: { groupId: string } }>(JOIN);
  const [joined, setJoined] = useState(false);
  const onJoin = async () => {
    if (await join.run({ input: { groupId: props.item.groupId, residentId: props.residentId } })) setJoined(true);
  };
  const g = group.data?.group;
  return (
    <li className="rec" data-testid="group-card">
      <strong>{g?.name ?? "…"}</strong>
      {g ? <span className="muted"> · {t("resident.members", { n: g.memberCount })}</span> : null}
      {g?.description ? <p className="muted">{g.description}</p> : null}
      <Reason item={props.item} />
      <details>
        <summary>{t("app.score")}</summary>
        <ScoreParts item={props.item} />
      </details>
      <ErrorMessage error={join.error} />
      {joined ? (
        <span className="badge badge-ok" role="status">
          {t("resident.joined")}
        </span>
      ) : (
        <button type="button" onClick={onJoin} disabled={join.busy} data-testid="join-group">
          {t("resident.join")}
        </button>
      )}
    </li>
  );
}

const REGISTER = `mutation($input: RegistrationInput!) { registerForActivity(input: $input) { waitlisted } }`;
const CHECK_IN = `mutation($input: CheckInInput!) { checkIn(input: $input) { id } }`;

export function ActivityRecommendationCard(props: {
  item: Recommended & { activity: RecommendedActivity };
  residentId: string;
}) {
  const { t, lang } = useT();
  const { activity } = props.item;
  const register = useMutation<{ registerForActivity: { waitlisted: boolean } }>(REGISTER);
  const checkIn = useMutation<{ checkIn: { id: string } }>(CHECK_IN);
  const [state, setState] = useState<"none" | "registered" | "waitlisted" | "checkedIn">("none");
  const input = { activityId: activity.id, residentId: props.residentId };
  const onRegister = async () => {
    const data = await register.run({ input });
    if (data) setState(data.registerForActivity.waitlisted ? "waitlisted" : "registered");
  };
  const onCheckIn = async () => {
    if (await checkIn.run({ input })) setState("checkedIn");
  };
  return (
    <li className="rec" data-testid="activity-card">
      <span className="badge">{enumLabel(t, "kind", activity.kind)}</span> <strong>{activity.title}</strong>
      <p className="muted">
        {formatDateTime(activity.startsAt, lang)} · {activity.place}
      </p>
      <Reason item={props.item} />
      <details>
        <summary>{t("app.score")}</summary>
        <ScoreParts item={props.item} />
      </details>
      <ErrorMessage error={register.error ?? checkIn.error} />
      {state === "none" ? (
        <button type="button" onClick={onRegister} disabled={register.busy} data-testid="register-activity">
          {t("resident.register")}
        </button>
      ) : state === "checkedIn" ? (
        <span className="badge badge-ok">{t("resident.checkedIn")}</span>
      ) : (
        <>
          <span className="badge badge-ok" role="status">
            {state === "waitlisted" ? t("resident.waitlisted") : t("resident.registered")}
          </span>{" "}
          {state === "registered" && checkInOpen(activity) ? (
            <button type="button" className="secondary" onClick={onCheckIn} disabled={checkIn.busy}>
              {t("resident.checkIn")}
            </button>
          ) : null}
        </>
      )}
    </li>
  );
}

/** Check-in is accepted from an hour before the start until 12 hours after the end. */
function checkInOpen(activity: RecommendedActivity, now: number = Date.now()): boolean {
  const opens = Date.parse(activity.startsAt) - 3_600_000;
  const closes = Date.parse(activity.endsAt) + 12 * 3_600_000;
  return now >= opens && now <= closes;
}

const DECLARE = `mutation($input: DeclareAcquaintanceInput!) {
  declareAcquaintance(input: $input) { confirmed }
}`;

/** A neighbour with the reason to meet them; "I know them" records the tie (they confirm it). */
export function NeighbourCard(props: { item: RecommendedResident; me?: string }) {
  const { t } = useT();
  const { resident } = props.item;
  const declare = useMutation<{ declareAcquaintance: { confirmed: boolean } }>(DECLARE);
  const [declared, setDeclared] = useState<boolean | null>(null);
  const onDeclare = async () => {
    const data = await declare.run({
      input: {
        fromResidentId: props.me,
        toResidentId: resident.id,
        context: "console",
        idempotencyKey: idempotencyKey("knows"),
      },
    });
    if (data) setDeclared(data.declareAcquaintance.confirmed);
  };
  return (
    <li className="rec" data-testid="neighbour-card">
      <strong>{resident.displayName}</strong>{" "}
      <span className="muted">
        {resident.building?.name}
        {resident.floor != null ? ` · ${resident.floor}F` : ""}
      </span>
      <Reason item={props.item} />
      {props.me ? (
        <>
          <ErrorMessage error={declare.error} />
          {declared === null ? (
            <button type="button" className="secondary" onClick={onDeclare} disabled={declare.busy} data-testid="i-know-them">
              {t("resident.iKnowThem")}
            </button>
          ) : (
            <span className="badge badge-ok" role="status">
              {declared ? t("resident.knowEachOther") : t("resident.awaitingConfirmation")}
            </span>
          )}
        </>
      ) : null}
    </li>
  );
}

const EXCHANGES = `query($r: ID!, $skill: String) {
  exchangeMatches(residentId: $r, skill: $skill, offering: true, first: 3) {
    items { ${RECOMMENDED_FIELDS} resident { id displayName floor building { name } } }
    ${NOTE_FIELDS}
  }
}`;

/** Neighbours who need a skill the resident has (skill exchange, 技能互换). */
export function ExchangeCard(props: {
  residentId: string;
  skill: { tag: string; nameZh: string; nameEn: string } | null;
}) {
  const { t, lang } = useT();
  const matches = useQuery<{ exchangeMatches: { items: RecommendedResident[]; note: RecommendationNote | null } }>(
    EXCHANGES,
    { r: props.residentId, skill: props.skill?.tag ?? null },
    `${props.residentId}:${props.skill?.tag}`,
    props.skill === null,
  );
  if (!props.skill) return null;
  return (
    <section className="card" data-testid="exchange-matches">
      <h2>
        {t("resident.exchanges")} · {lang === "zh" ? props.skill.nameZh : props.skill.nameEn}
      </h2>
      <ErrorMessage error={matches.error} />
      <Note note={matches.data?.exchangeMatches.note} />
      <ul className="cards">
        {matches.data?.exchangeMatches.items.map((item) => (
          <NeighbourCard key={item.resident.id} item={item} />
        ))}
      </ul>
    </section>
  );
}
