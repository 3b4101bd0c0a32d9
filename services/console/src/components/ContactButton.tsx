import { useState } from "react";
import { useMutation } from "../api/context";
import { useT } from "../i18n";

const PHONE = `query($id: ID!, $why: String!) {
  resident(id: $id) { privateProfile(reason: $why) { phone } }
}`;

/**
 * An operator's on-demand read of a resident's phone. The server answers only when the resident
 * consented (and audits the read with the reason); otherwise the console says so.
 */
export function ContactButton(props: { residentId: string }) {
  const { t } = useT();
  const read = useMutation<{ resident: { privateProfile: { phone: string | null } } | null }>(PHONE);
  const [phone, setPhone] = useState<string | null | undefined>(undefined);

  const onClick = async () => {
    const data = await read.run({ id: props.residentId, why: t("team.contactReasonDefault") });
    if (data) setPhone(data.resident?.privateProfile.phone ?? null);
  };

  if (phone) {
    return (
      <span className="contact" data-testid="contact-phone">
        {t("team.contact")}：<a href={`tel:${phone}`}>{phone}</a>
      </span>
    );
  }
  if (phone === null || read.error?.code === "FORBIDDEN") {
    return (
      <span className="contact muted" data-testid="contact-hidden">
        {t("team.noConsent")}
      </span>
    );
  }
  return (
    <span className="contact">
      <button type="button" className="secondary small" disabled={read.busy} onClick={onClick}>
        {t("team.showContact")}
      </button>
      {read.error ? <span className="field-error">{read.error.message}</span> : null}
    </span>
  );
}
