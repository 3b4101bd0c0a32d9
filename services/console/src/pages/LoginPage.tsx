import { useEffect, useState } from "react";
import type { FormEvent } from "react";
import { PreferenceButtons } from "../components/Toolbar";
import type { Preferences } from "../components/Toolbar";
import { loadDemoUsers } from "../config";
import type { ConsoleConfig, DemoUser } from "../config";
import { isMessageKey, useT } from "../i18n";
import { sessionFromToken } from "../session";
import type { Session } from "../session";

export function LoginPage(props: {
  config: ConsoleConfig;
  onSignIn: (s: Session) => void;
  preferences: Preferences;
  /** The gateway refused the last token: say why the user is back here. */
  expired: boolean;
}) {
  const { t } = useT();
  const [users, setUsers] = useState<DemoUser[] | null>(null);
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!props.config.demoUsers) return setUsers([]);
    loadDemoUsers().then(setUsers, () => setUsers([]));
  }, [props.config.demoUsers]);

  const signInWith = (raw: string) => {
    const session = sessionFromToken(raw);
    if (!session) return setError(t("login.badToken"));
    props.onSignIn(session);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    signInWith(token);
  };
  const roleName = (role: string) => {
    const key = `role.${role}`;
    return isMessageKey(key) ? t(key) : role;
  };

  return (
    <main className="login">
      <header className="login-header">
        <h1>{t("login.title")}</h1>
        <PreferenceButtons preferences={props.preferences} />
      </header>
      {props.expired ? (
        <p className="warning" role="alert" data-testid="session-expired">
          {t("login.expired")}
        </p>
      ) : null}
      {props.config.demoUsers ? (
        <section className="card">
          <h2>{t("login.demoUsers")}</h2>
          {users === null ? (
            <p>{t("app.loading")}</p>
          ) : users.length === 0 ? (
            <p className="note">{t("login.noDemoUsers")}</p>
          ) : (
            <ul className="demo-users">
              {users.map((user) => (
                <li key={user.role}>
                  <button type="button" data-testid={`login-${user.role}`} onClick={() => signInWith(user.token)}>
                    {t("login.signInAs", { role: roleName(user.role) })}
                  </button>
                  {user.label ? <span className="muted"> {user.label}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      <section className="card">
        <h2>{t("login.pasteToken")}</h2>
        <form onSubmit={onSubmit} noValidate>
          <label>
            <span className="field-label">{t("login.token")}</span>
            <textarea value={token} onChange={(e) => setToken(e.target.value)} rows={3} spellCheck={false} />
          </label>
          {error ? (
            <p className="field-error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit">{t("login.submit")}</button>
        </form>
      </section>
    </main>
  );
}
