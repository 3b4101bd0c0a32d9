"""Operators' rosters (花名册, 签到表): read CSV/Excel, validate rows, write exports. No network."""
