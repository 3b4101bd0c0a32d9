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

Some statements only *link* to an id: they MERGE the node if it is missing (setting nothing else
on it) and write only the relationship between their ids (`LINKS`: a registration links a
resident and an activity). Calls that only link to the same id commute, so they need no order
among themselves; they keep their order with every call that writes that id, and calls on the
same relationship (the tuple of their linked ids) keep theirs. Without this, a resident's
registrations, check-ins and ties in one batch would each open a new level.

Some statements *refresh* what is derived from other writes (`REFRESHES`: a pair's KNOWS from its
evidence): nothing else in a batch reads what they write, so of several identical calls only the
last is sent; it runs after every write the earlier ones followed.
"""

import re
from collections.abc import Iterator
from functools import cache
from typing import Any, LiteralString

_PARAM = re.compile(r"\$(\w+)")
_CALL = re.compile(r"CALL \(([^)]*)\) \{")
_WITH = re.compile(r"\bWITH (DISTINCT )?(?!\*)")
NOT_KEYS = frozenset({"community_id"})

Key = str | tuple[str, ...]
Links = dict[str, tuple[str, ...]]  # statement → parameters it only links to


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


def keys_of_call(links: tuple[str, ...], params: dict[str, Any]) -> tuple[set[Key], set[Key]]:
    """(ids the call writes, ids it only links to); the linked ids' tuple counts as written."""
    linked = [str(params[name]) for name in links if params.get(name) is not None]
    written: set[Key] = {
        str(v)
        for name, v in params.items()
        if name.endswith("_id") and name not in NOT_KEYS and name not in links and v is not None
    }
    if len(linked) > 1:
        written.add(tuple(linked))
    return written, set(linked)


def _frozen(value: Any) -> Any:
    """A hashable form of a call's parameters (lists and mappings included)."""
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value


class WritePlan:
    """The writes of one batch, grouped so that each group can run as one statement."""

    def __init__(self, links: Links | None = None, refreshes: frozenset[str] = frozenset()) -> None:
        self._links = links or {}
        self._refreshes = refreshes
        self._groups: dict[tuple[int, str], list[dict[str, Any] | None]] = {}
        self._refresh_at: dict[tuple[str, Any], tuple[tuple[int, str], int]] = {}
        self._statements: dict[str, LiteralString] = {}
        self._written: dict[Key, tuple[int, str]] = {}  # (level, statement) of the last write
        self._linked: dict[Key, tuple[int, set[str]]] = {}  # highest level linking, statements

    def add(self, statement: LiteralString, params: dict[str, Any]) -> None:
        written, linked = keys_of_call(self._links.get(statement, ()), params)
        level = 0
        for key in written | linked:  # after the last call that wrote the id
            last = self._written.get(key)
            if last is not None:
                level = max(level, last[0] if last[1] == statement else last[0] + 1)
        for key in written:  # and a write after every call that linked to it
            links = self._linked.get(key)
            if links is not None:
                level = max(level, links[0] if links[1] == {statement} else links[0] + 1)
        for key in written:
            self._written[key] = (level, statement)
        for key in linked:
            links = self._linked.get(key)
            if links is None or links[0] < level:
                self._linked[key] = (level, {statement})
            elif links[0] == level:
                links[1].add(statement)
        self._statements.setdefault(statement, statement)
        group = self._groups.setdefault((level, statement), [])
        if statement in self._refreshes:
            call = (statement, _frozen(params))
            earlier = self._refresh_at.get(call)
            if earlier is not None:  # superseded by this one, which comes later
                self._groups[earlier[0]][earlier[1]] = None
            self._refresh_at[call] = ((level, statement), len(group))
        group.append(params)

    def copy(self) -> "WritePlan":
        """The same writes, drained independently (a retried transaction sends them again)."""
        other = WritePlan(self._links, self._refreshes)
        other._groups = {key: list(rows) for key, rows in self._groups.items()}
        other._statements = dict(self._statements)
        return other

    def __len__(self) -> int:
        return sum(1 for rows in self._groups.values() for row in rows if row is not None)

    def drain(self) -> Iterator[tuple[LiteralString, dict[str, Any]]]:
        """(statement, parameters) to run in order; the plan is empty afterwards."""
        groups = sorted(self._groups.items(), key=lambda item: item[0][0])  # stable
        self._groups, self._written, self._linked, self._refresh_at = {}, {}, {}, {}
        for (_, statement), calls in groups:
            literal = self._statements[statement]
            rows = [row for row in calls if row is not None]
            if not rows:
                continue
            if len(rows) == 1:
                yield literal, rows[0]
            else:
                yield batched(literal), {"rows": rows}
