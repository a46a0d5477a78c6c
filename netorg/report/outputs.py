"""Write the outputs of ``netorg analyze``: tables, workbook, summary.json and network.html.

:func:`write_outputs` is the library twin of the CLI command: a notebook user gets the same
files with ``netorg.write_outputs(eco, "out/")``. Everything written is deterministic: the same
input and parameters give the same bytes (no timestamps, sorted keys, seeded layout). The only
exception is opt-in: with ``timings=True`` (as ``netorg analyze`` runs it) summary.json also
holds the seconds each stage took.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Final

import pandas as pd

from netorg._progress import ProgressCallback, Stages
from netorg._version import __version__
from netorg._worker import start_in_background
from netorg.analysis import analyze
from netorg.analysis.risks import betweenness_call
from netorg.model import Ecosystem
from netorg.params import as_dict
from netorg.report.graph_data import (
    RESULT_COLUMNS,
    layout_call,
    network_tables,
    overview_tables,
)
from netorg.report.network import OVERVIEW_LIMIT, GraphSection, graph_section, network_pieces
from netorg.report.page import write_pieces
from netorg.report.report_page import Shown, shown_rows, write_report_html
from netorg.report.tables import WorkbookWriter, write_csv

#: Seed of the graph layout; part of the parameters recorded in summary.json.
LAYOUT_SEED = 1


#: The CSV file each analysis table is written to.
TABLE_FILES = {
    "ties": "ties.csv",
    "latent_ties": "latent_ties.csv",
    "clusters": "clusters.csv",
    "cluster_summary": "cluster_summary.csv",
    "consortia": "consortia.csv",
    "brokerage": "brokerage.csv",
    "risks": "risks.csv",
    "risk_scores": "risk_scores.csv",
    "mergers": "mergers.csv",
}


#: What :func:`write_outputs` takes on disk while it writes, per agreement, and for the parts
#: every run writes (the pages' scripts and styles). Measured on the synthetic ecosystems
#: (outputs and the workbook's sheets, which wait in temporary files until the workbook is
#: packed): 1.84 kB per agreement at 100,000 agreements in Dutch (1.75 in English), 1.81 at a
#: million and 1.73 at ten million in English; docs/performance.md, "Disk space".
DISK_BYTES_PER_AGREEMENT: Final = 2_000
DISK_BYTES_FIXED: Final = 3_000_000


def disk_space_needed(eco: Ecosystem) -> int:
    """About how many bytes :func:`write_outputs` needs free on the output folder's disk for
    ``eco``: the files it writes, and the workbook's sheets while the workbook is packed.

    An estimate from the number of agreements (:data:`DISK_BYTES_PER_AGREEMENT` each, plus
    :data:`DISK_BYTES_FIXED`), measured on synthetic ecosystems: an ecosystem with longer
    names, more parties per agreement or many more findings per agreement writes more.
    ``netorg analyze`` warns before the analyses when the disk has less free space than this.

    Examples
    --------
    >>> import netorg
    >>> eco = netorg.datasets.load("zorgregio")
    >>> round(netorg.disk_space_needed(eco) / 1e6, 1)  # MB
    4.1
    """
    return DISK_BYTES_FIXED + DISK_BYTES_PER_AGREEMENT * len(eco.agreements)


#: The columns of ``eco.analyze()``'s tables that :func:`summary_data` reads, by table (it
#: also counts the rows of each).
SUMMARY_COLUMNS: Final = {
    "ties": ("tie_class", "active"),
    "latent_ties": (),
    "clusters": ("role_in_cluster",),
    "cluster_summary": ("partition_ari",),
    "consortia": ("finding",),
    "risks": ("risk_kind",),
    "mergers": ("status", "recommendation"),
}


def summary_data(eco: Ecosystem, results: dict[str, pd.DataFrame] | None = None) -> dict[str, Any]:
    """Everything summary.json holds: counts, network measures, parameters, inputs, version.

    Returns
    -------
    dict
        ``netorg_version``, ``name``, ``as_of``, ``counts`` (organisations, agreements by
        form, type and status, parties, edges), ``network`` (see
        :func:`netorg.network_measures`), ``parameters`` (the config and layout seed),
        ``inputs`` (SHA-256 per input file), ``load`` (rows in, used and skipped per
        table, with the reason for every skipped row) and ``findings`` (per analysis, the
        rows and the count per class).
    """
    summary = eco.summary()
    network = summary.pop("network")
    findings: dict[str, Any] = {}
    if results is not None and "ties" in results:
        ties = results["ties"]
        findings["ties"] = {
            "pairs": len(ties),
            "active": int(ties["active"].sum()),
            "by_class": {
                str(k): int(v) for k, v in sorted(ties["tie_class"].value_counts().items())
            },
            "implicit_live": int(((ties["tie_class"] == "implicit") & ties["active"]).sum()),
        }
    if results is not None and "latent_ties" in results:
        findings["latent_ties"] = {"pairs": len(results["latent_ties"])}
    if results is not None and "clusters" in results:
        roles = results["clusters"]["role_in_cluster"].value_counts()
        summary_table = results["cluster_summary"]
        findings["clusters"] = {
            "clusters": len(summary_table),
            "by_role": {str(k): int(v) for k, v in sorted(roles.items())},
            "partition_ari": float(summary_table["partition_ari"].iloc[0])
            if len(summary_table)
            else None,
        }
        consortia = results["consortia"]["finding"].value_counts()
        findings["consortia"] = {str(k): int(v) for k, v in sorted(consortia.items())}
    if results is not None and "risks" in results:
        kinds = results["risks"]["risk_kind"].value_counts()
        findings["risks"] = {str(k): int(v) for k, v in sorted(kinds.items())}
    if results is not None and "mergers" in results:
        m = results["mergers"]
        findings["mergers"] = {
            "pairs": len(m),
            "by_status_and_recommendation": {
                f"{s}/{r}": int(v)
                for (s, r), v in sorted(m.groupby(["status", "recommendation"]).size().items())
            },
        }
    return {
        "netorg_version": __version__,
        "name": summary.pop("name"),
        "as_of": summary.pop("as_of"),
        "counts": summary,
        "network": network,
        "findings": findings,
        "parameters": {
            "config": eco.config.as_dict(),
            "ties": as_dict(eco.config.ties),
            "clusters": as_dict(eco.config.clusters),
            "risks": as_dict(eco.config.risks),
            "mergers": as_dict(eco.config.mergers),
            "layout_seed": LAYOUT_SEED,
        },
        "inputs": dict(sorted(eco.sources.items())),
        "load": eco.load_report.as_dict() if eco.load_report else None,
    }


def write_summary_json(
    eco: Ecosystem, path: str | Path, results: dict[str, pd.DataFrame] | None = None
) -> Path:
    """Write :func:`summary_data` as UTF-8 JSON with sorted keys."""
    return _write_json(Path(path), summary_data(eco, results))


def _write_json(path: Path, data: dict[str, Any]) -> Path:
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def ecosystem_graph(
    eco: Ecosystem, results: dict[str, pd.DataFrame] | None = None
) -> tuple[GraphSection, str]:
    """The interactive graph as ``netorg analyze`` draws it, and its title.

    The layout uses :data:`LAYOUT_SEED`; above :data:`~netorg.report.network.OVERVIEW_LIMIT`
    organisations the page opens on the cluster overview. ``results`` are ``eco.analyze()``'s
    tables (computed, and kept, when not given).
    """
    # A page that opens on the overview draws only the lines inside one group: only
    # those need a tooltip.
    large = len(eco.organisations) > OVERVIEW_LIMIT
    tooltips = "within_groups" if large else "all"
    nodes, edges = network_tables(eco, seed=LAYOUT_SEED, results=results, tooltips=tooltips)
    overview = overview_tables(nodes, edges, seed=LAYOUT_SEED) if large else None
    title = f"{eco.name}: {eco.as_of.isoformat()}"
    graph = graph_section(
        nodes, edges, lang=eco.language, overview=overview, heading=title, as_of=eco.as_of
    )
    return graph, title


#: The stages :func:`write_outputs` times besides the analyses. ``csv_tables`` and
#: ``findings_xlsx`` start when the first analysis is done and run in a thread each; the
#: others run after the analyses, in this order.
OUTPUT_STAGES = ("csv_tables", "findings_xlsx", "graph_layout", "summary", "report_pages")


class _Tables:
    """The CSV tables and findings.xlsx, written a table at a time as the analyses hand them
    over: the CSV files in one thread, the workbook's sheets in another (``pools`` by stage),
    so that both cores write once the analyses are done. ``csv_tables`` and
    ``findings_xlsx`` are timed as stages that start with the first table; their seconds are
    each thread's working time."""

    def __init__(
        self,
        pools: dict[str, ThreadPoolExecutor],
        book: WorkbookWriter,
        out: Path,
        recorder: Stages,
    ) -> None:
        self._pools = pools
        self._book = book
        self._out = out
        self._recorder = recorder
        self._work: list[Future[Any]] = []
        self._csv: dict[str, Future[Path]] = {}
        self._seconds = {"csv_tables": 0.0, "findings_xlsx": 0.0}
        self._cpu_seconds = {"csv_tables": 0.0, "findings_xlsx": 0.0}

    def add(self, name: str, table: pd.DataFrame) -> None:
        """Write ``table`` as a CSV file (if it is one of :data:`TABLE_FILES`) and a sheet."""
        self._begin()
        if name in TABLE_FILES:
            self._csv[name] = self._submit(
                "csv_tables", write_csv, table, self._out / TABLE_FILES[name]
            )
        self._work.append(self._submit("findings_xlsx", self._book.add, name, table))

    def save(self) -> None:
        """Pack the workbook once the sheets added so far are written."""
        self._begin()
        self._work.append(self._submit("findings_xlsx", self._book.save))

    def result(self) -> list[Path]:
        """Wait for the threads (their errors are raised here); the CSV files in the order
        of :data:`TABLE_FILES` and the workbook."""
        csv_files = [self._csv[name].result() for name in TABLE_FILES if name in self._csv]
        book: Path = [work.result() for work in self._work][-1]
        for stage, seconds in self._seconds.items():
            self._recorder.finish(stage, seconds, self._cpu_seconds[stage])
        return [*csv_files, book]

    def _begin(self) -> None:
        if not self._work:  # nothing written or packed yet
            for stage in self._seconds:
                self._recorder.begin(stage)

    def _submit(self, stage: str, write: Callable[..., Any], *args: Any) -> Future[Any]:
        def timed() -> Any:
            start, cpu = time.perf_counter(), time.thread_time()
            value = write(*args)
            self._seconds[stage] += time.perf_counter() - start  # only its thread adds
            self._cpu_seconds[stage] += time.thread_time() - cpu
            return value

        return self._pools[stage].submit(timed)


