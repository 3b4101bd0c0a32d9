import { useState } from "react";
import type { FormEvent } from "react";
import { ApiError } from "../../api/client";
import { useGateway, useMutation, useQuery } from "../../api/context";
import { Field, FormError } from "../../components/errors";
import { ContactButton } from "../../components/ContactButton";
import { Note, RECOMMENDED_FIELDS, NOTE_FIELDS, Reason, ScoreParts } from "../../components/recommendation";
import type { Recommended, RecommendationNote } from "../../components/recommendation";
import { SkillPicker, skillName } from "../../components/SkillPicker";
import type { SkillTag } from "../../components/SkillPicker";
import { useT } from "../../i18n";

interface ResidentCard {
  id: string;
  displayName: string;
  building: { name: string } | null;
  skills: { level: number; verified: boolean; tag: { tag: string; nameZh: string; nameEn: string } | null }[];
}

interface Candidate extends Recommended {
  resident: ResidentCard;
}

interface TeamResult {
  candidates: Candidate[];
  team: {
    members: ResidentCard[];
    leader: ResidentCard | null;
    assignments: { skill: string; viaRelatedSkill: string | null; resident: { id: string; displayName: string } }[];
    uncoveredSkills: string[];
    communicationCost: number;
  };
  uncoveredSkills: string[];
  note: RecommendationNote | null;
}

const RESIDENT_CARD = "id displayName building { name } skills { level verified tag { tag nameZh nameEn } }";

const OPERATOR_CANDIDATES = `query($c: ID!, $skills: [SkillRequirement!]!, $teamSize: Int!, $buildingIds: [ID!]) {
  operatorCandidates(communityId: $c, skills: $skills, teamSize: $teamSize, buildingIds: $buildingIds, first: 10) {
    candidates { ${RECOMMENDED_FIELDS} resident { ${RESIDENT_CARD} } }
    team {
      members { ${RESIDENT_CARD} }
      leader { id displayName }
      assignments { skill viaRelatedSkill resident { id displayName } }
      uncoveredSkills
      communicationCost
    }
    uncoveredSkills
    ${NOTE_FIELDS}
  }
}`;

const BUILDINGS_AND_SKILLS = `query($c: ID!) {
  community(id: $c) { buildings { id name } }
  tags(kind: SKILL) { tag nameZh nameEn }
}`;

interface ChosenSkill {
  tag: SkillTag;
  minLevel: number;
}

