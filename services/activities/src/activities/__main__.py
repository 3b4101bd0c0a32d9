"""`python -m activities`: serve the subgraph with uvicorn."""

from activities.config import Settings
from activities.entrypoints.app import create_app
from shulin_kit.logs import configure_logging
from shulin_kit.serving import serve


def main() -> None:
    settings = Settings()
    configure_logging(settings.log_level)
    serve(lambda: create_app(settings), settings.host, settings.port)


if __name__ == "__main__":
    main()
