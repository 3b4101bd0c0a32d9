import uuid

import orjson
import pytest

from shulin_events import InvalidEvent, decode, encode, new_envelope
from shulin_events.schemas import PAYLOADS, ResidentRegistered, ResidentRegisteredV1, residents


def _registered() -> ResidentRegistered:
    return ResidentRegistered(resident_id="r1", community_id="c1", building_id="b1", floor=3)


def _raw(**overrides: object) -> bytes:
    data = orjson.loads(encode(new_envelope(_registered(), "c1")))
    data.update(overrides)
    return orjson.dumps(data)


def test_an_encoded_event_decodes_to_the_same_envelope() -> None:
    envelope = new_envelope(_registered(), "c1")
    decoded = decode(encode(envelope))
    assert decoded == envelope
    assert decoded.key == b"c1"
    assert decoded.type == "ResidentRegistered" and decoded.version == 2


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty record value"),
        (b"{not json", "not JSON"),
        (b"[1, 2]", "not a JSON object"),
        (b'{"type": "ResidentRegistered"}', "misses field(s): event_id, version"),
        (_raw(type="Teleported"), "unknown event type 'Teleported'"),
        (_raw(version=99), "unsupported version 99 of ResidentRegistered"),
        (_raw(event_id="nope"), "bad envelope field"),
        (_raw(occurred_at="2026-01-01T10:00:00"), "no time zone"),
        (_raw(payload={"resident_id": "r1"}), "payload.community_id: Field required"),
        (_raw(community_id="other"), "differs from the envelope's community_id"),
    ],
)
def test_a_bad_record_is_refused_with_a_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(InvalidEvent) as err:
        decode(raw)
    assert reason in err.value.reason


def test_unknown_payload_fields_are_refused_so_typos_do_not_pass_silently() -> None:
    payload = orjson.loads(_raw())["payload"] | {"floorr": 3}
    with pytest.raises(InvalidEvent, match=r"payload\.floorr"):
        decode(_raw(payload=payload))


def test_each_event_type_is_published_in_one_version_and_its_older_ones_are_read() -> None:
    published = [cls.event_type() for cls in residents.EVENTS]
    assert len(published) == len(set(published))
    assert all(cls.event_type() == name for (name, _), cls in PAYLOADS.items())
    current = {cls.event_type(): cls for cls in residents.EVENTS}
    for older in residents.OLDER_VERSIONS:
        assert PAYLOADS[older.event_type(), older.VERSION] is older
        assert older.VERSION < current[older.event_type()].VERSION


def test_a_registration_published_before_v2_still_decodes_with_what_it_carried() -> None:
    raw = _raw(
        version=1,
        payload={"resident_id": "r1", "community_id": "c1", "building_id": "b1",
                 "display_name": "王阿姨", "birth_year": 1950, "floor": 3},
    )  # fmt: skip
    decoded = decode(raw)
    assert isinstance(decoded.payload, ResidentRegisteredV1)
    assert decoded.type == "ResidentRegistered" and decoded.version == 1
    assert decoded.payload.floor == 3


def test_a_name_in_a_current_registration_is_refused_so_it_cannot_reach_the_log() -> None:
    payload = orjson.loads(_raw())["payload"] | {"display_name": "王阿姨"}
    with pytest.raises(InvalidEvent, match=r"payload\.display_name"):
        decode(_raw(payload=payload))


def test_event_ids_are_unique() -> None:
    ids = {new_envelope(_registered(), "c1").event_id for _ in range(100)}
    assert len(ids) == 100 and all(isinstance(i, uuid.UUID) for i in ids)