def write_outputs(
    eco: Ecosystem,
    out_dir: str | Path,
    *,
    timings: bool = False,
    progress: ProgressCallback | None = None,
    stages: Stages | None = None,
    keep: bool = True,
    on_table: Callable[[str, pd.DataFrame], None] | None = None,
) -> list[Path]:
    """Write every output that exists so far into ``out_dir`` (created if needed).

    Every stage is timed: each analysis of :func:`netorg.analysis.analyze` (named after
    its table; only when they run here, not when ``eco.analyze()`` already ran), then
    ``graph_layout`` (graph tables and layout), ``summary`` (summary data and network
    measures) and ``report_pages`` (report.html and network.html), one after the other.
    ``csv_tables`` and ``findings_xlsx`` are written in two more threads, each table as
    soon as its analysis is done: they start after the first analysis and their seconds
    (each thread's working time) overlap the others', so the stages add up to more than the
    wall-clock ``total``. On a large network the layout and the brokers' betweenness are
    computed in a worker process meanwhile (:mod:`netorg._worker`). Nothing is printed.

    The files are written into a hidden folder inside ``out_dir`` and moved into place when
    all are done; if an analysis fails (or the run is interrupted), ``out_dir`` keeps the
    files it had.

    Parameters
    ----------
    eco : Ecosystem
    out_dir : str or Path
    timings : bool, default False
        Also store the seconds per stage in summary.json under ``timings``: ``{"stages":
        [{"name", "seconds", "cpu_seconds"}, ...] in run order, "total"}`` (see
        :meth:`netorg._progress.Stages.as_dict`). Off by default, so that every file is
        byte-for-byte reproducible; ``netorg analyze`` turns it on, and then the timings
        are the only part of the outputs that differs between two runs of the same input.
    progress : callable, optional
        Called as ``progress(stage, "start", 0.0)`` and ``progress(stage, "finish",
        seconds)`` for every stage, in order; ``netorg analyze`` draws its progress display
        from it.
    stages : Stages, optional
        A recorder that already holds earlier stages (``netorg analyze`` times ``load`` in
        it); its callback reports, so give ``progress`` or ``stages``, not both.
    keep : bool, default True
        Keep the analysis tables in ``eco``, so that ``eco.analyze()`` afterwards returns
        them at no cost. With ``keep=False`` (as ``netorg analyze`` runs) each table is let
        go once its CSV file and sheet are written, keeping only what the report, the graph
        and summary.json need of it: on a large ecosystem that lowers the peak memory (see
        docs/performance.md). The files are the same either way; tables that
        ``eco.analyze()`` already kept are used, and stay kept.
    on_table : callable, optional
        Called as ``on_table(name, table)`` with each analysis table as soon as it is ready
        (with ``keep=False`` the only chance to see it).

    Returns
    -------
    list of Path
        The files written: one CSV per analysis table (see :data:`TABLE_FILES`),
        ``findings.xlsx`` with every table as a sheet, ``summary.json``, ``report.html``
        (everything on one page) and ``network.html`` (the graph alone).
    """
    if stages is not None and progress is not None:
        raise ValueError("give progress or stages, not both: a Stages recorder has its own")
    recorder = stages if stages is not None else Stages(progress)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # Files are written into a hidden folder next to their place and moved there only when
    # all of them are done: a run that fails or is interrupted leaves the folder as it was,
    # not a mix of new tables and an old report.
    staging = Path(tempfile.mkdtemp(prefix=".netorg-writing-", dir=out))
    try:
        written = _write_all(eco, staging, recorder, timings, keep, on_table)
        moved = [path.replace(out / path.name) for path in written]
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    stale = out / "errors.txt"
    if stale.exists():  # left by an earlier run that failed on its input
        stale.unlink()
    return moved


