"""Settings for the residents service (env prefix RESIDENTS_)."""

from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RESIDENTS_")

    env: Literal["dev", "test", "production"] = "dev"
    database_url: str = "sqlite:///var/data/residents.sqlite3"
    kafka_bootstrap: str = "127.0.0.1:9092"
    relay_enabled: bool = True
    host: str = "127.0.0.1"
    port: int = 8001
    log_level: str = "INFO"
