from collections.abc import Callable
from typing import Any

import pytest

from residents.service_layer import places, queries
from residents.service_layer.registration import SkillChoice
from shulin_kit.errors import InvalidInput, NotFound

Run = Callable[..., Any]


def walk(run: Run, list_page: Any, *args: Any, first: int = 2, **filters: Any) -> list[Any]:
    seen: list[Any] = []
    after = None
    while True:
        page = run(list_page, *args, first=first, after=after, **filters)
        seen += page.items
        if not page.has_next_page:
            return seen
        after = page.end_cursor


@pytest.fixture
def people(register: Callable[..., Any], place: dict[str, str]) -> dict[str, str]:
    return {
        "li": register("李老师", skills=(SkillChoice("nurse", 4),), interests=("太极",)).id,
        "wang": register("王阿姨", interests=("广场舞", "太极")).id,
        "chen": register("陈伯", building_id=place["b8"], skills=(SkillChoice("会计", 3),)).id,
        "zhao": register("赵姐", building_id=place["b8"], interests=("tai chi",)).id,
        "liu": register("刘叔", skills=(SkillChoice("Nurse", 2),)).id,
    }


def names(found: list[Any]) -> list[str]:
    return [r.display_name for r in found]


def test_walking_every_page_lists_each_resident_once_oldest_first(
    run: Run, place: dict[str, str], people: dict[str, str]
) -> None:
    assert names(walk(run, queries.residents_page, place["community"])) == [
        "李老师",
        "王阿姨",
        "陈伯",
        "赵姐",
        "刘叔",
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"building_id": "{b8}"}, ["陈伯", "赵姐"]),
        ({"compound_id": "{compound}"}, ["李老师", "王阿姨", "刘叔"]),
        ({"skill": "护士"}, ["李老师", "刘叔"]),
        ({"interest": "Tai Chi"}, ["李老师", "王阿姨", "赵姐"]),
        ({"interest": "太极", "building_id": "{b8}"}, ["赵姐"]),
    ],
)
def test_filters_by_building_compound_and_tag_synonym(
    run: Run,
    place: dict[str, str],
    people: dict[str, str],
    filters: dict[str, str],
    expected: list[str],
) -> None:
    filters = {k: v.format(**place) for k, v in filters.items()}
    assert names(walk(run, queries.residents_page, place["community"], **filters)) == expected


def test_bad_list_arguments_name_the_field(run: Run, place: dict[str, str]) -> None:
    for kwargs, field in (
        ({"skill": "占卜"}, "skill"),
        ({"interest": "赌博"}, "interest"),
        ({"first": 0}, "first"),
        ({"first": 201}, "first"),
        ({"after": "%%%"}, "after"),
    ):
        with pytest.raises(InvalidInput) as err:
            run(queries.residents_page, place["community"], **kwargs)
        assert err.value.field == field
    with pytest.raises(NotFound) as not_found:
        run(queries.residents_page, "nope")
    assert not_found.value.field == "communityId"


def test_buildings_are_listed_by_name_and_filtered_by_compound(
    run: Run, place: dict[str, str]
) -> None:
    for name in ("1栋", "2栋", "3栋"):
        run(places.add_building, place["community"], name, 6, 1, place["compound"])
    all_names = [b.name for b in walk(run, queries.buildings_page, place["community"])]
    assert all_names == ["1栋", "2栋", "3栋", "7栋", "8栋"]
    in_compound = walk(
        run, queries.buildings_page, place["community"], compound_id=place["compound"]
    )
    assert [b.name for b in in_compound] == ["1栋", "2栋", "3栋", "7栋"]
