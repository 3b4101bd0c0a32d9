"""Offline evaluation of the recommendations on generated communities with planted structure."""
