import type { ReactNode } from "react";
import type { ApiError } from "../api/client";
import { useT } from "../i18n";

const CJK = /[\u3400-\u9fff]/;

/**
 * The server's message for a field. Some services word input errors in English only; in Chinese
 * the console then names the field first, so the message is clear to a Chinese reader too.
 */
function fieldMessage(lang: string, label: string, error: ApiError): string {
  if (lang === "zh" && !CJK.test(error.message)) return `「${label}」输入有误：${error.message}`;
  return error.message;
}

/** True when the server's error names this input field (e.g. "teamSize", "input.title", "skills[0]"). */
export function errorIsFor(error: ApiError | null, field: string): boolean {
  const named = error?.field;
  if (!named) return false;
  const last = named.split(".").pop() ?? named;
  return [named, last].some((f) => f === field || f.startsWith(`${field}[`));
}

/**
 * A labelled input; the server's message for this field is shown right under it. `group` is for
 * a compound control (e.g. a search with option buttons) that must not sit inside a <label>.
 */
export function Field(props: {
  label: string;
  name: string;
  error: ApiError | null;
  group?: boolean;
  children: ReactNode;
}) {
  const { lang } = useT();
  const mine = errorIsFor(props.error, props.name);
  const caption = <span className="field-label">{props.label}</span>;
  return (
    <div className={mine ? "field field-invalid" : "field"}>
      {props.group ? (
        <div role="group" aria-label={props.label}>
          {caption}
          {props.children}
        </div>
      ) : (
        <label>
          {caption}
          {props.children}
        </label>
      )}
      {mine && props.error ? (
        <p className="field-error" role="alert" data-field={props.name} data-code={props.error.code}>
          {fieldMessage(lang, props.label, props.error)}
        </p>
      ) : null}
    </div>
  );
}

/** The error of a form that no field of it shows (no field, or a field the form does not have). */
export function FormError(props: { error: ApiError | null; fields?: string[] }) {
  const { error, fields = [] } = props;
  if (!error || fields.some((f) => errorIsFor(error, f))) return null;
  return <ErrorMessage error={error} />;
}

export function ErrorMessage(props: { error: ApiError | null; onRetry?: () => void; retryLabel?: string }) {
  if (!props.error) return null;
  return (
    <div className="error" role="alert" data-code={props.error.code}>
      <span>{props.error.message}</span>
      {props.onRetry ? (
        <button type="button" className="secondary" onClick={props.onRetry}>
          {props.retryLabel ?? "↻"}
        </button>
      ) : null}
    </div>
  );
}
