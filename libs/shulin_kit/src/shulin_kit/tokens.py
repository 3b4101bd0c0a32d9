"""Mint tokens for demo users, the CLI and tests.

    python -m shulin_kit.tokens mint --role operator --community C [--sub R] [--building B ...]

Signs with SHULIN_JWT_SECRET (the dev default when unset).
"""

import argparse
import os
import sys

from shulin_kit.identity import ALL_COMMUNITIES, ROLES, AuthSettings, Identity, mint_token


def admin_token(settings: AuthSettings | None = None, sub: str = "shulin-admin") -> str:
    """A platform admin's token (every community): what the CLI, loader and seed use."""
    return mint_token(settings or AuthSettings(), sub, ALL_COMMUNITIES, ["admin"])


def default_token() -> str:
    """SHULIN_TOKEN if set, else an admin token minted from the configured secret."""
    return os.environ.get("SHULIN_TOKEN") or admin_token(sub="shulin-cli")


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m shulin_kit.tokens")
    sub = parser.add_subparsers(dest="command", required=True)
    mint = sub.add_parser("mint", help="print a signed token")
    mint.add_argument("--role", action="append", required=True, choices=sorted(ROLES))
    mint.add_argument("--community", required=True, help=f"community id, or {ALL_COMMUNITIES}")
    mint.add_argument("--sub", help="the user: a resident id for residents")
    mint.add_argument("--building", action="append", default=[], help="building_head's building")
    mint.add_argument("--ttl", type=int, help="seconds (default SHULIN_TOKEN_TTL_S)")
    args = parser.parse_args(argv)
    print(
        mint_token(
            AuthSettings(),
            args.sub or f"demo-{'-'.join(args.role)}",
            args.community,
            args.role,
            args.building,
            args.ttl,
        )
    )


def platform_admin() -> Identity:
    """The identity an admin token carries (for tests that call a schema directly)."""
    return Identity("shulin-admin", ALL_COMMUNITIES, frozenset({"admin"}))


def admin_headers() -> dict[str, str]:
    """Request headers of the platform admin (tests, scripts)."""
    return bearer(admin_token())


if __name__ == "__main__":
    main(sys.argv[1:])
