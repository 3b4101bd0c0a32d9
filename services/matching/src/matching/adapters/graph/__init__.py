"""The Neo4j graph: every Cypher statement of Shulin lives in this package."""

from matching.adapters.graph.repository import (
    CommunityCounts,
    GraphReader,
    GraphRepository,
    GraphWriter,
    Neighbour,
)

__all__ = ["CommunityCounts", "GraphReader", "GraphRepository", "GraphWriter", "Neighbour"]
