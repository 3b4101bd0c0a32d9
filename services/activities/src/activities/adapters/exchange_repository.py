"""SQL of request / offer listings and the exchanges agreed on them."""

from typing import Any, Protocol

from sqlalchemy import Connection, exists, or_, select, update

from activities.adapters.sql_common import (
    epoch_us,
    insert_values,
    utc,
    utc_or_none,
    values_by_owner,
)
from activities.adapters.tables import exchanges, known_residents, listing_tags, listings
from activities.domain.exchanges import (
    Exchange,
    ExchangeStatus,
    Listing,
    ListingKind,
    ListingStatus,
)
from shulin_kit.pagination import Page, keyset_page


class ExchangeRepository(Protocol):
    def add_listing(self, listing: Listing) -> None: ...
    def get_listing(self, listing_id: str) -> Listing | None: ...
    def listings_page(
        self,
        first: int,
        after: str | None,
        community_id: str | None = None,
        resident_id: str | None = None,
        kind: ListingKind | None = None,
        status: ListingStatus | None = None,
        tag: str | None = None,
        building_id: str | None = None,
    ) -> Page[Listing]:
        """Newest first; with a building, listings posted by its residents."""
        ...

    def move_listing(self, listing_id: str, from_: ListingStatus, to: ListingStatus) -> bool:
        """Change the status only if it still is `from_` (another request may have won)."""
        ...

    def listings_of_resident(self, resident_id: str) -> list[Listing]: ...
    def delete_listing(self, listing_id: str) -> None:
        """With its tags and the exchanges agreed on it."""
        ...

    def add_exchange(self, exchange: Exchange) -> None: ...
    def get_exchange(self, exchange_id: str) -> Exchange | None: ...
    def exchange_of_listing(self, listing_id: str) -> Exchange | None: ...
    def save_exchange(self, exchange: Exchange, expected: ExchangeStatus) -> bool:
        """Store status, hours and ratings if the status still is `expected` and no stored
        rating would be overwritten."""
        ...

    def exchanges_involving(self, resident_id: str) -> list[Exchange]: ...
    def delete_exchange(self, exchange_id: str) -> None: ...


