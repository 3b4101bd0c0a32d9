# mypy: disable-error-code="untyped-decorator"
"""Queries and mutations on residents. Each mutation is one transaction, committed here."""

from collections.abc import Sequence

import strawberry

from residents.domain import model
from residents.entrypoints.graphql import resident_inputs as gi
from residents.entrypoints.graphql.access import (
    guard_resident,
    guard_residents_list,
    guard_staff,
    no_planners,
)
from residents.entrypoints.graphql.common import GqlInfo, keep_unset
from residents.entrypoints.graphql.residents import (
    Availability,
    ConsentSettings,
    Resident,
    Role,
    load_resident,
)
from residents.service_layer import profile, queries, registration
from residents.service_layer.registration import KEEP, SkillChoice
from shulin_kit.errors import InvalidInput
from shulin_kit.pagination import Connection


def _roles(roles: Sequence[Role]) -> tuple[model.Role, ...]:
    return tuple(model.Role[r.name] for r in roles)


def _availability(values: Sequence[Availability]) -> tuple[model.Availability, ...]:
    return tuple(model.Availability[a.name] for a in values)


def _skills(skills: Sequence[gi.SkillInput]) -> tuple[SkillChoice, ...]:
    return tuple(SkillChoice(s.tag, s.level) for s in skills)


def _register_command(i: gi.RegisterResidentInput) -> registration.RegisterResident:
    return registration.RegisterResident(
        community_id=i.community_id,
        building_id=i.building_id,
        display_name=i.display_name,
        floor=i.floor,
        phone=i.phone,
        birth_year=i.birth_year,
        moved_in_on=i.moved_in_on,
        may_be_recommended=i.may_be_recommended,
        household_id=i.household_id,
        gender=model.Gender[i.gender.name] if i.gender else None,
        languages=tuple(i.languages),
        availability=_availability(i.availability),
        external_ref=i.external_ref,
        skills=_skills(i.skills),
        interests=tuple(i.interests),
        roles=_roles(i.roles),
        contact_visible_to_operators=i.contact_visible_to_operators,
        recommendations=model.RecommendationMode[i.recommendations.name],
        party_member=i.party_member,
        elderly_living_alone=i.elderly_living_alone,
        needs_care=i.needs_care,
        idempotency_key=i.idempotency_key,
    )


def _update_command(i: gi.UpdateResidentProfileInput) -> registration.UpdateProfile:
    if i.display_name is None:
        raise InvalidInput("displayName cannot be null", "displayName")
    gender = keep_unset(i.gender)
    languages = keep_unset(i.languages)
    availability = keep_unset(i.availability)
    return registration.UpdateProfile(
        resident_id=i.resident_id,
        display_name=keep_unset(i.display_name),
        gender=model.Gender[gender.name] if gender not in (KEEP, None) else gender,
        birth_year=keep_unset(i.birth_year),
        phone=keep_unset(i.phone),
        moved_in_on=keep_unset(i.moved_in_on),
        languages=tuple(languages or ()) if languages is not KEEP else KEEP,
        availability=_availability(availability or ()) if availability is not KEEP else KEEP,
        external_ref=keep_unset(i.external_ref),
    )


