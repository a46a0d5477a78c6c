"""The ``netorg`` command line: a thin click layer over the library.

Each command parses its options, calls one library function and prints. The library twins:

- ``netorg validate PATH``  -> :func:`netorg.validate`
- ``netorg analyze PATH``   -> :func:`netorg.load` then :func:`netorg.write_outputs`
- ``netorg datasets``       -> :func:`netorg.datasets.available`
- ``netorg init DIR``       -> :func:`netorg.write_template`

Exit status (CONTRACT.md section 4): 0 done; 1 the input has errors (nothing written but the
error listing); 2 usage (a wrong option, a missing file, a bad config file); 3 the outputs
could not be written (a full disk, a folder without permission), said in one line instead of a
traceback.

Progress: ``analyze``, ``whatif``, ``compare`` and ``timeline`` time their stages with a
:class:`netorg._progress.Stages` recorder and draw one line per stage on stderr (a spinner
while it runs, its seconds when done) when stderr is a terminal; not in pipes and CI, not
with ``--quiet``. ``NETORG_PROGRESS=1`` forces the display (used by the tests).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
import numpy as np
import pandas as pd
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn
from rich.table import Table

import netorg
from netorg import datasets as bundled
from netorg._codes import take_rows
from netorg._memory import use_jemalloc
from netorg._progress import Event, Stages
from netorg.i18n import LANGUAGES

_err = Console(stderr=True, highlight=False)
_out = Console(highlight=False)

#: Set to 1 to draw the progress display even when stderr is not a terminal.
PROGRESS_ENV = "NETORG_PROGRESS"


class _StageDisplay:
    """Draw the stages a :class:`Stages` recorder reports on stderr: one line per stage, a
    spinner while it runs and its seconds when it finishes.

    A no-op with ``--quiet`` or when stderr is not a terminal (pipes, CI), unless
    ``NETORG_PROGRESS=1`` forces it. Use as a context manager around the stages and pass it
    as the recorder's progress callback.
    """

    def __init__(self, quiet: bool) -> None:
        forced = os.environ.get(PROGRESS_ENV) == "1"
        self._progress: Progress | None = None
        self._tasks: dict[str, TaskID] = {}
        self._done: set[str] = set()
        if quiet or not (forced or _err.is_terminal):
            return
        console = _err if _err.is_terminal else Console(stderr=True, force_terminal=True)
        self._progress = Progress(
            SpinnerColumn(finished_text="[green]✓[/]"),
            TextColumn("{task.description:<20}"),
            TextColumn("{task.fields[seconds]}", justify="right"),
            console=console,
        )

    def __enter__(self) -> _StageDisplay:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._progress is None:
            return
        for stage, task in self._tasks.items():
            if stage not in self._done:  # it raised: say so instead of spinning forever
                self._progress.update(task, seconds="stopped")
                self._progress.stop_task(task)
        self._progress.stop()

    def __call__(self, stage: str, event: Event, seconds: float) -> None:
        if self._progress is None:
            return
        if event == "start":
            self._tasks[stage] = self._progress.add_task(stage, total=1, seconds="")
        else:
            self._done.add(stage)
            self._progress.update(self._tasks[stage], completed=1, seconds=f"{seconds:.2f} s")


_QUIET = click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="No progress display on stderr (it is only drawn when stderr is a terminal). The "
    "tables and the files written are still printed.",
)


def _as_of(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


def _config(path: str | None) -> netorg.Config:
    if path is None:
        return netorg.Config()
    try:
        return netorg.load_config(path)
    except netorg.ConfigError as exc:
        raise click.UsageError(str(exc)) from None


def _resolve(path: str | None, example: str | None) -> tuple[Path, dt.date | None]:
    """The input path, and the dataset's own reference date for ``--example``."""
    if (path is None) == (example is None):
        raise click.UsageError("give either PATH or --example NAME (see: netorg datasets)")
    if example is not None:
        try:
            info = bundled.info(example)
        except netorg.UnknownDatasetError as exc:
            raise click.UsageError(str(exc)) from None
        return info.path, info.as_of
    assert path is not None
    return Path(path), None


