import { useGateway, useQuery } from "../../api/context";
import { ErrorMessage } from "../../components/errors";
import { Note, NOTE_FIELDS, RECOMMENDED_FIELDS } from "../../components/recommendation";
import type { Recommended, RecommendationNote } from "../../components/recommendation";
import { useT } from "../../i18n";
import { ConfirmAcquaintances } from "./ConfirmAcquaintances";
import { ActivityRecommendationCard, ExchangeCard, GroupRecommendationCard, NeighbourCard } from "./cards";
import type { RecommendedActivity, RecommendedResident } from "./cards";

interface ForYou {
  resident: { displayName: string; skills: { tag: { tag: string; nameZh: string; nameEn: string } | null }[] } | null;
  groupRecommendations: { items: (Recommended & { groupId: string })[]; note: RecommendationNote | null };
  activityRecommendations: { items: (Recommended & { activity: RecommendedActivity })[]; note: RecommendationNote | null };
  neighboursToMeet: { items: RecommendedResident[]; note: RecommendationNote | null };
}

const FOR_YOU = `query($r: ID!) {
  resident(id: $r) { displayName skills { tag { tag nameZh nameEn } } }
  groupRecommendations(residentId: $r, first: 5) { items { ${RECOMMENDED_FIELDS} groupId } ${NOTE_FIELDS} }
  activityRecommendations(residentId: $r, first: 5) {
    items { ${RECOMMENDED_FIELDS} activity { id title kind startsAt endsAt place capacity registeredCount } }
    ${NOTE_FIELDS}
  }
  neighboursToMeet(residentId: $r, first: 5) {
    items { ${RECOMMENDED_FIELDS} resident { id displayName floor building { name } } }
    ${NOTE_FIELDS}
  }
}`;

/** The resident's home: groups, activities, exchanges and neighbours, each with its reason. */
export function ForYouPage() {
  const { t } = useT();
  const { session } = useGateway();
  const me = session.subject;
  const forYou = useQuery<ForYou>(FOR_YOU, { r: me }, me);
  const data = forYou.data;
  const firstSkill = data?.resident?.skills.find((s) => s.tag)?.tag ?? null;

  return (
    <section className="for-you">
      {data?.resident ? <h1>{t("resident.hello", { name: data.resident.displayName })}</h1> : null}
      <ErrorMessage error={forYou.error} onRetry={forYou.reload} retryLabel={t("app.retry")} />
      {forYou.loading && !data ? <p>{t("app.loading")}</p> : null}
      {data ? (
        <>
          <ConfirmAcquaintances me={me} />
          <section className="card" data-testid="group-recommendations">
            <h2>{t("resident.groups")}</h2>
            <Note note={data.groupRecommendations.note} />
            <ul className="cards">
              {data.groupRecommendations.items.map((item) => (
                <GroupRecommendationCard key={item.groupId} item={item} residentId={me} />
              ))}
            </ul>
          </section>
          <section className="card" data-testid="activity-recommendations">
            <h2>{t("resident.activities")}</h2>
            <Note note={data.activityRecommendations.note} />
            <ul className="cards">
              {data.activityRecommendations.items.map((item) => (
                <ActivityRecommendationCard key={item.activity.id} item={item} residentId={me} />
              ))}
            </ul>
          </section>
          <ExchangeCard residentId={me} skill={firstSkill} />
          <section className="card" data-testid="neighbours-to-meet">
            <h2>{t("resident.neighbours")}</h2>
            <Note note={data.neighboursToMeet.note} />
            <ul className="cards">
              {data.neighboursToMeet.items.map((item) => (
                <NeighbourCard key={item.resident.id} item={item} me={me} />
              ))}
            </ul>
          </section>
        </>
      ) : null}
    </section>
  );
}
