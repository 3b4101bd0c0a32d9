"""Errors the matching subgraph reports to clients, each with a stable code."""


class MatchingError(Exception):
    code = "MATCHING_ERROR"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    @property
    def extensions(self) -> dict[str, str]:
        """graphql-core copies this into the GraphQL error's `extensions` when it wraps us."""
        ext = {"code": self.code}
        if self.field is not None:
            ext["field"] = self.field
        return ext


class InvalidInput(MatchingError):
    code = "BAD_USER_INPUT"


class GraphUnavailable(MatchingError):
    code = "TEMPORARILY_UNAVAILABLE"

    def __init__(self) -> None:
        super().__init__(
            "匹配服务暂时不可用，请稍后再试 / matching is temporarily unavailable, retry soon"
        )
