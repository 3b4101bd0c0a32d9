import { enumLabel, useT } from "../i18n";

export interface ScorePart {
  name: string;
  value: number;
}

export interface Recommended {
  score: number;
  parts: ScorePart[];
  reasonZh: string;
  reasonEn: string;
}

export const RECOMMENDED_FIELDS = "score parts { name value } reasonZh reasonEn";

/** A recommendation's reason in the current language. */
export function Reason(props: { item: Recommended }) {
  const { lang, t } = useT();
  return (
    <p className="reason">
      <span className="reason-label">{t("app.reason")}：</span>
      {lang === "zh" ? props.item.reasonZh : props.item.reasonEn}
    </p>
  );
}

/** The named parts of a score, as small bars. */
export function ScoreParts(props: { item: Recommended }) {
  const { t } = useT();
  return (
    <div className="score">
      <span className="score-total">
        {t("app.score")} {props.item.score.toFixed(2)}
      </span>
      <ul className="score-parts">
        {props.item.parts.map((part) => (
          <li key={part.name}>
            <span className="score-part-name" title={part.name}>
              {enumLabel(t, "part", part.name)}
            </span>
            <span className="score-bar" aria-hidden="true">
              <span style={{ width: `${Math.max(0, Math.min(1, part.value)) * 100}%` }} />
            </span>
            <span className="score-part-value">{part.value.toFixed(2)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface RecommendationNote {
  code: string;
  messageZh: string;
  messageEn: string;
}

export const NOTE_FIELDS = "note { code messageZh messageEn }";

export function Note(props: { note: RecommendationNote | null | undefined }) {
  const { lang } = useT();
  if (!props.note) return null;
  return (
    <p className="note" data-code={props.note.code}>
      {lang === "zh" ? props.note.messageZh : props.note.messageEn}
    </p>
  );
}
