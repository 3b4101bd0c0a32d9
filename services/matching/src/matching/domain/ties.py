"""When two residents count as knowing each other (KNOWS): evidence, weights, threshold.

Each piece of evidence is recorded with its source; a pair's KNOWS tie exists once the total
weight reaches the threshold. Defaults (tunable with MATCHING_TIES__<NAME>, see docs/ties.md):

| source            | weight | evidence                                                      |
|-------------------|--------|---------------------------------------------------------------|
| declared          | 0.5    | one resident says "I know this neighbour" (one-sided)          |
| confirmed         | 1.0    | the other confirmed it                                         |
| met_at_activity   | 0.5    | at a check-in, one says they met the other (both: 1.0)         |
| exchange          | 1.0    | a completed skill exchange between them                        |
| wish              | 1.0    | one fulfilled the other's micro-wish                           |
"""

from pydantic import BaseModel, Field


class TieRules(BaseModel):
    threshold: float = Field(default=1.0, gt=0)
    declared: float = Field(default=0.5, ge=0)
    confirmed: float = Field(default=1.0, ge=0)
    met_at_activity: float = Field(default=0.5, ge=0)
    exchange: float = Field(default=1.0, ge=0)
    wish: float = Field(default=1.0, ge=0)
