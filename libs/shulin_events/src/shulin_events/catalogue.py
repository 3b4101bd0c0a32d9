"""Render the event catalogue (docs/events.md) from the typed payloads, so it cannot drift."""

import sys
from pathlib import Path
from typing import Any, get_origin

from shulin_events import topics
from shulin_events.schemas import activities, residents
from shulin_events.schemas.base import Payload

DOC = Path(__file__).resolve().parents[4] / "docs" / "events.md"

HEADER = f"""# Event catalogue

Generated from `libs/shulin_events/src/shulin_events/schemas/` by
`python -m shulin_events.catalogue` — do not edit by hand (a test fails when it is stale).

Every event travels in the envelope
`{{event_id (uuid), type, version, occurred_at (ISO 8601 with offset), community_id, payload}}`
as JSON, keyed by `community_id`, so one community's events stay in order on one partition.
Adding an optional field keeps an event's version; removing a field or changing its meaning
makes a new version, which consumers read beside the old ones: deploy the consumers first, then
the producer (an older consumer sends a version it does not know to the dead-letter topic, which
keeps the record's bytes). Payloads never carry names, phone numbers, exact addresses, birth years,
gender, health or party membership; the one sensitive fact, whether an elderly resident lives
alone, feeds only per-building aggregates.
Records that cannot be decoded or validated go to `{topics.DEAD_LETTER_TOPIC}` with the reason.
"""


def _type_name(annotation: Any) -> str:
    plain = get_origin(annotation) is None and hasattr(annotation, "__name__")
    text = annotation.__name__ if plain else str(annotation)
    text = text.replace("typing.", "").replace("shulin_events.schemas.residents.", "")
    return text.replace("|", "\\|")  # a bare | would end the Markdown table cell


def _section(
    title: str, topic: str, events: tuple[type[Payload], ...], older: tuple[type[Payload], ...] = ()
) -> list[str]:
    lines = [f"## {title} — topic `{topic}`", "", *_events(events)]
    if older:
        lines += [
            f"### Earlier versions on `{topic}`, still read",
            "",
            "Never published any more; consumers decode them while the topic still holds them.",
            "",
        ]
        lines += _events(older, level="####")
    return lines


def _events(events: tuple[type[Payload], ...], level: str = "###") -> list[str]:
    lines: list[str] = []
    for cls in events:
        lines += [f"{level} {cls.event_type()} (v{cls.VERSION})", ""]
        if cls.__doc__ and cls.__doc__ != Payload.__doc__:
            lines += [" ".join(cls.__doc__.split()), ""]
        lines += ["| field | type | required |", "|---|---|---|"]
        for name, field in cls.model_fields.items():
            required = "yes" if field.is_required() else f"no (default `{field.default!r}`)"
            lines.append(f"| `{name}` | `{_type_name(field.annotation)}` | {required} |")
        lines.append("")
    return lines


def render() -> str:
    lines = [HEADER]
    lines += _section(
        "Residents", topics.RESIDENTS_TOPIC, residents.EVENTS, residents.OLDER_VERSIONS
    )
    lines += _section("Activities", topics.ACTIVITIES_TOPIC, activities.EVENTS)
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    if "--check" in sys.argv[1:] and DOC.read_text(encoding="utf-8") != render():
        sys.exit(f"{DOC} is stale: run `python -m shulin_events.catalogue`")
    DOC.write_text(render(), encoding="utf-8")