export function TeamBuilder() {
  const { t, lang } = useT();
  const { session } = useGateway();
  const [skills, setSkills] = useState<ChosenSkill[]>([]);
  const [teamSize, setTeamSize] = useState("3");
  const [buildingId, setBuildingId] = useState("");
  const [localError, setLocalError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<TeamResult | null>(null);
  const search = useMutation<{ operatorCandidates: TeamResult }>(OPERATOR_CANDIDATES);
  const lookups = useQuery<{
    community: { buildings: { id: string; name: string }[] } | null;
    tags: { tag: string; nameZh: string; nameEn: string }[];
  }>(
    BUILDINGS_AND_SKILLS,
    { c: session.communityId },
    session.communityId,
  );
  const error = localError ?? search.error;
  /** A skill's name in the UI language (the API answers with taxonomy slugs). */
  const skillLabel = (slug: string) => {
    const tag = lookups.data?.tags.find((x) => x.tag === slug) ?? skills.find((x) => x.tag.tag === slug)?.tag;
    return tag ? skillName(tag, lang) : slug;
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setLocalError(null);
    if (skills.length === 0) {
      setLocalError(new ApiError(t("team.needSkill"), "BAD_USER_INPUT", "skills"));
      return;
    }
    const size = Number.parseInt(teamSize, 10);
    const data = await search.run({
      c: session.communityId,
      skills: skills.map((s) => ({ tag: s.tag.tag, minLevel: s.minLevel })),
      // The server validates the size (1–12) and names the field when it is wrong.
      teamSize: Number.isNaN(size) ? 0 : size,
      buildingIds: buildingId ? [buildingId] : null,
    });
    setResult(data ? data.operatorCandidates : null);
  };

  return (
    <section>
      <h1>{t("team.title")}</h1>
      <form className="card form" onSubmit={onSubmit} noValidate data-testid="team-form">
        <Field label={t("team.skills")} name="skills" error={error} group>
          <SkillPicker
            exclude={skills.map((s) => s.tag.tag)}
            onPick={(tag) => setSkills((list) => [...list, { tag, minLevel: 1 }])}
          />
        </Field>
        {skills.length > 0 ? (
          <ul className="chosen-skills" data-testid="chosen-skills">
            {skills.map((s) => (
              <li key={s.tag.tag}>
                <strong>{skillName(s.tag, lang)}</strong>
                <label className="inline">
                  {t("team.minLevel")}
                  <select
                    value={s.minLevel}
                    onChange={(e) =>
                      setSkills((list) =>
                        list.map((x) => (x.tag.tag === s.tag.tag ? { ...x, minLevel: Number(e.target.value) } : x)),
                      )
                    }
                  >
                    {[1, 2, 3, 4, 5].map((n) => (
                      <option key={n} value={n}>
                        {n}
                      </option>
                    ))}
                  </select>
                </label>
                <button
                  type="button"
                  className="secondary small"
                  onClick={() => setSkills((list) => list.filter((x) => x.tag.tag !== s.tag.tag))}
                >
                  {t("team.remove")}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <div className="row">
          <Field label={t("team.size")} name="teamSize" error={error}>
            <input
              type="number"
              inputMode="numeric"
              value={teamSize}
              onChange={(e) => setTeamSize(e.target.value)}
              data-testid="team-size"
            />
          </Field>
          <Field label={t("team.scope")} name="buildingIds" error={error}>
            <select value={buildingId} onChange={(e) => setBuildingId(e.target.value)} data-testid="team-scope">
              <option value="">{t("team.wholeCommunity")}</option>
              {(lookups.data?.community?.buildings ?? []).map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <FormError error={error} fields={["skills", "teamSize", "buildingIds"]} />
        <button type="submit" disabled={search.busy} data-testid="team-submit">
          {search.busy ? t("app.loading") : t("team.submit")}
        </button>
      </form>
      {result ? <TeamResultView result={result} skillLabel={skillLabel} /> : null}
    </section>
  );
}

function TeamResultView(props: { result: TeamResult; skillLabel: (slug: string) => string }) {
  const { t, lang } = useT();
  const { result, skillLabel } = props;
  const uncovered = [...new Set([...result.uncoveredSkills, ...result.team.uncoveredSkills])];
  return (
    <div className="results">
      <Note note={result.note} />
      {uncovered.length > 0 ? (
        <p className="warning" role="alert" data-testid="uncovered">
          {t("team.uncovered")}：{uncovered.map(skillLabel).join("、")}
        </p>
      ) : null}
      <section className="card" data-testid="proposed-team">
        <h2>{t("team.proposed")}</h2>
        <ul className="team">
          {result.team.members.map((m) => (
            <li key={m.id}>
              <strong>{m.displayName}</strong> <span className="muted">{m.building?.name}</span>
              {result.team.leader?.id === m.id ? <span className="badge">{t("team.leader")}</span> : null}
              <span>
                {" "}
                {t("team.covers")}{" "}
                {result.team.assignments
                  .filter((a) => a.resident.id === m.id)
                  .map((a) => skillLabel(a.skill) + (a.viaRelatedSkill ? t("team.via", { skill: skillLabel(a.viaRelatedSkill) }) : ""))
                  .join("、") || "—"}
              </span>
              <ContactButton residentId={m.id} />
            </li>
          ))}
        </ul>
        <p className="muted">
          {t("team.cost")}：{result.team.communicationCost.toFixed(2)}
        </p>
      </section>
      <section className="card">
        <h2>{t("team.candidates")}</h2>
        {result.candidates.length === 0 ? <p>{t("team.noCandidates")}</p> : null}
        <ol className="candidates" data-testid="candidates">
          {result.candidates.map((c) => (
            <li key={c.resident.id} className="candidate">
              <div className="candidate-head">
                <strong>{c.resident.displayName}</strong>
                <span className="muted">{c.resident.building?.name}</span>
              </div>
              <p className="muted">
                {c.resident.skills
                  .filter((s) => s.tag)
                  .map((s) => `${lang === "zh" ? s.tag!.nameZh : s.tag!.nameEn} ${s.level}${s.verified ? "✓" : ""}`)
                  .join(" · ")}
              </p>
              <Reason item={c} />
              <ScoreParts item={c} />
              <ContactButton residentId={c.resident.id} />
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
