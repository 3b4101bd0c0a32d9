import { useT } from "../i18n";

export interface Preferences {
  toggleLanguage: () => void;
  largeText: boolean;
  toggleLargeText: () => void;
}

/** Language switch and large-text toggle, on every page including sign-in. */
export function PreferenceButtons(props: { preferences: Preferences }) {
  const { t } = useT();
  const { preferences } = props;
  return (
    <div className="preferences">
      <button type="button" className="secondary" onClick={preferences.toggleLanguage} data-testid="switch-language">
        {t("app.switchLanguage")}
      </button>
      <button
        type="button"
        className="secondary"
        aria-pressed={preferences.largeText}
        onClick={preferences.toggleLargeText}
        data-testid="toggle-large-text"
      >
        {preferences.largeText ? t("app.normalFont") : t("app.largeFont")}
      </button>
    </div>
  );
}
