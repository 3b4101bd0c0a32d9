"""Batched projection writes: the handlers' statements, sent as few `UNWIND` statements.

The projection calls one statement per event (e.g. MERGE_RESIDENT, then SET_SKILLS for the same
resident). Sent one by one, each costs a round trip. A `WritePlan` collects the calls of a batch
and groups them into levels: a call goes one level after the last call that touched one of the
same ids with another statement, and into the same level as calls of its own statement. Calls of
one level and statement run as one `UNWIND $rows AS row CALL (row) { … }`, whose rows run in
order and each sees the previous rows' writes; levels run in order. So every id sees its
statements in the order of the events, as if they had been sent one by one.

Keys are the values of the parameters named `*_id` (except `community_id`, which every event
carries and which the statements only MERGE, never overwrite per event).
"""

import re
from collections.abc import Iterator
from functools import cache
from typing import Any, LiteralString

_PARAM = re.compile(r"\$(\w+)")
_CALL = re.compile(r"CALL \(([^)]*)\) \{")
_WITH = re.compile(r"\bWITH (DISTINCT )?(?!\*)")
NOT_KEYS = frozenset({"community_id"})


@cache
def batched(statement: LiteralString) -> LiteralString:
    """The statement applied to each row of `$rows` in turn (parameters become `row.<name>`).

    Derived only from the module constants of the graph adapters, never from input: every
    value still travels as a parameter.
    """
    body = _PARAM.sub(r"row.\1", statement)
    body = _CALL.sub(r"CALL (\1, row) {", body)
    body = _WITH.sub(lambda m: f"WITH {m.group(1) or ''}row, ", body)
    # mypy treats LiteralString as str; the text is derived from literals only (see above).
    return "UNWIND $rows AS row\nCALL (row) {\n" + body.strip() + "\n}"


def keys_of(params: dict[str, Any]) -> set[str]:
    return {
        str(v)
        for name, v in params.items()
        if name.endswith("_id") and name not in NOT_KEYS and v is not None
    }


class WritePlan:
    """The writes of one batch, grouped so that each group can run as one statement."""

    def __init__(self) -> None:
        self._groups: dict[tuple[int, str], list[dict[str, Any]]] = {}
        self._statements: dict[str, LiteralString] = {}
        self._last: dict[str, tuple[int, str]] = {}  # id → (level, statement) of its last call

    def add(self, statement: LiteralString, params: dict[str, Any]) -> None:
        keys = keys_of(params)
        level = 0
        for key in keys:
            last = self._last.get(key)
            if last is not None:
                level = max(level, last[0] if last[1] == statement else last[0] + 1)
        for key in keys:
            self._last[key] = (level, statement)
        self._statements.setdefault(statement, statement)
        self._groups.setdefault((level, statement), []).append(params)

    def __len__(self) -> int:
        return sum(len(rows) for rows in self._groups.values())

    def drain(self) -> Iterator[tuple[LiteralString, dict[str, Any]]]:
        """(statement, parameters) to run in order; the plan is empty afterwards."""
        groups = sorted(self._groups.items(), key=lambda item: item[0][0])  # stable
        self._groups, self._last = {}, {}
        for (_, statement), rows in groups:
            literal = self._statements[statement]
            if len(rows) == 1:
                yield literal, rows[0]
            else:
                yield batched(literal), {"rows": rows}
