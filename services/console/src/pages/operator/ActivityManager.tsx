import { useState } from "react";
import { useGateway, useMutation, useQuery } from "../../api/context";
import { ErrorMessage } from "../../components/errors";
import { formatDateTime } from "../../format";
import { enumLabel, useT } from "../../i18n";
import { isStaff } from "../../session";
import { CreateActivityForm } from "./CreateActivityForm";

export interface ActivitySummary {
  id: string;
  title: string;
  kind: string;
  status: "SCHEDULED" | "CANCELLED";
  startsAt: string;
  endsAt: string;
  place: string;
  capacity: number | null;
  registeredCount: number;
  waitlistCount: number;
  attendeeCount: number;
}

export const ACTIVITY_SUMMARY =
  "id title kind status startsAt endsAt place capacity registeredCount waitlistCount attendeeCount";

const ACTIVITIES = `query($c: ID!) {
  activities(communityId: $c, first: 30) { edges { node { ${ACTIVITY_SUMMARY} } } }
}`;

export function ActivityManager() {
  const { t } = useT();
  const { session } = useGateway();
  const [generation, setGeneration] = useState(0);
  const activities = useQuery<{ activities: { edges: { node: ActivitySummary }[] } }>(
    ACTIVITIES,
    { c: session.communityId },
    `${session.communityId}:${generation}`,
  );
  return (
    <section>
      <h1>{t("activities.title")}</h1>
      {/* Creating activities is for operators and admins; building heads run check-in. */}
      {isStaff(session) ? <CreateActivityForm onCreated={() => setGeneration((g) => g + 1)} /> : null}
      <h2>{t("activities.list")}</h2>
      <ErrorMessage error={activities.error} onRetry={activities.reload} retryLabel={t("app.retry")} />
      {activities.loading && !activities.data ? <p>{t("app.loading")}</p> : null}
      <ul className="activities" data-testid="activities">
        {activities.data?.activities.edges.map(({ node }) => (
          <ActivityRow key={node.id} activity={node} onChanged={activities.reload} />
        ))}
      </ul>
    </section>
  );
}

function ActivityRow(props: { activity: ActivitySummary; onChanged: () => void }) {
  const { t, lang } = useT();
  const { activity } = props;
  const [open, setOpen] = useState(false);
  return (
    <li className="card activity" data-testid="activity" data-activity-id={activity.id}>
      <div className="listing-head">
        <span className="badge">{enumLabel(t, "kind", activity.kind)}</span>
        <strong>{activity.title}</strong>
        {activity.status === "CANCELLED" ? <span className="badge badge-muted">{t("activities.cancelled")}</span> : null}
      </div>
      <p className="muted">
        {formatDateTime(activity.startsAt, lang)} – {formatDateTime(activity.endsAt, lang)} · {activity.place}
      </p>
      <p>
        {t("activities.registered")} {activity.registeredCount}
        {activity.capacity ? ` / ${activity.capacity}` : ""} · {t("activities.waitlist")} {activity.waitlistCount} ·{" "}
        <span data-testid="attendee-count">
          {t("activities.checkedIn")} {activity.attendeeCount}
        </span>
      </p>
      {activity.status === "SCHEDULED" ? (
        <button type="button" className="secondary" onClick={() => setOpen(!open)} aria-expanded={open}>
          {open ? t("activities.close") : t("activities.manage")}
        </button>
      ) : null}
      {open ? <CheckInPanel activity={activity} onChanged={props.onChanged} /> : null}
    </li>
  );
}

interface Roster {
  activity: {
    registrations: { edges: { node: { residentId: string; resident: { displayName: string } } }[] };
    attendees: { edges: { node: { resident: { id: string } } }[] };
  } | null;
}

const ROSTER = `query($id: ID!) {
  activity(id: $id) {
    registrations(first: 100, waitlisted: false) { edges { node { residentId resident { displayName } } } }
    attendees(first: 100) { edges { node { resident { id } } } }
  }
}`;

const CHECK_IN = `mutation($input: CheckInInput!) { checkIn(input: $input) { id attendeeCount } }`;
const CANCEL = `mutation($input: ActivityInput!) { cancelActivity(input: $input) { id status } }`;

/** Registered residents with a check-in button each (works on a phone at the door). */
function CheckInPanel(props: { activity: ActivitySummary; onChanged: () => void }) {
  const { t } = useT();
  const roster = useQuery<Roster>(ROSTER, { id: props.activity.id }, props.activity.id);
  const checkIn = useMutation<{ checkIn: { attendeeCount: number } }>(CHECK_IN);
  const cancel = useMutation<{ cancelActivity: { status: string } }>(CANCEL);
  const checkedIn = new Set(roster.data?.activity?.attendees.edges.map((e) => e.node.resident.id) ?? []);
  const registrations = roster.data?.activity?.registrations.edges ?? [];

  const onCheckIn = async (residentId: string) => {
    if (await checkIn.run({ input: { activityId: props.activity.id, residentId } })) {
      roster.reload();
      props.onChanged();
    }
  };
  const onCancel = async () => {
    if (await cancel.run({ input: { activityId: props.activity.id } })) props.onChanged();
  };

  return (
    <div className="check-in" data-testid="check-in-panel">
      <h3>{t("activities.registrations")}</h3>
      <ErrorMessage error={roster.error ?? checkIn.error ?? cancel.error} />
      {roster.loading && !roster.data ? <p>{t("app.loading")}</p> : null}
      {roster.data && registrations.length === 0 ? <p className="muted">{t("activities.noRegistrations")}</p> : null}
      <ul className="roster">
        {registrations.map(({ node }) => (
          <li key={node.residentId}>
            <span>{node.resident.displayName}</span>
            {checkedIn.has(node.residentId) ? (
              <span className="badge badge-ok">{t("activities.checkedIn")}</span>
            ) : (
              <button
                type="button"
                disabled={checkIn.busy}
                onClick={() => onCheckIn(node.residentId)}
                data-testid="check-in-button"
              >
                {t("activities.checkIn")}
              </button>
            )}
          </li>
        ))}
      </ul>
      <button type="button" className="danger" disabled={cancel.busy} onClick={onCancel}>
        {t("activities.cancelActivity")}
      </button>
    </div>
  );
}
