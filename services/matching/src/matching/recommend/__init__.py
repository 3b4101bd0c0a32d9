"""Recommendation re-ranking on a per-community snapshot: plain data in, ranked answers out."""
