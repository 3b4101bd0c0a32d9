from shulin_events.catalogue import DOC, render
from shulin_events.schemas import PAYLOADS


def test_the_committed_catalogue_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), "run `python -m shulin_events.catalogue`"


def test_every_event_type_is_documented() -> None:
    doc = render()
    assert all(f"### {name} (v{version})" in doc for name, version in PAYLOADS)
