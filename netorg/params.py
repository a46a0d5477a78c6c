"""The parameters of every analysis: named, defaulted, documented, overridable.

Each analysis takes its parameters as keyword arguments; the same names can be set in the
``[ties]`` (and later ``[clusters]``, ``[risks]``, ``[mergers]``) section of the config file.
The defaults and their sources are explained in docs/methodology.md.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, TypeVar


@dataclass(frozen=True)
class TieParams:
    """Parameters of :func:`netorg.tie_classes` and :func:`netorg.latent_ties`.

    Attributes
    ----------
    implicit_threshold : float
        A live market-only tie whose score reaches this is ``implicit`` (default 0.7).
    weight_duration, weight_renewals, weight_dependency, weight_person, weight_criticality
        Weights of the five signals in the score; they are rescaled to sum to 1.
    full_duration_years : float
        Years since the first agreement at which the duration signal is full (default 8).
    full_renewals : int
        Renewals (successive agreements after the first) at which the renewal signal is
        full (default 4).
    renewal_gap_days : int
        A follow-up agreement that starts at most this many days after the previous one
        ended continues the chain (default 31); a longer gap starts a new chain.
    latent_min_shared : int
        A pair without any agreement is a latent tie when it shares at least this many
        partners or consortia (default 3).
    latent_min_jaccard : float
        ... and the overlap of their partner sets (Jaccard) is at least this (default 0.25).
    latent_hub_degree : int
        Partners with more live ties than this are not counted as shared: an organisation
        that works with everyone says little about who works together (default 150).
    """

    implicit_threshold: float = 0.7
    weight_duration: float = 0.25
    weight_renewals: float = 0.20
    weight_dependency: float = 0.25
    weight_person: float = 0.15
    weight_criticality: float = 0.15
    full_duration_years: float = 8.0
    full_renewals: int = 4
    renewal_gap_days: int = 31
    latent_min_shared: int = 3
    latent_min_jaccard: float = 0.25
    latent_hub_degree: int = 150

    def __post_init__(self) -> None:
        check_range(self, "implicit_threshold", 0.0, 1.0)
        for name in (
            "weight_duration",
            "weight_renewals",
            "weight_dependency",
            "weight_person",
            "weight_criticality",
            "full_duration_years",
            "full_renewals",
            "renewal_gap_days",
        ):
            check_range(self, name, 0.0, None)
        if self.total_weight <= 0:
            raise ValueError("at least one of the tie weights must be above 0")
        check_range(self, "latent_min_jaccard", 0.0, 1.0)
        check_range(self, "latent_min_shared", 1, None)
        check_range(self, "latent_hub_degree", 2, None)

    @property
    def total_weight(self) -> float:
        """The sum of the five signal weights (the score divides by it)."""
        return (
            self.weight_duration
            + self.weight_renewals
            + self.weight_dependency
            + self.weight_person
            + self.weight_criticality
        )


@dataclass(frozen=True)
class ClusterParams:
    """Parameters of :func:`netorg.alliance_clusters` and its companions.

    Attributes
    ----------
    resolution : float
        Leiden's modularity resolution: higher gives more, smaller clusters (default 1.0).
    seed : int
        Seed of the main Leiden run; the same seed gives the same clusters (default 1).
    stability_runs : int
        Runs in all, with seeds ``seed``, ``seed + 1``, ...; the others measure stability
        (default 5; 1 skips the stability measure).
    implicit_weight : float
        Weight an implicit supplier-style tie adds to a pair (default 0.5; 0 leaves them
        out). A two-party hybrid agreement weighs 1.
    min_cluster_size : int
        Smaller groups are reported as unclustered (default 3).
    broker_participation : float
        A member whose collaborative tie weight is spread over clusters at least this much
        (participation coefficient) is a broker (default 0.5).
    declared_match : float
        A cluster counts as declared when a consortium overlaps it at least this much
        (Jaccard, default 0.5).
    paper_share : float
        A consortium is a "paper" consortium when fewer than this share of its members have
        another collaborative agreement with a fellow member (default 0.2).
    leiden_iterations : int
        Passes of the Leiden algorithm per run (default 2, igraph's own default); a negative
        number runs until a pass no longer improves the partition, which on large networks
        takes many times longer for a small gain in modularity.
    """

    resolution: float = 1.0
    seed: int = 1
    stability_runs: int = 5
    implicit_weight: float = 0.5
    min_cluster_size: int = 3
    broker_participation: float = 0.5
    declared_match: float = 0.5
    paper_share: float = 0.2
    leiden_iterations: int = 2

    def __post_init__(self) -> None:
        check_range(self, "resolution", 0.0, None)
        check_range(self, "stability_runs", 1, None)
        check_range(self, "implicit_weight", 0.0, None)
        check_range(self, "min_cluster_size", 2, None)
        for name in ("broker_participation", "declared_match", "paper_share"):
            check_range(self, name, 0.0, 1.0)


@dataclass(frozen=True)
class RiskParams:
    """Parameters of :func:`netorg.dependency_risks` and :func:`netorg.risk_scores`.

    Attributes
    ----------
    horizon_days : int
        A live agreement ending within this many days after ``as_of`` without a successor
        is ``expiring`` (default 180: about the lead time of a new procurement or a renewed
        covenant; see docs/methodology.md).
    successor_gap_days : int
        A successor must start at most this many days after the agreement ends (default 31,
        as ``renewal_gap_days`` of the tie analysis).
    hhi_threshold : float
        A buyer's live spend on a service with a Herfindahl-Hirschman index above this is
        ``supplier_concentration`` (default 0.25, "highly concentrated" in the 2010 US
        Horizontal Merger Guidelines, section 5.3).
    key_person_min : int
        A contact person who is the only contact on at least this many live agreements is
        a ``key_person`` (default 3).
    key_person_critical_share : float
        ... and so is the only contact on one critical agreement: a live market agreement
        that delivers one of its buyer's needs and carries more than this share of the
        buyer's live spend on it, or is its only supply (default 0.5: the majority).
    broker_min_betweenness : float
        Normalised betweenness (share of the shortest paths between other organisations)
        from which an organisation can be a ``broker`` (default 0.05).
    broker_max_redundancy : float
        ... when at most this share of the pairs of its partners are tied to each other
        (the density of its ego network, local clustering; default 0.15).
    betweenness_exact_max : int
        Betweenness is exact up to this many organisations (default 5000) and estimated from
        a seeded sample of ``betweenness_samples`` source organisations beyond.
    betweenness_samples : int
        Sources sampled for the estimate (default 200).
    seed : int
        Seed of the sample (default 1).
    """

    horizon_days: int = 180
    successor_gap_days: int = 31
    hhi_threshold: float = 0.25
    key_person_min: int = 3
    key_person_critical_share: float = 0.5
    broker_min_betweenness: float = 0.05
    broker_max_redundancy: float = 0.15
    betweenness_exact_max: int = 5000
    betweenness_samples: int = 200
    seed: int = 1

    def __post_init__(self) -> None:
        check_range(self, "horizon_days", 0, None)
        check_range(self, "successor_gap_days", 0, None)
        for name in (
            "hhi_threshold",
            "key_person_critical_share",
            "broker_min_betweenness",
            "broker_max_redundancy",
        ):
            check_range(self, name, 0.0, 1.0)
        if self.hhi_threshold >= 1.0:
            raise ValueError(f"hhi_threshold must be below 1, not {self.hhi_threshold!r}")
        check_range(self, "key_person_min", 1, None)
        check_range(self, "betweenness_exact_max", 0, None)
        check_range(self, "betweenness_samples", 1, None)


@dataclass(frozen=True)
class MergerParams:
    """Parameters of :func:`netorg.merger_alternatives`.

    Attributes
    ----------
    merger_min_overlap : float
        Near-substitutes: capability overlap (Jaccard) at least this (default 0.6).
    merger_max_size_ratio : float
        One is too small to stand alone: the smaller's size over the larger's at most this
        (default 0.6).
    merger_min_support_functions : int
        They already share at least this many support functions (finance, hr, ict,
        purchasing, back_office, facilities) in live hybrid agreements (default 2).
    alliance_min_complementarity : float
        Complementary: at least this share of one's needs is met by the other's
        capabilities (default 0.3).
    alliance_max_overlap : float
        ... with a capability overlap of at most this (default 0.5).
    alliance_min_agreements : int
        Already collaborating: at least this many live agreements of any form between them
        (default 1).
    full_collaboration : int
        Live agreements between them at which the collaboration signal is full (default 3).
    weight_overlap, weight_region, weight_small, weight_support
        Weights of the merger score's four signals (capability overlap, same region,
        1 - size ratio, support functions shared); rescaled to sum to 1.
    weight_complementarity, weight_distinct, weight_collaboration, weight_goals
        Weights of the alliance score's four signals (complementarity, distinct region or
        low overlap, live collaboration, shared goals); rescaled to sum to 1.
    candidate_threshold : float
        A pair without a merger on record is a candidate when its recommendation is merger
        or alliance and its score reaches this (default 0.6).
    candidate_min_agreements : int
        An alliance candidate needs at least this many separate live agreements between
        the pair, the ones one alliance would simplify (default 2).
    candidates_per_org : int
        At most this many candidates per organisation, the strongest (default 3).
    hub_degree : int
        Agreements with more parties than this do not make two of their parties a
        candidate pair on their own, and (when the search widens to two steps) partners
        with more live ties do not make a pair two steps apart, as in
        ``latent_hub_degree`` of the tie analysis (default 150).
    """

    merger_min_overlap: float = 0.6
    merger_max_size_ratio: float = 0.6
    merger_min_support_functions: int = 2
    alliance_min_complementarity: float = 0.3
    alliance_max_overlap: float = 0.5
    alliance_min_agreements: int = 1
    full_collaboration: int = 3
    weight_overlap: float = 0.3
    weight_region: float = 0.2
    weight_small: float = 0.2
    weight_support: float = 0.3
    weight_complementarity: float = 0.4
    weight_distinct: float = 0.2
    weight_collaboration: float = 0.3
    weight_goals: float = 0.1
    candidate_threshold: float = 0.6
    candidate_min_agreements: int = 2
    candidates_per_org: int = 3
    hub_degree: int = 150

    def __post_init__(self) -> None:
        for name in (
            "merger_min_overlap",
            "merger_max_size_ratio",
            "alliance_min_complementarity",
            "alliance_max_overlap",
            "candidate_threshold",
        ):
            check_range(self, name, 0.0, 1.0)
        for name in (
            "weight_overlap",
            "weight_region",
            "weight_small",
            "weight_support",
            "weight_complementarity",
            "weight_distinct",
            "weight_collaboration",
            "weight_goals",
            "merger_min_support_functions",
            "alliance_min_agreements",
            "candidate_min_agreements",
        ):
            check_range(self, name, 0.0, None)
        check_range(self, "full_collaboration", 1, None)
        check_range(self, "candidates_per_org", 0, None)
        check_range(self, "hub_degree", 2, None)
        if self.merger_weight <= 0 or self.alliance_weight <= 0:
            raise ValueError("at least one merger and one alliance weight must be above 0")

    @property
    def merger_weight(self) -> float:
        """The sum of the merger score's weights."""
        return self.weight_overlap + self.weight_region + self.weight_small + self.weight_support

    @property
    def alliance_weight(self) -> float:
        """The sum of the alliance score's weights."""
        return (
            self.weight_complementarity
            + self.weight_distinct
            + self.weight_collaboration
            + self.weight_goals
        )


