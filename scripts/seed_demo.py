"""Generate a small demo community through the gateway and print where to look.

Idempotent: the community's id is kept in var/demo-community.json; a second run reuses it.
"""

import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

GATEWAY = os.environ.get("GATEWAY_URL", "http://127.0.0.1:4000/graphql")
STATE = Path(os.environ.get("SHULIN_VAR", "var")) / "data" / "demo-community.json"
BUILDINGS = 6
RESIDENTS_PER_BUILDING = 12

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁郑谢宋唐"
GIVEN = [
    "建国",
    "秀英",
    "丽",
    "伟",
    "芳",
    "敏",
    "静",
    "磊",
    "洋",
    "婷",
    "强",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "霞",
    "平",
    "刚",
    "桂英",
    "玉兰",
    "志强",
    "海燕",
    "晓东",
    "雪梅",
]
ACTIVITIES = [
    ("邻里节 · 百家宴", "HUNDRED_FAMILY_BANQUET", "中心广场"),
    ("社区义诊", "FREE_CLINIC", "党群服务中心"),
    ("周末读书会", "READING_CLUB", "社区图书角"),
    ("跳蚤市场", "FLEA_MARKET", "3栋架空层"),
    ("楼栋议事会", "COUNCIL_MEETING", "居委会会议室"),
]


def gql(query: str, **variables: Any) -> dict[str, Any]:
    response = httpx.post(GATEWAY, json={"query": query, "variables": variables}, timeout=30)
    response.raise_for_status()
    body = response.json()
    if body.get("errors"):
        sys.exit(f"seed failed: {body['errors']}")
    data: dict[str, Any] = body["data"]
    return data


def seed(rng: random.Random) -> dict[str, Any]:
    community = gql(
        'mutation { registerCommunity(input: {name: "南湖社区（演示）", district: "武昌区"}) { id } }'
    )["registerCommunity"]["id"]
    residents: list[str] = []
    attended: dict[str, int] = {}
    for b in range(1, BUILDINGS + 1):
        building = gql(
            "mutation($c: ID!, $n: String!) { addBuilding(input: {communityId: $c, name: $n, floors: 18}) { id } }",
            c=community,
            n=f"{b}栋",
        )["addBuilding"]["id"]
        for _ in range(RESIDENTS_PER_BUILDING):
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
            resident = gql(
                "mutation($i: RegisterResidentInput!) { registerResident(input: $i) { id } }",
                i={
                    "communityId": community,
                    "buildingId": building,
                    "displayName": name,
                    "floor": rng.randint(1, 18),
                    "birthYear": rng.randint(1940, 2005),
                    "mayBeRecommended": rng.random() > 0.1,
                },
            )["registerResident"]["id"]
            residents.append(resident)
    start = datetime.now(UTC).replace(hour=2, minute=0, second=0, microsecond=0)
    for days, (title, kind, place) in enumerate(ACTIVITIES, start=1):
        begins = start - timedelta(days=7 * days)
        activity = gql(
            """mutation($i: CreateActivityInput!) { createActivity(input: $i) { id } }""",
            i={
                "communityId": community,
                "title": title,
                "kind": kind,
                "startsAt": begins.isoformat(),
                "endsAt": (begins + timedelta(hours=3)).isoformat(),
                "place": place,
                "capacity": 60,
            },
        )["createActivity"]["id"]
        for resident in rng.sample(residents, rng.randint(10, 30)):
            attended[resident] = attended.get(resident, 0) + 1
            gql(
                "mutation($a: ID!, $r: ID!) { checkIn(input: {activityId: $a, residentId: $r}) { id } }",
                a=activity,
                r=resident,
            )
    # The example query shows the most active resident: all three subgraphs have something to say.
    example = max(residents, key=lambda r: (attended.get(r, 0), r))
    return {"community_id": community, "resident_id": example, "residents": len(residents)}


def wait_for_graph(community: str, expected: int, timeout_s: float = 60) -> int:
    deadline = time.monotonic() + timeout_s
    seen = 0
    while time.monotonic() < deadline:
        graph = gql(
            "query($c: ID!) { communityGraph(communityId: $c) { residents } }", c=community
        )["communityGraph"]
        seen = graph["residents"] if graph else 0
        if seen >= expected:
            break
        time.sleep(0.5)
    return seen


def main() -> None:
    state = json.loads(STATE.read_text()) if STATE.exists() else None
    if state is None:
        state = seed(random.Random(7))
        STATE.parent.mkdir(parents=True, exist_ok=True)
        STATE.write_text(json.dumps(state))
        print(f"Seeded demo community {state['community_id']} with {state['residents']} residents.")
    in_graph = wait_for_graph(state["community_id"], state["residents"])
    print(f"Neighbour graph (Neo4j) holds {in_graph} of {state['residents']} residents.")
    query = (
        f'{{ resident(id: "{state["resident_id"]}") {{ displayName building {{ name }} '
        "activities { title startsAt } buildingNeighbours(limit: 5) { displayName floor } } }"
    )
    print(
        "\n熟邻 Shulin is up.\n"
        f"  GraphQL gateway:  {GATEWAY}   (open it in a browser for GraphiQL)\n"
        "  Example query (profile from residents, activities from activities,\n"
        "  neighbours from matching/Neo4j):\n\n"
        f"  curl -s {GATEWAY} -H 'content-type: application/json' \\\n"
        f"    -d '{json.dumps({'query': query}, ensure_ascii=False)}'\n"
    )


if __name__ == "__main__":
    main()
