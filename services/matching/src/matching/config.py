"""Settings for the matching service (env prefix MATCHING_)."""

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from matching.domain.derived_ties import DerivedTieRules
from matching.domain.ties import TieRules
from matching.recommend.weights import RecommendWeights
from shulin_events import ACTIVITIES_TOPIC, DEAD_LETTER_TOPIC, RESIDENTS_TOPIC


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MATCHING_", env_nested_delimiter="__")

    env: Literal["dev", "test", "production"] = "dev"
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("shulin-dev-password")
    neo4j_database: str = "neo4j"
    neo4j_read_retry_s: float = 2.0
    kafka_bootstrap: str = "127.0.0.1:9092"
    consumer_group: str = "matching-projector"
    topics: list[str] = [RESIDENTS_TOPIC, ACTIVITIES_TOPIC]
    dead_letter_topic: str = DEAD_LETTER_TOPIC
    batch_max_records: int = 2000
    # A processed event's id is remembered, so that the event delivered again changes nothing,
    # for this long after it was projected; it must exceed the topics' retention (Kafka's
    # default: 7 days) and an outbox relay's retries. 0 remembers every id forever. Checked
    # every `processed_events_check_s` by the projector.
    processed_events_keep_days: float = Field(default=30.0, ge=0)
    processed_events_check_s: float = Field(default=3600.0, gt=0)
    # A crashed projector's partitions are handed on after this long without heartbeats.
    session_timeout_ms: int = 10_000
    host: str = "127.0.0.1"
    port: int = 8003
    # API processes sharing the port (SO_REUSEPORT). Each keeps its own snapshots (~350 MiB for a
    # 20,000-resident community): one per core when the machine has the memory for it.
    workers: int = 1
    log_level: str = "INFO"
    ties: TieRules = TieRules()
    analytics_cache_ttl_seconds: float = 600.0
    derived_ties: DerivedTieRules = DerivedTieRules()
    recommend: RecommendWeights = RecommendWeights()
    # A community's snapshot (ties graph, centrality, indexes) is rebuilt when older than this.
    snapshot_ttl_s: float = 30.0
    # Up to this old, a snapshot is still served while a fresh one is built in the background.
    snapshot_stale_s: float = 300.0
    # ...and never sooner than this many times what the last one took to build, so rebuilding
    # stays under ~10 % of a core (a 20,000-resident community: ~2.5 s, in a child process).
    snapshot_rebuild_factor: float = 10.0
    # How often each API worker polls the cached communities' privacy versions, and how old a
    # poll may be for an answer to skip its re-check against the graph (see PrivacyWatch). An
    # opt-out is honoured at most this much later than the graph has it; 0 checks every answer.
    privacy_poll_s: float = Field(default=0.2, ge=0)
    privacy_poll_max_age_s: float = Field(default=0.6, gt=0)
    # Snapshots of this many communities (those with most residents) are built at start-up.
    snapshot_warm_communities: int = Field(default=4, ge=0)
    # The snapshot-building child exits after this long without a build (~250 MiB freed).
    snapshot_builder_idle_s: float = Field(default=120.0, gt=0)
    # Build snapshots in a child process (another core; requests are not slowed by rebuilds).
    snapshot_process: bool = True
    # The socket of the builder shared by the API's workers: set by `python -m matching api`
    # for the workers it starts (empty: this process has its own builder).
    snapshot_broker: str = ""
