import { useState } from "react";
import type { FormEvent } from "react";
import { idempotencyKey } from "../../api/client";
import { useGateway, useMutation, useQuery } from "../../api/context";
import { ErrorMessage, Field, FormError } from "../../components/errors";
import { formatDateTime } from "../../format";
import { enumLabel, useT } from "../../i18n";

interface Wish {
  id: string;
  title: string;
  description: string;
  status: string;
  createdAt: string;
  resident: { id: string; displayName: string; building: { name: string } | null };
}

const OPEN_WISHES = `query($c: ID!) {
  wishes(communityId: $c, status: OPEN, first: 20) {
    edges { node { id title description status createdAt resident { id displayName building { name } } } }
  }
}`;
const CLAIM = `mutation($input: WishClaimInput!) { claimWish(input: $input) { id status } }`;
const POST_WISH = `mutation($input: PostWishInput!) { postWish(input: $input) { id title } }`;

/** 微心愿: claim a neighbour's small wish, or make one. */
export function WishesPage() {
  const { t } = useT();
  const { session } = useGateway();
  const wishes = useQuery<{ wishes: { edges: { node: Wish }[] } }>(
    OPEN_WISHES,
    { c: session.communityId },
    session.communityId,
  );
  const open = wishes.data?.wishes.edges.map((e) => e.node) ?? [];
  return (
    <section>
      <h1>{t("resident.wishes")}</h1>
      <ErrorMessage error={wishes.error} onRetry={wishes.reload} retryLabel={t("app.retry")} />
      {wishes.data && open.length === 0 ? <p className="muted">{t("resident.noWishes")}</p> : null}
      <ul className="cards" data-testid="wishes">
        {open.map((wish) => (
          <WishCard key={wish.id} wish={wish} me={session.subject} />
        ))}
      </ul>
      <PostWishForm onPosted={wishes.reload} />
    </section>
  );
}

function WishCard(props: { wish: Wish; me: string }) {
  const { t, lang } = useT();
  const claim = useMutation<{ claimWish: { status: string } }>(CLAIM);
  const [status, setStatus] = useState(props.wish.status);
  const { wish } = props;
  const onClaim = async () => {
    const data = await claim.run({ input: { wishId: wish.id, claimantId: props.me } });
    if (data) setStatus(data.claimWish.status);
  };
  return (
    <li className="card rec" data-testid="wish-card">
      <strong>{wish.title}</strong>
      <p className="muted">
        {wish.resident.displayName} · {wish.resident.building?.name} · {formatDateTime(wish.createdAt, lang)}
      </p>
      {wish.description ? <p>{wish.description}</p> : null}
      <ErrorMessage error={claim.error} />
      {status === "OPEN" && wish.resident.id !== props.me ? (
        <button type="button" onClick={onClaim} disabled={claim.busy} data-testid="claim-wish">
          {t("resident.claim")}
        </button>
      ) : (
        <span className="badge badge-ok" role="status">
          {enumLabel(t, "wish", status)}
        </span>
      )}
    </li>
  );
}

function PostWishForm(props: { onPosted: () => void }) {
  const { t } = useT();
  const { session } = useGateway();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const post = useMutation<{ postWish: { title: string } }>(POST_WISH);
  const [posted, setPosted] = useState<string | null>(null);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const data = await post.run({
      input: {
        residentId: session.subject,
        title: title.trim(),
        description: description.trim(),
        idempotencyKey: idempotencyKey("wish"),
      },
    });
    if (data) {
      setPosted(data.postWish.title);
      setTitle("");
      setDescription("");
      props.onPosted();
    }
  };
  return (
    <form className="card form" onSubmit={onSubmit} noValidate>
      <h2>{t("resident.postWish")}</h2>
      <Field label={t("resident.wishTitle")} name="title" error={post.error}>
        <input value={title} onChange={(e) => setTitle(e.target.value)} />
      </Field>
      <Field label={t("resident.description")} name="description" error={post.error}>
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />
      </Field>
      <FormError error={post.error} fields={["title", "description"]} />
      {posted ? (
        <p className="success" role="status">
          {t("resident.posted")}：{posted}
        </p>
      ) : null}
      <button type="submit" disabled={post.busy}>
        {t("resident.postWish")}
      </button>
    </form>
  );
}
