"""What every recommender returns: ranked items with score parts, reasons, and a note if empty."""

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scored:
    """One recommended item (a resident, group, activity): its score, parts and reasons."""

    id: str
    score: float
    parts: dict[str, float]
    reason_zh: str
    reason_en: str
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Note:
    """Why an answer is empty or not personalised, in both languages."""

    code: str
    zh: str
    en: str


@dataclass(frozen=True)
class Answer:
    items: list[Scored]
    note: Note | None = None


NOTE_OFF = Note(
    "recommendations_off",
    "您已关闭推荐，可在隐私设置中重新开启",
    "You turned recommendations off; turn them on again in your privacy settings",
)
NOTE_NON_PERSONALISED = Note(
    "non_personalised",
    "按您的设置，仅按受欢迎程度推荐，不使用您的个人资料",
    "As you chose, ranked by popularity only, without using your profile",
)


def ranked(items: Iterable[Scored], first: int) -> list[Scored]:
    """Highest score first; equal scores in id order, so answers are deterministic."""
    return sorted(items, key=lambda s: (-round(s.score, 9), s.id))[:first]


def answer(items: list[Scored], empty: Note, note: Note | None = None) -> Answer:
    """An answer; when nothing qualifies, the note says why instead."""
    return Answer(items, note) if items else Answer([], empty)


def join_zh(labels: list[str]) -> str:
    return "、".join(labels)


def join_en(labels: list[str]) -> str:
    return ", ".join(labels)


def rounded(parts: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in parts.items()}
