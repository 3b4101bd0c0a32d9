import { useEffect, useState } from "react";
import { useQuery } from "../api/context";
import { useT } from "../i18n";

export interface SkillTag {
  tag: string;
  nameZh: string;
  nameEn: string;
  synonyms: string[];
}

const SEARCH_TAGS = `query($search: String) {
  tags(kind: SKILL, search: $search) { tag nameZh nameEn synonyms }
}`;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function skillName(tag: { nameZh: string; nameEn: string }, lang: string): string {
  return lang === "zh" ? tag.nameZh : tag.nameEn;
}

/** Search the skill taxonomy (names and synonyms, e.g. 打针 → 护士) and pick one. */
export function SkillPicker(props: { onPick: (tag: SkillTag) => void; exclude: string[] }) {
  const { t, lang } = useT();
  const [text, setText] = useState("");
  const search = useDebounced(text.trim(), 250);
  const result = useQuery<{ tags: SkillTag[] }>(SEARCH_TAGS, { search }, search, search === "");
  const options = (result.data?.tags ?? []).filter((tag) => !props.exclude.includes(tag.tag)).slice(0, 8);

  return (
    <div className="skill-picker">
      <input
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t("team.searchSkill")}
        aria-label={t("team.searchSkill")}
        data-testid="skill-search"
      />
      {search !== "" && !result.loading && search === text.trim() ? (
        options.length === 0 ? (
          <p className="muted">{t("team.noSkillFound")}</p>
        ) : (
          <ul className="options" role="listbox">
            {options.map((tag) => (
              <li key={tag.tag}>
                <button
                  type="button"
                  className="option"
                  data-testid={`skill-option-${tag.tag}`}
                  onClick={() => {
                    props.onPick(tag);
                    setText("");
                  }}
                >
                  {skillName(tag, lang)} <span className="muted">{tag.tag}</span>
                  {tag.synonyms.length > 0 ? <span className="muted"> · {tag.synonyms.slice(0, 4).join("、")}</span> : null}
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}

const ALL_SKILLS = "{ tags(kind: SKILL) { tag nameZh nameEn synonyms } }";

/** Skill slugs (as the API answers) → names in the UI language, from the taxonomy. */
export function useSkillLabel(): (slug: string) => string {
  const { lang } = useT();
  const tags = useQuery<{ tags: SkillTag[] }>(ALL_SKILLS, {}, "all-skills");
  return (slug) => {
    const tag = tags.data?.tags.find((x) => x.tag === slug);
    return tag ? skillName(tag, lang) : slug;
  };
}
