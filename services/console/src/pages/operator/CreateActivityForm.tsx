import { useState } from "react";
import type { FormEvent } from "react";
import { idempotencyKey } from "../../api/client";
import { useGateway, useMutation } from "../../api/context";
import { Field, FormError } from "../../components/errors";
import { beijingInputToIso, beijingInputValue } from "../../format";
import { enumLabel, useT } from "../../i18n";

const KINDS = [
  "NEIGHBOUR_FESTIVAL",
  "FREE_CLINIC",
  "HUNDRED_FAMILY_BANQUET",
  "READING_CLUB",
  "FLEA_MARKET",
  "COUNCIL_MEETING",
  "VOLUNTEER_PATROL",
  "OTHER",
] as const;

const CREATE = `mutation($input: CreateActivityInput!) { createActivity(input: $input) { id title } }`;
// On a phone at the door the list (check-in) matters more: the form starts folded.
const WIDE_SCREEN = window.matchMedia("(min-width: 600px)").matches;
const FIELDS = ["title", "kind", "startsAt", "endsAt", "place", "capacity", "tags"];

export function CreateActivityForm(props: { onCreated: () => void }) {
  const { t } = useT();
  const { session } = useGateway();
  const [title, setTitle] = useState("");
  const [kind, setKind] = useState<(typeof KINDS)[number]>("NEIGHBOUR_FESTIVAL");
  const [startsAt, setStartsAt] = useState(() => beijingInputValue(30));
  const [endsAt, setEndsAt] = useState(() => beijingInputValue(150));
  const [place, setPlace] = useState("");
  const [capacity, setCapacity] = useState("");
  const [tags, setTags] = useState("");
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation<{ createActivity: { id: string; title: string } }>(CREATE);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setCreated(null);
    const capacityNumber = capacity.trim() === "" ? null : Number(capacity);
    const data = await create.run({
      input: {
        communityId: session.communityId,
        title: title.trim(),
        kind,
        startsAt: beijingInputToIso(startsAt),
        endsAt: beijingInputToIso(endsAt),
        place: place.trim(),
        capacity: capacityNumber !== null && Number.isFinite(capacityNumber) ? Math.trunc(capacityNumber) : null,
        tags: tags
          .split(/[,，、\s]+/)
          .map((s) => s.trim())
          .filter(Boolean),
        idempotencyKey: idempotencyKey("activity"),
      },
    });
    if (data) {
      setCreated(data.createActivity.title);
      setTitle("");
      props.onCreated();
    }
  };

  return (
    <details className="card" open={WIDE_SCREEN}>
      <summary>{t("activities.create")}</summary>
      <form className="form" onSubmit={onSubmit} noValidate data-testid="create-activity-form">
        <Field label={t("activities.titleField")} name="title" error={create.error}>
          <input value={title} onChange={(e) => setTitle(e.target.value)} data-testid="activity-title" />
        </Field>
        <div className="row">
          <Field label={t("activities.kind")} name="kind" error={create.error}>
            <select value={kind} onChange={(e) => setKind(e.target.value as (typeof KINDS)[number])}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {enumLabel(t, "kind", k)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t("activities.place")} name="place" error={create.error}>
            <input value={place} onChange={(e) => setPlace(e.target.value)} data-testid="activity-place" />
          </Field>
        </div>
        <div className="row">
          <Field label={t("activities.startsAt")} name="startsAt" error={create.error}>
            <input type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} />
          </Field>
          <Field label={t("activities.endsAt")} name="endsAt" error={create.error}>
            <input type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} />
          </Field>
        </div>
        <div className="row">
          <Field label={t("activities.capacity")} name="capacity" error={create.error}>
            <input type="number" inputMode="numeric" value={capacity} onChange={(e) => setCapacity(e.target.value)} />
          </Field>
          <Field label={t("activities.tags")} name="tags" error={create.error}>
            <input value={tags} onChange={(e) => setTags(e.target.value)} />
          </Field>
        </div>
        <FormError error={create.error} fields={FIELDS} />
        {created ? (
          <p className="success" role="status">
            {t("activities.created")}：{created}
          </p>
        ) : null}
        <button type="submit" disabled={create.busy} data-testid="activity-submit">
          {t("activities.submit")}
        </button>
      </form>
    </details>
  );
}
