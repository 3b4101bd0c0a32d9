"""Planner analytics: aggregate health of the neighbour network, over time, never individuals."""
