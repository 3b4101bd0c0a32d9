import { useState } from "react";
import { idempotencyKey } from "../../api/client";
import { useGateway, useMutation, useQuery } from "../../api/context";
import { ContactButton } from "../../components/ContactButton";
import { ErrorMessage } from "../../components/errors";
import { useSkillLabel } from "../../components/SkillPicker";
import { Note, NOTE_FIELDS, RECOMMENDED_FIELDS, Reason, ScoreParts } from "../../components/recommendation";
import type { Recommended, RecommendationNote } from "../../components/recommendation";
import { enumLabel, useT } from "../../i18n";
import { formatDateTime } from "../../format";

type ListingKind = "REQUEST" | "OFFER";

interface Listing {
  id: string;
  kind: ListingKind;
  title: string;
  description: string;
  skillTags: string[];
  status: "OPEN" | "MATCHED" | "COMPLETED" | "CANCELLED";
  createdAt: string;
  resident: { id: string; displayName: string; building: { name: string } | null };
}

const LISTINGS = `query($c: ID!, $kind: ListingKind) {
  listings(communityId: $c, kind: $kind, status: OPEN, first: 30) {
    edges { node { id kind title description skillTags status createdAt resident { id displayName building { name } } } }
  }
}`;

export function ListingBoard() {
  const { t } = useT();
  const { session } = useGateway();
  const [kind, setKind] = useState<ListingKind | "">("");
  const skillLabel = useSkillLabel();
  const listings = useQuery<{ listings: { edges: { node: Listing }[] } }>(
    LISTINGS,
    { c: session.communityId, kind: kind || null },
    `${session.communityId}:${kind}`,
  );

  return (
    <section>
      <h1>{t("board.title")}</h1>
      <div className="segmented" role="group" aria-label={t("board.filter")}>
        {(["", "REQUEST", "OFFER"] as const).map((k) => (
          <button
            key={k || "all"}
            type="button"
            aria-pressed={kind === k}
            className={kind === k ? "" : "secondary"}
            onClick={() => setKind(k)}
          >
            {k === "" ? t("board.all") : k === "REQUEST" ? t("board.requests") : t("board.offers")}
          </button>
        ))}
      </div>
      <ErrorMessage error={listings.error} onRetry={listings.reload} retryLabel={t("app.retry")} />
      {listings.loading && !listings.data ? <p>{t("app.loading")}</p> : null}
      {listings.data?.listings.edges.length === 0 ? <p className="muted">{t("app.empty")}</p> : null}
      <ul className="listings" data-testid="listings">
        {listings.data?.listings.edges.map(({ node }) => (
          <ListingCard key={node.id} listing={node} onChanged={listings.reload} skillLabel={skillLabel} />
        ))}
      </ul>
    </section>
  );
}

interface Match extends Recommended {
  resident: { id: string; displayName: string; building: { name: string } | null };
}

const MATCHES = `query($listing: ID!) {
  exchangeMatches(listingId: $listing, first: 5) {
    items { ${RECOMMENDED_FIELDS} resident { id displayName building { name } } }
    ${NOTE_FIELDS}
  }
}`;

const AGREE = `mutation($input: AgreeExchangeInput!) { agreeExchange(input: $input) { id status } }`;

function ListingCard(props: { listing: Listing; onChanged: () => void; skillLabel: (slug: string) => string }) {
  const { t, lang } = useT();
  const { listing } = props;
  const [open, setOpen] = useState(false);
  const matches = useQuery<{ exchangeMatches: { items: Match[]; note: RecommendationNote | null } }>(
    MATCHES,
    { listing: listing.id },
    listing.id,
    !open,
  );
  const agree = useMutation<{ agreeExchange: { id: string } }>(AGREE);

  const onAgree = async (counterpartId: string) => {
    const done = await agree.run({
      input: { listingId: listing.id, counterpartId, idempotencyKey: idempotencyKey("agree") },
    });
    if (done) props.onChanged();
  };

  return (
    <li className="card listing" data-testid="listing" data-listing-id={listing.id}>
      <div className="listing-head">
        <span className={`badge ${listing.kind === "REQUEST" ? "badge-request" : "badge-offer"}`}>
          {enumLabel(t, "listing", listing.kind)}
        </span>
        <strong>{listing.title}</strong>
      </div>
      <p className="muted">
        {t("board.postedBy")} {listing.resident.displayName} · {listing.resident.building?.name} ·{" "}
        {formatDateTime(listing.createdAt, lang)} · {listing.skillTags.map(props.skillLabel).join("、")}
      </p>
      {listing.description ? <p>{listing.description}</p> : null}
      <button type="button" className="secondary" onClick={() => setOpen(!open)} aria-expanded={open}>
        {open ? t("activities.close") : t("board.showMatches")}
      </button>
      {open ? (
        <div className="matches" data-testid="matches">
          <h3>{t("board.suggested")}</h3>
          <ErrorMessage error={matches.error ?? agree.error} />
          {matches.loading ? <p>{t("app.loading")}</p> : null}
          <Note note={matches.data?.exchangeMatches.note} />
          <ol>
            {matches.data?.exchangeMatches.items.map((m) => (
              <li key={m.resident.id} className="candidate">
                <div className="candidate-head">
                  <strong>{m.resident.displayName}</strong>
                  <span className="muted">{m.resident.building?.name}</span>
                </div>
                <Reason item={m} />
                <ScoreParts item={m} />
                <div className="actions">
                  <button type="button" disabled={agree.busy} onClick={() => onAgree(m.resident.id)}>
                    {t("board.agree")}
                  </button>
                  <ContactButton residentId={m.resident.id} />
                </div>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </li>
  );
}
