"""`python -m matching api` serves the subgraph; `python -m matching consumer` runs the projector."""

import sys

import uvicorn

from matching.config import Settings
from matching.entrypoints import consumer
from matching.entrypoints.app import create_app
from shulin_kit.logs import configure_logging

USAGE = "usage: python -m matching {api|consumer}"


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "consumer":
        consumer.main()
    elif command == "api":
        settings = Settings()
        configure_logging(settings.log_level)
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)
    else:
        sys.exit(USAGE)


if __name__ == "__main__":
    main()
