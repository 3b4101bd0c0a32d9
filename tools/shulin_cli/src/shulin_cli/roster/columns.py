"""Column headers in Chinese or English, with the synonyms operators actually use."""

from collections.abc import Iterable

# canonical column → accepted headers (compared case-insensitively, spaces and * ignored)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "居民姓名", "name", "display_name", "displayname", "full_name"),
    "building": ("楼栋", "楼号", "栋", "楼", "building", "building_name"),
    "unit": ("单元", "单元号", "unit"),
    "floor": ("楼层", "层", "floor"),
    "phone": ("电话", "手机", "手机号", "联系电话", "电话号码", "phone", "mobile", "tel"),
    "birth_year": ("出生年份", "出生年", "年份", "birth_year", "birthyear", "born"),
    "gender": ("性别", "gender", "sex"),
    "skills": ("技能", "特长", "skills", "skill"),
    "interests": ("兴趣", "爱好", "兴趣爱好", "interests", "interest", "hobbies"),
    "external_ref": ("编号", "居民编号", "档案号", "external_ref", "externalref", "ref", "id"),
    "floors": ("楼层数", "总层数", "层数", "floors"),
    "units": ("单元数", "units"),
    "compound": ("小区", "小区名称", "compound", "estate"),
}


def _key(header: str) -> str:
    return header.strip().lower().replace(" ", "").replace("*", "").replace("（必填）", "")


_LOOKUP = {_key(alias): column for column, aliases in SYNONYMS.items() for alias in aliases}


def canonical_column(header: str) -> str | None:
    return _LOOKUP.get(_key(header))


def map_headers(headers: Iterable[str], wanted: Iterable[str]) -> tuple[dict[str, int], list[str]]:
    """Positions of the wanted columns that are present, and the headers that were not understood."""
    allowed = set(wanted)
    positions: dict[str, int] = {}
    unknown: list[str] = []
    for index, header in enumerate(headers):
        column = canonical_column(header)
        if column in allowed and column not in positions:
            positions[column] = index
        elif header.strip():
            unknown.append(header)
    return positions, unknown
