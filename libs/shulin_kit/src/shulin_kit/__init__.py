"""The plumbing every Shulin subgraph shares, so each service's own code is its domain."""