class _Needed:
    """What the outputs need of each analysis table after it is written: the report's rows
    (:func:`shown_rows`) and the columns that the summary and the graph read
    (:data:`SUMMARY_COLUMNS`, :data:`RESULT_COLUMNS`), copied so that they hold none of the
    table's other columns."""

    def __init__(self) -> None:
        self.tables: dict[str, pd.DataFrame] = {}
        self.shown: dict[str, Shown] = {}

    def add(self, name: str, table: pd.DataFrame) -> None:
        wanted = {*SUMMARY_COLUMNS.get(name, ()), *RESULT_COLUMNS.get(name, ())}
        self.tables[name] = table[[c for c in table.columns if c in wanted]].copy()
        shown = shown_rows(name, table)
        if shown is not None:
            self.shown[name] = shown


def _write_all(
    eco: Ecosystem,
    out: Path,
    recorder: Stages,
    timings: bool,
    keep: bool,
    on_table: Callable[[str, pd.DataFrame], None] | None,
) -> list[Path]:
    """Every output of :func:`write_outputs`, written into ``out``."""
    # On a large network the brokers' betweenness and the layout need only the tie graph:
    # a worker process computes them while the analyses run.
    background = (betweenness_call(eco), layout_call(eco, seed=LAYOUT_SEED))
    start_in_background(eco, [call for call in background if call is not None])
    with (
        WorkbookWriter(out / "findings.xlsx") as book,  # left last: its files outlive the threads
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="netorg-csv") as csv_pool,
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="netorg-xlsx") as xlsx_pool,
    ):
        # The CSV tables and findings.xlsx are written in two threads, each table as soon as
        # its analysis is done: their time goes mostly to Arrow string kernels and zlib,
        # which release the GIL, so they use the second core while the analyses run, and
        # both cores once the analyses are done.
        pools = {"csv_tables": csv_pool, "findings_xlsx": xlsx_pool}
        tables = _Tables(pools, book, out, recorder)
        needed = _Needed()

        def take(name: str, table: pd.DataFrame) -> None:
            if name in needed.tables:  # handed over already
                return
            tables.add(name, table)
            needed.add(name, table)
            if on_table is not None:
                on_table(name, table)

        if keep or eco.remembers("analyze"):
            results = eco.analyze(stages=recorder, on_table=take)
            for name, table in results.items():  # tables kept from an earlier eco.analyze()
                take(name, table)
            del results
        else:
            analyze(eco, stages=recorder, on_table=take, keep=False)
        tables.save()
        with recorder.stage("graph_layout"):
            graph, title = ecosystem_graph(eco, needed.tables)
        with recorder.stage("summary"):
            summary = summary_data(eco, needed.tables)
        with recorder.stage("report_pages"):
            report = write_report_html(eco, needed.shown, graph, summary, out / "report.html")
            pieces = network_pieces(graph, title=title, lang=eco.language)
            network = write_pieces(out / "network.html", pieces)
        written = tables.result()
    # summary.json comes last, so that its timings cover every other stage.
    data = {**summary, "timings": recorder.as_dict()} if timings else summary
    return [*written, _write_json(out / "summary.json", data), report, network]
