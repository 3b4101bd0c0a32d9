"""Each role's main journey through the web console in Chromium, against the real stack."""

import csv
import io
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from console_testkit import DESKTOP, PHONE, ConsolePage, Demo, Screens
from playwright.sync_api import expect
from pydantic import SecretStr
from shulin_testkit import wait_until

from shulin_kit.identity import AuthSettings, mint_token

pytestmark = pytest.mark.e2e

SUPPRESSED_ZH = "已隐去 (<5人)"
Opener = Callable[[dict[str, int]], ConsolePage]


def create_activity(demo: Demo, title: str, starts_in: timedelta, hours: float = 2) -> str:
    start = datetime.now(UTC) + starts_in
    data = demo.gql(
        "operator",
        """mutation($i: CreateActivityInput!) { createActivity(input: $i) { id } }""",
        i={
            "communityId": demo.community_id,
            "title": title,
            "kind": "NEIGHBOUR_FESTIVAL",
            "startsAt": start.isoformat(),
            "endsAt": (start + timedelta(hours=hours)).isoformat(),
            "place": "3号楼架空层",
            "tags": ["square_dance"],
        },
    )
    activity_id: str = data["createActivity"]["id"]
    return activity_id


def first_listing_with_matches(demo: Demo) -> dict[str, str]:
    listings = demo.gql(
        "operator",
        """query($c: ID!) { listings(communityId: $c, status: OPEN, first: 30) {
             edges { node { id title } } } }""",
        c=demo.community_id,
    )["listings"]["edges"]
    for edge in listings:
        items = demo.gql(
            "operator",
            "query($l: ID!) { exchangeMatches(listingId: $l, first: 5) { items { reasonZh } } }",
            l=edge["node"]["id"],
        )["exchangeMatches"]["items"]
        if items:
            return {"id": edge["node"]["id"], "reasonZh": items[0]["reasonZh"]}
    raise AssertionError("no open listing with suggested matches in the demo community")


def test_sign_in_page_lists_one_demo_user_per_role(open_console: Opener, demo: Demo) -> None:
    page = open_console(DESKTOP).page
    screens = Screens(page, "sign-in")
    for role in ("resident", "building_head", "operator", "planner", "admin"):
        expect(page.get_by_test_id(f"login-{role}")).to_be_visible()
    expect(page.get_by_test_id("login-resident")).to_have_text("以居民身份登录")
    screens.shot("demo-users")
    page.get_by_test_id("switch-language").click()
    expect(page.get_by_test_id("login-resident")).to_have_text("Sign in as resident")
    page.get_by_test_id("switch-language").click()

    page.get_by_role("textbox").fill("not-a-token")
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("不是有效的熟邻令牌")
    page.get_by_role("textbox").fill(demo.tokens["planner"])
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.get_by_test_id("who")).to_contain_text("街道规划人员")
    page.get_by_test_id("sign-out").click()
    expect(page.get_by_test_id("login-operator")).to_be_visible()

    # A token the gateway's subgraphs refuse (signed with another key): back to sign-in, told why.
    forged = mint_token(
        AuthSettings(jwt_secret=SecretStr("another-key-" + "x" * 40)),
        demo.resident_id,
        demo.community_id,
        ["resident"],
    )
    page.get_by_role("textbox").fill(forged)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.get_by_test_id("session-expired")).to_have_text("登录已失效，请重新登录。")
    screens.shot("refused-token")


