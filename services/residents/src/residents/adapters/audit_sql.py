"""SQL for the contact-read audit log (append-only)."""

from dataclasses import asdict

from sqlalchemy import Connection, insert, select

from residents.adapters.tables import contact_reads
from residents.domain.audit import ContactRead


class AuditSql:
    _conn: Connection

    def record_contact_read(self, read: ContactRead) -> None:
        self._conn.execute(insert(contact_reads).values(**asdict(read)))

    def contact_reads_of(self, resident_id: str) -> list[ContactRead]:
        rows = self._conn.execute(
            select(contact_reads)
            .where(contact_reads.c.resident_id == resident_id)
            .order_by(contact_reads.c.read_at)
        ).mappings()
        return [ContactRead(**dict(r)) for r in rows]
