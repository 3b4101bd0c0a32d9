import { useEffect, useState } from "react";
import type { FormEvent } from "react";
import { useGateway, useMutation, useQuery } from "../../api/context";
import { ErrorMessage, Field, FormError } from "../../components/errors";
import { enumLabel, useT } from "../../i18n";

type Mode = "PERSONALISED" | "NON_PERSONALISED" | "OFF";

interface Consent {
  mayBeRecommended: boolean;
  contactVisibleToOperators: boolean;
  recommendations: Mode;
}

const MY_PRIVACY = `query($r: ID!) {
  resident(id: $r) { privateProfile { phone consent { mayBeRecommended contactVisibleToOperators recommendations } } }
}`;
const SET_CONSENT = `mutation($input: SetResidentConsentInput!) {
  setResidentConsent(input: $input) { mayBeRecommended contactVisibleToOperators recommendations }
}`;
const MODES: Mode[] = ["PERSONALISED", "NON_PERSONALISED", "OFF"];

/** The resident's own consent: recommended to others, phone visible to operators, recommendation mode. */
export function PrivacyPage() {
  const { t } = useT();
  const { session } = useGateway();
  const profile = useQuery<{ resident: { privateProfile: { phone: string | null; consent: Consent } } | null }>(
    MY_PRIVACY,
    { r: session.subject },
    session.subject,
  );
  const save = useMutation<{ setResidentConsent: Consent }>(SET_CONSENT);
  const [consent, setConsent] = useState<Consent | null>(null);
  const [saved, setSaved] = useState(false);
  const loaded = profile.data?.resident?.privateProfile;

  useEffect(() => {
    if (loaded) setConsent(loaded.consent);
  }, [loaded]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!consent) return;
    setSaved(false);
    const data = await save.run({ input: { residentId: session.subject, ...consent } });
    if (data) {
      setConsent(data.setResidentConsent);
      setSaved(true);
    }
  };

  return (
    <section>
      <h1>{t("resident.privacy")}</h1>
      <ErrorMessage error={profile.error} onRetry={profile.reload} retryLabel={t("app.retry")} />
      {loaded ? (
        <p>
          {t("resident.myPhone")}：<strong>{loaded.phone ?? "—"}</strong>
        </p>
      ) : null}
      {consent ? (
        <form className="card form" onSubmit={onSubmit} noValidate data-testid="privacy-form">
          <label className="check">
            <input
              type="checkbox"
              checked={consent.mayBeRecommended}
              onChange={(e) => setConsent({ ...consent, mayBeRecommended: e.target.checked })}
              data-testid="may-be-recommended"
            />
            {t("resident.mayBeRecommended")}
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={consent.contactVisibleToOperators}
              onChange={(e) => setConsent({ ...consent, contactVisibleToOperators: e.target.checked })}
              data-testid="contact-visible"
            />
            {t("resident.contactVisible")}
          </label>
          <Field label={t("resident.recommendationMode")} name="recommendations" error={save.error}>
            <select
              value={consent.recommendations}
              onChange={(e) => setConsent({ ...consent, recommendations: e.target.value as Mode })}
            >
              {MODES.map((m) => (
                <option key={m} value={m}>
                  {enumLabel(t, "mode", m)}
                </option>
              ))}
            </select>
          </Field>
          <FormError error={save.error} fields={["recommendations"]} />
          {saved ? (
            <p className="success" role="status">
              {t("app.saved")}
            </p>
          ) : null}
          <button type="submit" disabled={save.busy} data-testid="privacy-save">
            {t("app.save")}
          </button>
        </form>
      ) : null}
    </section>
  );
}