def test_operator_builds_a_team_sees_matches_and_checks_residents_in(
    open_console: Opener, demo: Demo
) -> None:
    page = open_console(DESKTOP).sign_in("operator")
    screens = Screens(page, "operator")
    expect(page.get_by_test_id("who")).to_contain_text("社区运营官")

    # Team builder: skills found by synonym (打针 → 护士 nurse; 开车 → driving), size, scope.
    page.get_by_test_id("skill-search").fill("打针")
    page.get_by_test_id("skill-option-nurse").click()
    page.get_by_test_id("skill-search").fill("开车")
    page.get_by_test_id("skill-option-driving").click()
    expect(page.get_by_test_id("chosen-skills")).to_contain_text("护士")
    page.get_by_test_id("team-size").fill("2")
    page.get_by_test_id("team-submit").click()
    candidates = page.get_by_test_id("candidates").locator("li.candidate")
    expect(candidates.first).to_be_visible()
    expect(candidates.first.locator(".reason")).to_contain_text("推荐理由")
    expect(candidates.first.locator(".score-parts li").first).to_be_visible()
    team = page.get_by_test_id("proposed-team")
    expect(team).to_contain_text("负责")

    api = demo.gql(
        "operator",
        """query($c: ID!) { operatorCandidates(communityId: $c, teamSize: 2,
             skills: [{tag: "nurse"}, {tag: "driving"}]) {
             candidates { resident { displayName } } team { members { displayName } } } }""",
        c=demo.community_id,
    )["operatorCandidates"]
    first_name = api["candidates"][0]["resident"]["displayName"]
    expect(candidates.first).to_contain_text(first_name)
    for member in api["team"]["members"]:
        expect(team).to_contain_text(member["displayName"])

    # Contact details only where the resident consented: the API decides, the console shows it.
    candidates.first.get_by_role("button", name="查看电话").click()
    expect(
        candidates.first.get_by_test_id("contact-phone").or_(
            candidates.first.get_by_test_id("contact-hidden")
        )
    ).to_be_visible()
    screens.shot("team-builder")

    # Request / offer board with suggested matches (a listing the API finds helpers for).
    page.get_by_role("link", name="需求与服务").click()
    matched = first_listing_with_matches(demo)
    listing = page.locator(f'[data-listing-id="{matched["id"]}"]')
    listing.get_by_role("button", name="查看推荐").click()
    matches = listing.get_by_test_id("matches")
    expect(matches).to_contain_text("推荐对接")
    expect(matches.locator(".reason").first).to_contain_text(matched["reasonZh"].split("；")[0])
    screens.shot("board")

    # Activities: create one through the form, a resident registers, the operator checks them in.
    page.get_by_role("link", name="活动管理").click()
    title = f"邻里节-{uuid.uuid4().hex[:6]}"
    page.get_by_test_id("activity-title").fill(title)
    page.get_by_test_id("activity-place").fill("社区广场")
    page.get_by_test_id("activity-submit").click()
    expect(page.get_by_role("status")).to_contain_text(title)
    activities = demo.gql(
        "operator",
        "query($c: ID!) { activities(communityId: $c, first: 50) { edges { node { id title } } } }",
        c=demo.community_id,
    )["activities"]["edges"]
    activity_id = next(e["node"]["id"] for e in activities if e["node"]["title"] == title)
    demo.gql(
        "resident",
        """mutation($i: RegistrationInput!) { registerForActivity(input: $i) { waitlisted } }""",
        i={"activityId": activity_id, "residentId": demo.resident_id},
    )
    screens.shot("activity-created")

    # Check-in at the door, on the operator's phone.
    phone = open_console(PHONE).sign_in("operator")
    phone_screens = Screens(phone, "operator-phone")
    phone.get_by_role("link", name="活动管理").click()
    row = phone.locator(f'[data-activity-id="{activity_id}"]')
    row.get_by_role("button", name="签到管理").click()
    panel = row.get_by_test_id("check-in-panel")
    panel.get_by_test_id("check-in-button").first.click()
    expect(panel.locator(".badge-ok").first).to_have_text("已签到")
    expect(row.get_by_test_id("attendee-count")).to_contain_text("已签到 1")
    phone_screens.shot("check-in")


