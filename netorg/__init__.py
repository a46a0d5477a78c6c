"""netorg: map and analyse the networks organisations form with each other.

Load organisations and their agreements (contracts, subsidies, referrals, alliances,
consortia, mergers) into a multigraph and analyse it::

    import netorg
    eco = netorg.load("my_region/")          # folder, .xlsx, .json or agreements .csv
    eco.graph                                # networkx.MultiDiGraph
    eco.live_agreements()                    # agreements active on eco.as_of
    eco.summary()                            # counts and network-level measures
"""

from netorg import datasets
from netorg._errors import ConfigError, InputError, NetorgError, Problem, UnknownDatasetError
from netorg._load import from_frames, load, validate
from netorg._version import __version__
from netorg.analysis import (
    UnknownOrganisationError,
    alliance_clusters,
    brokerage,
    cluster_summary,
    declared_consortia,
    dependency_risks,
    latent_ties,
    merger_alternatives,
    risk_scores,
    tie_classes,
    what_if,
)
from netorg.analysis.compare import Comparison, compare, timeline
from netorg.config import Config, load_config
from netorg.export import export_graph
from netorg.model import Ecosystem
from netorg.report.outputs import disk_space_needed, write_outputs
from netorg.report.show import show
from netorg.stats import network_measures
from netorg.template import write_template

__all__ = [
    "Comparison",
    "Config",
    "ConfigError",
    "Ecosystem",
    "InputError",
    "NetorgError",
    "Problem",
    "UnknownDatasetError",
    "UnknownOrganisationError",
    "__version__",
    "alliance_clusters",
    "brokerage",
    "cluster_summary",
    "compare",
    "datasets",
    "declared_consortia",
    "dependency_risks",
    "disk_space_needed",
    "export_graph",
    "from_frames",
    "latent_ties",
    "load",
    "load_config",
    "merger_alternatives",
    "network_measures",
    "risk_scores",
    "show",
    "tie_classes",
    "timeline",
    "validate",
    "what_if",
    "write_outputs",
    "write_template",
]
