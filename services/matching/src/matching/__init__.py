"""Matching: the neighbour graph in Neo4j and the recommendations over it."""
