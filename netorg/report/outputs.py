"""Write the outputs of ``netorg analyze``: summary.json and network.html so far.

:func:`write_outputs` is the library twin of the CLI command: a notebook user gets the same
files with ``netorg.write_outputs(eco, "out/")``. Everything written is deterministic: the same
input and parameters give the same bytes (no timestamps, sorted keys, seeded layout).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from netorg._version import __version__
from netorg.model import Ecosystem
from netorg.report.graph_data import network_tables
from netorg.report.network import write_network_html

#: Seed of the graph layout; part of the parameters recorded in summary.json.
LAYOUT_SEED = 1


def summary_data(eco: Ecosystem) -> dict[str, Any]:
    """Everything summary.json holds: counts, network measures, parameters, inputs, version.

    Returns
    -------
    dict
        ``netorg_version``, ``name``, ``as_of``, ``counts`` (organisations, agreements by
        form, type and status, parties, edges), ``network`` (see
        :func:`netorg.network_measures`), ``parameters`` (the config and layout seed),
        ``inputs`` (SHA-256 per input file) and ``load`` (rows in, used and skipped per
        table, with the reason for every skipped row).
    """
    summary = eco.summary()
    network = summary.pop("network")
    return {
        "netorg_version": __version__,
        "name": summary.pop("name"),
        "as_of": summary.pop("as_of"),
        "counts": summary,
        "network": network,
        "parameters": {"config": eco.config.as_dict(), "layout_seed": LAYOUT_SEED},
        "inputs": dict(sorted(eco.sources.items())),
        "load": eco.load_report.as_dict() if eco.load_report else None,
    }


def write_summary_json(eco: Ecosystem, path: str | Path) -> Path:
    """Write :func:`summary_data` as UTF-8 JSON with sorted keys."""
    path = Path(path)
    text = json.dumps(summary_data(eco), indent=2, sort_keys=True, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def write_outputs(eco: Ecosystem, out_dir: str | Path) -> list[Path]:
    """Write every output that exists so far into ``out_dir`` (created if needed).

    Parameters
    ----------
    eco : Ecosystem
    out_dir : str or Path

    Returns
    -------
    list of Path
        The files written: ``summary.json`` and ``network.html``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    nodes, edges = network_tables(eco, seed=LAYOUT_SEED)
    title = f"{eco.name}: agreements live on {eco.as_of.isoformat()}"
    written = [
        write_summary_json(eco, out / "summary.json"),
        write_network_html(nodes, edges, out / "network.html", title=title),
    ]
    stale = out / "errors.txt"
    if stale.exists():  # left by an earlier run that failed on its input
        stale.unlink()
    return written