P = TypeVar("P")


def check_range(params: object, name: str, low: float | None, high: float | None) -> None:
    """Raise ValueError naming the parameter when its value is outside ``[low, high]``."""
    value = getattr(params, name)
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ValueError(f"{name} must be {bounds}, not {value!r}")


def with_overrides(params: P, overrides: dict[str, Any]) -> P:
    """``params`` with some fields replaced; unknown names are an error listing the known ones.

    Examples
    --------
    >>> with_overrides(TieParams(), {"implicit_threshold": 0.65}).implicit_threshold
    0.65
    """
    names = [f.name for f in dataclasses.fields(params)]  # type: ignore[arg-type]
    unknown = sorted(set(overrides) - set(names))
    if unknown:
        raise TypeError(
            f"unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
            f"known: {', '.join(names)}"
        )
    return dataclasses.replace(params, **overrides)  # type: ignore[type-var]


def from_mapping(cls: type[P], raw: dict[str, Any], section: str) -> P:
    """Build a parameter dataclass from a config section, checking names and types."""
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(raw) - set(fields))
    if unknown:
        raise ValueError(
            f"[{section}] has unknown key{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(unknown)}; known keys are {', '.join(fields)}"
        )
    values: dict[str, Any] = {}
    for name, value in raw.items():
        default = getattr(cls(), name)
        if isinstance(default, bool):
            ok = isinstance(value, bool)
        elif isinstance(default, int):
            ok = isinstance(value, int) and not isinstance(value, bool)
        else:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not ok:
            raise ValueError(
                f"[{section}] {name} = {value!r}: expected a {type(default).__name__} "
                f"such as {default!r}"
            )
        values[name] = float(value) if isinstance(default, float) else value
    return cls(**values)


def as_dict(params: object) -> dict[str, Any]:
    """The parameters as plain data, for summary.json."""
    return dataclasses.asdict(params)  # type: ignore[call-overload]