@strawberry.type
class ResidentQuery:
    @strawberry.field
    def resident(self, info: GqlInfo, id: strawberry.ID) -> Resident | None:
        no_planners(info)
        return load_resident(info, id)

    @strawberry.field(
        description="The resident the operator's roster knows by this id (for re-imports)."
    )
    def resident_by_external_ref(
        self, info: GqlInfo, community_id: strawberry.ID, external_ref: str
    ) -> Resident | None:
        guard_staff(info, community_id, "residentByExternalRef")
        with info.context.container.uow() as uow:
            found = registration.resident_by_external_ref(uow, community_id, external_ref)
        return Resident.from_domain(found) if found else None

    @strawberry.field(
        description="居民 Residents of a community, oldest first; filter by building, compound, "
        "skill or interest (tag, name or synonym)."
    )
    def residents(
        self,
        info: GqlInfo,
        community_id: strawberry.ID,
        building_id: strawberry.ID | None = None,
        compound_id: strawberry.ID | None = None,
        skill: str | None = None,
        interest: str | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> Connection[Resident]:
        guard_residents_list(info, community_id, building_id)
        with info.context.container.uow() as uow:
            page = queries.residents_page(
                uow, community_id, building_id, compound_id, skill, interest, first, after
            )
        return Connection.from_page(page, Resident.from_domain)


@strawberry.type
class ResidentMutation:
    @strawberry.mutation(description="登记居民 Register a resident in a building.")
    def register_resident(self, info: GqlInfo, input: gi.RegisterResidentInput) -> Resident:
        cmd = _register_command(input)
        identity = no_planners(info)
        if not identity.heads_building(input.community_id, input.building_id):
            guard_staff(info, input.community_id, "registerResident")
        with info.context.container.uow(write=True) as uow:
            resident = registration.register_resident(uow, cmd)
            uow.commit()
        return Resident.from_domain(resident)

    @strawberry.mutation(description="修改资料 Edit a resident's profile.")
    def update_resident_profile(
        self, info: GqlInfo, input: gi.UpdateResidentProfileInput
    ) -> Resident:
        guard_resident(info, input.resident_id, "updateResidentProfile")
        cmd = _update_command(input)
        with info.context.container.uow(write=True) as uow:
            resident = registration.update_profile(uow, cmd)
            uow.commit()
        return Resident.from_domain(resident)

    @strawberry.mutation(description="搬家 Move a resident to a building of the same community.")
    def move_resident(self, info: GqlInfo, input: gi.MoveResidentInput) -> Resident:
        guard_resident(info, input.resident_id, "moveResident")
        with info.context.container.uow(write=True) as uow:
            resident = registration.move_resident(
                uow, input.resident_id, input.building_id, input.household_id, input.floor
            )
            uow.commit()
        return Resident.from_domain(resident)

    @strawberry.mutation(description="设置技能 Replace a resident's skills.")
    def set_resident_skills(self, info: GqlInfo, input: gi.SetResidentSkillsInput) -> Resident:
        guard_resident(info, input.resident_id, "setResidentSkills")
        with info.context.container.uow(write=True) as uow:
            resident = profile.set_skills(uow, input.resident_id, _skills(input.skills))
            uow.commit()
        return Resident.from_domain(resident)

    @strawberry.mutation(description="设置兴趣 Replace a resident's interests.")
    def set_resident_interests(
        self, info: GqlInfo, input: gi.SetResidentInterestsInput
    ) -> Resident:
        guard_resident(info, input.resident_id, "setResidentInterests")
        with info.context.container.uow(write=True) as uow:
            resident = profile.set_interests(uow, input.resident_id, input.interests)
            uow.commit()
        return Resident.from_domain(resident)

    @strawberry.mutation(description="设置角色 Replace a resident's community roles.")
    def set_resident_roles(self, info: GqlInfo, input: gi.SetResidentRolesInput) -> Resident:
        guard_resident(info, input.resident_id, "setResidentRoles", staff_only=True)
        with info.context.container.uow(write=True) as uow:
            resident = profile.set_roles(uow, input.resident_id, _roles(input.roles))
            uow.commit()
        return Resident.from_domain(resident)

    @strawberry.mutation(description="核实技能 Staff verify a resident's skill.")
    def verify_skill(self, info: GqlInfo, input: gi.VerifySkillInput) -> Resident:
        guard_resident(info, input.resident_id, "verifySkill", staff_only=True)
        with info.context.container.uow(write=True) as uow:
            resident = profile.verify_skill(uow, input.resident_id, input.tag, input.verified)
            uow.commit()
        return Resident.from_domain(resident)

    @strawberry.mutation(description="同意设置 Set a resident's consent; returns the settings.")
    def set_resident_consent(
        self, info: GqlInfo, input: gi.SetResidentConsentInput
    ) -> ConsentSettings:
        guard_resident(info, input.resident_id, "setResidentConsent")
        change = profile.ConsentChange(
            input.may_be_recommended,
            input.contact_visible_to_operators,
            model.RecommendationMode[input.recommendations.name] if input.recommendations else None,
        )
        with info.context.container.uow(write=True) as uow:
            resident = profile.set_consent(uow, input.resident_id, change)
            uow.commit()
        return ConsentSettings.from_domain(resident)

    @strawberry.mutation(
        description="敏感信息 Set sensitive attributes (never shown; only care flags reach "
        "aggregates, party membership never leaves this service)."
    )
    def set_resident_sensitive_attributes(
        self, info: GqlInfo, input: gi.SetResidentSensitiveAttributesInput
    ) -> Resident:
        guard_resident(info, input.resident_id, "setResidentSensitiveAttributes")
        change = profile.SensitiveChange(
            input.party_member, input.elderly_living_alone, input.needs_care
        )
        with info.context.container.uow(write=True) as uow:
            resident = profile.set_sensitive_attributes(uow, input.resident_id, change)
            uow.commit()
        return Resident.from_domain(resident)

    @strawberry.mutation(
        description="注销 Erase a resident: personal data deleted, consumers told; returns the id."
    )
    def remove_resident(self, info: GqlInfo, input: gi.RemoveResidentInput) -> strawberry.ID:
        guard_resident(info, input.resident_id, "removeResident")
        with info.context.container.uow(write=True) as uow:
            removed = profile.remove_resident(uow, input.resident_id)
            uow.commit()
        return strawberry.ID(removed)
