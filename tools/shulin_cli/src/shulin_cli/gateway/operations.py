"""Every GraphQL document and mutation name the CLI sends, in one place.

Targets the residents and activities subgraphs' surface as composed by the gateway. When their
schema.graphql files change, this is the module to align.
"""

# Queries
BUILDINGS = """
query Buildings($communityId: ID!, $after: String) {
  buildings(communityId: $communityId, first: 200, after: $after) {
    edges { node { id name floors units } }
    pageInfo { hasNextPage endCursor }
  }
}"""
RESIDENT_BY_EXTERNAL_REF = """
query ByRef($communityId: ID!, $externalRef: String!) {
  residentByExternalRef(communityId: $communityId, externalRef: $externalRef) { id }
}"""
# The public Resident type carries no personal data (phone, birth year, 编号): see the report.
RESIDENTS = """
query Residents($communityId: ID!, $after: String) {
  residents(communityId: $communityId, first: 200, after: $after) {
    edges { node {
      id displayName floor
      building { name }
      skills { level tag { tag nameZh } }
      interests { tag nameZh }
    } }
    pageInfo { hasNextPage endCursor }
  }
}"""
# Attendees show the public Resident fields only (no 编号): the export leaves that column empty.
ATTENDANCE = """
query Attendance($activityId: ID!, $after: String) {
  activity(id: $activityId) {
    attendees(first: 200, after: $after) {
      edges { node { checkedInAt resident { id displayName building { name } } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}"""
ACTIVITY_COMMUNITY = """
query ActivityCommunity($id: ID!) { activity(id: $id) { id communityId startsAt } }"""
RESIDENT_KNOWN_TO_ACTIVITIES = """
query Known($id: ID!) { resident(id: $id) { id activities(limit: 1) { id } } }"""

# Mutations: (root field, input type)
REGISTER_COMMUNITY = ("registerCommunity", "RegisterCommunityInput")
ADD_COMPOUND = ("addCompound", "AddCompoundInput")
ADD_BUILDING = ("addBuilding", "AddBuildingInput")
ADD_HOUSEHOLD = ("addHousehold", "AddHouseholdInput")
REGISTER_RESIDENT = ("registerResident", "RegisterResidentInput")
UPDATE_PROFILE = ("updateResidentProfile", "UpdateResidentProfileInput")
MOVE_RESIDENT = ("moveResident", "MoveResidentInput")
SET_SKILLS = ("setResidentSkills", "SetResidentSkillsInput")
SET_INTERESTS = ("setResidentInterests", "SetResidentInterestsInput")
DECLARE_ACQUAINTANCE = ("declareAcquaintance", "DeclareAcquaintanceInput")
CONFIRM_ACQUAINTANCE = ("confirmAcquaintance", "ConfirmAcquaintanceInput")
CREATE_ACTIVITY = ("createActivity", "CreateActivityInput")
REGISTER_FOR_ACTIVITY = ("registerForActivity", "RegistrationInput")
CHECK_IN = ("checkIn", "CheckInInput")
RECORD_ATTENDANCE = ("recordAttendance", "RecordAttendanceInput")
CREATE_GROUP = ("createGroup", "CreateGroupInput")
JOIN_GROUP = ("joinGroup", "MembershipInput")
SET_MEMBER_ROLE = ("setMemberRole", "SetMemberRoleInput")
POST_LISTING = ("postListing", "PostListingInput")
AGREE_EXCHANGE = ("agreeExchange", "AgreeExchangeInput")
COMPLETE_EXCHANGE = ("completeExchange", "CompleteExchangeInput")
RATE_EXCHANGE = ("rateExchange", "RateExchangeInput")
RECORD_VOLUNTEER_HOURS = ("recordVolunteerHours", "RecordVolunteerHoursInput")
REDEEM_POINTS = ("redeemPoints", "RedeemPointsInput")
POST_WISH = ("postWish", "PostWishInput")
CLAIM_WISH = ("claimWish", "WishClaimInput")
FULFIL_WISH = ("fulfilWish", "WishClaimInput")

# What to select from a mutation's result when it is not `id` (Acquaintance and Membership have
# no id; a registration is known by its activity and resident).
SELECTIONS: dict[str, str] = {
    "declareAcquaintance": "confirmed",
    "confirmAcquaintance": "confirmed",
    "registerForActivity": "waitlisted",
    "joinGroup": "role",
    "setMemberRole": "role",
}


def selection(field: str) -> str:
    return SELECTIONS.get(field, "id")
