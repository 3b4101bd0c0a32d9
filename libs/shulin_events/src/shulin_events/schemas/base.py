"""The base every payload extends."""

from typing import ClassVar

from pydantic import BaseModel, ConfigDict

# Envelope community_id (and Kafka key) of events that belong to no one community, e.g. taxonomy.
GLOBAL_COMMUNITY = "_global"


class Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    VERSION: ClassVar[int] = 1
    # Set on an older version kept for reading, whose class cannot bear the event's name.
    TYPE: ClassVar[str | None] = None

    @classmethod
    def event_type(cls) -> str:
        """The envelope's `type`: the class name, or TYPE for an older version."""
        return cls.TYPE or cls.__name__
