"""The `shulin` command."""

import typer

app = typer.Typer(help="熟邻 Shulin: import/export rosters, generate communities.", no_args_is_help=True)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo("shulin 0.1.0")
