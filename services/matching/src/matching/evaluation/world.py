"""Generated communities with planted structure, as the events the real services would publish.

Residents live in buildings of two compounds and belong to an interest cluster; groups are about a
cluster and often scoped to a building or compound, and residents join those that match their
interests and are near; ties form between near residents (same floor, building) and fellow group
members; requests for a skill are helped by a holder, preferably a near acquaintance. A share of
memberships, ties and exchanges is planted but not published: the hidden truth to recover.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from shulin_events import Envelope, new_envelope
from shulin_events import schemas as ev
from shulin_events.schemas import GLOBAL_COMMUNITY
from shulin_events.schemas.residents import TagKind

# (tag, 中文, English, synonyms, description); pairs in a cluster share words on purpose.
Row = tuple[str, str, str, tuple[str, ...], str]
INTERESTS: list[Row] = [
    ("eval.tai_chi", "太极", "Tai chi", ("太极拳", "晨练"), "清晨在广场练太极拳，强身健体的晨练"),
    ("eval.square_dance", "广场舞", "Square dance", ("跳舞", "晨练"), "傍晚在广场跳舞，强身健体"),
    ("eval.reading", "读书会", "Reading club", ("读书", "阅读"), "一起读书、分享好书与写作"),
    ("eval.calligraphy", "书法", "Calligraphy", ("毛笔字", "写字"), "练毛笔字、写春联，读书写字"),
    ("eval.parenting", "亲子会", "Parents' club", ("亲子", "带娃"), "亲子活动、孩子成长与育儿交流"),
    (
        "eval.kids_crafts",
        "亲子手工",
        "Kids' crafts",
        ("手工", "孩子"),
        "和孩子一起做手工，亲子同乐",
    ),
    ("eval.badminton", "羽毛球", "Badminton", ("打球", "球类"), "周末打羽毛球比赛，球类运动"),
    ("eval.table_tennis", "乒乓球", "Table tennis", ("打球", "球类"), "打乒乓球，球类运动比赛"),
    ("eval.gardening", "共享菜地", "Shared garden", ("种菜", "园艺"), "在共享菜地种菜浇水，园艺"),
    ("eval.flowers", "养花", "Flower growing", ("花卉", "园艺"), "养花种草，交流园艺心得"),
    ("eval.cooking_club", "美食会", "Food club", ("做饭", "美食"), "一起做饭品尝美食，百家宴"),
    ("eval.baking", "烘焙", "Baking", ("点心", "美食"), "烘焙点心面包，分享美食"),
]
CLUSTERS = [INTERESTS[i : i + 2] for i in range(0, len(INTERESTS), 2)]
SKILLS: list[Row] = [
    ("eval.nurse", "护士", "Nurse", ("护理",), "量血压、换药和健康指导"),
    ("eval.doctor", "医生", "Doctor", ("义诊",), "看病问诊、义诊和健康指导"),
    ("eval.plumbing", "水电维修", "Plumbing", ("修水管",), "维修水管、电路和插座"),
    ("eval.appliance", "家电维修", "Appliance repair", ("修家电",), "维修电视空调等家电"),
    ("eval.teacher", "教师", "Teacher", ("辅导功课",), "辅导孩子功课、开设讲座"),
    ("eval.lawyer", "律师", "Lawyer", ("法律",), "解答纠纷合同的法律问题"),
    ("eval.cook", "烹饪", "Cooking", ("做饭",), "做饭掌勺，家常菜"),
    ("eval.haircut", "义剪", "Haircut", ("理发",), "为老人免费理发"),
    ("eval.digital", "手机教学", "Phone help", ("智能手机",), "教老人用智能手机"),
    ("eval.photo", "摄影", "Photography", ("拍照",), "为活动拍照摄像"),
]


@dataclass
class Planted:
    """One community's history (published events) and what was hidden from it."""

    community_id: str
    events: list[Envelope]
    hidden_memberships: dict[str, set[str]] = field(default_factory=dict)  # resident -> groups
    hidden_ties: dict[str, set[str]] = field(default_factory=dict)  # resident -> residents
    # (helped, helper, skill)
    hidden_exchanges: list[tuple[str, str, str]] = field(default_factory=list)
    buildings: list[str] = field(default_factory=list)


def taxonomy_events() -> list[Envelope]:
    interest: TagKind = "interest"
    skill: TagKind = "skill"
    kinds = [interest] * len(INTERESTS) + [skill] * len(SKILLS)
    rows = list(zip(kinds, INTERESTS + SKILLS, strict=True))
    return [
        new_envelope(
            ev.TaxonomyTagDefined(
                kind=kind,
                tag=t,
                name_zh=zh,
                name_en=en,
                category="eval",
                synonyms=syn,
                description=d,
            ),
            GLOBAL_COMMUNITY,
        )
        for kind, (t, zh, en, syn, d) in rows
    ]