def _print_problems(problems: list[netorg.Problem], *, to_stdout: bool) -> None:
    # One plain line per problem (no wrapping), so the listing can be grepped and pasted.
    stream = sys.stdout if to_stdout else sys.stderr
    for problem in problems:
        click.echo(str(problem), file=stream)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(netorg.__version__, prog_name="netorg")
def main() -> None:
    """Map and analyse the networks organisations form with each other.

    Start with `netorg analyze --example zorgregio --out out/zorgregio`, or check your own
    spreadsheet with `netorg validate my_region.xlsx`.
    """
    use_jemalloc()  # this process is the command's: Arrow's leaner pool (netorg._memory)


@main.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML config file.")
def validate(path: Path, config_path: str | None) -> None:
    """Check an ecosystem and list every problem, one per line.

    PATH is a folder with organisations.csv and agreements.csv, an .xlsx workbook, a .json
    file or one agreements .csv. Each line names the file, the spreadsheet row (the header is
    row 1), the column, the value and what would be right. Exit 0 when clean, 1 when there are
    problems.
    """
    problems = netorg.validate(path, config=_config(config_path))
    if problems:
        _print_problems(problems, to_stdout=True)
        n = len(problems)
        _err.print(f"[red]{n} problem{'s' if n != 1 else ''}[/] in {path}")
        sys.exit(1)
    _err.print(f"[green]OK[/]: no problems in {path}")


def _load_or_exit(
    path: Path | None,
    example: str | None,
    out_dir: Path | None,
    as_of: dt.date | None,
    lenient: bool,
    config_path: str | None,
    lang: str | None = None,
    stages: Stages | None = None,
    stage: str = "load",
) -> tuple[netorg.Ecosystem, Path]:
    """Load PATH or --example as ``analyze`` and ``whatif`` do; on input errors list them,
    write errors.txt into the output folder and exit 1. ``lang`` overrides the config's
    language. With ``stages``, the loading is timed as the stage ``stage`` (and shown by its
    display) instead of under a spinner."""
    source, dataset_as_of = _resolve(None if path is None else str(path), example)
    config = _config(config_path)
    when = as_of or (config.as_of if config.as_of else dataset_as_of)
    out = out_dir or Path("out") / (example or source.stem)
    try:
        if stages is not None:
            with stages.stage(stage):
                eco = netorg.load(source, as_of=when, strict=not lenient, config=config)
        else:
            with _err.status(f"Loading {source}"):
                eco = netorg.load(source, as_of=when, strict=not lenient, config=config)
    except netorg.InputError as exc:
        _print_problems(exc.problems, to_stdout=False)
        out.mkdir(parents=True, exist_ok=True)
        (out / "errors.txt").write_text(str(exc) + "\n", encoding="utf-8")
        _err.print(
            f"[red]{len(exc.problems)} problem(s)[/]: nothing analysed. The listing is also in "
            f"{out / 'errors.txt'}. Fix the rows, or run with --lenient to skip them."
        )
        sys.exit(1)
    if lang is not None:
        eco.language = lang
    return eco, out


#: Exit status when the outputs cannot be written.
EXIT_WRITE = 3


@contextlib.contextmanager
def _writing(out: Path, *, kept: bool = False) -> Iterator[None]:
    """Turn an OSError while writing into ``out`` (a full disk, no permission) into a plain
    message and :data:`EXIT_WRITE`. ``kept``: the writer moves its files in only when all are
    written, so the folder still has the files it had."""
    try:
        yield
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        _err.print(f"[red]Could not write the outputs in {out}[/]: {exc.strerror or exc}{where}.")
        if kept:
            _err.print(f"{out} keeps the files it had; nothing new was moved in.")
        if exc.errno == errno.ENOSPC:
            _err.print(
                "Free some space or give a folder on another disk with --out: a large "
                "ecosystem's outputs are large (ten million agreements write about 15 GB; "
                "docs/performance.md)."
            )
        sys.exit(EXIT_WRITE)


