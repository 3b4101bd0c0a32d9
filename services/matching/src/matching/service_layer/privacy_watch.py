"""Whether who may be recommended changed since a snapshot was read, known without a round trip.

A snapshot can be up to a TTL old. Before, every answer was checked against the graph (one
query per request, 18–30 % of the API's throughput) so that an opt-out, an erasure or a move
out of the community was honoured at once. Instead, the projector counts up a community's
*privacy version* in the same transaction as any such change (see BUMP_VERSIONS), the snapshot
records the version it was read at, and this watch polls the versions of the cached communities
a few times a second. While a snapshot's version is still the one polled, and the poll is
recent, its answers are those the graph would give as of that poll: the check is skipped.
Otherwise (a change since, a poll that failed or is late) the answer is checked as before.
"""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

ReadVersions = Callable[[list[str]], Awaitable[dict[str, int]]]


class PrivacyWatch:
    """The last polled privacy version of each watched community, and when it was polled."""

    def __init__(
        self,
        read: ReadVersions,
        watched: Callable[[], list[str]],
        interval_s: float = 0.2,
        max_age_s: float = 0.6,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._read, self._watched, self._clock = read, watched, clock
        self._interval_s, self._max_age_s = interval_s, max_age_s
        self._seen: dict[str, tuple[int, float]] = {}  # community -> (version, asked at)
        self._failing = False

    def unchanged(self, community_id: str, privacy_version: int) -> bool:
        """True only if a poll begun less than `max_age_s` ago saw this very version."""
        seen = self._seen.get(community_id)
        if seen is None:
            return False
        version, asked_at = seen
        return version == privacy_version and self._clock() - asked_at < self._max_age_s

    async def poll(self) -> None:
        """Read the watched communities' versions once (a failure leaves the old ones to age)."""
        communities = sorted(self._watched())
        if not communities:
            return
        asked_at = self._clock()  # the versions are at least this recent
        try:
            versions = await self._read(communities)
        except Exception as exc:
            if not self._failing:
                log.warning("privacy versions could not be read (answers are checked): %s", exc)
            self._failing = True
            return
        if self._failing:
            log.info("privacy versions are read again")
        self._failing = False
        self._seen = {c: (versions.get(c, 0), asked_at) for c in communities}

    async def run(self) -> None:
        """Poll until cancelled."""
        while True:
            await self.poll()
            await asyncio.sleep(self._interval_s)
