"""Errors a subgraph reports to clients: a stable code and, where it applies, the input field."""


class DomainError(Exception):
    code = "DOMAIN_ERROR"

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


class InvalidInput(DomainError):
    code = "BAD_USER_INPUT"


class NotFound(DomainError):
    code = "NOT_FOUND"


class Conflict(DomainError):
    """The input is well-formed but clashes with what is already stored."""

    code = "CONFLICT"


class TemporarilyUnavailable(DomainError):
    code = "TEMPORARILY_UNAVAILABLE"


class Unauthenticated(DomainError):
    """No token, or one that is expired, badly signed or meant for another audience."""

    code = "UNAUTHENTICATED"


class Forbidden(DomainError):
    """The caller is known but their role or community does not allow this."""

    code = "FORBIDDEN"