def _warn_if_disk_small(eco: netorg.Ecosystem, out: Path) -> None:
    """Warn, before the analyses, when the disk that ``out`` is on has less free space than
    the outputs are estimated to take (:func:`netorg.disk_space_needed`). Only a warning:
    the estimate can be off, and a disk that fills up still ends the run with a plain
    message and :data:`EXIT_WRITE`."""
    folder = out.absolute()
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:  # nothing to measure (a folder that vanished): the write will tell
        return
    needed = netorg.disk_space_needed(eco)
    if free < needed:
        _err.print(
            f"[yellow]Warning: the outputs of {len(eco.agreements):,} agreements take about "
            f"{_size(needed)} on disk while they are written; the disk of {out} has "
            f"{_size(free)} free.[/] The analyses go on; if the disk fills up, {out} keeps "
            "the files it had and netorg exits with status 3. Free some space or give a "
            "folder on another disk with --out."
        )


def _size(n_bytes: int) -> str:
    """A size in bytes as MB or GB (powers of 1,000, as disks are sold), to one decimal."""
    if n_bytes >= 10**9:
        return f"{n_bytes / 1e9:.1f} GB"
    return f"{n_bytes / 1e6:.1f} MB"


F = TypeVar("F", bound=Callable[..., Any])


_LENIENT = click.option(
    "--lenient", is_flag=True, help="Skip rows with problems instead of stopping."
)
_CONFIG = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), help="TOML config file."
)
_AS_OF_HELP = (
    "Reference date YYYY-MM-DD [default: the config's as_of, else today; a bundled "
    "dataset's own date for --example]."
)