def test_impossible_team_request_shows_a_clear_message(open_console: Opener, demo: Demo) -> None:
    page = open_console(DESKTOP).sign_in("operator")
    screens = Screens(page, "bad-input")

    page.get_by_test_id("team-submit").click()
    expect(page.locator('.field-error[data-field="skills"]')).to_have_text("请至少选择一项技能")

    page.get_by_test_id("skill-search").fill("护士")
    page.get_by_test_id("skill-option-nurse").click()
    page.get_by_test_id("team-size").fill("0")
    page.get_by_test_id("team-submit").click()
    error = page.locator('.field-error[data-field="teamSize"]')
    expect(error).to_contain_text("「团队人数」输入有误")
    expect(error).to_have_attribute("data-code", "BAD_USER_INPUT")
    expect(page.get_by_test_id("candidates")).to_have_count(0)
    screens.shot("team-size-zero")

    # A skill nobody in the community has: the console says which, as the API does.
    page.get_by_test_id("team-size").fill("2")
    page.get_by_test_id("skill-search").fill("缝纫")
    page.get_by_test_id("skill-option-sewing").click()
    page.get_by_test_id("team-submit").click()
    expect(page.get_by_test_id("proposed-team")).to_be_visible()
    api = demo.gql(
        "operator",
        """query($c: ID!) { operatorCandidates(communityId: $c, teamSize: 2,
             skills: [{tag: "nurse"}, {tag: "sewing"}]) { uncoveredSkills team { uncoveredSkills } } }""",
        c=demo.community_id,
    )["operatorCandidates"]
    if api["uncoveredSkills"] or api["team"]["uncoveredSkills"]:
        expect(page.get_by_test_id("uncovered")).to_contain_text("无人具备的技能：缝纫")
    screens.shot("skill-nobody-has")


def neighbour_not_yet_known(demo: Demo) -> dict[str, str]:
    """A neighbour in the resident's building with no acquaintance either way yet."""
    data = demo.gql(
        "resident",
        """query($r: ID!) { resident(id: $r) { buildingNeighbours(limit: 50) { id displayName } }
             acquaintances(residentId: $r) { resident { id } } }""",
        r=demo.resident_id,
    )
    known = {k["resident"]["id"] for k in data["acquaintances"]}
    neighbours: list[dict[str, str]] = data["resident"]["buildingNeighbours"]
    return next(n for n in neighbours if n["id"] not in known)


