"""What the gateway offers, found by introspection: mutations and the fields of their inputs.

The loader uses it to skip stages whose mutation is not there yet and to leave out input fields a
subgraph does not (yet) accept — explicit feature detection instead of guessing.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from shulin_cli.gateway import operations as ops
from shulin_cli.gateway.graphql import GatewayError, GraphQLTransport

MUTATIONS = """
{ __schema { mutationType { fields { name
    type { kind ofType { kind ofType { kind } } } } } } }"""


@dataclass(frozen=True)
class Surface:
    mutations: dict[str, bool]  # name → returns an object (needs a selection)
    inputs: dict[str, frozenset[str]]  # input type → its field names

    def has(self, mutation: str) -> bool:
        return mutation in self.mutations

    def selection(self, mutation: str) -> str:
        return ops.selection(mutation) if self.mutations.get(mutation, True) else ""

    def accepted(self, input_type: str, payload: dict[str, Any]) -> dict[str, Any]:
        known = self.inputs.get(input_type)
        return {k: v for k, v in payload.items() if v is not None and (known is None or k in known)}


def _returns_object(type_: dict[str, Any]) -> bool:
    while type_.get("kind") in ("NON_NULL", "LIST") and type_.get("ofType"):
        type_ = type_["ofType"]
    return type_.get("kind") in ("OBJECT", "INTERFACE", "UNION")


def discover(client: GraphQLTransport, input_types: Iterable[str]) -> Surface | None:
    """None when the gateway refuses introspection: then every call is sent as written."""
    try:
        fields = client.execute(MUTATIONS)["__schema"]["mutationType"]["fields"]
        names = sorted(set(input_types))
        aliases = " ".join(
            f't{n}: __type(name: "{name}") {{ inputFields {{ name }} }}'
            for n, name in enumerate(names)
        )
        types = client.execute(f"{{ {aliases} }}") if names else {}
    except (GatewayError, KeyError, TypeError):
        return None
    inputs = {
        name: frozenset(f["name"] for f in (types.get(f"t{n}") or {}).get("inputFields") or [])
        for n, name in enumerate(names)
        if types.get(f"t{n}")
    }
    return Surface({f["name"]: _returns_object(f["type"]) for f in fields}, inputs)
