"""The Ecosystem: organisations, their agreements, and the graph views the analyses share.

An :class:`Ecosystem` holds the normalised tables (CONTRACT.md section 2) and builds two graph
views on demand, each once:

- ``eco.igraph``: the computation view, a directed igraph multigraph whose vertex ``i`` is
  organisation ``i`` and whose edges come from integer-coded arrays, built without a Python
  loop over edges. Analyses run on it and on :attr:`Ecosystem.edges`.
- ``eco.graph``: the public view, a :class:`networkx.MultiDiGraph` with one node per
  organisation and one edge per agreement party pair (key = agreement id), for users who
  want to compose with the rest of the networkx world. Built lazily.

Edges follow CONTRACT.md section 2: a two-party agreement runs source -> target; a multi-party
agreement runs from its lead to each member where a lead is named, and otherwise links every
pair of parties in the order they were listed.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd

from netorg._codes import codes_in, pairs_within, ranks_within, take
from netorg.config import Config
from netorg.i18n import DEFAULT_LANGUAGE, check_language
from netorg.vocabulary import SOURCE_ROLES

if TYPE_CHECKING:
    from netorg._progress import Stages
    from netorg._validate import LoadReport

DateLike: TypeAlias = dt.date | str | pd.Timestamp
T = TypeVar("T")


def to_date(value: DateLike) -> dt.date:
    """Read a date given as ``datetime.date``, ISO text or a pandas Timestamp.

    Examples
    --------
    >>> to_date("2026-06-30")
    datetime.date(2026, 6, 30)
    """
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


class Ecosystem:
    """Organisations and the agreements between them, as of a reference date.

    Usually made by :func:`netorg.load` or :func:`netorg.datasets.load`.

    Parameters
    ----------
    organisations, agreements, parties : pandas.DataFrame
        Normalised tables (see docs/input-format.md); ``parties`` lists every party of every
        agreement in the order given, with its role.
    as_of : date or str, optional
        The reference date for everything time-dependent; default today.
    config : Config, optional
        The settings the ecosystem was loaded with.
    load_report : LoadReport, optional
        What loading did with each input row.
    sources : dict, optional
        SHA-256 checksums of the input files, by name.
    name : str, optional
        A short name for titles, e.g. the dataset or folder name.
    """

    def __init__(
        self,
        organisations: pd.DataFrame,
        agreements: pd.DataFrame,
        parties: pd.DataFrame,
        *,
        as_of: DateLike | None = None,
        config: Config | None = None,
        load_report: LoadReport | None = None,
        sources: dict[str, str] | None = None,
        name: str | None = None,
    ) -> None:
        self.organisations = organisations
        self.agreements = agreements
        self.parties = parties
        self._as_of = to_date(as_of) if as_of is not None else dt.date.today()
        self.config = config or Config()
        self.load_report = load_report
        self.sources = dict(sources or {})
        self.name = name or "ecosystem"
        self._language = check_language(self.config.language or DEFAULT_LANGUAGE)
        self._memo: dict[Any, Any] = {}

    # -- time ------------------------------------------------------------------------------

    @property
    def as_of(self) -> dt.date:
        """The reference date for everything time-dependent (settable)."""
        return self._as_of

    @as_of.setter
    def as_of(self, value: DateLike) -> None:
        self._as_of = to_date(value)
        self._memo.clear()

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the data and the cheap caches; results and the graph views are recomputed.

        Used to hand an ecosystem to worker processes (:func:`netorg.timeline`).
        """
        state = dict(self.__dict__)
        state["_memo"] = {}
        for rebuilt in ("igraph", "graph"):
            state.pop(rebuilt, None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    @property
    def language(self) -> str:
        """The language of reasons and details, ``en`` or ``nl`` (settable; see
        :mod:`netorg.i18n`). Changing it forgets the memoised results, like :attr:`as_of`."""
        return self._language

    @language.setter
    def language(self, value: str) -> None:
        self._language = check_language(value)
        self._memo.clear()

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """Compute a result once per ecosystem and reference date, then reuse it.

        Analyses that share an expensive step (the clustering behind the cluster table, the
        cluster summary and the consortium check) keep it here, keyed by their parameters.
        Changing :attr:`as_of` forgets everything.
        """
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def remembers(self, key: Any) -> bool:
        """Whether :meth:`memo` holds a result under ``key``."""
        return key in self._memo

    def forget(self, key: Any) -> None:
        """Let go of what :meth:`memo` holds under ``key`` (nothing happens when it holds
        nothing); the next :meth:`memo` call with that key computes it again."""
        self._memo.pop(key, None)

    def live_mask(self, as_of: DateLike | None = None) -> np.ndarray:
        """Which agreements are live on ``as_of`` (default: :attr:`as_of`).

        Live means status ``active``, started on or before the date (or no start given) and
        not ended before it (or open-ended). Planned, proposed and ended agreements are not
        live whatever their dates say.

        Worked out once per date (with :meth:`memo`, so changing :attr:`as_of` forgets it);
        each call gets its own copy. A run asks for it about fifteen times.
        """
        day = pd.Timestamp(to_date(as_of) if as_of is not None else self.as_of)
        return self.memo(("live_mask", day), lambda: self._live_on(day)).copy()

    def _live_on(self, day: pd.Timestamp) -> np.ndarray:
        a = self.agreements
        started = a["start"].isna() | (a["start"] <= day)
        not_ended = a["end"].isna() | (a["end"] >= day)
        return ((a["status"] == "active") & started & not_ended).to_numpy()

    def of_form(self, form: str) -> np.ndarray:
        """Which agreements are of ``form`` (``market``, ``hybrid`` or ``hierarchy``).

        Compared in Arrow, where the forms are: an array of the forms as Python texts, one
        object per agreement, took ten times as long to make as this takes (3 million
        agreements, by hand).
        """
        return (self.agreements["form"] == form).to_numpy(dtype=bool)

    def live_agreements(self, as_of: DateLike | None = None) -> pd.DataFrame:
        """The agreements live on ``as_of`` (default: :attr:`as_of`); see :meth:`live_mask`."""
        return self.agreements.loc[self.live_mask(as_of)]

    # -- coded arrays and graph views --------------------------------------------------------

    @cached_property
    def org_index(self) -> pd.Index:
        """Organisation ids in order; an organisation's code is its position here."""
        return pd.Index(self.organisations["id"])

    @cached_property
    def agreement_index(self) -> pd.Index:
        """Agreement ids in order; an agreement's code is its position here."""
        return pd.Index(self.agreements["id"])

    @cached_property
    def party_codes(self) -> tuple[np.ndarray, np.ndarray]:
        """Integer codes of :attr:`parties`: (agreement code, organisation code) per row."""
        return (
            codes_in(self.parties["agreement_id"], self.agreement_index),
            codes_in(self.parties["org_id"], self.org_index),
        )

    def know_party_codes(self, agreement: np.ndarray, org: np.ndarray) -> None:
        """Take :attr:`party_codes` as known (loading has them) instead of looking every
        party's ids up again; the arrays must be what :attr:`party_codes` would compute."""
        if not len(agreement) == len(org) == len(self.parties):
            raise ValueError(
                f"party codes need one entry per party row ({len(self.parties)}), "
                f"not {len(agreement)} and {len(org)}"
            )
        self.__dict__["party_codes"] = (agreement, org)  # where cached_property keeps it

    @cached_property
    def edges(self) -> pd.DataFrame:
        """One row per graph edge: agreement_id, source, target and their integer codes.

        Sorted by agreement (in table order), then by the order the parties were listed.
        """
        agreement, org = self.party_codes
        return _edge_table(
            self.parties["role"].to_numpy(), agreement, org, self.agreements, self.org_index
        )

    @cached_property
    def igraph(self) -> ig.Graph:
        """The computation view: a directed igraph multigraph over organisation codes.

        Vertex attribute ``name`` is the organisation id; edge attribute ``agreement`` is the
        agreement code (row in :attr:`agreements`), so edge arrays line up with
        :attr:`edges`.
        """
        e = self.edges
        pairs = np.column_stack(
            (e["source_code"].to_numpy(np.int64), e["target_code"].to_numpy(np.int64))
        )
        graph = ig.Graph(n=len(self.org_index), directed=True)
        graph.add_edges(pairs)  # faster than the constructor: benchmarks/engines.py
        graph.vs["name"] = self.org_index.tolist()
        graph.es["agreement"] = e["agreement_code"].to_numpy(np.int64).tolist()
        return graph

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The public view: a networkx MultiDiGraph, one edge per agreement party pair.

        Nodes carry the organisation's columns as attributes, edges the agreement's columns
        (dates as :class:`datetime.date`, missing values as None); the edge key is the
        agreement id.
        """
        graph = nx.MultiDiGraph(name=self.name, as_of=self.as_of.isoformat())
        graph.add_nodes_from(zip(self.org_index, _records(self.organisations), strict=True))
        attrs = _records(self.agreements)
        e = self.edges
        graph.add_edges_from(
            zip(
                e["source"],
                e["target"],
                e["agreement_id"],
                (attrs[i] for i in e["agreement_code"].to_numpy()),
                strict=True,
            )
        )
        return graph

    # -- analyses ----------------------------------------------------------------------------

    def analyze(
        self,
        *,
        stages: Stages | None = None,
        on_table: Callable[[str, pd.DataFrame], None] | None = None,
    ) -> dict[str, pd.DataFrame]:
        """Run every analysis once; see :func:`netorg.analysis.analyze`.

        The tables are kept, so asking again (as ``netorg analyze`` does to print them after
        writing them) costs nothing; changing :attr:`as_of` recomputes them. ``stages`` (a
        :class:`netorg._progress.Stages` recorder) times each analysis and ``on_table`` is
        handed each table when they run; when the tables are kept, nothing runs, nothing is
        recorded and nothing is handed over.
        """
        from netorg.analysis import analyze

        return self.memo("analyze", lambda: analyze(self, stages=stages, on_table=on_table))

    # -- summaries ---------------------------------------------------------------------------

    def summary(self) -> dict[str, Any]:
        """Counts and network-level measures, as plain data.

        Returns
        -------
        dict
            ``organisations``, ``agreements`` (with ``live``, ``by_form``, ``by_type``,
            ``by_status``), ``parties``, ``as_of``, ``rows_skipped`` and ``network``
            (the measures of :func:`netorg.stats.network_measures`).
        """
        from netorg.stats import network_measures

        a = self.agreements
        live = self.live_mask()
        return {
            "name": self.name,
            "as_of": self.as_of.isoformat(),
            "organisations": len(self.organisations),
            "agreements": {
                "total": len(a),
                "live": int(live.sum()),
                "multi_party": int((a["n_parties"] > 2).sum()),
                "by_form": _counts(a["form"]),
                "by_type": _counts(a["type"]),
                "by_status": _counts(a["status"]),
            },
            "parties": len(self.parties),
            "edges": len(self.edges),
            "rows_skipped": self.load_report.n_skipped if self.load_report else 0,
            "network": network_measures(self),
        }

    def __repr__(self) -> str:
        return (
            f"<Ecosystem {self.name!r}: {len(self.organisations)} organisations, "
            f"{len(self.agreements)} agreements, as of {self.as_of.isoformat()}>"
        )

    def _repr_html_(self) -> str:
        s = self.summary()
        a = s["agreements"]
        n = s["network"]
        rows = [
            ("organisations", s["organisations"]),
            ("agreements", f"{a['total']} ({a['live']} live on {s['as_of']})"),
            (
                "by form",
                ", ".join(f"{k} {v}" for k, v in a["by_form"].items()) or "none",
            ),
            ("multi-party agreements", a["multi_party"]),
            ("density (live ties)", f"{n['density']:.3f}"),
            ("components", n["components"]),
        ]
        if s["rows_skipped"]:
            rows.append(("rows skipped on loading", s["rows_skipped"]))
        body = "".join(
            f"<tr><th style='text-align:left'>{html.escape(str(k))}</th>"
            f"<td style='text-align:left'>{html.escape(str(v))}</td></tr>"
            for k, v in rows
        )
        return (
            f"<div><strong>Ecosystem {html.escape(self.name)}</strong><table>{body}</table></div>"
        )


def _agreement_order(agreement: np.ndarray, rank_a: np.ndarray, rank_b: np.ndarray) -> np.ndarray:
    """The order of edges by agreement, then the ranks of their two ends among its parties.

    Every edge is one (agreement, rank_a, rank_b), so one int64 key per edge sorts them as
    ``np.lexsort`` of the three does, with numpy's vectorised sort instead of three stable
    passes (1.06 s against 1.85 s for 10 million edges in random order, by hand);
    ``np.lexsort`` where the key would not fit.
    """
    width = int(max(rank_a.max(initial=0), rank_b.max(initial=0))) + 1
    if (int(agreement.max(initial=0)) + 1) * width * width >= 2**62:
        return np.lexsort((rank_b, rank_a, agreement))
    key = (agreement.astype(np.int64) * width + rank_a) * width + rank_b
    return np.argsort(key)


def _by_agreement(rows: np.ndarray, agreement: np.ndarray) -> np.ndarray:
    """``rows`` (at most one per agreement) in the order of their agreements; no sort when
    they are in it already (loading groups the parties by agreement)."""
    keys = agreement[rows]
    if (keys[1:] >= keys[:-1]).all():
        return rows
    return rows[np.argsort(keys, kind="stable")]


def _edge_table(
    role: np.ndarray,
    agreement: np.ndarray,
    org: np.ndarray,
    agreements: pd.DataFrame,
    org_index: pd.Index,
) -> pd.DataFrame:
    """Expand party lists into directed edges (CONTRACT.md section 2), vectorised."""
    n_parties = agreements["n_parties"].to_numpy(np.int64)[agreement]
    rank = ranks_within(agreement)
    is_source = np.isin(role, list(SOURCE_ROLES))
    is_lead = role == "lead"

    # Two parties: one edge, from the source side (buyer, funder, lead) when only one side
    # has such a role, otherwise in the order given (source before target).
    two = n_parties == 2
    first, second = np.flatnonzero(two & (rank == 0)), np.flatnonzero(two & (rank == 1))
    # One row of each per agreement, paired through the agreement: rows that are not
    # grouped by agreement (a table built by hand) would otherwise pair across agreements.
    first, second = _by_agreement(first, agreement), _by_agreement(second, agreement)
    flip = is_source[second] & ~is_source[first]
    pair_a = np.where(flip, second, first)
    pair_b = np.where(flip, first, second)

    # More parties: lead -> each other party where a lead is named, otherwise every pair.
    multi = np.flatnonzero(n_parties > 2)
    if len(multi):
        # Every pair of an agreement's party rows, the earlier named first: a row's rank
        # grows with its place, so the pairs of places are the pairs of ranks.
        group, at_a, at_b = pairs_within(agreement[multi], multi, len(agreement))
        leads = np.zeros(len(agreements), dtype=bool)
        leads[agreement[multi][is_lead[multi]]] = True
        has_lead = leads[group]
        keep = ~has_lead | is_lead[at_a] | is_lead[at_b]
        at_a, at_b, has_lead = at_a[keep], at_b[keep], has_lead[keep]
        swap = has_lead & is_lead[at_b] & ~is_lead[at_a]
        pair_a = np.concatenate([pair_a, np.where(swap, at_b, at_a)])
        pair_b = np.concatenate([pair_b, np.where(swap, at_a, at_b)])

    edge_agreement = agreement[pair_a]
    order = _agreement_order(edge_agreement, rank[pair_a], rank[pair_b])
    pair_a, pair_b, edge_agreement = pair_a[order], pair_b[order], edge_agreement[order]
    return pd.DataFrame(
        {
            "agreement_id": take(agreements["id"], edge_agreement),
            "source": take(org_index, org[pair_a]),
            "target": take(org_index, org[pair_b]),
            "agreement_code": edge_agreement.astype(np.int64),
            "source_code": org[pair_a].astype(np.int64),
            "target_code": org[pair_b].astype(np.int64),
        }
    )


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values: dates as date, missing values as None."""
    columns: dict[str, list[Any]] = {}
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            values = [None if pd.isna(v) else v.date() for v in series]
        else:
            values = [None if _missing(v) else v for v in series.astype(object)]
        columns[column] = values
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def _counts(series: pd.Series) -> dict[str, int]:
    counts = series.value_counts()  # counted first: comparing every row with "" costs more
    counts = counts[counts.index != ""]
    return {str(k): int(v) for k, v in sorted(counts.items())}
