"""The base every payload extends."""

from typing import ClassVar

from pydantic import BaseModel, ConfigDict

# Envelope community_id (and Kafka key) of events that belong to no one community, e.g. taxonomy.
GLOBAL_COMMUNITY = "_global"


class Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    VERSION: ClassVar[int] = 1
