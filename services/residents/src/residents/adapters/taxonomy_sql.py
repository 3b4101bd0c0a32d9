"""SQL for the skill and interest taxonomies, acquaintance declarations and idempotency keys."""

from sqlalchemy import Connection, RowMapping, func, or_, select, update

from residents.adapters.tables import acquaintances, idempotency_keys, tags
from residents.domain.acquaintance import Acquaintance
from residents.domain.taxonomy import Tag, TagKind
from shulin_kit import idempotency


class TaxonomySql:
    _conn: Connection

    def count_tags(self) -> int:
        return int(self._conn.execute(select(func.count()).select_from(tags)).scalar_one())

    def tags_of(self, kind: TagKind) -> list[Tag]:
        rows = self._conn.execute(
            select(tags).where(tags.c.kind == kind.value).order_by(tags.c.tag)
        )
        return [_tag(r._mapping) for r in rows]

    def get_tag(self, kind: TagKind, tag: str) -> Tag | None:
        row = self._conn.execute(
            select(tags).where(tags.c.kind == kind.value, tags.c.tag == tag)
        ).first()
        return _tag(row._mapping) if row else None

    def save_tag(self, tag: Tag) -> None:
        """Insert, or overwrite the tag of the same kind and slug."""
        values = {**vars(tag), "kind": tag.kind.value, "synonyms": list(tag.synonyms)}
        changed = self._conn.execute(
            update(tags).where(tags.c.kind == tag.kind.value, tags.c.tag == tag.tag).values(values)
        )
        if changed.rowcount == 0:
            self._conn.execute(tags.insert().values(values))


class AcquaintancesSql:
    _conn: Connection

    def add_acquaintance(self, acquaintance: Acquaintance) -> None:
        self._conn.execute(acquaintances.insert().values(**vars(acquaintance)))

    def get_acquaintance(self, from_resident_id: str, to_resident_id: str) -> Acquaintance | None:
        row = self._conn.execute(
            select(acquaintances).where(
                acquaintances.c.from_resident_id == from_resident_id,
                acquaintances.c.to_resident_id == to_resident_id,
            )
        ).first()
        return Acquaintance(**row._mapping) if row else None

    def get_acquaintance_by_id(self, acquaintance_id: str) -> Acquaintance | None:
        row = self._conn.execute(
            select(acquaintances).where(acquaintances.c.id == acquaintance_id)
        ).first()
        return Acquaintance(**row._mapping) if row else None

    def save_acquaintance(self, acquaintance: Acquaintance) -> None:
        self._conn.execute(
            update(acquaintances)
            .where(acquaintances.c.id == acquaintance.id)
            .values(confirmed_at=acquaintance.confirmed_at, context=acquaintance.context)
        )

    def acquaintances_of(self, resident_id: str) -> list[Acquaintance]:
        a = acquaintances.c
        rows = self._conn.execute(
            select(acquaintances)
            .where(or_(a.from_resident_id == resident_id, a.to_resident_id == resident_id))
            .order_by(a.declared_at, a.id)
        )
        return [Acquaintance(**r._mapping) for r in rows]


class IdempotencySql:
    _conn: Connection

    def recall(self, operation: str, key: str) -> str | None:
        found: str | None = idempotency.recall(self._conn, idempotency_keys, operation, key)
        return found

    def remember(self, operation: str, key: str, result_id: str) -> None:
        idempotency.remember(self._conn, idempotency_keys, operation, key, result_id)


def _tag(m: RowMapping) -> Tag:
    return Tag(
        kind=TagKind(m["kind"]),
        tag=m["tag"],
        name_zh=m["name_zh"],
        name_en=m["name_en"],
        category=m["category"],
        synonyms=tuple(m["synonyms"]),
        description=m["description"],
    )
