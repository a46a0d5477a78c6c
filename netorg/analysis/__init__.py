"""The analyses: each a function of an Ecosystem returning a DataFrame with reasons.

- :mod:`netorg.analysis.ties`: market, implicit, alliance and hierarchy ties; latent ties.
- :mod:`netorg.analysis.clusters`: alliance clusters, their summary, declared consortia.
- :mod:`netorg.analysis.brokerage`: Gould & Fernandez brokerage roles, Burt's constraint.
- :mod:`netorg.analysis.risks`: dependency risks and a risk score per organisation.
- :mod:`netorg.analysis.mergers`: merger or alliance, for declared, proposed and candidate
  mergers.
- :mod:`netorg.analysis.whatif`: what breaks if organisations fail.

:func:`analyze` runs every analysis that exists and returns their tables by name; it is what
``Ecosystem.analyze()``, :func:`netorg.write_outputs` and ``netorg analyze`` use.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

import pandas as pd

from netorg._progress import Stages
from netorg.analysis.brokerage import brokerage, gould_fernandez
from netorg.analysis.clusters import (
    alliance_clusters,
    cluster_summary,
    declared_consortia,
    run_stability_in_background,
)
from netorg.analysis.mergers import merger_alternatives
from netorg.analysis.risks import (
    dependency_risks,
    forget_risks,
    risk_scores,
    start_betweenness,
)
from netorg.analysis.ties import latent_ties, tie_classes
from netorg.analysis.whatif import UnknownOrganisationError, WhatIf, what_if

if TYPE_CHECKING:
    from netorg.model import Ecosystem

__all__ = [
    "UnknownOrganisationError",
    "WhatIf",
    "alliance_clusters",
    "analyze",
    "brokerage",
    "cluster_summary",
    "declared_consortia",
    "dependency_risks",
    "gould_fernandez",
    "latent_ties",
    "merger_alternatives",
    "risk_scores",
    "tie_classes",
    "what_if",
]


def analyze(
    eco: Ecosystem,
    *,
    stages: Stages | None = None,
    on_table: Callable[[str, pd.DataFrame], None] | None = None,
    keep: bool = True,
) -> dict[str, pd.DataFrame]:
    """Run every analysis with the ecosystem's configured parameters.

    Parameters
    ----------
    eco : Ecosystem
    stages : Stages, optional
        A :class:`netorg._progress.Stages` recorder: each analysis is timed as a stage named
        after its table (``ties``, ``latent_ties``, ... in the order below) and reported to
        the recorder's progress callback. Without one nothing is timed; nothing is ever
        printed.
    on_table : callable, optional
        Called as ``on_table(name, table)`` as soon as each table is ready, so that a caller
        can write it while the next analyses run (:func:`netorg.write_outputs` does).
    keep : bool, default True
        Return the tables. With ``keep=False`` the result is an empty dict: each table goes
        only to ``on_table`` (which must be given), and nothing here holds it once the
        analyses that read it are done (the tie table after the consortia, the risk findings
        after the risk scores). On a large ecosystem that lowers the peak memory of a caller
        that writes each table and keeps only a part of it (``netorg analyze`` does).

    Returns
    -------
    dict
        ``ties``, ``latent_ties``, ``clusters``, ``cluster_summary``, ``consortia``,
        ``brokerage``, ``risks``, ``risk_scores`` and ``mergers``; later analyses add their
        tables under their own names.
    """
    if not keep and on_table is None:
        raise ValueError("keep=False hands the tables only to on_table: give on_table")
    recorder = stages if stages is not None else Stages()
    results: dict[str, pd.DataFrame] = {}

    def run(name: str, analysis: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        with recorder.stage(name):
            table = analysis()
        if keep:
            results[name] = table
        if on_table is not None:
            on_table(name, table)
        return table

    start_betweenness(eco)  # on a large network, in a worker process from now on
    run_stability_in_background(eco)  # cluster_summary reads them right after the clusters
    ties = run("ties", lambda: tie_classes(eco))
    run("latent_ties", lambda: latent_ties(eco))
    clusters = run("clusters", partial(alliance_clusters, eco, ties=ties))
    groups = clusters.set_index("org_id")["cluster_id"]
    run("cluster_summary", partial(cluster_summary, eco, ties=ties))
    run("consortia", partial(declared_consortia, eco, ties=ties))
    del ties, clusters  # the tie table is the largest: no later analysis reads it
    run("brokerage", lambda: brokerage(eco, groups=groups))
    run("risks", lambda: dependency_risks(eco))
    run("risk_scores", lambda: risk_scores(eco))
    if not keep:  # the findings risk_scores read: kept for it, not needed after it
        forget_risks(eco)
    run("mergers", lambda: merger_alternatives(eco))
    return results
