"""What activities knows of the residents service's world: its local read model.

Fed by the residents topic (see service_layer/residents_view.py), so that check-ins,
registrations and memberships are validated without a synchronous call to residents.
"""

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class KnownBuilding:
    id: str
    community_id: str
    compound_id: str | None = None


@dataclass(frozen=True)
class KnownResident:
    """A resident as far as activities needs to know: where they live and their consent."""

    id: str
    community_id: str
    building_id: str | None
    compound_id: str | None = None  # through the building, when the building is known
    may_be_recommended: bool = True
    removed: bool = False


@dataclass(frozen=True)
class TaxonomyTag:
    tag: str  # canonical, e.g. "nurse"
    kind: str  # "skill" or "interest"
    synonyms: tuple[str, ...] = ()


def tag_key(text: str) -> str:
    """How a tag or synonym is looked up: NFC, trimmed, case-folded ("Nurse" finds "nurse")."""
    return unicodedata.normalize("NFC", text).strip().casefold()
