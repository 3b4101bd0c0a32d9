"""Realistic, deterministic communities for demos, benchmarks and evaluation."""

from shulin_cli.generator.community import generate_community
from shulin_cli.generator.parameters import (
    PRESETS,
    GeneratorParameters,
    kept_start_date,
    preset,
    start_date_for,
)
from shulin_cli.generator.plan import CommunityPlan, plan_digest, plan_to_json

__all__ = [
    "PRESETS",
    "CommunityPlan",
    "GeneratorParameters",
    "generate_community",
    "kept_start_date",
    "plan_digest",
    "plan_to_json",
    "preset",
    "start_date_for",
]