def test_resident_journey_on_a_phone(open_console: Opener, demo: Demo) -> None:
    title = f"广场舞体验课-{uuid.uuid4().hex[:6]}"
    activity_id = create_activity(demo, title, timedelta(days=2))
    recommended = """query($r: ID!) { activityRecommendations(residentId: $r, first: 5) {
        items { activity { id } } } }"""
    wait_until(
        lambda: any(
            i["activity"]["id"] == activity_id
            for i in demo.gql("resident", recommended, r=demo.resident_id)[
                "activityRecommendations"
            ]["items"]
        ),
        # The graph is fed from Kafka and recommendations are scored on a snapshot refreshed
        # every 30 s (or 10x its build time, longer on a loaded machine): allow two rounds.
        timeout_s=120,
        what="the new activity among the resident's recommendations",
    )
    neighbour = demo.gql(
        "resident",
        "query($r: ID!) { resident(id: $r) { buildingNeighbours(limit: 1) { id } } }",
        r=demo.resident_id,
    )["resident"]["buildingNeighbours"][0]["id"]
    wish_title = f"想要一台收音机-{uuid.uuid4().hex[:4]}"
    demo.gql(
        "operator",
        "mutation($i: PostWishInput!) { postWish(input: $i) { id } }",
        i={"residentId": neighbour, "title": wish_title},
    )

    stranger = neighbour_not_yet_known(demo)
    demo.gql(
        "operator",
        "mutation($i: DeclareAcquaintanceInput!) { declareAcquaintance(input: $i) { confirmed } }",
        i={"fromResidentId": stranger["id"], "toResidentId": demo.resident_id, "context": "楼道"},
    )

    page = open_console(PHONE).sign_in("resident")
    screens = Screens(page, "resident-phone")
    # A neighbour said they know the resident: the resident confirms it.
    confirm = page.get_by_test_id("confirm-row").filter(has_text=stranger["displayName"])
    confirm.get_by_test_id("confirm-acquaintance").click()
    expect(confirm.get_by_role("status")).to_have_text("已互相认识")
    statuses = {
        k["resident"]["id"]: k["status"]
        for k in demo.gql(
            "resident",
            "query($r: ID!) { acquaintances(residentId: $r) { status resident { id } } }",
            r=demo.resident_id,
        )["acquaintances"]
    }
    assert statuses[stranger["id"]] == "CONFIRMED"
    groups = page.get_by_test_id("group-recommendations")
    expect(groups.locator(".reason").first).to_contain_text("推荐理由")
    neighbours = page.get_by_test_id("neighbours-to-meet")
    expect(neighbours.locator(".reason").first).to_contain_text("推荐理由")
    screens.shot("for-you")

    # "I know them" on a suggested neighbour records the tie (pending until they confirm).
    to_meet = neighbours.get_by_test_id("neighbour-card").first
    name = to_meet.locator("strong").inner_text()
    to_meet.get_by_test_id("i-know-them").click()
    expect(to_meet.get_by_role("status")).to_have_text(re.compile("等TA确认|已互相认识"))
    known = demo.gql(
        "resident",
        "query($r: ID!) { acquaintances(residentId: $r) { resident { displayName } } }",
        r=demo.resident_id,
    )["acquaintances"]
    assert name in [k["resident"]["displayName"] for k in known]

    groups.get_by_test_id("join-group").first.click()
    expect(groups.locator(".badge-ok").first).to_have_text("已加入")
    card = page.get_by_test_id("activity-card").filter(has_text=title)
    expect(card.locator(".reason")).to_be_visible()
    card.get_by_test_id("register-activity").click()
    expect(card.get_by_role("status")).to_have_text("已报名")
    screens.shot("joined-and-registered")

    page.get_by_role("link", name="发布").click()
    listing_title = f"帮忙修水龙头-{uuid.uuid4().hex[:4]}"
    page.get_by_test_id("listing-title").fill(listing_title)
    page.get_by_test_id("listing-skills").fill("水电维修")
    page.get_by_test_id("listing-submit").click()
    expect(page.get_by_role("status")).to_contain_text(listing_title)
    expect(page.get_by_test_id("my-listings")).to_contain_text(listing_title)
    # A bad input names its field: a title that is too long.
    page.get_by_test_id("listing-title").fill("长" * 80)
    page.get_by_test_id("listing-skills").fill("水电维修")
    page.get_by_test_id("listing-submit").click()
    expect(page.locator('.field-error[data-field="title"]')).to_be_visible()
    screens.shot("post-request")

    page.get_by_role("link", name="微心愿").click()
    wish = page.get_by_test_id("wish-card").filter(has_text=wish_title)
    wish.get_by_test_id("claim-wish").click()
    expect(wish.get_by_role("status")).to_have_text("已认领")
    screens.shot("claimed-wish")

    page.get_by_role("link", name="我的积分").click()
    balance = demo.gql(
        "resident", "query($r: ID!) { points(residentId: $r) { balance } }", r=demo.resident_id
    )
    expect(page.get_by_test_id("points-balance")).to_contain_text(str(balance["points"]["balance"]))
    screens.shot("points")

    page.get_by_role("link", name="隐私设置").click()
    contact = page.get_by_test_id("contact-visible")
    was = contact.is_checked()
    contact.set_checked(not was)
    page.get_by_test_id("privacy-save").click()
    expect(page.get_by_role("status")).to_have_text("已保存")
    consent = demo.gql(
        "resident",
        "query($r: ID!) { resident(id: $r) { privateProfile { consent { contactVisibleToOperators } } } }",
        r=demo.resident_id,
    )["resident"]["privateProfile"]["consent"]
    assert consent["contactVisibleToOperators"] is (not was)
    page.get_by_test_id("toggle-large-text").click()
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "22px"
    screens.shot("privacy-large-text")


