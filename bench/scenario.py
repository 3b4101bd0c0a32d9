"""The request mix of the gateway benchmark: recommendation queries of many distinct people.

Residents ask for their own recommendations (neighbours to meet, activities, groups, helpers for
a skill they need); operators ask for operator candidates. Requests go round-robin over 300
residents and 20 operators, so at 400 requests/s no identity sends more than ~2 per second
(below the gateway's per-identity limits).
"""

import random
from typing import Any

from shulin_cli.generator import CommunityPlan
from shulin_kit.identity import AuthSettings, mint_token

RESIDENTS, OPERATORS, REQUESTS = 300, 20, 6000
MIX = (  # kind, share
    ("neighboursToMeet", 0.30),
    ("activityRecommendations", 0.25),
    ("groupRecommendations", 0.20),
    ("exchangeMatches", 0.15),
    ("operatorCandidates", 0.10),
)
QUERIES = {
    "neighboursToMeet": """query($r: ID!) { neighboursToMeet(residentId: $r, first: 10) {
        items { score reasonZh reasonEn resident { id } } note { code } snapshotAgeSeconds } }""",
    "activityRecommendations": """query($r: ID!) { activityRecommendations(residentId: $r, first: 10) {
        items { score reasonZh activity { id } } note { code } } }""",
    "groupRecommendations": """query($r: ID!) { groupRecommendations(residentId: $r, first: 10) {
        items { score reasonZh groupId } note { code } } }""",
    "exchangeMatches": """query($r: ID!, $s: String!) {
        exchangeMatches(residentId: $r, skill: $s, offering: false, first: 10) {
        items { score reasonZh resident { id } } note { code } } }""",
    "operatorCandidates": """query($c: ID!, $skills: [SkillRequirement!]!) {
        operatorCandidates(communityId: $c, skills: $skills, teamSize: 3, first: 10) {
        candidates { score resident { id } } team { members { id } } uncoveredSkills
        communicationCost } }""",
}


def requests_for(plan: CommunityPlan, seed: int = 8) -> list[dict[str, Any]]:
    """The benchmark's requests, deterministic for a plan and seed."""
    rng = random.Random(seed)
    auth = AuthSettings()
    people = rng.sample([r for r in plan.residents if r.may_be_recommended], RESIDENTS)
    residents = [
        (r.id, mint_token(auth, r.id, plan.id, ["resident"], ttl_s=6 * 3600)) for r in people
    ]
    operators = [
        mint_token(auth, f"bench-operator-{i}", plan.id, ["operator"], ttl_s=6 * 3600)
        for i in range(OPERATORS)
    ]
    skills = sorted({s.tag for r in plan.residents for s in r.skills})
    kinds = [kind for kind, share in MIX for _ in range(round(share * 100))]
    out: list[dict[str, Any]] = []
    for i in range(REQUESTS):
        kind = rng.choice(kinds)
        resident, token = residents[i % RESIDENTS]
        variables: dict[str, Any] = {"r": resident}
        if kind == "exchangeMatches":
            variables["s"] = rng.choice(skills)
        elif kind == "operatorCandidates":
            token = operators[i % OPERATORS]
            variables = {
                "c": plan.id,
                "skills": [{"tag": t, "minLevel": 2} for t in rng.sample(skills, 2)],
            }
        out.append({"kind": kind, "query": QUERIES[kind], "variables": variables, "token": token})
    return out
