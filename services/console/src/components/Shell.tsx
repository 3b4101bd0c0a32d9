import { lazy, Suspense } from "react";
import type { ReactElement } from "react";
import { useGateway, useQuery } from "../api/context";
import { isMessageKey, useT } from "../i18n";
import type { MessageKey } from "../i18n";
import { ActivityManager } from "../pages/operator/ActivityManager";
import { ListingBoard } from "../pages/operator/ListingBoard";
import { TeamBuilder } from "../pages/operator/TeamBuilder";
import { ForYouPage } from "../pages/resident/ForYouPage";
import { PointsPage } from "../pages/resident/PointsPage";
import { PostPage } from "../pages/resident/PostPage";
import { PrivacyPage } from "../pages/resident/PrivacyPage";
import { WishesPage } from "../pages/resident/WishesPage";
import { useHashRoute } from "../routing";
import { consoleFor } from "../session";
import type { ConsoleKind } from "../session";
import { PreferenceButtons } from "./Toolbar";
import type { Preferences } from "./Toolbar";

interface Page {
  route: string;
  label: MessageKey;
  render: () => ReactElement;
}

// ECharts is only for planners: residents on phones never download it.
const PlannerDashboard = lazy(() =>
  import("../pages/planner/PlannerDashboard").then((m) => ({ default: m.PlannerDashboard })),
);

const PAGES: Record<ConsoleKind, Page[]> = {
  operator: [
    { route: "team", label: "nav.team", render: () => <TeamBuilder /> },
    { route: "board", label: "nav.board", render: () => <ListingBoard /> },
    { route: "activities", label: "nav.activities", render: () => <ActivityManager /> },
  ],
  // Building heads run check-in for their buildings' activities (the API scopes what they may do).
  building_head: [{ route: "activities", label: "nav.activities", render: () => <ActivityManager /> }],
  resident: [
    { route: "for-you", label: "nav.forYou", render: () => <ForYouPage /> },
    { route: "post", label: "nav.post", render: () => <PostPage /> },
    { route: "wishes", label: "nav.wishes", render: () => <WishesPage /> },
    { route: "points", label: "nav.points", render: () => <PointsPage /> },
    { route: "privacy", label: "nav.privacy", render: () => <PrivacyPage /> },
  ],
  planner: [{ route: "dashboard", label: "nav.dashboard", render: () => <PlannerDashboard /> }],
};

const COMMUNITY = "query($id: ID!) { community(id: $id) { id name } }";

export function Shell(props: { onSignOut: () => void; preferences: Preferences }) {
  const { t } = useT();
  const { session } = useGateway();
  const route = useHashRoute();
  const pages = PAGES[consoleFor(session)];
  const page = pages.find((p) => p.route === route) ?? pages[0]!;
  const community = useQuery<{ community: { name: string } | null }>(
    COMMUNITY,
    { id: session.communityId },
    session.communityId,
  );
  const roleLabels = session.roles.map((r) => {
    const key = `role.${r}`;
    return isMessageKey(key) ? t(key) : r;
  });

  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          <strong>{t("app.title")}</strong>
          <span className="who" data-testid="who">
            {roleLabels.join(" · ")} · {t("app.community")}{" "}
            {community.data?.community?.name ?? session.communityId.slice(0, 8)}
          </span>
        </div>
        <PreferenceButtons preferences={props.preferences} />
        <button type="button" className="secondary" onClick={props.onSignOut} data-testid="sign-out">
          {t("app.signOut")}
        </button>
      </header>
      <nav className="tabs" aria-label={t("app.nav")}>
        {pages.map((p) => (
          <a key={p.route} href={`#/${p.route}`} aria-current={p === page ? "page" : undefined}>
            {t(p.label)}
          </a>
        ))}
      </nav>
      <main className="page">
        <Suspense fallback={<p>{t("app.loading")}</p>}>{page.render()}</Suspense>
      </main>
    </div>
  );
}
