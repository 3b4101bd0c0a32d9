"""`shulin import …` and `shulin export …`: rosters in, rosters out, with a report per row."""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table as RichTable

from shulin_cli import importing
from shulin_cli.gateway.graphql import GatewayError, GraphQLClient, gateway_url
from shulin_cli.gateway.roster_gateway import GraphQLRosterGateway, RosterGateway
from shulin_cli.roster.tables import UnreadableTable, read_table, write_table
from shulin_cli.roster.validation import (
    Problem,
    Validated,
    validate_buildings,
    validate_residents,
    validate_sign_ins,
)

import_app = typer.Typer(help="导入 Import rosters (CSV / Excel).", no_args_is_help=True)
export_app = typer.Typer(help="导出 Export rosters (CSV / Excel).", no_args_is_help=True)
console = Console()
EXIT_OK, EXIT_BAD_ROWS, EXIT_USAGE = 0, 1, 2
Row = TypeVar("Row")

GatewayOption = Annotated[str | None, typer.Option("--gateway", help="GraphQL gateway URL")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="只校验不导入 validate only")]


def graphql_gateway(url: str) -> RosterGateway:
    return GraphQLRosterGateway(GraphQLClient(url))


# Tests swap this for a fake gateway; the real one talks to the GraphQL gateway.
gateway_factory: Callable[[str], RosterGateway] = graphql_gateway


def _usage_error(message: str) -> typer.Exit:
    console.print(f"[red]{message}[/red]")
    return typer.Exit(EXIT_USAGE)


def print_problems(problems: Sequence[Problem], title: str) -> None:
    if not problems:
        return
    table = RichTable(title=title)
    for header in ("行 row", "列 column", "问题", "problem"):
        table.add_column(header)
    for p in sorted(problems, key=lambda p: (p.row, p.column)):
        table.add_row(str(p.row), p.column, p.zh, p.en)
    console.print(table)


def _validated(path: Path, validate: Callable[..., Validated[Row]]) -> Validated[Row]:
    try:
        result = validate(read_table(path))
    except (UnreadableTable, OSError) as error:
        raise _usage_error(str(error)) from error
    if result.unknown_columns:
        console.print(f"忽略的列 / ignored columns: {', '.join(result.unknown_columns)}")
    print_problems(result.problems, "校验问题 / validation problems (these rows are skipped)")
    return result


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[], None]]:
    with Progress(console=console, transient=False) as bar:
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)


def _finish(validated: Validated[Row], outcome: importing.ImportOutcome | None) -> None:
    bad = set(validated.bad_rows)
    if outcome is not None:
        print_problems(outcome.problems, "导入失败的行 / rows the server refused")
        bad |= set(outcome.failed_rows)
        console.print(f"新增 created {outcome.created}，更新 updated {outcome.updated}")
    console.print(
        f"有效行 valid rows: {len(validated.rows)}; 问题行 bad rows: {len(bad)}"
        + (f" ({', '.join(map(str, sorted(bad)))})" if bad else "")
    )
    raise typer.Exit(EXIT_BAD_ROWS if bad else EXIT_OK)


def _gateway(url: str | None) -> RosterGateway:
    return gateway_factory(gateway_url(url))


@import_app.command("residents")
def import_residents(
    file: Path,
    community: Annotated[str, typer.Option("--community", help="社区 ID")],
    create_buildings: Annotated[bool, typer.Option("--create-buildings")] = False,
    dry_run: DryRun = False,
    gateway: GatewayOption = None,
) -> None:
    """居民花名册 Import residents; rows with a known 编号 update that resident."""
    validated = _validated(file, lambda t: validate_residents(t, date.today().year))
    if dry_run:
        _finish(validated, None)
    try:
        with _progress(len(validated.rows), "导入居民 residents") as advance:
            outcome = importing.import_residents(
                _gateway(gateway), community, validated.rows, create_buildings, advance
            )
    except GatewayError as error:
        raise _usage_error(f"网关错误 / gateway error: {error}") from error
    _finish(validated, outcome)


@import_app.command("buildings")
def import_buildings(
    file: Path,
    community: Annotated[str, typer.Option("--community", help="社区 ID")],
    dry_run: DryRun = False,
    gateway: GatewayOption = None,
) -> None:
    """楼栋表 Import buildings (name, floors, units); existing names are kept."""
    validated = _validated(file, validate_buildings)
    if dry_run:
        _finish(validated, None)
    try:
        with _progress(len(validated.rows), "导入楼栋 buildings") as advance:
            outcome = importing.import_buildings(
                _gateway(gateway), community, validated.rows, advance
            )
    except GatewayError as error:
        raise _usage_error(f"网关错误 / gateway error: {error}") from error
    _finish(validated, outcome)


@import_app.command("sign-in")
def import_sign_in(
    file: Path,
    activity: Annotated[str, typer.Option("--activity", help="活动 ID")],
    dry_run: DryRun = False,
    gateway: GatewayOption = None,
) -> None:
    """签到表 Register and check in every resident listed (by 编号 or name)."""
    validated = _validated(file, validate_sign_ins)
    if dry_run:
        _finish(validated, None)
    try:
        with _progress(len(validated.rows), "签到 check-ins") as advance:
            outcome = importing.import_sign_ins(
                _gateway(gateway), activity, validated.rows, advance
            )
    except GatewayError as error:
        raise _usage_error(f"网关错误 / gateway error: {error}") from error
    _finish(validated, outcome)


def _write(out: Path, headers: Sequence[str], rows: list[list[object]]) -> None:
    try:
        write_table(out, headers, rows)
    except UnreadableTable as error:
        raise _usage_error(str(error)) from error
    console.print(f"已导出 exported {len(rows)} rows → {out}")


@export_app.command("residents")
def export_residents(
    community: Annotated[str, typer.Option("--community", help="社区 ID")],
    out: Annotated[Path, typer.Option("--out", help="FILE.csv or FILE.xlsx")],
    gateway: GatewayOption = None,
) -> None:
    """导出居民 Export a community's residents (CSV is UTF-8 with BOM for Excel)."""
    try:
        records = _gateway(gateway).residents(community)
    except GatewayError as error:
        raise _usage_error(f"网关错误 / gateway error: {error}") from error
    _write(out, importing.RESIDENT_EXPORT_HEADERS, importing.resident_export_rows(records))


@export_app.command("attendance")
def export_attendance(
    activity: Annotated[str, typer.Option("--activity", help="活动 ID")],
    out: Annotated[Path, typer.Option("--out", help="FILE.csv or FILE.xlsx")],
    gateway: GatewayOption = None,
) -> None:
    """导出签到 Export who checked in to an activity."""
    try:
        records = _gateway(gateway).attendance(activity)
    except GatewayError as error:
        raise _usage_error(f"网关错误 / gateway error: {error}") from error
    _write(out, importing.ATTENDANCE_EXPORT_HEADERS, importing.attendance_export_rows(records))
