"""The gateway and the subgraphs agree on the dev gateway secret (production must set its own)."""

from pathlib import Path

from shulin_kit.identity import DEV_GATEWAY_SECRET, GATEWAY_HEADER

CONFIG = Path(__file__).resolve().parents[2] / "services" / "gateway" / "gateway.config.ts"


def test_gateway_config_sends_the_secret_header_subgraphs_check() -> None:
    text = CONFIG.read_text(encoding="utf-8")
    assert f"const DEV_GATEWAY_SECRET = '{DEV_GATEWAY_SECRET}';" in text
    assert f"const GATEWAY_HEADER = '{GATEWAY_HEADER}';" in text
