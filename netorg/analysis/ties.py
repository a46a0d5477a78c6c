"""Classify every tie as market, implicit, alliance or hierarchy, and find latent ties.

Transaction cost economics (Williamson 1991) sorts exchange into market, hybrid and hierarchy.
Many organisations, though, run what is in fact a strategic collaboration as a plain purchase:
one contract manager renews the same supplier for years, the supplier delivers most of what
the buyer needs of that service, and nobody treats it as a partnership ("impliciet
samenwerken"). Kraljic's purchasing portfolio (1983, "Purchasing must become supply
management", Harvard Business Review) puts such supplies, high in impact and in supply risk,
in the strategic quadrant, which calls for partnership rather than transactions.

:func:`tie_classes` scores each pair's market agreements on five signals (METHOD.md):

- duration: years since the pair's first market agreement;
- renewals: the longest chain of successive agreements for one service without a gap;
- dependency: the pair's share of the buyer's live spend on the service (by value; where
  values are missing, one over the number of live suppliers), or of the supplier's revenue
  where an ``revenue`` column is given, whichever is larger;
- person dependency: how few distinct contact persons have carried the market agreements;
- criticality: whether the service is one of the buyer's needs.

and classes it: ``hierarchy`` where a live ownership or merger agreement exists, ``alliance``
where live hybrid agreements exist, and among live market-only pairs ``implicit`` where the
score reaches the threshold, else ``market``. Pairs with no live agreement are reported as
inactive (``active`` False), never as a live implicit tie. Proposed and planned agreements,
and agreements that start after ``as_of``, do not count.

:func:`latent_ties` lists pairs with no agreement at all between them that share many
partners or consortia: who works together without anything on paper.

Everything is computed with pandas group-bys over the edge table; Python only formats the
reasons of the pairs in the result, in ``eco.language`` (English or Dutch, :mod:`netorg.i18n`).
"""

from __future__ import annotations

import itertools
from typing import Any, Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netorg._codes import (
    PAIRS_AT_A_TIME,
    KeyIndex,
    co_occurrences,
    distinct,
    edge_array,
    empty_tuples_for_missing,
    expanded,
    is_in,
    one_chunk,
    ranks_within,
    run_starts,
    runs_as_tuples,
    sorted_codes,
    take,
    take_rows,
    text_ranks,
    text_scalar,
)
from netorg.i18n import (
    Field,
    in_rows,
    int_column,
    join_and,
    joined_column,
    number,
    number_column,
    percent_column,
    text,
    text_column,
    text_column_where,
    where_column,
)
from netorg.model import Ecosystem
from netorg.params import TieParams, with_overrides
from netorg.stats import tie_graph
from netorg.vocabulary import HIERARCHY, HYBRID, MARKET

TIE_CLASSES = ("implicit", "market", "alliance", "hierarchy")
_DAYS_PER_YEAR = 365.25


def tie_classes(eco: Ecosystem, **params: Any) -> pd.DataFrame:
    """One row per connected pair of organisations: its class, score and reasons.

    Parameters
    ----------
    eco : Ecosystem
    **params
        Any field of :class:`netorg.params.TieParams` (``implicit_threshold``, the five
        ``weight_*``, ``full_duration_years``, ``full_renewals``, ``renewal_gap_days``);
        defaults come from the config file's ``[ties]`` section, else the documented
        defaults.

    Returns
    -------
    DataFrame
        org_a, org_b (the buyer first where the pair has market agreements), n_agreements,
        types, tie_class, score (in [0, 1], from the market agreements; 0 without any),
        reasons; and the evidence: names, active, n_live, the agreements per form,
        first_start, last_end, service, duration_years, successive_agreements,
        renewal_chain, buyer_share, buyer_hhi, n_suppliers, supplier_revenue_share,
        n_contacts, contacts, core_need, live_value and the five signal values. Sorted with
        the live implicit ties first, highest score first. The reasons are in
        ``eco.language``; every other column is the same in both languages.

    Examples
    --------
    >>> import netorg
    >>> ties = netorg.tie_classes(netorg.datasets.load("zorgregio"))
    >>> ties.loc[0, ["org_a", "org_b", "tie_class"]].tolist()
    ['GEM-OOS', 'JZ-LINDE', 'implicit']
    """
    return tie_table(eco, with_overrides(eco.config.ties, params))


def tie_table(eco: Ecosystem, p: TieParams, *, reasons: bool = True) -> pd.DataFrame:
    """:func:`tie_classes` with checked parameters; ``reasons=False`` leaves the reasons
    empty, for callers that only count classes (:func:`netorg.timeline`): about half the
    time at a million agreements."""
    service_codes, services = pd.factorize(eco.agreements["service"].to_numpy(), sort=True)
    rows = _pair_rows(eco, service_codes)
    if rows.empty:
        return _empty_result()
    pairs = _pair_summary(eco, rows)
    services = np.asarray(services, dtype=object)
    market = _market_signals(eco, rows[rows["form"] == MARKET], p, services)
    del rows  # one row per agreement and pair: as long as the pairs, and no longer needed
    pairs = pairs.join(market, how="left")
    del market
    pairs = _score(pairs, p)
    pairs = _classify(pairs, p)
    pairs = _orient_and_name(eco, pairs)
    # Ties broken by the organisations' order in the input (their codes), not by text.
    order = np.lexsort(
        (
            pairs["b_code"].to_numpy(),
            pairs["a_code"].to_numpy(),
            -pairs["n_agreements"].to_numpy(),
            -pairs["score"].to_numpy(),
            (pairs["tie_class"] != "implicit").to_numpy(),
        )
    )
    # Sorted before the reasons are written, so that the long texts are not copied again.
    pairs = _sorted_rows(pairs, order)
    pairs["reasons"] = _chunked_reasons(pairs, p, eco) if reasons else ""
    return pairs[_COLUMNS]


def _sorted_rows(frame: pd.DataFrame, order: np.ndarray) -> pd.DataFrame:
    """``frame.take(order)`` with a fresh index, taken a column at a time and emptying
    ``frame`` as it goes, so that the table is not held twice (the pairs' table is about
    6 GB at ten million agreements)."""
    out = pd.DataFrame(index=pd.RangeIndex(len(order)))
    for column in list(frame.columns):  # as blocks of one column: none copied again
        out[column] = frame[column].array.take(order)
        del frame[column]
    return out


