"""The weights of each recommender's score parts (settings: MATCHING_RECOMMEND__<GROUP>__<NAME>)."""

from pydantic import BaseModel, Field


class HybridWeights(BaseModel):
    """Groups and activities: content, acquaintances, building neighbours, scope, popularity."""

    content: float = Field(default=0.30, ge=0)
    ties: float = Field(default=0.25, ge=0)
    building: float = Field(default=0.20, ge=0)
    scope: float = Field(default=0.10, ge=0)
    popularity: float = Field(default=0.15, ge=0)


class NeighbourWeights(BaseModel):
    """Neighbours to meet: resource allocation over ties, groups, activities, interests."""

    ties: float = Field(default=1.0, ge=0)
    groups: float = Field(default=1.0, ge=0)
    activities: float = Field(default=0.6, ge=0)
    interests: float = Field(default=0.3, ge=0)
    same_building: float = Field(default=0.25, ge=0)
    same_floor: float = Field(default=0.15, ge=0)


class OperatorWeights(BaseModel):
    """Operator candidates: skill coverage, engagement, reach, availability."""

    coverage: float = Field(default=0.50, ge=0)
    engagement: float = Field(default=0.20, ge=0)
    reach: float = Field(default=0.20, ge=0)
    availability: float = Field(default=0.10, ge=0)
    related_credit: float = Field(default=0.6, ge=0, le=1)  # share of credit for a related skill
    related_min_similarity: float = Field(default=0.15, ge=0, le=1)
    recent_days: float = Field(default=90, gt=0)  # half-life of engagement, in days
    workload_cap: int = Field(default=6, ge=1)  # roles + recent helps beyond which one is spared


class ExchangeWeights(BaseModel):
    """Skill exchanges: fit, nearness, trust, reciprocity, minus a load penalty."""

    fit: float = Field(default=0.40, ge=0)
    nearness: float = Field(default=0.20, ge=0)
    trust: float = Field(default=0.25, ge=0)
    reciprocity: float = Field(default=0.15, ge=0)
    load: float = Field(default=0.10, ge=0)  # subtracted, per recent help, saturating
    recent_days: float = Field(default=90, gt=0)


class RecommendWeights(BaseModel):
    groups: HybridWeights = HybridWeights()
    activities: HybridWeights = HybridWeights()
    neighbours: NeighbourWeights = NeighbourWeights()
    operators: OperatorWeights = OperatorWeights()
    exchanges: ExchangeWeights = ExchangeWeights()
