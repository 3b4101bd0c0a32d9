"""`python -m matching api` serves the subgraph; `python -m matching consumer` runs the projector;
`python -m matching derive-ties [--community ID]` derives tie evidence from small groups and
repeated co-attendance now (the consumer also does it every interval for busy communities)."""

import os
import sys

from matching.config import Settings
from shulin_kit.logs import configure_logging

USAGE = "usage: python -m matching {api|consumer|derive-ties [--community ID]}"


def derive_ties_command(args: list[str]) -> None:
    from neo4j import GraphDatabase

    from matching.adapters.graph.derived_store import DerivedTieStore
    from matching.service_layer.derived_ties import derive_ties

    settings = Settings()
    if args and (args[0] != "--community" or len(args) != 2):
        sys.exit(USAGE)
    auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    with GraphDatabase.driver(settings.neo4j_uri, auth=auth) as driver:
        store = DerivedTieStore(driver, settings.neo4j_database)
        for community_id in [args[1]] if args else store.communities():
            done = derive_ties(store, community_id, settings.ties, settings.derived_ties)
            print(
                f"{community_id}: +{done.added} -{done.dropped} evidence, "
                f"{done.pairs_refreshed} ties refreshed"
            )


def api_command() -> None:
    from matching.adapters.snapshot_broker import running_snapshot_broker
    from matching.entrypoints.worker import api_app
    from shulin_kit.serving import serve

    settings = Settings()
    configure_logging(settings.log_level)
    if settings.workers <= 1 or not settings.snapshot_process:
        serve(api_app, settings.host, settings.port, settings.workers)
        return
    with running_snapshot_broker(settings) as path:
        os.environ["MATCHING_SNAPSHOT_BROKER"] = path  # the workers are spawned with it
        serve(api_app, settings.host, settings.port, settings.workers)


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "consumer":
        from matching.entrypoints import consumer

        consumer.main()
    elif command == "derive-ties":
        derive_ties_command(sys.argv[2:])
    elif command == "api":
        api_command()
    else:
        sys.exit(USAGE)


if __name__ == "__main__":
    main()
