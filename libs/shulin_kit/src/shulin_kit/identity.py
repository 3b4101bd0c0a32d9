"""Who is calling: JWT verification (HS256) into an `Identity`, and the rules every subgraph shares.

Tokens are verified in each subgraph (the subgraphs own the data); the gateway only forwards the
`authorization` header. See docs/security.md.
"""

import functools
import hmac
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

import jwt
from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from shulin_kit.errors import Forbidden, NotFound, Unauthenticated

RoleName = Literal["resident", "building_head", "operator", "planner", "admin"]
ROLES: frozenset[str] = frozenset(get_args(RoleName))
ALL_COMMUNITIES = "*"
"""`community_id` of a platform admin's token: every community (the only way to create one)."""

DEV_JWT_SECRET = "shulin-dev-jwt-secret-do-not-use-in-production"
DEV_GATEWAY_SECRET = "shulin-dev-gateway-secret-do-not-use-in-production"
GATEWAY_HEADER = "x-shulin-gateway"
STAFF: frozenset[str] = frozenset({"operator", "admin"})


class AuthSettings(BaseSettings):
    """Shared by every subgraph, the CLI and the seed script (env prefix SHULIN_)."""

    model_config = SettingsConfigDict(env_prefix="SHULIN_")

    jwt_secret: SecretStr = SecretStr(DEV_JWT_SECRET)
    jwt_issuer: str = "shulin"
    jwt_audience: str = "shulin-api"
    token_ttl_s: int = 8 * 3600
    gateway_secret: SecretStr = SecretStr(DEV_GATEWAY_SECRET)

    def check_production(self) -> None:
        """Refuse to serve production with a committed dev secret or a short one."""
        for name, value, dev in (
            ("SHULIN_JWT_SECRET", self.jwt_secret, DEV_JWT_SECRET),
            ("SHULIN_GATEWAY_SECRET", self.gateway_secret, DEV_GATEWAY_SECRET),
        ):
            secret = value.get_secret_value()
            if secret == dev or len(secret) < 32:
                raise RuntimeError(
                    f"{name} is the dev default or shorter than 32 characters: "
                    "set a real secret before starting in production"
                )

    def gateway_secret_matches(self, presented: str | None) -> bool:
        expected = self.gateway_secret.get_secret_value().encode()
        return presented is not None and hmac.compare_digest(presented.encode(), expected)


@dataclass(frozen=True)
class Identity:
    sub: str
    community_id: str
    roles: frozenset[str]
    building_ids: frozenset[str] = field(default_factory=frozenset)

    def has(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)

    def in_community(self, community_id: str | None) -> bool:
        return community_id is not None and self.community_id in (ALL_COMMUNITIES, community_id)

    def is_staff_of(self, community_id: str | None) -> bool:
        """An operator or admin of this community."""
        return self.has(*STAFF) and self.in_community(community_id)

    def heads_building(self, community_id: str | None, building_id: str | None) -> bool:
        return (
            self.has("building_head")
            and self.in_community(community_id)
            and building_id in self.building_ids
        )

    @property
    def planner_only(self) -> bool:
        """Planners see aggregates only: never a resident."""
        return self.roles <= {"planner"}


def forbidden(what: str) -> Forbidden:
    return Forbidden(f"无权操作 Forbidden: {what}")


def not_in_community(kind: str, field: str | None = None) -> NotFound:
    """Another community's things look exactly like things that do not exist."""
    return NotFound(f"未找到 {kind} not found in your community", field)


def require_community(
    identity: Identity, community_id: str | None, kind: str = "community"
) -> None:
    if not identity.in_community(community_id):
        raise not_in_community(kind)


def require_staff(identity: Identity, community_id: str | None, what: str) -> None:
    require_community(identity, community_id)
    if not identity.is_staff_of(community_id):
        raise forbidden(f"{what} needs an operator or admin of the community")


def mint_token(
    settings: AuthSettings,
    sub: str,
    community_id: str,
    roles: Iterable[str],
    building_ids: Iterable[str] = (),
    ttl_s: int | None = None,
    now: float | None = None,
) -> str:
    roles = sorted(set(roles))
    unknown = set(roles) - ROLES
    if not roles or unknown:
        raise ValueError(f"roles must be some of {sorted(ROLES)}, got {roles}")
    issued = int(now if now is not None else time.time())
    claims: dict[str, Any] = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": sub,
        "iat": issued,
        "exp": issued + (ttl_s if ttl_s is not None else settings.token_ttl_s),
        "community_id": community_id,
        "roles": roles,
    }
    if building_ids:
        claims["building_ids"] = sorted(set(building_ids))
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm="HS256")


LEEWAY_S = 10  # clock skew allowed between the token's issuer and this service
EXPIRED = "登录已过期 The token has expired: sign in again"


def verify_token(settings: AuthSettings, token: str) -> Identity:
    """The identity a token carries, once its signature and claims are checked.

    A verified token is remembered until it expires: a signed-in resident sends many requests
    with one token, and verifying it each time was ~5 % of a recommendation request's CPU. The
    cache is keyed by the token's exact text and the settings that verified it, and only
    successes are kept; expiry is checked on every use.
    """
    identity, expires_at = _verified(
        settings.jwt_secret.get_secret_value(), settings.jwt_issuer, settings.jwt_audience, token
    )
    if time.time() >= expires_at + LEEWAY_S:
        raise Unauthenticated(EXPIRED)
    return identity


@functools.lru_cache(maxsize=4096)
def _verified(secret: str, issuer: str, audience: str, token: str) -> tuple[Identity, float]:
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            audience=audience,
            issuer=issuer,
            options={"require": ["exp", "iss", "aud", "sub", "community_id", "roles"]},
            leeway=LEEWAY_S,
        )
    except jwt.ExpiredSignatureError as e:
        raise Unauthenticated(EXPIRED) from e
    except jwt.InvalidAudienceError as e:
        raise Unauthenticated("令牌不适用 The token is not meant for this API") from e
    except jwt.InvalidTokenError as e:
        raise Unauthenticated(f"令牌无效 Invalid token: {e}") from e
    roles, buildings = claims["roles"], claims.get("building_ids", [])
    if (
        not isinstance(roles, list)
        or not roles
        or not set(roles) <= ROLES
        or not isinstance(claims["community_id"], str)
        or not isinstance(buildings, list)
    ):
        raise Unauthenticated("令牌无效 Invalid token: bad community_id, roles or building_ids")
    if claims["community_id"] == ALL_COMMUNITIES and roles != ["admin"]:
        raise Unauthenticated("令牌无效 Invalid token: only an admin token may span communities")
    identity = Identity(
        sub=str(claims["sub"]),
        community_id=claims["community_id"],
        roles=frozenset(roles),
        building_ids=frozenset(str(b) for b in buildings),
    )
    return identity, float(claims["exp"])


def identity_from_header(
    settings: AuthSettings, authorization: str | None
) -> tuple[Identity | None, Unauthenticated | None]:
    """The caller's identity, or the reason there is none (kept until a field needs it)."""
    if not authorization:
        return None, None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None, Unauthenticated("令牌无效 The authorization header must be 'Bearer <token>'")
    try:
        return verify_token(settings, token.strip()), None
    except Unauthenticated as e:
        return None, e


ANALYSTS: frozenset[str] = frozenset({"planner", "operator", "admin"})


def require_role_in(
    identity: Identity, community_id: str | None, roles: Iterable[str], what: str
) -> None:
    """The caller belongs to this community and holds one of `roles`."""
    require_community(identity, community_id)
    if not identity.has(*roles):
        raise forbidden(f"{what} is for {', '.join(sorted(roles))}")