def generate(community_id: str, seed: int, residents: int = 240, hide: float = 0.2) -> Planted:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    out = Planted(community_id, [])

    def e(p: ev.Payload, days_ago: float = 200) -> None:
        out.events.append(new_envelope(p, community_id, now - timedelta(days=days_ago)))

    c = community_id
    e(ev.CommunityRegistered(community_id=c, name=f"评测社区 {seed}"))
    compounds = [f"{c}-cp{i}" for i in range(2)]
    for cp in compounds:
        e(ev.CompoundAdded(compound_id=cp, community_id=c, name=cp))
    where: dict[str, tuple[str, str, int]] = {}  # resident -> building, compound, floor
    cluster: dict[str, int] = {}
    for bi in range(8):
        b, cp = f"{c}-b{bi}", compounds[bi // 4]
        out.buildings.append(b)
        e(
            ev.BuildingAdded(
                building_id=b, community_id=c, name=f"{bi + 1}栋", floors=6, compound_id=cp
            )
        )
    people = [f"{c}-r{i:03d}" for i in range(residents)]
    for i, r in enumerate(people):
        bi = i % 8
        where[r] = (out.buildings[bi], compounds[bi // 4], rng.randint(1, 6))
        # clusters lean by compound, so interests and nearness are correlated but not the same
        cluster[r] = (
            rng.choice([0, 1, 2] if bi < 4 else [3, 4, 5])
            if rng.random() < 0.6
            else rng.randrange(6)
        )
        e(
            ev.ResidentRegistered(
                resident_id=r,
                community_id=c,
                building_id=where[r][0],
                floor=where[r][2],
                availability=("weekend",),
            )
        )
        likes = {t for t, *_ in CLUSTERS[cluster[r]] if rng.random() < 0.8} or {
            CLUSTERS[cluster[r]][0][0]
        }
        if rng.random() < 0.3:
            likes.add(rng.choice(INTERESTS)[0])
        e(
            ev.ResidentInterestsChanged(
                resident_id=r, community_id=c, interests=tuple(sorted(likes))
            )
        )
        skills = rng.sample(SKILLS, rng.choice([0, 1, 1, 2]))
        if skills:
            e(
                ev.ResidentSkillsChanged(
                    resident_id=r,
                    community_id=c,
                    skills=tuple(ev.SkillLevel(tag=s[0], level=rng.randint(2, 5)) for s in skills),
                )
            )
    skills_of = _skills(out.events)

    # groups: per cluster one community-wide, one per compound and three of single buildings
    groups: dict[str, tuple[int, str | None, str | None]] = {}
    for k in range(6):
        scopes: list[tuple[str | None, str | None]] = [
            (None, None),
            *((None, cp) for cp in compounds),
        ]
        scopes += [(b, None) for b in rng.sample(out.buildings, 3)]
        for n, (gb, gcp) in enumerate(scopes):
            g = f"{c}-g{k}{n}"
            groups[g] = (k, gb, gcp)
            tags = tuple(t for t, *_ in CLUSTERS[k])
            e(
                ev.GroupCreated(
                    group_id=g,
                    community_id=c,
                    name=CLUSTERS[k][0][1] + f"{n}",
                    kind="interest_group",
                    tags=tags,
                    building_id=gb,
                    compound_id=gcp,
                )
            )
    members: dict[str, set[str]] = {g: set() for g in groups}
    for r in people:
        for g, (k, gb, gcp) in groups.items():
            if gb is not None:
                near = 1.0 if gb == where[r][0] else 0.0
            elif gcp is not None:
                near = 0.5 if gcp == where[r][1] else 0.0
            else:
                near = 0.2
            p = near * (0.55 if k == cluster[r] else 0.03)
            if rng.random() < p:
                members[g].add(r)
    for g in sorted(groups):
        for r in sorted(members[g]):
            if rng.random() < hide:
                out.hidden_memberships.setdefault(r, set()).add(g)
            else:
                e(ev.GroupJoined(group_id=g, community_id=c, resident_id=r), 150)

    # ties: nearness and shared groups
    groups_of = {r: {g for g in groups if r in members[g]} for r in people}
    ties: set[tuple[str, str]] = set()
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            same_b = where[a][0] == where[b][0]
            p = (0.06 + (0.25 if where[a][2] == where[b][2] else 0.0)) if same_b else 0.002
            p += 0.12 * len(groups_of[a] & groups_of[b])
            if rng.random() < p:
                ties.add((a, b))
    for a, b in sorted(ties):
        if rng.random() < hide:
            out.hidden_ties.setdefault(a, set()).add(b)
            out.hidden_ties.setdefault(b, set()).add(a)
        else:
            e(ev.AcquaintanceDeclared(community_id=c, from_resident_id=a, to_resident_id=b), 100)
            e(ev.AcquaintanceConfirmed(community_id=c, from_resident_id=a, to_resident_id=b), 100)

    # exchanges: a need, helped by a holder who is near and known
    linked = {(a, b) for a, b in ties} | {(b, a) for a, b in ties}
    for n, r in enumerate(people):
        if rng.random() > 0.5:
            continue
        skill = rng.choice(SKILLS)[0]
        holders = [h for h in people if h != r and skill in skills_of.get(h, set())]
        if not holders:
            continue
        weights = [
            1
            + 4 * (where[h][0] == where[r][0])
            + 2 * (where[h][1] == where[r][1])
            + 4 * ((r, h) in linked)
            for h in holders
        ]
        helper = rng.choices(holders, weights)[0]
        e(
            ev.ListingPosted(
                listing_id=f"{c}-need{n}",
                community_id=c,
                resident_id=r,
                kind="request",
                skill_tags=(skill,),
                title=skill,
            ),
            60,
        )
        if rng.random() < hide:
            out.hidden_exchanges.append((r, helper, skill))
            continue
        x = f"{c}-x{n}"
        e(
            ev.ExchangeAgreed(
                exchange_id=x,
                community_id=c,
                listing_id=f"{c}-need{n}",
                helper_id=helper,
                helped_id=r,
                skill_tags=(skill,),
            ),
            50,
        )
        e(
            ev.ExchangeCompleted(
                exchange_id=x, community_id=c, helper_id=helper, helped_id=r, hours=1
            ),
            50,
        )
    return out


def _skills(events: list[Envelope]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for env in events:
        if isinstance(env.payload, ev.ResidentSkillsChanged):
            out[env.payload.resident_id] = {s.tag for s in env.payload.skills}
    return out