_COLUMNS = [
    "org_a",
    "org_b",
    "n_agreements",
    "types",
    "tie_class",
    "score",
    "reasons",
    "org_a_name",
    "org_b_name",
    "active",
    "n_live",
    "market_agreements",
    "hybrid_agreements",
    "hierarchy_agreements",
    "first_start",
    "last_end",
    "service",
    "duration_years",
    "successive_agreements",
    "renewal_chain",
    "buyer_share",
    "buyer_hhi",
    "n_suppliers",
    "supplier_revenue_share",
    "n_contacts",
    "contacts",
    "core_need",
    "live_value",
    "signal_duration",
    "signal_renewals",
    "signal_dependency",
    "signal_person",
    "signal_criticality",
]


def _empty_result() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in _COLUMNS})


def _pair_rows(eco: Ecosystem, service_codes: np.ndarray) -> pd.DataFrame:
    """One row per agreement and pair it links, for the agreements that count.

    ``service_codes`` gives each agreement's service as a code that sorts like its text
    (``pd.factorize(..., sort=True)``): the pairs are grouped and sorted by service, and
    integers do that several times faster than Python texts."""
    a = eco.agreements
    day = pd.Timestamp(eco.as_of)
    started = (a["start"].isna() | (a["start"] <= day)).to_numpy()
    counts = a["status"].isin(["active", "ended"]).to_numpy() & started
    live = eco.live_mask()
    e = eco.edges
    code = e["agreement_code"].to_numpy(np.int64)
    keep = counts[code]
    code = code[keep]
    src = e["source_code"].to_numpy(np.int64)[keep]
    dst = e["target_code"].to_numpy(np.int64)[keep]
    n = len(eco.org_index)
    lo, hi = np.minimum(src, dst), np.maximum(src, dst)
    end = a["end"].to_numpy()[code]
    return pd.DataFrame(
        {
            "pair": lo * n + hi,
            "lo": lo,
            "hi": hi,
            "src": src,
            "dst": dst,
            "agreement": code,
            "form": a["form"].to_numpy()[code],
            "type": a["type"].to_numpy()[code],
            "live": live[code],
            "start": a["start"].to_numpy()[code],
            # an agreement still running counts up to as_of
            "until": np.where(pd.isna(end) | (end > day.to_datetime64()), day.to_datetime64(), end),
            "end": end,
            "value": a["value"].to_numpy(float)[code],
            "service": service_codes[code],
        }
    )


def _pair_summary(eco: Ecosystem, rows: pd.DataFrame) -> pd.DataFrame:
    """Counts, types, forms and dates per pair, over all agreements that count.

    The pairs are found once (a sort of the pair keys); counts are ``np.bincount`` over
    the pair codes and the first start and last end ``reduceat`` over the sorted rows,
    instead of a pandas group-by that finds the groups again for every column. No summary
    depends on the order of a pair's rows (the value is summed by row code, in row order),
    so the sort need not be stable: numpy's default argsort took half the time.
    """
    pair = rows["pair"].to_numpy()
    order = np.argsort(pair)
    in_order = pair[order]
    new_pair = np.r_[True, in_order[1:] != in_order[:-1]]
    starts = np.flatnonzero(new_pair)
    code = np.empty(len(pair), dtype=np.int64)
    code[order] = np.cumsum(new_pair) - 1
    k = len(starts)

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(code, weights=mask, minlength=k).astype(np.int64)

    live = rows["live"].to_numpy(dtype=bool)
    out = pd.DataFrame(
        {
            "lo": rows["lo"].to_numpy()[order][starts],
            "hi": rows["hi"].to_numpy()[order][starts],
            "n_agreements": np.diff(np.r_[starts, len(pair)]),
            "n_live": count(live),
            "first_start": _reduce_dates(rows["start"], order, starts, np.minimum),
            "last_end": _reduce_dates(rows["end"], order, starts, np.maximum),
            "open_ended": count(rows["end"].isna().to_numpy()) > 0,
            # pandas' sum (compensated), so that the sums match to the last digit
            "live_value": rows["value"].where(rows["live"], 0.0).groupby(code).sum().to_numpy(),
        },
        index=pd.Index(in_order[starts], name="pair"),
    )
    form = rows["form"].to_numpy(dtype=object)
    for name, column in ((MARKET, "market"), (HYBRID, "hybrid"), (HIERARCHY, "hierarchy")):
        is_form = form == name
        out[f"{column}_agreements"] = count(is_form)
        out[f"live_{column}"] = count(is_form & live)
    out["types"] = pd.Series(_joined_types(rows, order, starts), index=out.index, dtype=object)
    # Up to five agreement ids per form, for the reasons.
    ids = one_chunk(pa.array(eco.agreement_index.astype(str), type=pa.large_string()))
    by_text, rank = text_ranks(ids)
    id_rank = rank[rows["agreement"].to_numpy()]
    sorted_ids = ids.take(pa.array(by_text))
    for name in (MARKET, HYBRID, HIERARCHY):
        of_form = form == name
        out[f"{name}_ids"] = _first_joined(
            pair[of_form], id_rank[of_form], sorted_ids, _LISTED_IDS, ", "
        )
    return out


def _reduce_dates(
    dates: pd.Series, order: np.ndarray, starts: np.ndarray, reduce: np.ufunc
) -> np.ndarray:
    """The earliest (``np.minimum``) or latest (``np.maximum``) date per group of sorted rows,
    missing dates skipped; NaT where a group has none."""
    values = dates.to_numpy()
    unit = np.datetime_data(values.dtype)[0]
    ticks = values.view(np.int64)[order]
    missing = np.isnat(values)[order]
    # A missing date never wins: the largest int for a minimum, the smallest for a maximum.
    fill = np.iinfo(np.int64).max if reduce is np.minimum else np.iinfo(np.int64).min + 1
    best = reduce.reduceat(np.where(missing, fill, ticks), starts) if len(starts) else ticks[:0]
    none = np.logical_and.reduceat(missing, starts) if len(starts) else missing[:0]
    best[none] = np.iinfo(np.int64).min  # NaT
    return best.view(f"datetime64[{unit}]")


#: How many agreement ids a reason lists per form, and contact persons per tie.
_LISTED_IDS = 5
_LISTED_PEOPLE = 3


