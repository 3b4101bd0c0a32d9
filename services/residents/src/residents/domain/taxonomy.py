"""Skill and interest taxonomies (技能 / 兴趣): canonical tags, names and synonyms."""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from residents.domain.validation import check_count, clean_name, clean_text
from shulin_kit.errors import Conflict, InvalidInput

SLUG = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
MAX_SYNONYMS = 20


class TagKind(StrEnum):
    SKILL = "skill"
    INTEREST = "interest"


def normalise_term(text: str) -> str:
    """The form free text is matched in: full-width → half-width, trimmed, one space, casefolded."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


@dataclass(frozen=True)
class Tag:
    kind: TagKind
    tag: str  # canonical ascii slug, e.g. "nurse"
    name_zh: str
    name_en: str
    category: str
    synonyms: tuple[str, ...] = ()
    description: str = ""

    def terms(self) -> list[tuple[str, str]]:
        """(normalised term, the input field it came from), canonical names first."""
        pairs = [("tag", self.tag), ("nameZh", self.name_zh), ("nameEn", self.name_en)]
        pairs += [(f"synonyms[{i}]", s) for i, s in enumerate(self.synonyms)]
        return [(normalise_term(text), field) for field, text in pairs]

    def matches(self, search: str) -> bool:
        needle = normalise_term(search)
        return any(needle in term for term, _ in self.terms())


class TagIndex:
    """Maps free text (a tag, a name or a synonym) to the canonical tag of one kind."""

    def __init__(self, kind: TagKind, tags: Iterable[Tag]) -> None:
        self.kind = kind
        self._by_term: dict[str, str] = {}
        for tag in tags:
            for term, _ in tag.terms():
                self._by_term.setdefault(term, tag.tag)

    def resolve(self, text: str, field: str) -> str:
        found = self._by_term.get(normalise_term(text))
        if found is None:
            raise InvalidInput(
                f"{field}: {text!r} is not a known {self.kind} tag or synonym", field
            )
        return found

    def resolve_all(self, texts: Sequence[str], field: str) -> list[str]:
        return [self.resolve(text, f"{field}[{i}]") for i, text in enumerate(texts)]


def define_tag(
    kind: TagKind,
    tag: str,
    name_zh: str,
    name_en: str,
    category: str,
    synonyms: Sequence[str],
    description: str,
    others: Iterable[Tag],
) -> Tag:
    """Validate a new or edited tag; none of its terms may already name another tag of its kind."""
    slug = tag.strip()
    if not SLUG.match(slug):
        raise InvalidInput("tag must be an ascii slug: a-z, 0-9 and _, 2–40 chars", "tag")
    check_count(synonyms, "synonyms", MAX_SYNONYMS)
    cleaned = [clean_name(s, f"synonyms[{i}]", 30) for i, s in enumerate(synonyms)]
    unique = list(dict.fromkeys(cleaned, None))
    defined = Tag(
        kind=kind,
        tag=slug,
        name_zh=clean_name(name_zh, "nameZh", 20),
        name_en=clean_name(name_en, "nameEn", 40),
        category=clean_name(category, "category", 30),
        synonyms=tuple(unique),
        description=clean_text(description, "description", 300),
    )
    taken = {term: t.tag for t in others if t.tag != slug for term, _ in t.terms()}
    for term, field in defined.terms():
        if term in taken:
            if field.startswith("synonyms["):
                field = f"synonyms[{cleaned.index(unique[int(field[9:-1])])}]"
            raise Conflict(f"{field} already names the {kind} tag {taken[term]!r}", field)
    return defined
