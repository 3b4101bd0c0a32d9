"""Content similarity of taxonomy tags: TF-IDF over names, synonyms and descriptions.

Character n-grams (2–3, within words) work for Chinese without a word segmenter, and let "护士"
meet "健康咨询" through the words their descriptions share (量血压, 健康指导).
"""

from collections.abc import Iterable, Mapping

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.recommend.snapshot import TagInfo


class TagSimilarity:
    """Cosine similarity between tags and between sets of tags (profiles)."""

    def __init__(self, tags: Mapping[str, TagInfo]) -> None:
        self._index = {tag: i for i, tag in enumerate(sorted(tags))}
        texts = [tags[t].text for t in sorted(tags)]
        self._matrix: NDArray[np.float64]
        if texts:
            vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), sublinear_tf=True)
            vectors = vectoriser.fit_transform(texts)
            self._matrix = np.asarray((vectors @ vectors.T).todense(), dtype=np.float64)
        else:
            self._matrix = np.zeros((0, 0))

    def tag(self, a: str, b: str) -> float:
        """Similarity of two tags: 1 for the same tag, 0 for tags the taxonomy does not know."""
        if a == b:
            return 1.0
        i, j = self._index.get(a), self._index.get(b)
        return 0.0 if i is None or j is None else float(self._matrix[i, j])

    def best(self, wanted: str, held: Iterable[str]) -> tuple[float, str | None]:
        """The held tag most similar to `wanted`, with its similarity (ties: smallest tag)."""
        score, found = 0.0, None
        for h in sorted(held):
            s = self.tag(wanted, h)
            if s > score:
                score, found = s, h
        return score, found

    def profile(self, mine: Iterable[str], theirs: Iterable[str]) -> float:
        """How well a set of tags (an item) matches a profile: mean best match over the item."""
        mine_l, theirs_l = sorted(set(mine)), sorted(set(theirs))
        if not mine_l or not theirs_l:
            return 0.0
        return sum(self.best(t, mine_l)[0] for t in theirs_l) / len(theirs_l)