def suppressed_cells(rows: list[dict[str, Any]]) -> int:
    return sum(
        1 for row in rows for key, f in row.items() if isinstance(f, dict) and f["suppressed"]
    )


def test_planner_dashboard_shows_suppressed_cells_and_downloads_csv(
    open_console: Opener, demo: Demo
) -> None:
    page = open_console(DESKTOP).sign_in("planner")
    screens = Screens(page, "planner")
    table = page.get_by_test_id("figures-table")
    expect(table.locator("tbody tr").first).to_be_visible()
    expect(page.get_by_test_id("density-chart").locator("svg")).to_be_visible()
    expect(page.get_by_test_id("heatmap").locator("svg")).to_be_visible()
    expect(page.get_by_test_id("trend-chart").locator("svg")).to_be_visible()
    expect(page.get_by_test_id("before-after-chart").locator("svg")).to_be_visible()

    window = page.get_by_test_id("window-label").inner_text().split("：")[1]
    start, end = window.split("~")
    figures = "{ value suppressed }"
    metrics = (
        "residents ties density meanDegree clustering isolates isolatedElderlyAlone "
        "largestGroupShare crossBuildingTies bridging participants participationRate "
        "volunteerHours exchangesCompleted wishesFulfilled"
    )
    query = f"""query($c: ID!, $w: WindowInput) {{ neighbourNetwork(communityId: $c, window: $w) {{
        rows {{ name {" ".join(f"{m} {figures}" for m in metrics.split())} }} }} }}"""
    rows = demo.gql("planner", query, c=demo.community_id, w={"start": start, "end": end})[
        "neighbourNetwork"
    ]["rows"]
    expect(table.locator("tbody tr")).to_have_count(len(rows))
    expect(table.locator("td.suppressed")).to_have_count(suppressed_cells(rows))
    if suppressed_cells(rows):
        expect(table.locator("td.suppressed").first).to_have_text(SUPPRESSED_ZH)
    # Months before the residents were registered describe nobody: shown as suppressed, not 0.
    expect(page.get_by_test_id("trend")).to_contain_text(SUPPRESSED_ZH)
    bridges = demo.gql(
        "planner",
        """query($c: ID!, $w: WindowInput) { bridgeBuildings(communityId: $c, window: $w, limit: 10) {
             rows { name } } }""",
        c=demo.community_id,
        w={"start": start, "end": end},
    )["bridgeBuildings"]["rows"]
    expect(page.get_by_test_id("bridges").locator("tbody tr")).to_have_count(len(bridges))
    screens.shot("dashboard")

    with page.expect_download() as download_info:
        page.get_by_test_id("csv-download").click()
    path = download_info.value.path()
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    sheet = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert sheet[0][:3] == ["楼栋", "统计时段", "居民数"]
    assert [r[0] for r in sheet[1:]] == [r["name"] for r in rows]
    assert sum(cell == SUPPRESSED_ZH for r in sheet[1:] for cell in r) == suppressed_cells(rows)

    # A window that ends before it starts: the server's message under the date field.
    page.get_by_test_id("window-start").fill("2026-05-01")
    page.get_by_test_id("window-end").fill("2026-04-01")
    page.get_by_test_id("window-apply").click()
    expect(page.locator('.field-error[data-field="end"]')).to_be_visible()

    page.get_by_test_id("switch-language").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Neighbour network dashboard")
    screens.shot("dashboard-english")


def test_building_head_gets_check_in_without_staff_tools(open_console: Opener, demo: Demo) -> None:
    page = open_console(PHONE).sign_in("building_head")
    screens = Screens(page, "building-head-phone")
    expect(page.get_by_test_id("who")).to_contain_text("楼长")
    expect(page.get_by_role("navigation").get_by_role("link")).to_have_text(["活动管理"])
    expect(page.get_by_test_id("activity").first).to_be_visible()
    expect(page.get_by_test_id("create-activity-form")).to_have_count(0)
    screens.shot("activities")
