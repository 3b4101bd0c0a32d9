import { useCallback, useEffect, useMemo, useState } from "react";
import { GatewayProvider } from "./api/context";
import { Shell } from "./components/Shell";
import { loadConfig } from "./config";
import type { ConsoleConfig } from "./config";
import { LangContext, translator } from "./i18n";
import { LoginPage } from "./pages/LoginPage";
import { useLanguage, useLargeText } from "./preferences";
import { clearSession, loadSession, saveSession } from "./session";
import type { Session } from "./session";

export function App() {
  const [lang, setLang] = useLanguage();
  const [largeText, setLargeText] = useLargeText();
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  const [configError, setConfigError] = useState<string | null>(null);
  const [session, setSession] = useState<Session | null>(loadSession);
  const [expired, setExpired] = useState(false);
  const i18n = useMemo(() => ({ lang, t: translator(lang) }), [lang]);

  useEffect(() => {
    loadConfig().then(setConfig, (e: unknown) => setConfigError(String(e)));
  }, []);

  const signIn = (next: Session) => {
    saveSession(next);
    setExpired(false);
    setSession(next);
    window.location.hash = "";
  };
  const signOut = useCallback(() => {
    clearSession();
    setSession(null);
    window.location.hash = "";
  }, []);
  const onUnauthenticated = useCallback(() => {
    setExpired(true);
    signOut();
  }, [signOut]);
  const preferences = {
    toggleLanguage: () => setLang(lang === "zh" ? "en" : "zh"),
    largeText,
    toggleLargeText: () => setLargeText(!largeText),
  };

  return (
    <LangContext.Provider value={i18n}>
      {configError ? (
        <p className="error" role="alert">
          {configError}
        </p>
      ) : !config ? (
        <p className="loading">{i18n.t("app.loading")}</p>
      ) : !session ? (
        <LoginPage config={config} onSignIn={signIn} preferences={preferences} expired={expired} />
      ) : (
        <GatewayProvider gatewayUrl={config.gatewayUrl} session={session} onUnauthenticated={onUnauthenticated}>
          <Shell onSignOut={signOut} preferences={preferences} />
        </GatewayProvider>
      )}
    </LangContext.Provider>
  );
}