def _joined_types(rows: pd.DataFrame, order: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The distinct agreement types of each pair, sorted and ``;``-joined, for the pairs in
    order; ``order`` sorts the rows by pair and ``starts`` are where the pairs begin in it.

    Types are few, so each pair's set is a bit mask, or-ed over the pair's sorted rows in
    one numpy call; only the distinct masks become text.
    """
    codes, found = pd.factorize(rows["type"].astype(str))
    sorter = np.argsort(np.asarray(found, dtype=object))
    names = np.asarray(found, dtype=object)[sorter]
    rank = np.empty(len(found), dtype=np.int64)
    rank[sorter] = np.arange(len(found))
    bits = np.left_shift(np.int64(1), rank[codes])[order]
    masks = np.bitwise_or.reduceat(bits, starts)
    distinct_masks = distinct(masks)
    labels = np.array(
        [
            ";".join(names[[i for i in range(len(names)) if m >> i & 1]])
            for m in distinct_masks.tolist()
        ],
        dtype=object,
    )
    return labels[np.searchsorted(distinct_masks, masks)]


def _distinct_sorted(keys: np.ndarray, ranks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (key, rank) rows, sorted by key, then rank (ranks are not negative).

    The keys are numbered in order first, so that a row is one int64, ``number * R + rank``,
    sorted by numpy's vectorised sort: a lexsort's two stable passes took 4.5 s against
    1.2 s for 9 million rows (by hand).
    """
    if not len(keys):
        return keys, ranks
    distinct_keys, number = np.unique(keys, return_inverse=True)
    width = int(ranks.max()) + 1
    rows = distinct(number.astype(np.int64) * width + ranks)
    return distinct_keys[rows // width], rows % width


def _first_joined(
    keys: np.ndarray, ranks: np.ndarray, texts: pa.Array, limit: int, sep: str
) -> pd.Series:
    """Per key, its first ``limit`` distinct values in text order, joined with ``sep``.

    The values come as ranks: row ``i`` holds the text ``texts[ranks[i]]``, and ranks sort
    like their texts, so that the rows are deduplicated and sorted as integers, not texts.
    """
    if not len(keys):
        return pd.Series(dtype=object)
    keys, ranks = _distinct_sorted(keys, ranks)
    rank = ranks_within(keys)  # keys sorted: counted along their runs
    kept = rank < limit
    # The kept values of each key lie side by side: a list per key, joined by Arrow.
    values = texts.take(pa.array(ranks[kept]))
    offsets = np.r_[np.flatnonzero(rank[kept] == 0), kept.sum()].astype(np.int64)
    lists = pa.LargeListArray.from_arrays(pa.array(offsets), values)
    joined = pc.binary_join(lists, text_scalar(sep))
    return pd.Series(joined.to_pandas().array, index=keys[rank == 0])


def _market_signals(
    eco: Ecosystem, m: pd.DataFrame, p: TieParams, services: np.ndarray
) -> pd.DataFrame:
    """Duration, renewals, dependency, person and criticality for pairs with market agreements.

    ``m["service"]`` holds codes of the sorted ``services``."""
    if m.empty:
        return pd.DataFrame(columns=_MARKET_COLUMNS, index=pd.Index([], name="pair"))
    # The buyer: the side the pair's market agreements mostly run from.
    from_lo = (m["src"] == m["lo"]).to_numpy()
    per_pair = pd.DataFrame(
        {"forward": from_lo, "backward": ~from_lo, "start": m["start"], "until": m["until"]}
    ).groupby(m["pair"].to_numpy())  # the pairs found once for the four
    forward, backward = per_pair["forward"].sum(), per_pair["backward"].sum()
    out = pd.DataFrame({"buyer_is_lo": forward >= backward}).rename_axis("pair")
    first = per_pair["start"].min()
    until = per_pair["until"].max()
    out["duration_years"] = ((until - first).dt.days / _DAYS_PER_YEAR).clip(lower=0).fillna(0.0)
    out = out.join(_renewal_chains(eco, m, p))
    out = out.join(_dependency(eco, m, out["buyer_is_lo"], services))
    out = out.join(_contacts(eco, m))
    return out.reindex(columns=_MARKET_COLUMNS)


_MARKET_COLUMNS = [
    "buyer_is_lo",
    "duration_years",
    "successive_agreements",
    "renewal_chain",
    "service",
    "n_suppliers",
    "buyer_hhi",
    "buyer_share",
    "supplier_revenue_share",
    "core_need",
    "n_contacts",
    "contacts",
]


def _renewal_chains(eco: Ecosystem, m: pd.DataFrame, p: TieParams) -> pd.DataFrame:
    """The longest chain of successive agreements per pair (same service, no long gap)."""
    dated = m.loc[m["start"].notna().to_numpy(), ["pair", "service", "start", "until", "agreement"]]
    # np.lexsort on the columns: pandas' sort by four columns factorised each of them first
    order = np.lexsort(
        tuple(dated[c].to_numpy() for c in ("agreement", "start", "service", "pair"))
    )
    dated = dated.iloc[order]
    if dated.empty:
        return pd.DataFrame(columns=["successive_agreements", "renewal_chain"])
    group = ["pair", "service"]
    covered = dated.groupby(group)["until"].cummax()
    previous = covered.groupby([dated["pair"], dated["service"]]).shift()
    gap = pd.Timedelta(days=p.renewal_gap_days)
    new_chain = previous.isna() | (dated["start"] > previous + gap)
    chain = new_chain.cumsum().to_numpy()
    ids = take(eco.agreement_index, dated["agreement"].to_numpy())
    chains = pd.DataFrame(
        {"pair": dated["pair"].to_numpy(), "chain": chain, "id": ids, "start": dated["start"]}
    ).groupby("chain").agg(
        pair=("pair", "first"), size=("id", "size"), first=("id", "first"), last=("id", "last"),
        latest=("start", "max"),
    )  # fmt: skip
    # Per pair the longest chain; among equals the most recent.
    best = chains.sort_values(["pair", "size", "latest"], ascending=[True, False, False])
    best = best.drop_duplicates("pair").set_index("pair")
    # Arrow text throughout: np.where made Python objects of every id (0.24 s at 3M)
    label = best["first"].where(best["size"] <= 1, best["first"] + ".." + best["last"])
    return pd.DataFrame(
        {"successive_agreements": best["size"], "renewal_chain": label}, index=best.index
    )


def _dependency(
    eco: Ecosystem, m: pd.DataFrame, buyer_is_lo: pd.Series, services: np.ndarray
) -> pd.DataFrame:
    """The pair's share of the buyer's live spend on its main service, and concentration.

    ``m["service"]`` holds codes of the sorted ``services``; the result names them."""
    # Only the columns read here, so that the row selections below copy no others.
    m = m[["pair", "lo", "hi", "src", "dst", "agreement", "live", "value", "service"]]
    # Each row's pair numbered by its place among the pairs (sorted, as buyer_is_lo's):
    # the group keys below stay far below 2**63 whatever the numbers of organisations and
    # services.
    pair_code = buyer_is_lo.index.get_indexer(m["pair"].to_numpy())
    lo_buys = buyer_is_lo.to_numpy()[pair_code]
    lo, hi, src = m["lo"].to_numpy(), m["hi"].to_numpy(), m["src"].to_numpy()
    buyer = np.where(lo_buys, lo, hi)
    dominant = src == buyer  # the pair's dominant direction only
    live_value = np.where(m["live"].to_numpy(), m["value"].to_numpy(float), 0.0)
    rows = pd.DataFrame(
        {
            "buyer": buyer[dominant],
            "supplier": np.where(lo_buys, hi, lo)[dominant],
            "live_value": live_value[dominant],
            "agreement": m["agreement"].to_numpy()[dominant],
        }
    )
    # Group keys of one integer each instead of two or three columns: (pair, service) and
    # ((buyer, service), supplier) as one number (service codes from 0, missing -1: + 1).
    width = len(services) + 1
    n = len(eco.org_index)
    # The pair's main service: most live value, then most agreements, then name.
    per_service = rows.groupby(
        pair_code[dominant] * width + m["service"].to_numpy()[dominant] + 1, sort=True
    ).agg(
        buyer=("buyer", "first"),
        supplier=("supplier", "first"),
        value=("live_value", "sum"),
        n=("agreement", "size"),
    )
    pair, service = np.divmod(per_service.index.to_numpy(), width)
    order = np.lexsort(
        (service, -per_service["n"].to_numpy(), -per_service["value"].to_numpy(), pair)
    )
    first = order[np.r_[True, pair[order][1:] != pair[order][:-1]]] if len(order) else order
    main = per_service.iloc[first].set_axis(buyer_is_lo.index[pair[first]])
    main_code = service[first] - 1
    # The buyers' live market spend per service, over all their suppliers: each (buyer,
    # service) numbered by its place among them, times n, plus the supplier.
    live = m[m["live"].to_numpy()]
    blank = np.flatnonzero(services == "")
    live = live[live["service"].to_numpy() != (blank[0] if len(blank) else -1)]
    buyer_service = live["src"].to_numpy(np.int64) * width + live["service"].to_numpy() + 1
    group, buyer_services = pd.factorize(buyer_service, sort=True)
    spend = live["value"].groupby(group * n + live["dst"].to_numpy()).sum(min_count=1)
    spend_key = spend.index.to_numpy()
    totals = spend.groupby(spend_key // n).transform("sum")
    share = spend / totals.where(totals > 0)
    grouped = (share**2).groupby(spend_key // n)  # every (buyer, service) number, in order
    n_suppliers, hhi = grouped.size().to_numpy(), grouped.sum(min_count=1).to_numpy()
    out = pd.DataFrame(index=main.index)
    main_service = services[main_code]
    out["service"] = main_service
    key = main["buyer"].to_numpy(np.int64) * width + main_code + 1
    at = KeyIndex(buyer_services).find(key)
    out["n_suppliers"] = _at(n_suppliers, at)
    out["buyer_hhi"] = _at(hhi, at)
    supplier_at = np.where(at >= 0, at * n + main["supplier"].to_numpy(np.int64), -1)
    out["buyer_share"] = _at(share.to_numpy(), KeyIndex(spend_key).find(supplier_at))
    out["supplier_revenue_share"] = _revenue_share(eco, main)
    # Whether the main service is one of the buyer's needs: a look-up of (buyer, service)
    # among the organisations' (code, need) pairs, needs named by their service code.
    needs = pa.array(
        eco.organisations["needs"].to_numpy(dtype=object), type=pa.large_list(pa.large_string())
    )
    need_code = pc.index_in(pc.list_flatten(needs), value_set=pa.array(services, pa.large_string()))
    owner = pc.list_parent_indices(needs).to_numpy().astype(np.int64)
    need_code = need_code.fill_null(-1).to_numpy(zero_copy_only=False)
    needed = owner[need_code >= 0] * width + need_code[need_code >= 0] + 1
    out["core_need"] = is_in(key, needed) & (main_service != "")
    return out


def _at(values: np.ndarray, at: np.ndarray) -> np.ndarray:
    """``values[at]``, missing (NaN) where ``at`` is -1, as pandas' reindex gives them: whole
    numbers stay whole when none is missing."""
    if (at >= 0).all():
        return values[at]
    if not len(values):
        return np.full(len(at), np.nan)
    return np.where(at >= 0, values[np.maximum(at, 0)], np.nan)


def _revenue_share(eco: Ecosystem, main: pd.DataFrame) -> np.ndarray:
    """The pair's live value over the supplier's revenue, where organisations give one."""
    if "revenue" not in eco.organisations:
        return np.full(len(main), np.nan)
    revenue = pd.to_numeric(eco.organisations["revenue"], errors="coerce").to_numpy(float)
    supplier_revenue = revenue[main["supplier"].to_numpy(np.int64)]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = main["value"].to_numpy(float) / supplier_revenue
    return np.where((supplier_revenue > 0) & (main["value"] > 0), np.minimum(share, 1.0), np.nan)


def _contacts(eco: Ecosystem, m: pd.DataFrame) -> pd.DataFrame:
    """Distinct contact persons over all the pair's market agreements, past and present.

    A relationship is "carried by one person" when the same person carried every agreement
    of it; a change of contact over the years spreads the relationship over more people.
    """
    cells = eco.agreements["contacts"].to_numpy()[m["agreement"].to_numpy()]
    lists = pa.array(cells, type=pa.large_list(pa.large_string()))
    person, names = sorted_codes(pc.list_flatten(lists))
    pair = m["pair"].to_numpy()[pc.list_parent_indices(lists).to_numpy()]
    pair, person = _distinct_sorted(pair, person)
    starts = run_starts(pair)
    sizes = np.diff(np.r_[starts, len(pair)])
    # The first few people of each pair (in name order) as a tuple, from one list of names.
    shown = np.arange(len(pair)) - np.repeat(starts, sizes) < _LISTED_PEOPLE
    listed = names.take(pa.array(person[shown])).to_pylist()
    contacts = runs_as_tuples(listed, np.minimum(sizes, _LISTED_PEOPLE))
    return pd.DataFrame(
        {"n_contacts": sizes.astype(np.int64), "contacts": pd.Series(contacts, dtype=object)}
    ).set_axis(pair[starts])


def _score(pairs: pd.DataFrame, p: TieParams) -> pd.DataFrame:
    """The five signals in [0, 1] and their weighted mean."""
    has_market = pairs["market_agreements"] > 0
    n_contacts = pairs["n_contacts"].fillna(0)
    dependency = pairs["buyer_share"].copy()
    no_values = dependency.isna() & (pairs["n_suppliers"] > 0)
    dependency[no_values] = 1.0 / pairs.loc[no_values, "n_suppliers"]
    dependency = np.fmax(dependency.fillna(0.0), pairs["supplier_revenue_share"].fillna(0.0))
    signals = {
        "signal_duration": (pairs["duration_years"].fillna(0) / p.full_duration_years).clip(0, 1),
        "signal_renewals": (
            (pairs["successive_agreements"].fillna(1) - 1) / max(p.full_renewals, 1)
        ).clip(0, 1),
        "signal_dependency": dependency.clip(0, 1),
        "signal_person": np.select([n_contacts == 1, n_contacts == 2], [1.0, 0.5], 0.0),
        "signal_criticality": pairs["core_need"].fillna(False).astype(float),
    }
    weights = (
        p.weight_duration,
        p.weight_renewals,
        p.weight_dependency,
        p.weight_person,
        p.weight_criticality,
    )
    score = sum(
        w * np.asarray(s, dtype=float) for w, s in zip(weights, signals.values(), strict=True)
    )
    for name, values in signals.items():
        pairs[name] = np.where(has_market, np.round(np.asarray(values, dtype=float), 4), 0.0)
    pairs["score"] = np.where(has_market, np.round(score / p.total_weight, 4), 0.0)
    return pairs


def _classify(pairs: pd.DataFrame, p: TieParams) -> pd.DataFrame:
    active = pairs["n_live"] > 0
    live_market_only = (pairs["live_market"] > 0) & (pairs["live_hybrid"] == 0)
    pairs["active"] = active
    pairs["tie_class"] = np.select(
        [
            pairs["live_hierarchy"] > 0,
            pairs["live_hybrid"] > 0,
            active & live_market_only & (pairs["score"] >= p.implicit_threshold),
            active,
            pairs["hierarchy_agreements"] > 0,
            pairs["hybrid_agreements"] > 0,
        ],
        ["hierarchy", "alliance", "implicit", "market", "hierarchy", "alliance"],
        "market",
    )
    return pairs


def _orient_and_name(eco: Ecosystem, pairs: pd.DataFrame) -> pd.DataFrame:
    """org_a is the buyer where the pair has market agreements, else the first in the table."""
    lo_first = pairs["buyer_is_lo"].fillna(True).astype(bool).to_numpy()
    a = np.where(lo_first, pairs["lo"], pairs["hi"]).astype(np.int64)
    b = np.where(lo_first, pairs["hi"], pairs["lo"]).astype(np.int64)
    pairs["a_code"], pairs["b_code"] = a, b
    pairs["org_a"] = take(eco.org_index, a)
    pairs["org_b"] = take(eco.org_index, b)
    pairs["org_a_name"] = take(eco.organisations["name"], a)
    pairs["org_b_name"] = take(eco.organisations["name"], b)
    pairs["duration_years"] = pairs["duration_years"].round(2)
    for column in ("buyer_share", "buyer_hhi", "supplier_revenue_share"):
        pairs[column] = pairs[column].round(4)
    pairs["contacts"] = empty_tuples_for_missing(pairs["contacts"])
    pairs["n_contacts"] = pairs["n_contacts"].fillna(0).astype(np.int64)
    pairs["successive_agreements"] = pairs["successive_agreements"].fillna(0).astype(np.int64)
    pairs["n_suppliers"] = pairs["n_suppliers"].astype("Int64")
    pairs["service"] = pairs["service"].fillna("")
    pairs["renewal_chain"] = pairs["renewal_chain"].fillna("")
    pairs["core_need"] = pairs["core_need"].fillna(False).astype(bool)
    return pairs


# -- reasons -------------------------------------------------------------------------------

#: The sentences of the reasons, in English and Dutch (netorg.i18n). Counts of agreements,
#: people and partners are written as plain integers; shares, years and scores go through
#: ``percent`` and ``number`` for the decimal comma.
_TEXT: Final = {
    # tie_classes: the class sentences
    "inactive": {
        "en": "Inactive: no live agreement on {day}{when}.",
        "nl": "Inactief: geen lopende overeenkomst op {day}{when}.",
    },
    "inactive_when": {"en": " (the last ended {ended})", "nl": " (de laatste eindigde op {ended})"},
    "hierarchy": {"en": "Hierarchy: {listing}.", "nl": "Hiërarchische relatie: {listing}."},
    "alliance": {"en": "Alliance: {listing}.", "nl": "Alliantie: {listing}."},
    "implicit": {
        "en": "Implicit supplier-style tie: governed as purchasing but {evidence}; "
        "{score} reaches the threshold {threshold}.",
        "nl": "Impliciete samenwerking met een leverancier: beheerd als inkooprelatie, maar "
        "{evidence}; {score} bereikt de drempelwaarde van {threshold}.",
    },
    "market": {
        "en": "Market tie: {evidence}; {score} is below {threshold}.",
        "nl": "Marktrelatie: {evidence}; {score} ligt onder de drempelwaarde van {threshold}.",
    },
    "also_market": {
        "en": "Also market agreements: {listing}; {evidence}; {score}.",
        "nl": "Daarnaast een inkooprelatie: {listing}; {evidence}; {score}.",
    },
    "history": {
        "en": "History: {listing}; {evidence}; {score}.",
        "nl": "Voorgeschiedenis: {listing}; {evidence}; {score}.",
    },
    "score": {"en": "score {score}", "nl": "score {score}"},
    # tie_classes: the agreements of one form ("single": just one agreement)
    "listing": {
        "en": "{count} {noun} ({ids}{more}), {live} live",
        "nl": "{count} {noun} ({ids}{more}), waarvan {live} lopend",
    },
    "listing_none_live": {
        "en": "{count} {noun} ({ids}{more}), 0 live",
        "nl": "{count} {noun} ({ids}{more}), waarvan geen meer loopt",
    },
    "listing_single_live": {"en": "1 {noun} ({ids}), 1 live", "nl": "1 {noun} ({ids}), lopend"},
    "listing_single_ended": {
        "en": "1 {noun} ({ids}), 0 live",
        "nl": "1 {noun} ({ids}), niet meer lopend",
    },
    "listing_more": {"en": " and {n} more", "nl": " en nog {n}"},
    "noun_market_one": {"en": "market agreement", "nl": "marktovereenkomst"},
    "noun_market_many": {"en": "market agreements", "nl": "marktovereenkomsten"},
    "noun_hybrid_one": {"en": "hybrid agreement", "nl": "samenwerkingsovereenkomst"},
    "noun_hybrid_many": {"en": "hybrid agreements", "nl": "samenwerkingsovereenkomsten"},
    "noun_hierarchy_one": {"en": "hierarchy agreement", "nl": "eigendoms- of fusieovereenkomst"},
    "noun_hierarchy_many": {
        "en": "hierarchy agreements",
        "nl": "eigendoms- of fusieovereenkomsten",
    },
    # tie_classes: the evidence behind a market score
    "its_services": {"en": "its services", "nl": "de betrokken diensten"},
    "years": {
        "en": "{years} years since the first market agreement",
        "nl": "{years} jaar sinds de eerste marktovereenkomst",
    },
    "chain": {
        "en": "{n} successive agreements without a gap ({chain})",
        "nl": "{n} opeenvolgende overeenkomsten zonder onderbreking ({chain})",
    },
    "no_chain_one": {
        "en": "{n} market agreement(s), no renewal chain",
        "nl": "{n} marktovereenkomst, geen verlenging",
    },
    "no_chain_many": {
        "en": "{n} market agreement(s), no renewal chain",
        "nl": "{n} marktovereenkomsten, geen aaneengesloten verlengingen",
    },
    "buyer_share": {
        "en": "{share} of {buyer}'s live {service} spend",
        "nl": "{share} van de lopende uitgaven van {buyer} aan {service}",
    },
    "one_of_suppliers": {
        "en": "one of {n} live suppliers of {service} to {buyer} (no values given)",
        "nl": "een van {n} leveranciers van {service} aan {buyer} met een lopende overeenkomst "
        "(geen bedragen opgegeven)",
    },
    "only_supplier": {
        "en": "the only live supplier of {service} to {buyer} (no values given)",
        "nl": "de enige leverancier van {service} aan {buyer} met een lopende overeenkomst "
        "(geen bedragen opgegeven)",
    },
    "revenue_share": {
        "en": "{share} of {supplier}'s revenue",
        "nl": "{share} van de omzet van {supplier}",
    },
    "one_person": {
        "en": "carried by one person ({person})",
        "nl": "onderhouden door één contactpersoon ({person})",
    },
    "people": {
        "en": "carried by {n} people ({people})",
        "nl": "onderhouden door {n} contactpersonen ({people})",
    },
    "no_person": {"en": "no contact person recorded", "nl": "geen contactpersoon vastgelegd"},
    "core_need": {
        "en": "{service} is one of {buyer}'s needs",
        "nl": "{service} is een van de behoeften van {buyer}",
    },
    # latent_ties
    "latent": {
        "en": "No agreement between {a} and {b}, yet they {shared}; overlap {score}.",
        "nl": "Geen overeenkomst tussen {a} en {b}, maar ze {shared}; overlap {score}.",
    },
    "shared_partner": {
        "en": "share {n} partner ({examples})",
        "nl": "hebben {n} partner gemeen ({examples})",
    },
    "shared_partners": {
        "en": "share {n} partners ({examples})",
        "nl": "hebben {n} partners gemeen ({examples})",
    },
    "shared_consortium": {
        "en": "both take part in {n} multi-party agreement ({examples})",
        "nl": "nemen allebei deel aan {n} overeenkomst met meerdere partijen ({examples})",
    },
    "shared_consortia": {
        "en": "both take part in {n} multi-party agreements ({examples})",
        "nl": "nemen allebei deel aan {n} overeenkomsten met meerdere partijen ({examples})",
    },
}


#: Pairs whose reasons are written at once. Each template is filled for a chunk's pairs and
#: joined before the next chunk: at a million pairs, the templates' texts for all pairs at
#: once took more memory than the tie table itself.
REASON_CHUNK = 1 << 17


def _chunked_reasons(
    pairs: pd.DataFrame, p: TieParams, eco: Ecosystem
) -> pd.api.extensions.ExtensionArray:
    """:func:`_reasons` of :data:`REASON_CHUNK` pairs at a time, as one text column."""
    chunks = [
        _reasons(pairs.iloc[start : start + REASON_CHUNK], p, eco, eco.language)
        for start in range(0, len(pairs), REASON_CHUNK)
    ]
    return pa.chunked_array(chunks).to_pandas().array  # the chunks as they are: not copied


def _reasons(pairs: pd.DataFrame, p: TieParams, eco: Ecosystem, lang: str) -> pa.Array:
    """One reason per pair, built a template at a time (netorg.i18n's column functions),
    each filled in only for the pairs it applies to."""
    n = len(pairs)
    cls = pairs["tie_class"].to_numpy(dtype=object)
    active = pairs["active"].to_numpy(dtype=bool)
    ended = pa.array(pairs["last_end"].dt.strftime("%Y-%m-%d"), from_pandas=True)
    when = pc.fill_null(text_column_where(~active, _TEXT, "inactive_when", lang, ended=ended), "")
    inactive = text_column_where(
        ~active, _TEXT, "inactive", lang, day=eco.as_of.isoformat(), when=when
    )
    hierarchy = _listed(pairs, cls == "hierarchy", "hierarchy", HIERARCHY, lang)
    alliance = _listed(pairs, cls == "alliance", "alliance", HYBRID, lang)
    has_market = pairs["market_agreements"].to_numpy() != 0
    with_market = take_rows(pairs, np.flatnonzero(has_market))
    market = in_rows(has_market, _market_reasons(with_market, p, lang))
    return joined_column([inactive, hierarchy, alliance, market], " ", n)


def _market_reasons(pairs: pd.DataFrame, p: TieParams, lang: str) -> pa.Array:
    """The market sentence of pairs that have market agreements (the evidence, score and
    listing of only these: about a third of the pairs at 3 million)."""
    n = len(pairs)
    cls = pairs["tie_class"].to_numpy(dtype=object)
    active = pairs["active"].to_numpy(dtype=bool)
    fields: dict[str, Field] = {
        "evidence": _market_evidence(pairs, lang),
        "score": text_column(_TEXT, "score", lang, n, score=number_column(pairs["score"], lang, 2)),
        "threshold": number(p.implicit_threshold, lang, 2),
        "listing": _listing(pairs, MARKET, lang),
    }
    is_implicit, is_market = cls == "implicit", cls == "market"
    return pc.coalesce(
        text_column_where(is_implicit, _TEXT, "implicit", lang, **fields),
        text_column_where(is_market & active, _TEXT, "market", lang, **fields),
        text_column_where(~is_market & ~is_implicit, _TEXT, "also_market", lang, **fields),
        text_column_where(is_market & ~active, _TEXT, "history", lang, **fields),
    )


def _listed(pairs: pd.DataFrame, rows: np.ndarray, key: str, form: str, lang: str) -> pa.Array:
    """Template ``key`` with the listing of ``form`` in ``rows``, null elsewhere."""
    listing = _listing(take_rows(pairs, np.flatnonzero(rows)), form, lang)
    return in_rows(rows, text_column(_TEXT, key, lang, len(listing), listing=listing))


def _listing(pairs: pd.DataFrame, form: str, lang: str) -> pa.Array:
    """'5 market agreements (K0, K1, K2, K3, K4), 1 live', for every pair."""
    count = pairs[f"{form}_agreements"].to_numpy(dtype=np.int64)
    live = pairs[f"live_{form}"].to_numpy(dtype=np.int64)

    more = pc.fill_null(
        text_column_where(
            count > _LISTED_IDS, _TEXT, "listing_more", lang, n=int_column(count - _LISTED_IDS)
        ),
        "",
    )
    noun = where_column(
        count == 1,
        text(_TEXT, f"noun_{form}_one", lang),
        text(_TEXT, f"noun_{form}_many", lang),
    )
    fields: dict[str, Field] = {
        "count": int_column(count),
        "noun": noun,
        "ids": pa.array(pairs[f"{form}_ids"].array, type=pa.large_string(), from_pandas=True),
        "more": more,
        "live": int_column(live),
    }
    # Each of the four sentences is written only in its own rows.
    one, some_live = count == 1, live != 0
    return pc.coalesce(
        text_column_where(one & some_live, _TEXT, "listing_single_live", lang, **fields),
        text_column_where(one & ~some_live, _TEXT, "listing_single_ended", lang, **fields),
        text_column_where(~one & some_live, _TEXT, "listing", lang, **fields),
        text_column_where(~one & ~some_live, _TEXT, "listing_none_live", lang, **fields),
    )


def _market_evidence(pairs: pd.DataFrame, lang: str) -> pa.Array:
    """The figures behind each pair's market score, as one clause a planner can read aloud."""
    n = len(pairs)

    def fill(key: str, **fields: Field) -> pa.Array:
        return text_column(_TEXT, key, lang, n, **fields)

    buyer = pa.array(pairs["org_a_name"], type=pa.large_string())
    supplier = pa.array(pairs["org_b_name"], type=pa.large_string())
    named = pairs["service"].to_numpy(dtype=object) != ""
    service = where_column(
        named, pa.array(pairs["service"], type=pa.large_string()), text(_TEXT, "its_services", lang)
    )
    chain = pairs["successive_agreements"].to_numpy(dtype=np.int64)
    market = pairs["market_agreements"].to_numpy(dtype=np.int64)
    no_chain = where_column(
        market == 1,
        fill("no_chain_one", n=int_column(market)),
        fill("no_chain_many", n=int_column(market)),
    )
    renewals = fill(
        "chain",
        n=int_column(chain),
        chain=pa.array(pairs["renewal_chain"], type=pa.large_string()),
    )
    share = pairs["buyer_share"].to_numpy(dtype=np.float64)
    suppliers = pairs["n_suppliers"]
    many = suppliers.gt(1).fillna(False).to_numpy(dtype=bool)
    only = suppliers.eq(1).fillna(False).to_numpy(dtype=bool)
    fields: dict[str, Field] = {"buyer": buyer, "service": service, "supplier": supplier}
    spend = where_column(many, fill("one_of_suppliers", n=int_column(suppliers), **fields), None)
    spend = where_column(only, fill("only_supplier", **fields), spend)
    spend = where_column(
        ~np.isnan(share), fill("buyer_share", share=percent_column(share, lang), **fields), spend
    )
    revenue = pairs["supplier_revenue_share"].to_numpy(dtype=np.float64)
    revenue_part = where_column(
        ~np.isnan(revenue),
        fill("revenue_share", share=percent_column(revenue, lang), supplier=supplier),
    )
    n_people = pairs["n_contacts"].to_numpy(dtype=np.int64)
    # Arrow reads the tuples as lists as they are (a list copy of each first took four times
    # as long, by hand)
    contacts = pa.array(pairs["contacts"].to_numpy(dtype=object), type=pa.list_(pa.large_string()))
    people = pc.binary_join(contacts, _SEPARATOR)
    cut = n_people > pc.list_value_length(contacts).to_numpy(zero_copy_only=False)
    people = where_column(
        cut, pc.binary_join_element_wise(people, text_scalar(", ..."), text_scalar("")), people
    )
    person = where_column(
        n_people > 1,
        fill("people", n=int_column(n_people), people=people),
        fill("no_person"),
    )
    person = where_column(n_people == 1, fill("one_person", person=people), person)
    core = where_column(pairs["core_need"].to_numpy(dtype=bool), fill("core_need", **fields))
    parts = [
        fill("years", years=number_column(pairs["duration_years"], lang, 1)),
        where_column(chain > 1, renewals, no_chain),
        spend,
        revenue_part,
        person,
        core,
    ]
    return joined_column(parts, ", ", n)


_SEPARATOR: Final = pa.scalar(", ", type=pa.large_string())


def latent_ties(eco: Ecosystem, **params: Any) -> pd.DataFrame:
    """Pairs with no agreement between them that share many partners or consortia.

    Two organisations that buy from the same suppliers, serve the same clients and sit in
    the same consortia often work together without any agreement on paper. A pair is listed
    when it has no agreement at all (live, ended or planned) and shares at least
    ``latent_min_shared`` partners or multi-party agreements, with a Jaccard overlap of their
    partner sets of at least ``latent_min_jaccard``. Partners with more than
    ``latent_hub_degree`` live ties are not counted as shared.

    Returns
    -------
    DataFrame
        org_a, org_b, org_a_name, org_b_name, shared_partners, shared_consortia, jaccard,
        score (the Jaccard overlap, with shared consortia counted as shared partners),
        partners (up to five shared partners by id), consortia, reasons (in
        ``eco.language``); strongest first.

    Examples
    --------
    >>> import netorg
    >>> latent = netorg.latent_ties(netorg.datasets.load("zorgregio"))
    >>> list(latent.columns[:3])
    ['org_a', 'org_b', 'org_a_name']
    """
    p = with_overrides(eco.config.ties, params)
    n = len(eco.org_index)
    graph = tie_graph(eco)
    degree = np.asarray(graph.degree(), dtype=np.int64)
    ends = edge_array(graph)
    # Shared partners: every pair of neighbours of a partner w with few enough ties.
    w = np.concatenate([ends[:, 0], ends[:, 1]])
    x = np.concatenate([ends[:, 1], ends[:, 0]])
    small = degree[w] <= p.latent_hub_degree
    partner_groups = (w[small], x[small])
    # Shared consortia: multi-party agreements both take part in.
    agreement, org = eco.party_codes
    a_table = eco.agreements
    multi = (a_table["n_parties"].to_numpy()[agreement] > 2) & (
        a_table["status"].to_numpy(dtype=object)[agreement] != "proposed"
    )
    consortium_groups = (agreement[multi].astype(np.int64), org[multi].astype(np.int64))
    consortium_keys, consortium_counts = co_occurrences(*consortium_groups, n)
    # The pairs that share enough partners and consortia together, counted in one go: each
    # shared consortium is one more key of its pair. Most pairs share one partner, and
    # are dropped before they take any array of their own.
    keys, together = co_occurrences(
        *partner_groups,
        n,
        at_least=p.latent_min_shared,
        extra=np.repeat(consortium_keys, consortium_counts),
    )
    shared_consortia = np.zeros(len(keys), dtype=np.int64)
    if len(consortium_keys):
        at = np.minimum(np.searchsorted(consortium_keys, keys), len(consortium_keys) - 1)
        found = consortium_keys[at] == keys
        shared_consortia[found] = consortium_counts[at[found]]
    shared_partners = together - shared_consortia
    a, b = keys // n, keys % n
    union = degree[a] + degree[b] - shared_partners
    jaccard = np.where(union > 0, shared_partners / np.maximum(union, 1), 0.0)
    score = np.minimum(1.0, together / np.maximum(union + shared_consortia, 1))
    keep = np.maximum(jaccard, score) >= p.latent_min_jaccard
    # Drop pairs with any agreement between them.
    e = eco.edges
    lo = np.minimum(e["source_code"], e["target_code"]).to_numpy(np.int64)
    hi = np.maximum(e["source_code"], e["target_code"]).to_numpy(np.int64)
    tied = distinct(lo * n + hi)
    kept = keys[keep]
    at = np.minimum(np.searchsorted(tied, kept), max(len(tied) - 1, 0))
    keep[keep] = tied[at] != kept if len(tied) else True
    if not keep.any():
        return _empty_latent()
    out = pd.DataFrame(
        {
            "a": a[keep],
            "b": b[keep],
            "shared_partners": shared_partners[keep],
            "shared_consortia": shared_consortia[keep],
            "jaccard": np.round(jaccard[keep], 4),
            "score": np.round(score[keep], 4),
        }
    )
    out["org_a"] = take(eco.org_index, out["a"].to_numpy())
    out["org_b"] = take(eco.org_index, out["b"].to_numpy())
    out["org_a_name"] = take(eco.organisations["name"], out["a"].to_numpy())
    out["org_b_name"] = take(eco.organisations["name"], out["b"].to_numpy())
    out["partners"] = _examples(*partner_groups, out, eco.org_index.to_numpy())
    out["consortia"] = _examples(*consortium_groups, out, eco.agreement_index.to_numpy())
    lang = eco.language
    out["reasons"] = _latent_reasons(out, lang).to_pandas().array
    out = out.sort_values(
        ["score", "shared_partners", "org_a", "org_b"], ascending=[False, False, True, True]
    )
    return out[_LATENT_COLUMNS].reset_index(drop=True)


_LATENT_COLUMNS = [
    "org_a",
    "org_b",
    "org_a_name",
    "org_b_name",
    "shared_partners",
    "shared_consortia",
    "jaccard",
    "score",
    "partners",
    "consortia",
    "reasons",
]


def _empty_latent() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in _LATENT_COLUMNS})


def _examples(
    group: np.ndarray, member: np.ndarray, out: pd.DataFrame, names: np.ndarray
) -> list[tuple[str, ...]]:
    """Up to five shared groups per pair in ``out``, by name, sorted.

    Every group of either organisation of a pair becomes a key ``pair * G + group``; the
    keys found on both sides are the shared groups, ordered by their names' ranks."""
    if len(group) == 0 or out.empty:
        return [()] * len(out)
    n_groups = int(group.max()) + 1
    rows = distinct(member.astype(np.int64) * n_groups + group)  # each member's groups, once
    by_member, groups = rows // n_groups, rows % n_groups

    def keys_of(side: np.ndarray) -> np.ndarray:
        start = np.searchsorted(by_member, side)
        sizes = np.searchsorted(by_member, side, side="right") - start
        keys = [
            pair * n_groups + groups[start[pair] + within]
            for pair, within in expanded(sizes, PAIRS_AT_A_TIME)
        ]
        return np.concatenate(keys) if keys else np.empty(0, dtype=np.int64)

    common = np.intersect1d(
        keys_of(out["a"].to_numpy(np.int64)),
        keys_of(out["b"].to_numpy(np.int64)),
        assume_unique=True,  # each side's keys are distinct (pair, group) rows
    )
    pair, shared = common // n_groups, common % n_groups
    # Names sort as Python sorts str; only the groups that are shared need a rank.
    used, inverse = np.unique(shared, return_inverse=True)
    used_names = pa.array(names[used].astype(str), type=pa.large_string())
    _, rank = text_ranks(used_names)
    order = np.lexsort((rank[inverse], pair))
    pair, shared = pair[order], shared[order]
    first = np.searchsorted(pair, pair)  # where each pair's run starts
    shown = np.arange(len(pair)) - first < 5
    pair, shown_names = pair[shown], names[shared[shown]].astype(str).tolist()
    bounds = np.searchsorted(pair, np.arange(len(out) + 1)).tolist()
    return [tuple(shown_names[i:j]) for i, j in itertools.pairwise(bounds)]


def _latent_reasons(out: pd.DataFrame, lang: str) -> pa.Array:
    """The reason of every latent pair, a template at a time over all rows."""

    def shared(count: str, examples: str, one: str, many: str) -> pa.Array:
        n = out[count].to_numpy(np.int64)
        listed = pc.binary_join(
            pa.array(out[examples].to_numpy(dtype=object), type=pa.list_(pa.large_string())),
            text_scalar(", "),
        )
        fields: dict[str, Field] = {"n": int_column(n), "examples": listed}
        return pc.coalesce(
            text_column_where(n == 1, _TEXT, one, lang, **fields),
            text_column_where(n > 1, _TEXT, many, lang, **fields),
        )

    partners = shared("shared_partners", "partners", "shared_partner", "shared_partners")
    consortia = shared("shared_consortia", "consortia", "shared_consortium", "shared_consortia")
    return text_column(
        _TEXT, "latent", lang, len(out),
        a=pa.array(out["org_a_name"].to_numpy(dtype=object), type=pa.large_string()),
        b=pa.array(out["org_b_name"].to_numpy(dtype=object), type=pa.large_string()),
        # "P and C" as join_and writes two items
        shared=joined_column([partners, consortia], join_and(["", ""], lang), len(out)),
        score=number_column(out["score"].to_numpy(float), lang, 2),
    )  # fmt: skip
