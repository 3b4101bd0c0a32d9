"""The Neo4j graph: every Cypher statement of Shulin lives in this package."""

from matching.adapters.graph.repository import (
    CommunityCounts,
    GraphPlanner,
    GraphReader,
    GraphRepository,
    GraphWriter,
    Neighbour,
)

__all__ = [
    "CommunityCounts",
    "GraphPlanner",
    "GraphReader",
    "GraphRepository",
    "GraphWriter",
    "Neighbour",
]
