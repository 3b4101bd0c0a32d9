import { useState } from "react";
import type { FormEvent } from "react";
import { idempotencyKey } from "../../api/client";
import { useGateway, useMutation, useQuery } from "../../api/context";
import { ErrorMessage, Field, FormError } from "../../components/errors";
import { formatDateTime } from "../../format";
import { enumLabel, useT } from "../../i18n";

const POST = `mutation($input: PostListingInput!) { postListing(input: $input) { id title kind status } }`;
const MY_LISTINGS = `query($r: ID!) {
  resident(id: $r) { listings(first: 20) { edges { node { id kind title status skillTags createdAt } } } }
}`;

interface MyListing {
  id: string;
  kind: string;
  title: string;
  status: string;
  skillTags: string[];
  createdAt: string;
}

/** Post a request for help or an offer of help (需求清单 / 服务清单), and see my posts. */
export function PostPage() {
  const { t, lang } = useT();
  const { session } = useGateway();
  const me = session.subject;
  const [kind, setKind] = useState<"REQUEST" | "OFFER">("REQUEST");
  const [title, setTitle] = useState("");
  const [skills, setSkills] = useState("");
  const [description, setDescription] = useState("");
  const [posted, setPosted] = useState<string | null>(null);
  const post = useMutation<{ postListing: { id: string; title: string } }>(POST);
  const mine = useQuery<{ resident: { listings: { edges: { node: MyListing }[] } } | null }>(MY_LISTINGS, { r: me }, me);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setPosted(null);
    const data = await post.run({
      input: {
        residentId: me,
        kind,
        title: title.trim(),
        skillTags: skills
          .split(/[,，、\s]+/)
          .map((s) => s.trim())
          .filter(Boolean),
        description: description.trim(),
        idempotencyKey: idempotencyKey("listing"),
      },
    });
    if (data) {
      setPosted(data.postListing.title);
      setTitle("");
      setSkills("");
      setDescription("");
      mine.reload();
    }
  };

  return (
    <section>
      <h1>{t("resident.post")}</h1>
      <form className="card form" onSubmit={onSubmit} noValidate data-testid="post-listing-form">
        <div className="segmented" role="radiogroup" aria-label={t("resident.kind")}>
          {(["REQUEST", "OFFER"] as const).map((k) => (
            <label key={k} className={kind === k ? "choice chosen" : "choice"}>
              <input type="radio" name="kind" checked={kind === k} onChange={() => setKind(k)} />
              {k === "REQUEST" ? t("resident.request") : t("resident.offer")}
            </label>
          ))}
        </div>
        <Field label={t("resident.listingTitle")} name="title" error={post.error}>
          <input value={title} onChange={(e) => setTitle(e.target.value)} data-testid="listing-title" />
        </Field>
        <Field label={t("resident.listingSkills")} name="skillTags" error={post.error}>
          <input value={skills} onChange={(e) => setSkills(e.target.value)} data-testid="listing-skills" />
        </Field>
        <Field label={t("resident.description")} name="description" error={post.error}>
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={3} />
        </Field>
        <FormError error={post.error} fields={["title", "skillTags", "description", "kind"]} />
        {posted ? (
          <p className="success" role="status">
            {t("resident.posted")}：{posted}
          </p>
        ) : null}
        <button type="submit" disabled={post.busy} data-testid="listing-submit">
          {t("nav.post")}
        </button>
      </form>
      <section className="card">
        <h2>{t("resident.myListings")}</h2>
        <ErrorMessage error={mine.error} />
        <ul className="plain" data-testid="my-listings">
          {mine.data?.resident?.listings.edges.map(({ node }) => (
            <li key={node.id}>
              <span className="badge">{enumLabel(t, "listing", node.kind)}</span> {node.title}{" "}
              <span className="muted">
                {enumLabel(t, "status", node.status)} · {formatDateTime(node.createdAt, lang)}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}
