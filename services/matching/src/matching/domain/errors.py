"""Errors the matching subgraph reports, beyond the shared ones in shulin_kit.errors."""

from shulin_kit.errors import TemporarilyUnavailable


class GraphUnavailable(TemporarilyUnavailable):
    def __init__(self) -> None:
        super().__init__(
            "匹配服务暂时不可用，请稍后再试 / matching is temporarily unavailable, retry soon"
        )