def _ecosystem_input(command: F) -> F:
    """The options every command that loads an ecosystem shares: PATH or --example, --out,
    --as-of, --lenient, --config and --lang."""
    options = [
        click.argument("path", required=False, type=click.Path(exists=True, path_type=Path)),
        click.option(
            "--example", metavar="NAME", help="Use a bundled dataset (see: netorg datasets)."
        ),
        click.option(
            "--out",
            "out_dir",
            type=click.Path(file_okay=False, path_type=Path),
            help="Folder for the outputs [default: out/NAME].",
        ),
        click.option("--as-of", callback=_as_of, metavar="DATE", help=_AS_OF_HELP),
        _LENIENT,
        _CONFIG,
        click.option(
            "--lang",
            type=click.Choice(LANGUAGES),
            help="Language of reasons, details and pages [default: the config's language, "
            "else en].",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@main.command()
@_ecosystem_input
@_QUIET
def analyze(
    path: Path | None,
    example: str | None,
    out_dir: Path | None,
    as_of: dt.date | None,
    lenient: bool,
    config_path: str | None,
    lang: str | None,
    quiet: bool,
) -> None:
    """Load, validate and analyse an ecosystem; write the outputs to --out.

    Writes ties.csv (every tie classed market, implicit, alliance or hierarchy, with its
    score and reasons), latent_ties.csv (pairs that share many partners without any
    agreement), clusters.csv and cluster_summary.csv (alliance clusters, their leads and
    brokers), consortia.csv (declared consortia against the de facto clusters),
    brokerage.csv (Gould & Fernandez brokerage roles and Burt's constraint), risks.csv
    (single points of failure, single sources, concentration, key persons, expiring and
    under-organised agreements), risk_scores.csv (one score per organisation),
    mergers.csv (every declared, proposed or candidate merger: merger, alliance or
    neither, with the alliance form and reasons), findings.xlsx (the tables as sheets),
    summary.json (counts, network measures, parameters, input checksums), report.html
    (everything on one page: summary, the interactive graph, each analysis's findings
    with reasons, parameters and checksums) and network.html (the graph alone); both pages
    are single files that open offline. Prints the implicit ties, the clusters, the top
    risks and the merger recommendations. Reasons and pages are in English, or in Dutch
    with --lang nl or language = "nl" in the config file. Analysis parameters go in the
    config file (see docs/methodology.md). On input errors nothing is written but
    errors.txt and the listing, and the exit status is 1. If an analysis fails, the run is
    interrupted or the disk fills up, OUT_DIR keeps the files it had: new files are moved in
    only when all are written (a full disk or a folder without permission exits with 3 and
    says so); before the analyses, a warning says when the disk has less free space than
    the outputs are estimated to take (about 2 kB per agreement). With --lenient, rows with
    problems are skipped and summary.json and report.html say which and why.

    Every stage (loading, each analysis, each output) is timed; summary.json lists the
    seconds under "timings", the only part of the outputs that differs between two runs.
    When stderr is a terminal, a progress display shows each stage as it runs and its
    seconds; --quiet turns it off.
    """
    with _StageDisplay(quiet) as display:
        stages = Stages(display)
        eco, out = _load_or_exit(
            path, example, out_dir, as_of, lenient, config_path, lang, stages=stages
        )
        if eco.load_report and eco.load_report.n_skipped:
            _print_problems(eco.load_report.skipped, to_stdout=False)
            _err.print(
                f"[yellow]--lenient: {eco.load_report.n_skipped} row(s) skipped[/] (listed above)"
            )
        _warn_if_disk_small(eco, out)
        # The tables to print are made as each analysis is done: write_outputs lets each
        # table go once it is written (keep=False), which lowers the peak memory.
        printed: dict[str, Table | str] = {}

        def printout(name: str, table: pd.DataFrame) -> None:
            if name in _PRINTOUTS:
                printed[name] = _PRINTOUTS[name](table)

        with _writing(out, kept=True):
            written = netorg.write_outputs(
                eco, out, timings=True, stages=stages, keep=False, on_table=printout
            )
    _summary_table(eco)
    for name in _PRINTOUTS:
        _out.print(printed[name])
    for file in written:
        _out.print(f"wrote {file}")


def _summary_table(eco: netorg.Ecosystem) -> None:
    s = eco.summary()
    table = Table(title=f"{eco.name} as of {s['as_of']}", show_header=False)
    table.add_row("organisations", str(s["organisations"]))
    a = s["agreements"]
    table.add_row("agreements", f"{a['total']} ({a['live']} live)")
    for form, count in a["by_form"].items():
        table.add_row(f"  {form}", str(count))
    n = s["network"]
    table.add_row("connected pairs (live)", str(n["ties"]))
    table.add_row("density", f"{n['density']:.3f}")
    table.add_row("components", str(n["components"]))
    if s["rows_skipped"]:
        table.add_row("rows skipped", str(s["rows_skipped"]))
    _out.print(table)


def _print_table(title: str, columns: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    _out.print(_table(title, columns, rows))


def _table(title: str, columns: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> Table:
    table = Table(title=title)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


#: The columns of the tie table that the terminal's table of implicit ties shows.
_IMPLICIT_COLUMNS = (
    "org_a_name", "org_b_name", "service", "duration_years", "successive_agreements",
    "buyer_share", "contacts", "score",
)  # fmt: skip


def _implicit_ties_table(ties: pd.DataFrame, limit: int = 10) -> Table | str:
    keep = np.flatnonzero(((ties["tie_class"] == "implicit") & ties["active"]).to_numpy(bool))
    if not len(keep):
        return "No implicit supplier-style ties (see ties.csv for every tie)."
    # the columns shown, from their chunks (a filter of the whole table would copy its reasons)
    shown = take_rows(ties[list(_IMPLICIT_COLUMNS)], keep[:limit])
    rows = [
        (
            str(row.org_a_name),
            str(row.org_b_name),
            str(row.service),
            f"{row.duration_years:.1f}",
            str(row.successive_agreements),
            f"{row.buyer_share:.0%}" if pd.notna(row.buyer_share) else "",
            ", ".join(row.contacts),
            f"{row.score:.2f}",
        )
        for row in shown.itertuples()
    ]
    return _table(
        f"Implicit supplier-style ties ({len(keep)}; top {limit} shown)",
        ("buyer", "supplier", "service", "years", "chain", "share", "carried by", "score"),
        rows,
    )


def _clusters_table(summary: pd.DataFrame, limit: int = 15) -> Table | str:
    if summary.empty:
        return "No alliance clusters: there are no live collaborative agreements."
    rows = [
        (
            str(row.cluster_id),
            str(row.cluster_name),
            str(row.size),
            f"{row.density:.0%}",
            f"{row.share_inside:.0%}",
            f"{row.best_jaccard:.2f}",
            f"{row.stability:.0%}",
        )
        for row in summary.head(limit).itertuples()
    ]
    return _table(
        f"Alliance clusters ({len(summary)}; top {limit} by size)",
        ("id", "cluster", "size", "density", "inside", "declared", "stability"),
        rows,
    )


def _mergers_table(mergers: pd.DataFrame, limit: int = 15) -> Table | str:
    if mergers.empty:
        return "No mergers on record and no candidates found."
    rows = [
        (
            str(row.status),
            str(row.org_a_name),
            str(row.org_b_name),
            str(row.recommendation)
            + (f": {row.alliance_form.replace('_', ' ')}" if row.alliance_form else ""),
            f"{row.score:.2f}",
        )
        for row in mergers.head(limit).itertuples()
    ]
    return _table(
        f"Merger or alliance ({len(mergers)} pairs; first {limit}; reasons in mergers.csv)",
        ("status", "organisation", "with", "advice", "score"),
        rows,
    )


def _risks_table(risks: pd.DataFrame, limit: int = 10) -> Table | str:
    if risks.empty:
        return "No dependency risks found."
    rows = [
        (str(row.risk_kind), str(row.subject_name), f"{row.severity:.2f}", str(row.detail))
        for row in risks.head(limit).itertuples()
    ]
    return _table(
        f"Dependency risks ({len(risks)} findings; top {limit} by severity)",
        ("kind", "subject", "severity", "detail"),
        rows,
    )


#: The analysis tables ``netorg analyze`` prints a part of, in print order.
_PRINTOUTS: dict[str, Callable[[pd.DataFrame], Table | str]] = {
    "ties": _implicit_ties_table,
    "cluster_summary": _clusters_table,
    "risks": _risks_table,
    "mergers": _mergers_table,
}


@main.command(name="datasets")
def datasets_command() -> None:
    """List the bundled example ecosystems."""
    table = Table(title="Bundled ecosystems")
    for column in ("name", "title", "as of", "licence"):
        table.add_column(column)
    for info in bundled.available():
        table.add_row(info.name, info.title, info.as_of.isoformat(), info.licence)
    _out.print(table)
    _out.print("Run one with: netorg analyze --example NAME --out out/NAME")


@main.command()
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite the template files if DIR already has them.")
def init(directory: Path, force: bool) -> None:
    """Write a template to fill in: ecosystem.xlsx, the same tables as CSV, and a README.

    DIR is created if needed. The workbook has the sheets organisations, agreements and
    parties with every column netorg reads, a note on each header, dropdowns for the fixed
    words and two valid example rows per sheet to replace with your own. Existing files are
    never overwritten without --force.
    """
    try:
        written = netorg.write_template(directory, overwrite=force)
    except FileExistsError as exc:
        raise click.UsageError(f"{exc} Use --force to overwrite them.") from None
    for file in written:
        _out.print(f"wrote {file}")
    workbook = directory / "ecosystem.xlsx"
    _err.print(f"Next: fill in {workbook}, then run `netorg validate {workbook}`.")


@main.command()
@_ecosystem_input
@click.option(
    "--remove",
    "remove",
    metavar="ID",
    multiple=True,
    required=True,
    help="Id of an organisation that fails; repeat for several.",
)
@_QUIET
def whatif(
    path: Path | None,
    remove: tuple[str, ...],
    example: str | None,
    out_dir: Path | None,
    as_of: dt.date | None,
    lenient: bool,
    config_path: str | None,
    lang: str | None,
    quiet: bool,
) -> None:
    """What happens if organisations fail: lost suppliers, cut-off organisations, split clusters.

    Removes the --remove organisations with all their live agreements and prints what
    breaks: buyers that lose every supplier of a need (and those left with fewer), the
    organisations cut off from the network, alliance clusters that fall apart, new single
    points of failure and the network measures before and after. Writes whatif.html (one
    self-contained page, works offline) and whatif.json to --out. Exit 1 on input errors
    (nothing analysed), 2 for an unknown organisation id.
    """
    from netorg.analysis.whatif import UnknownOrganisationError, what_if
    from netorg.report.whatif_page import write_whatif

    with _StageDisplay(quiet) as display:
        stages = Stages(display)
        eco, out = _load_or_exit(
            path, example, out_dir, as_of, lenient, config_path, lang, stages=stages
        )
        try:
            with stages.stage("what_if"):
                result = what_if(eco, list(remove))
        except UnknownOrganisationError as exc:
            raise click.UsageError(str(exc)) from None
        with stages.stage("whatif_page"), _writing(out):
            written = write_whatif(result, out)
    _out.print(result.summary)
    _whatif_tables(result.lost_needs, result.disconnected, result.measures)
    for file in written:
        _out.print(f"wrote {file}")


def _whatif_tables(
    lost: pd.DataFrame, disconnected: pd.DataFrame, measures: pd.DataFrame, limit: int = 15
) -> None:
    if len(lost):
        table = Table(title=f"Needs left without any supplier ({len(lost)})")
        for column in ("buyer", "need", "suppliers lost", "agreements", "value a year"):
            table.add_column(column, overflow="fold")
        for row in lost.head(limit).itertuples():
            value = "" if pd.isna(row.annual_value) else f"€ {row.annual_value:,.0f}"
            table.add_row(
                str(row.buyer_name),
                str(row.need),
                ", ".join(row.removed_supplier_names),
                ", ".join(row.agreements),
                value,
            )
        _out.print(table)
    if len(disconnected):
        table = Table(title=f"Cut off ({int(disconnected['size'].sum())} organisations)")
        for column in ("part", "size", "organisations"):
            table.add_column(column, overflow="fold")
        for row in disconnected.head(limit).itertuples():
            table.add_row(str(row.part), str(row.size), ", ".join(row.names))
        _out.print(table)
    table = Table(title="Network measures")
    for column in ("measure", "before", "after", "change"):
        table.add_column(column, justify="right" if column != "measure" else "left")
    for row in measures.itertuples():
        table.add_row(str(row.measure), f"{row.before:g}", f"{row.after:g}", f"{row.change:+g}")
    _out.print(table)


@main.command(name="export")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--to",
    "fmt",
    required=True,
    type=click.Choice(["gexf", "graphml", "json"]),
    help="gexf for Gephi, graphml for yEd, json (node-link) for web tools.",
)
@click.option("--example", metavar="NAME", help="Use a bundled dataset (see: netorg datasets).")
@click.option(
    "--out",
    "out_file",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write [default: NAME.gexf, NAME.graphml or NAME.json in the current folder].",
)
@click.option("--as-of", callback=_as_of, metavar="DATE", help=_AS_OF_HELP)
@_LENIENT
@_CONFIG
def export_command(
    path: Path | None,
    fmt: str,
    example: str | None,
    out_file: Path | None,
    as_of: dt.date | None,
    lenient: bool,
    config_path: str | None,
) -> None:
    """Write the network for Gephi (GEXF), yEd (GraphML) or web tools (JSON node-link).

    Same input options as analyze (but --out names a file). One node per organisation, one
    edge per agreement party pair, with every column as an attribute, plus each
    organisation's cluster_id, cluster_name, role_in_cluster, risk_score and top_risk, and
    each edge's tie_class. GEXF and GraphML hold no lists or dates: lists are written
    ;-separated, dates as YYYY-MM-DD, missing text as empty. Exit 1 on input errors (the
    listing is printed and written to errors.txt next to FILE), 2 for a wrong option.
    """
    # The options of _ecosystem_input, except that --out is a file here, not a folder.
    source, _ = _resolve(None if path is None else str(path), example)
    folder = out_file.parent if out_file is not None else Path(".")
    eco, _ = _load_or_exit(path, example, folder, as_of, lenient, config_path)
    target = out_file or Path(f"{eco.name}.{fmt}")
    if target.resolve() == source.resolve():
        raise click.UsageError(f"{target} is the input file; choose another file with --out")
    if eco.load_report and eco.load_report.n_skipped:
        _print_problems(eco.load_report.skipped, to_stdout=False)
        _err.print(
            f"[yellow]--lenient: {eco.load_report.n_skipped} row(s) skipped[/] (listed above)"
        )
    with _err.status(f"Analysing and writing {fmt}"):
        written = netorg.export_graph(eco, target, fmt)
    graph = eco.graph
    _err.print(
        f"{graph.number_of_nodes()} organisations, {graph.number_of_edges()} agreement edges"
    )
    _out.print(f"wrote {written}")


@main.command(name="compare")
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the outputs [default: out/compare].",
)
@click.option(
    "--as-of-old",
    callback=_as_of,
    metavar="DATE",
    help="Reference date of OLD [default: that of NEW]; e.g. the date of last year's export.",
)
@click.option(
    "--as-of-new",
    callback=_as_of,
    metavar="DATE",
    help="Reference date of NEW [default: the config's as_of, else today].",
)
@click.option(
    "--match",
    type=click.Choice(["auto", "id", "content"]),
    default="auto",
    show_default=True,
    help="Match agreements by id, or by type, parties, start and service when ids are not "
    "stable; auto picks id when at least half the ids recur.",
)
@_LENIENT
@_CONFIG
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language of details and page.")
@_QUIET
def compare_command(
    old: Path,
    new: Path,
    out_dir: Path | None,
    as_of_old: dt.date | None,
    as_of_new: dt.date | None,
    match: str,
    lenient: bool,
    config_path: str | None,
    lang: str | None,
    quiet: bool,
) -> None:
    """What changed between two snapshots OLD and NEW (for example last year's and this
    year's workbook).

    Lists organisations and agreements added, ended and changed, agreements that started
    (a renewal that continues a collaboration is reported as renewed, not as a change),
    ties that changed class, alliance clusters that formed, merged, split or dissolved,
    risks that appeared or were resolved, and the network measures before and after. Writes
    compare.html (one self-contained page) and compare_*.csv to --out. Exit 1 on input
    errors in either file.
    """
    from netorg.analysis.compare import compare
    from netorg.report.compare_page import write_comparison

    out = out_dir or Path("out") / "compare"
    with _StageDisplay(quiet) as display:
        stages = Stages(display)
        eco_new, _ = _load_or_exit(
            new, None, out, as_of_new, lenient, config_path, lang, stages=stages, stage="load new"
        )
        eco_old, _ = _load_or_exit(
            old,
            None,
            out,
            as_of_old or eco_new.as_of,
            lenient,
            config_path,
            eco_new.language,
            stages=stages,
            stage="load old",
        )
        with stages.stage("compare"):
            result = compare(eco_old, eco_new, match=match)
        with stages.stage("compare_page"), _writing(out):
            written = write_comparison(result, out)
    _out.print(result.summary)
    for table, kind in ((result.ties, "change"), (result.clusters, "event")):
        if len(table):
            _print_table(
                f"{'ties' if kind == 'change' else 'clusters'} ({len(table)}; first 10)",
                (kind, "detail"),
                list(table[[kind, "detail"]].head(10).astype(str).itertuples(index=False)),
            )
    for file in written:
        _out.print(f"wrote {file}")


@main.command(name="timeline")
@_ecosystem_input
@click.option(
    "--from", "start", callback=_as_of, metavar="DATE", help="First date [default: four steps "
    "before --to]."
)  # fmt: skip
@click.option("--to", "end", callback=_as_of, metavar="DATE", help="Last date [default: as-of].")
@click.option(
    "--every", "step", default="1y", show_default=True, help="Step: a number and y, m or d."
)
@_QUIET
def timeline_command(
    path: Path | None,
    example: str | None,
    out_dir: Path | None,
    as_of: dt.date | None,
    lenient: bool,
    config_path: str | None,
    lang: str | None,
    start: dt.date | None,
    end: dt.date | None,
    step: str,
    quiet: bool,
) -> None:
    """The network at a series of dates, from the agreements' own start and end dates.

    For each date from --from to --to every --every: live agreements, active
    organisations, the network measures, the number of alliance clusters, implicit ties and
    risk findings. Writes timeline.csv and timeline.html (a plot and the table, one
    self-contained page) to --out.
    """
    from netorg.analysis.compare import every, shift, timeline
    from netorg.report.compare_page import write_timeline

    with _StageDisplay(quiet) as display:
        stages = Stages(display)
        eco, out = _load_or_exit(
            path, example, out_dir, as_of, lenient, config_path, lang, stages=stages
        )
        last = end or eco.as_of
        try:
            dates = every(start or shift(last, step, -4), last, step)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        with stages.stage(f"timeline ({len(dates)} dates)"):
            frame = timeline(eco, dates)
        with stages.stage("timeline_page"), _writing(out):
            written = write_timeline(frame, out, name=eco.name, lang=eco.language)
    columns = ("date", "live_agreements", "ties", "density", "clusters", "implicit_ties",
               "risk_findings")  # fmt: skip
    _print_table(
        "Timeline",
        columns,
        [tuple(str(v) for v in row) for row in frame[list(columns)].itertuples(index=False)],
    )
    for file in written:
        _out.print(f"wrote {file}")
