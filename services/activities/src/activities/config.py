"""Settings for the activities service (env prefix ACTIVITIES_)."""

from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ACTIVITIES_")

    env: Literal["dev", "test", "production"] = "dev"
    database_url: str = "sqlite:///var/data/activities.sqlite3"
    kafka_bootstrap: str = "127.0.0.1:9092"
    relay_enabled: bool = True
    # The residents read model (consumer of the residents topic). One group per database: a
    # fresh database must read the topic from the beginning. Unset, the group is named after the
    # database's own instance id (see bootstrap.residents_view_group); set, it is used as is.
    read_model_enabled: bool = True
    read_model_group: str | None = None
    host: str = "127.0.0.1"
    port: int = 8002
    log_level: str = "INFO"
