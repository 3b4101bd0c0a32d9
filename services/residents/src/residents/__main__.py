"""`python -m residents`: serve the subgraph with uvicorn."""

import uvicorn

from residents.config import Settings
from residents.entrypoints.app import create_app
from shulin_kit.logs import configure_logging


def main() -> None:
    settings = Settings()
    configure_logging(settings.log_level)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)


if __name__ == "__main__":
    main()
