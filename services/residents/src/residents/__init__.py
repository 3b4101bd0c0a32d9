"""Residents subgraph: the system of record for communities, buildings and residents."""
