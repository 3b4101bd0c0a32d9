"""Activities subgraph."""
