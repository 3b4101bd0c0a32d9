"""The app of one API worker process: the only import the supervising process needs."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI


def api_app() -> "FastAPI":
    """Configured from the environment (workers are spawned: they inherit no objects)."""
    from matching.config import Settings
    from matching.entrypoints.app import create_app
    from shulin_kit.logs import configure_logging

    settings = Settings()
    configure_logging(settings.log_level)
    return create_app(settings)
