"""Realistic, deterministic communities for demos, benchmarks and evaluation."""

from shulin_cli.generator.community import generate_community
from shulin_cli.generator.parameters import PRESETS, GeneratorParameters, preset, start_date_for
from shulin_cli.generator.plan import CommunityPlan, plan_digest, plan_to_json

__all__ = [
    "PRESETS",
    "CommunityPlan",
    "GeneratorParameters",
    "generate_community",
    "plan_digest",
    "plan_to_json",
    "preset",
    "start_date_for",
]
