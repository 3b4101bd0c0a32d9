"""The `shulin` command."""

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from shulin_cli.cli_rosters import export_app, import_app
from shulin_cli.generator import (
    PRESETS,
    generate_community,
    kept_start_date,
    plan_digest,
    plan_to_json,
    preset,
    start_date_for,
)
from shulin_cli.generator.activities import CHINA

app = typer.Typer(
    help="熟邻 Shulin: import/export rosters, generate communities.", no_args_is_help=True
)
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")
console = Console()


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo("shulin 0.1.0")


@app.command()
def generate(
    size: Annotated[str, typer.Option(help=f"one of: {', '.join(PRESETS)}")] = "demo",
    seed: Annotated[int, typer.Option(help="same seed, same community")] = 7,
    residents: Annotated[int | None, typer.Option(help="override the preset's residents")] = None,
    buildings: Annotated[int | None, typer.Option(help="override the preset's buildings")] = None,
    out: Annotated[Path | None, typer.Option(help="write the plan as JSON")] = None,
    load: Annotated[bool, typer.Option("--load", help="load it through the gateway")] = False,
    gateway: Annotated[str | None, typer.Option(help="GraphQL gateway URL")] = None,
    state: Annotated[
        Path | None, typer.Option(help="load state file (resume); default var/data/load-<key>.json")
    ] = None,
) -> None:
    """生成社区 Generate a realistic community with a year of activity (and load it).

    The year ends two weeks from today (two months for the demo size), so some activities are
    still to come; a loaded plan keeps its start date next to its load state, and a later
    `--load` resumes the same plan.
    """
    overrides = {k: v for k, v in (("residents", residents), ("buildings", buildings)) if v}
    try:
        params = preset(size, **overrides)
    except ValueError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    key = f"{params.size}{seed}"  # as generate_community names the plan
    state_file = state or Path("var") / "data" / f"load-{key}.json"
    today = datetime.now(CHINA).date()
    start = (
        kept_start_date(state_file.parent, key, params, today)
        if load
        else start_date_for(today, params)
    )
    plan = generate_community(params, seed, start)
    counts = ", ".join(f"{name} {count}" for name, count in plan.counts().items())
    console.print(f"{plan.name} ({plan.key}, from {plan.start_date}): {counts}")
    console.print(f"digest {plan_digest(plan)[:16]}")
    if out is not None:
        out.write_text(plan_to_json(plan, indent=1), encoding="utf-8")
        console.print(f"plan → {out}")
    if load:
        from shulin_cli.gateway.graphql import GraphQLClient, gateway_url
        from shulin_cli.loader import PlanLoader

        client = GraphQLClient(gateway_url(gateway))
        ids = PlanLoader(client, state_file, console=console).load(plan)
        console.print(f"loaded community {ids[plan.id]}")
