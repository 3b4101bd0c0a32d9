"""The residents subgraph's GraphQL types and resolvers, one module per part of the domain."""
