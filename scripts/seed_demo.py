"""Load the generated demo community (~2,000 residents, a year of activity) through the gateway.

The year ends two months after the first load, so some activities are still to come (推荐活动 has
something to recommend, also when the demo is started again weeks later); its start date is kept
in var/data/start-demo7.txt, so that a later run resumes the same plan.

Idempotent: the load state (plan id → server id) is kept in var/data/load-demo7.json and every
create carries an idempotency key, so a second run (or a run after an interruption) resumes
instead of duplicating. The community and the example resident are kept in
var/data/demo-community.json; one token per role in var/demo/users.json (mode 600), which the
web console's sign-in page lists in development. SHULIN_DEMO_SIZE=tiny loads a 200-resident
community instead (the console's browser tests).
"""

import json
import os
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console

from shulin_cli.gateway.graphql import GatewayError, GraphQLClient, gateway_url
from shulin_cli.generator import CommunityPlan, generate_community, kept_start_date, preset
from shulin_cli.generator.activities import CHINA
from shulin_cli.loader import PlanLoader
from shulin_kit.identity import AuthSettings, mint_token

GATEWAY = gateway_url()
VAR = Path(os.environ.get("SHULIN_VAR", "var")) / "data"
STATE = VAR / "demo-community.json"
# The console's sign-in page lists these (served by services/console/serve.mjs, development only).
DEMO_USERS = Path(os.environ.get("SHULIN_VAR", "var")) / "demo" / "users.json"
CONSOLE = os.environ.get(
    "CONSOLE_URL", f"http://127.0.0.1:{os.environ.get('CONSOLE_PORT', '5173')}/"
)
SEED = 7
# `tiny` (200 residents) for the console's browser tests; `demo` (2,000) for people.
SIZE = os.environ.get("SHULIN_DEMO_SIZE", "demo")
KEY = f"{SIZE}{SEED}"  # the plan's key, as generate_community names it


def most_active_resident(plan: CommunityPlan) -> str:
    """A resident who checked in most and may be recommended: every subgraph has something to say."""
    check_ins = Counter(rid for activity in plan.activities for rid in activity.checked_in)
    visible = {r.id for r in plan.residents if r.may_be_recommended}
    return max(visible, key=lambda rid: (check_ins[rid], rid))


def wait_for_graph(
    client: GraphQLClient, community: str, expected: int, timeout_s: float = 120
) -> int:
    deadline = time.monotonic() + timeout_s
    seen = 0
    while time.monotonic() < deadline:
        try:
            graph = client.execute(
                "query($c: ID!) { communityGraph(communityId: $c) { residents } }", c=community
            )["communityGraph"]
        except GatewayError:
            graph = None
        seen = graph["residents"] if graph else 0
        if seen >= expected:
            break
        time.sleep(1)
    return seen


def demo_tokens(community: str, resident: str, building: str) -> dict[str, str]:
    """One token per role, signed with SHULIN_JWT_SECRET (the dev default in the demo)."""
    auth = AuthSettings()
    return {
        "resident": mint_token(auth, resident, community, ["resident"]),
        "building_head": mint_token(
            auth, "demo-building-head", community, ["building_head"], [building]
        ),
        "operator": mint_token(auth, "demo-operator", community, ["operator"]),
        "planner": mint_token(auth, "demo-planner", community, ["planner"]),
        "admin": mint_token(auth, "demo-admin", community, ["admin"]),
    }


def write_demo_users(tokens: dict[str, str], community: str, community_name: str) -> None:
    """The demo tokens for the console's sign-in page; readable by this user only."""
    users = [
        {"role": role, "label": community_name, "token": token} for role, token in tokens.items()
    ]
    DEMO_USERS.parent.mkdir(parents=True, exist_ok=True)
    DEMO_USERS.touch(mode=0o600)
    DEMO_USERS.write_text(
        json.dumps({"community_id": community, "users": users}, ensure_ascii=False, indent=2)
    )


def main() -> None:
    console = Console()
    params = preset(SIZE)
    today = datetime.now(CHINA).date()
    plan = generate_community(params, SEED, kept_start_date(VAR, KEY, params, today))
    client = GraphQLClient(GATEWAY)
    loader = PlanLoader(client, VAR / f"load-{plan.key}.json", console=console)
    ids = loader.load(plan)
    example = most_active_resident(plan)
    loaded_residents = sum(1 for r in plan.residents if r.id in ids)
    state: dict[str, Any] = {
        "community_id": ids[plan.id],
        "resident_id": ids.get(example),
        "residents": loaded_residents,
        "plan": plan.key,
    }
    STATE.parent.mkdir(parents=True, exist_ok=True)
    STATE.write_text(json.dumps(state))
    console.print(
        f"Demo community {plan.name} ({state['community_id']}): {loaded_residents} residents, "
        f"{sum(1 for a in plan.activities if a.id in ids)} activities loaded, "
        f"{sum(1 for a in plan.activities if a.starts_at > datetime.now(CHINA))} still to come."
    )
    in_graph = wait_for_graph(client, state["community_id"], loaded_residents)
    console.print(f"Neighbour graph (Neo4j) holds {in_graph} of {loaded_residents} residents.")
    building = client.execute(
        "query($id: ID!) { resident(id: $id) { building { id } } }", id=state["resident_id"]
    )["resident"]["building"]["id"]
    tokens = demo_tokens(state["community_id"], state["resident_id"], building)
    write_demo_users(tokens, state["community_id"], plan.name)
    query = (
        f'{{ resident(id: "{state["resident_id"]}") {{ displayName building {{ name }} '
        "privateProfile { phone consent { mayBeRecommended } } "
        "activities { title startsAt } buildingNeighbours(limit: 5) { displayName floor } } }"
    )
    token_lines = "\n".join(f"    {role:<14} {token}" for role, token in tokens.items())
    print(
        "\n熟邻 Shulin is up.\n"
        f"  Web console:      {CONSOLE}   (sign in as any demo user below)\n"
        f"  GraphQL gateway:  {GATEWAY}   (open it in a browser for GraphiQL; send a token as\n"
        "  the header  Authorization: Bearer <token>)\n"
        f"  Demo tokens for community {state['community_id']} (valid 8 hours; more with\n"
        "  `.venv/bin/python -m shulin_kit.tokens mint --role ROLE --community ID`):\n"
        f"{token_lines}\n\n"
        "  Example query, as the resident themself (profile and personal data from residents,\n"
        "  activities from activities, neighbours from matching/Neo4j):\n\n"
        f"  TOKEN={tokens['resident']}\n"
        f"  curl -s {GATEWAY} -H 'content-type: application/json' "
        '-H "authorization: Bearer $TOKEN" \\\n'
        f"    -d '{json.dumps({'query': query}, ensure_ascii=False)}'\n"
    )


if __name__ == "__main__":
    main()