class ExchangeSql:
    _conn: Connection

    def add_listing(self, listing: Listing) -> None:
        row = {k: v for k, v in vars(listing).items() if k != "skill_tags"} | {
            "kind": listing.kind.value,
            "status": listing.status.value,
            "created_us": epoch_us(listing.created_at),
        }
        self._conn.execute(listings.insert().values(**row))
        insert_values(self._conn, listing_tags, "listing_id", listing.id, "tag", listing.skill_tags)

    def get_listing(self, listing_id: str) -> Listing | None:
        row = self._conn.execute(select(listings).where(listings.c.id == listing_id)).first()
        return self._listing_tags([_listing(row._mapping)])[0] if row else None

    def listings_page(
        self,
        first: int,
        after: str | None,
        community_id: str | None = None,
        resident_id: str | None = None,
        kind: ListingKind | None = None,
        status: ListingStatus | None = None,
        tag: str | None = None,
        building_id: str | None = None,
    ) -> Page[Listing]:
        query = select(listings)
        if community_id is not None:
            query = query.where(listings.c.community_id == community_id)
        if resident_id is not None:
            query = query.where(listings.c.resident_id == resident_id)
        if kind is not None:
            query = query.where(listings.c.kind == kind.value)
        if status is not None:
            query = query.where(listings.c.status == status.value)
        if tag is not None:
            query = query.where(
                exists().where(
                    listing_tags.c.listing_id == listings.c.id, listing_tags.c.tag == tag
                )
            )
        if building_id is not None:
            query = query.where(
                exists().where(
                    known_residents.c.id == listings.c.resident_id,
                    known_residents.c.building_id == building_id,
                )
            )
        page = keyset_page(
            self._conn,
            query,
            [listings.c.created_us, listings.c.id],
            first,
            after,
            lambda r: _listing(r._mapping),
            descending=True,
        )
        self._listing_tags(page.items)
        return page

    def move_listing(self, listing_id: str, from_: ListingStatus, to: ListingStatus) -> bool:
        result = self._conn.execute(
            update(listings)
            .where(listings.c.id == listing_id, listings.c.status == from_.value)
            .values(status=to.value)
        )
        return result.rowcount == 1

    def listings_of_resident(self, resident_id: str) -> list[Listing]:
        rows = self._conn.execute(select(listings).where(listings.c.resident_id == resident_id))
        return self._listing_tags([_listing(r._mapping) for r in rows])

    def delete_listing(self, listing_id: str) -> None:
        self._conn.execute(exchanges.delete().where(exchanges.c.listing_id == listing_id))
        self._conn.execute(listing_tags.delete().where(listing_tags.c.listing_id == listing_id))
        self._conn.execute(listings.delete().where(listings.c.id == listing_id))

    def add_exchange(self, exchange: Exchange) -> None:
        row = {k: v for k, v in vars(exchange).items() if k != "skill_tags"}
        self._conn.execute(exchanges.insert().values(**row | {"status": exchange.status.value}))

    def get_exchange(self, exchange_id: str) -> Exchange | None:
        row = self._conn.execute(select(exchanges).where(exchanges.c.id == exchange_id)).first()
        return self._exchange(row._mapping) if row else None

    def exchange_of_listing(self, listing_id: str) -> Exchange | None:
        row = self._conn.execute(
            select(exchanges)
            .where(exchanges.c.listing_id == listing_id)
            .order_by(exchanges.c.agreed_at.desc())
            .limit(1)
        ).first()
        return self._exchange(row._mapping) if row else None

    def save_exchange(self, exchange: Exchange, expected: ExchangeStatus) -> bool:
        query = update(exchanges).where(
            exchanges.c.id == exchange.id, exchanges.c.status == expected.value
        )
        if exchange.rating_by_helper is not None:
            query = query.where(
                or_(
                    exchanges.c.rating_by_helper.is_(None),
                    exchanges.c.rating_by_helper == exchange.rating_by_helper,
                )
            )
        if exchange.rating_by_helped is not None:
            query = query.where(
                or_(
                    exchanges.c.rating_by_helped.is_(None),
                    exchanges.c.rating_by_helped == exchange.rating_by_helped,
                )
            )
        result = self._conn.execute(
            query.values(
                status=exchange.status.value,
                hours=exchange.hours,
                completed_at=exchange.completed_at,
                rating_by_helper=exchange.rating_by_helper,
                rating_by_helped=exchange.rating_by_helped,
            )
        )
        return result.rowcount == 1

    def exchanges_involving(self, resident_id: str) -> list[Exchange]:
        rows = self._conn.execute(
            select(exchanges).where(
                or_(exchanges.c.helper_id == resident_id, exchanges.c.helped_id == resident_id)
            )
        )
        return [self._exchange(r._mapping) for r in rows]

    def delete_exchange(self, exchange_id: str) -> None:
        self._conn.execute(exchanges.delete().where(exchanges.c.id == exchange_id))

    def _exchange(self, row: Any) -> Exchange:
        tags = values_by_owner(
            self._conn,
            listing_tags,
            listing_tags.c.listing_id,
            listing_tags.c.tag,
            [row["listing_id"]],
        )
        return Exchange(
            id=row["id"],
            community_id=row["community_id"],
            listing_id=row["listing_id"],
            helper_id=row["helper_id"],
            helped_id=row["helped_id"],
            skill_tags=tags[row["listing_id"]],
            status=ExchangeStatus(row["status"]),
            hours=row["hours"],
            rating_by_helper=row["rating_by_helper"],
            rating_by_helped=row["rating_by_helped"],
            agreed_at=utc(row["agreed_at"]),
            completed_at=utc_or_none(row["completed_at"]),
        )

    def _listing_tags(self, found: list[Listing]) -> list[Listing]:
        tags = values_by_owner(
            self._conn,
            listing_tags,
            listing_tags.c.listing_id,
            listing_tags.c.tag,
            [item.id for item in found],
        )
        for item in found:
            item.skill_tags = tags[item.id]
        return found


def _listing(row: Any) -> Listing:
    return Listing(
        id=row["id"],
        community_id=row["community_id"],
        resident_id=row["resident_id"],
        kind=ListingKind(row["kind"]),
        title=row["title"],
        description=row["description"],
        status=ListingStatus(row["status"]),
        created_at=utc(row["created_at"]),
    )
