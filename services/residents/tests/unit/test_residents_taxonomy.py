from collections.abc import Callable
from typing import Any

import pytest

from residents.domain.taxonomy import Tag, TagIndex, TagKind, normalise_term
from residents.domain.taxonomy_seed import INTERESTS, SKILLS, seed_tags
from residents.service_layer import taxonomy
from residents.service_layer.taxonomy import DefineTag
from shulin_events.schemas import GLOBAL_COMMUNITY, TaxonomyTagDefined
from shulin_kit.errors import Conflict, InvalidInput

Run = Callable[..., Any]


def test_the_seed_has_enough_skills_and_interests_with_descriptions() -> None:
    assert len(SKILLS) >= 25 and len(INTERESTS) >= 20
    for tag in seed_tags():
        assert tag.synonyms and len(tag.description) >= 15, tag.tag


def test_every_seed_term_names_one_tag_of_its_kind() -> None:
    for kind in TagKind:
        seen: dict[str, str] = {}
        for tag in (t for t in seed_tags() if t.kind == kind):
            for term, _ in tag.terms():
                assert seen.setdefault(term, tag.tag) == tag.tag, (term, tag.tag, seen[term])


def test_seeding_stores_every_tag_and_publishes_one_global_event_each(empty_uow: Any) -> None:
    fresh = empty_uow
    with fresh:
        assert taxonomy.seed_if_empty(fresh, seed_tags()) == len(seed_tags())
        fresh.commit()
    assert len(fresh.published) == len(seed_tags())
    assert {e.community_id for e in fresh.published} == {GLOBAL_COMMUNITY}
    nurse = next(e.payload for e in fresh.published if e.payload.tag == "nurse")
    assert nurse.kind == "skill" and nurse.name_zh == "护士" and "量血压" in nurse.description
    with fresh:
        assert taxonomy.seed_if_empty(fresh, seed_tags()) == 0
        fresh.commit()
    assert len(fresh.published) == len(seed_tags()), "a second start seeds nothing"


@pytest.mark.parametrize(
    "text", ["护士", "  护士 ", "Nurse", "NURSE", "ｎｕｒｓｅ", "nursing", "退休护士", "nurse"]
)
def test_free_text_equal_to_a_name_or_synonym_maps_to_the_canonical_tag(text: str) -> None:
    index = TagIndex(TagKind.SKILL, [t for t in seed_tags() if t.kind == TagKind.SKILL])
    assert index.resolve(text, "skills[0].tag") == "nurse"


def test_an_unknown_tag_names_the_field() -> None:
    index = TagIndex(TagKind.SKILL, [t for t in seed_tags() if t.kind == TagKind.SKILL])
    with pytest.raises(InvalidInput) as err:
        index.resolve_all(["护士", "会计", "护"], "skills")
    assert err.value.field == "skills[2]"


def test_nurse_and_health_advice_share_descriptive_words_for_similarity() -> None:
    tags = {t.tag: t for t in seed_tags() if t.kind == TagKind.SKILL}
    for word in ("量血压", "健康指导"):
        assert word in tags["nurse"].description and word in tags["health_advice"].description


def test_normalising_folds_width_case_and_spaces() -> None:
    assert normalise_term("  Ｔａｉ　Ｃｈｉ ") == "tai chi"


def _cmd(**fields: Any) -> DefineTag:
    base: dict[str, Any] = {
        "kind": TagKind.SKILL,
        "tag": "acupuncture",
        "name_zh": "针灸",
        "name_en": "Acupuncture",
        "category": "health",
        "synonyms": ("扎针", "中医针灸"),
        "description": "中医针灸和推拿，缓解腰腿痛 (acupuncture and massage).",
    }
    return DefineTag(**(base | fields))


def test_defining_a_tag_stores_it_and_publishes_a_global_event(uow: Any, run: Run) -> None:
    tag = run(taxonomy.define_tag, _cmd())
    assert uow.repo.get_tag(TagKind.SKILL, "acupuncture") == tag
    [event] = uow.published
    assert event.community_id == GLOBAL_COMMUNITY
    assert event.payload == TaxonomyTagDefined(
        kind="skill",
        tag="acupuncture",
        name_zh="针灸",
        name_en="Acupuncture",
        category="health",
        synonyms=("扎针", "中医针灸"),
        description="中医针灸和推拿，缓解腰腿痛 (acupuncture and massage).",
    )


def test_editing_a_tag_publishes_only_real_changes(uow: Any, run: Run) -> None:
    run(
        taxonomy.define_tag,
        _cmd(tag="nurse", name_zh="护士", name_en="Nurse", synonyms=("护理师",)),
    )
    assert uow.repo.get_tag(TagKind.SKILL, "nurse").synonyms == ("护理师",)
    assert len(uow.published) == 1
    run(
        taxonomy.define_tag,
        _cmd(tag="nurse", name_zh="护士", name_en="Nurse", synonyms=("护理师",)),
    )
    assert len(uow.published) == 1


@pytest.mark.parametrize(
    ("fields", "error", "field"),
    [
        ({"tag": "针灸"}, InvalidInput, "tag"),
        ({"tag": "Acupuncture"}, InvalidInput, "tag"),
        ({"name_zh": ""}, InvalidInput, "nameZh"),
        ({"synonyms": ("扎针", "")}, InvalidInput, "synonyms[1]"),
        ({"synonyms": ("扎针", "退休护士")}, Conflict, "synonyms[1]"),
        ({"name_en": "Nurse"}, Conflict, "nameEn"),
        ({"synonyms": tuple(f"s{i}" for i in range(21))}, InvalidInput, "synonyms"),
    ],
)
def test_a_bad_tag_is_refused_naming_the_field(
    uow: Any, run: Run, fields: dict[str, Any], error: type[Exception], field: str
) -> None:
    with pytest.raises(error) as err:
        run(taxonomy.define_tag, _cmd(**fields))
    assert err.value.field == field  # type: ignore[attr-defined]
    assert uow.repo.get_tag(TagKind.SKILL, "acupuncture") is None and uow.published == []


def test_an_interest_may_share_a_name_with_a_skill(uow: Any, run: Run) -> None:
    run(
        taxonomy.define_tag,
        _cmd(kind=TagKind.INTEREST, tag="nursing_club", name_zh="护理兴趣", name_en="Nurse"),
    )
    assert uow.repo.get_tag(TagKind.INTEREST, "nursing_club") is not None


def test_searching_tags_matches_slug_names_and_synonyms(uow: Any, run: Run) -> None:
    def search(kind: TagKind | None, text: str | None) -> list[str]:
        found: list[Tag] = run(taxonomy.search_tags, kind, text)
        return [t.tag for t in found]

    assert search(TagKind.SKILL, "慢病") == []  # names and synonyms, not descriptions
    assert "nurse" in search(TagKind.SKILL, "护")
    assert search(TagKind.INTEREST, "ping") == ["table_tennis"]
    assert set(search(None, "摄影")) == {"photography"}
    assert len(search(None, None)) == len(seed_tags())
    assert search(TagKind.SKILL, "  ＤＩＹ ") == []
    assert search(TagKind.INTEREST, "diy") == ["handicraft"]
