"""Ranking metrics with binary relevance: precision@k, recall@k, NDCG@k."""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field


def precision_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    return sum(1 for r in ranked[:k] if r in relevant) / k


def recall_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    return sum(1 for r in ranked[:k] if r in relevant) / len(relevant) if relevant else 0.0


def ndcg_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, r in enumerate(ranked[:k]) if r in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


@dataclass
class Tally:
    """Mean precision@5, recall@10 and NDCG@10 over the queries of one method."""

    p5: list[float] = field(default_factory=list)
    r10: list[float] = field(default_factory=list)
    ndcg10: list[float] = field(default_factory=list)

    def add(self, ranked: Sequence[str], relevant: set[str]) -> None:
        self.p5.append(precision_at(ranked, relevant, 5))
        self.r10.append(recall_at(ranked, relevant, 10))
        self.ndcg10.append(ndcg_at(ranked, relevant, 10))

    def means(self) -> tuple[float, float, float]:
        def mean(xs: list[float]) -> float:
            return sum(xs) / len(xs) if xs else 0.0

        return mean(self.p5), mean(self.r10), mean(self.ndcg10)

    @property
    def queries(self) -> int:
        return len(self.ndcg10)
