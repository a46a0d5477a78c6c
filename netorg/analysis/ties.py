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

from typing import Any, Final

import numpy as np
import pandas as pd

from netorg._codes import take
from netorg.i18n import join_and, number, percent, text
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
    rows = _pair_rows(eco)
    if rows.empty:
        return _empty_result()
    pairs = _pair_summary(eco, rows)
    market = _market_signals(eco, rows[rows["form"] == MARKET], p)
    pairs = pairs.join(market, how="left")
    pairs = _score(pairs, p)
    pairs = _classify(pairs, p)
    pairs = _orient_and_name(eco, pairs)
    pairs["reasons"] = _reasons(pairs, p, eco, eco.language) if reasons else ""
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
    return pairs.iloc[order][_COLUMNS].reset_index(drop=True)


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


def _pair_rows(eco: Ecosystem) -> pd.DataFrame:
    """One row per agreement and pair it links, for the agreements that count."""
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
            "service": a["service"].to_numpy()[code],
        }
    )


def _pair_summary(eco: Ecosystem, rows: pd.DataFrame) -> pd.DataFrame:
    """Counts, types, forms and dates per pair, over all agreements that count."""
    g = rows.groupby("pair", sort=True)
    out = pd.DataFrame(
        {
            "lo": g["lo"].first(),
            "hi": g["hi"].first(),
            "n_agreements": g.size(),
            "n_live": g["live"].sum(),
            "first_start": g["start"].min(),
            "last_end": g["end"].max(),
            "open_ended": rows["end"].isna().groupby(rows["pair"]).any(),
            "live_value": rows["value"].where(rows["live"], 0.0).groupby(rows["pair"]).sum(),
        }
    )
    for form, column in ((MARKET, "market"), (HYBRID, "hybrid"), (HIERARCHY, "hierarchy")):
        is_form = rows["form"] == form
        out[f"{column}_agreements"] = is_form.groupby(rows["pair"]).sum()
        out[f"live_{column}"] = (is_form & rows["live"]).groupby(rows["pair"]).sum()
    out["types"] = _joined_types(rows)
    # Up to five agreement ids per form, for the reasons.
    ids = take(eco.agreement_index, rows["agreement"].to_numpy())
    listed = pd.DataFrame({"pair": rows["pair"], "form": rows["form"], "id": ids.to_numpy()})
    for form in (MARKET, HYBRID, HIERARCHY):
        of_form = listed[listed["form"] == form]
        out[f"{form}_ids"] = _first_joined(of_form, "pair", "id", _LISTED_IDS, ", ")
    return out


#: How many agreement ids a reason lists per form, and contact persons per tie.
_LISTED_IDS = 5
_LISTED_PEOPLE = 3


def _joined_types(rows: pd.DataFrame) -> pd.Series:
    """The distinct agreement types of each pair, sorted and ``;``-joined.

    Types are few, so each pair's set is a bit mask, or-ed over the pair's sorted rows in
    one numpy call; only the distinct masks become text.
    """
    names, codes = np.unique(rows["type"].to_numpy(dtype=object).astype(str), return_inverse=True)
    order = np.argsort(rows["pair"].to_numpy(), kind="stable")
    pair = rows["pair"].to_numpy()[order]
    bits = np.left_shift(np.int64(1), codes.astype(np.int64))[order]
    starts = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
    masks = np.bitwise_or.reduceat(bits, starts)
    labels = {
        int(m): ";".join(names[[i for i in range(len(names)) if int(m) >> i & 1]])
        for m in np.unique(masks)
    }
    return pd.Series([labels[int(m)] for m in masks], index=pair[starts], dtype=object)


def _first_joined(frame: pd.DataFrame, key: str, value: str, limit: int, sep: str) -> pd.Series:
    """Per key, its first ``limit`` distinct values in sorted order, joined with ``sep``."""
    frame = frame[[key, value]].drop_duplicates().sort_values([key, value])
    rank = frame.groupby(key).cumcount()
    frame = frame[rank < limit].assign(rank=rank[rank < limit])
    wide = frame.pivot(index=key, columns="rank", values=value)
    if wide.empty:
        return pd.Series(dtype=object)
    joined = wide[0].astype(str)
    for column in wide.columns[1:]:
        nxt = wide[column]
        joined = joined.where(nxt.isna(), joined + sep + nxt.fillna("").astype(str))
    return joined


def _market_signals(eco: Ecosystem, m: pd.DataFrame, p: TieParams) -> pd.DataFrame:
    """Duration, renewals, dependency, person and criticality for pairs with market agreements."""
    if m.empty:
        return pd.DataFrame(columns=_MARKET_COLUMNS, index=pd.Index([], name="pair"))
    # The buyer: the side the pair's market agreements mostly run from.
    forward = (m["src"] == m["lo"]).groupby(m["pair"]).sum()
    backward = (m["src"] != m["lo"]).groupby(m["pair"]).sum()
    out = pd.DataFrame({"buyer_is_lo": forward >= backward})
    first = m.groupby("pair")["start"].min()
    until = m.groupby("pair")["until"].max()
    out["duration_years"] = ((until - first).dt.days / _DAYS_PER_YEAR).clip(lower=0).fillna(0.0)
    out = out.join(_renewal_chains(eco, m, p))
    out = out.join(_dependency(eco, m, out["buyer_is_lo"]))
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
    dated = m[m["start"].notna()].sort_values(["pair", "service", "start", "agreement"])
    if dated.empty:
        return pd.DataFrame(columns=["successive_agreements", "renewal_chain"])
    group = ["pair", "service"]
    covered = dated.groupby(group)["until"].cummax()
    previous = covered.groupby([dated["pair"], dated["service"]]).shift()
    gap = pd.Timedelta(days=p.renewal_gap_days)
    new_chain = previous.isna() | (dated["start"] > previous + gap)
    chain = new_chain.cumsum().to_numpy()
    ids = take(eco.agreement_index, dated["agreement"].to_numpy()).to_numpy()
    chains = pd.DataFrame(
        {"pair": dated["pair"].to_numpy(), "chain": chain, "id": ids, "start": dated["start"]}
    ).groupby("chain").agg(
        pair=("pair", "first"), size=("id", "size"), first=("id", "first"), last=("id", "last"),
        latest=("start", "max"),
    )  # fmt: skip
    # Per pair the longest chain; among equals the most recent.
    best = chains.sort_values(["pair", "size", "latest"], ascending=[True, False, False])
    best = best.drop_duplicates("pair").set_index("pair")
    label = np.where(best["size"] > 1, best["first"] + ".." + best["last"], best["first"])
    return pd.DataFrame(
        {"successive_agreements": best["size"], "renewal_chain": label}, index=best.index
    )


def _dependency(eco: Ecosystem, m: pd.DataFrame, buyer_is_lo: pd.Series) -> pd.DataFrame:
    """The pair's share of the buyer's live spend on its main service, and concentration."""
    lo_buys = buyer_is_lo.reindex(m["pair"]).to_numpy()
    buyer = np.where(lo_buys, m["lo"], m["hi"])
    supplier = np.where(lo_buys, m["hi"], m["lo"])
    rows = m.assign(buyer=buyer, supplier=supplier)
    rows = rows[(rows["src"] == rows["buyer"])]  # the pair's dominant direction only
    # The pair's main service: most live value, then most agreements, then name.
    rows = rows.assign(live_value=rows["value"].where(rows["live"], 0.0))
    per_service = rows.groupby(["pair", "service"], sort=True).agg(
        buyer=("buyer", "first"),
        supplier=("supplier", "first"),
        value=("live_value", "sum"),
        n=("agreement", "size"),
    )
    per_service = per_service.reset_index().sort_values(
        ["pair", "value", "n", "service"], ascending=[True, False, False, True]
    )
    main = per_service.drop_duplicates("pair").set_index("pair")
    # The buyers' live market spend per service, over all their suppliers.
    live = m[m["live"]].assign(buyer=m["src"], supplier=m["dst"])
    live = live[live["service"] != ""]
    spend = live.groupby(["buyer", "service", "supplier"])["value"].sum(min_count=1)
    frame = spend.rename("value").reset_index()
    totals = frame.groupby(["buyer", "service"])["value"].transform("sum")
    frame["share"] = frame["value"] / totals.where(totals > 0)
    frame["share_squared"] = frame["share"] ** 2
    grouped = frame.groupby(["buyer", "service"])
    market = pd.DataFrame(
        {"n_suppliers": grouped.size(), "hhi": grouped["share_squared"].sum(min_count=1)}
    )
    key = pd.MultiIndex.from_arrays([main["buyer"], main["service"]])
    out = pd.DataFrame(index=main.index)
    out["service"] = main["service"]
    out["n_suppliers"] = market["n_suppliers"].reindex(key).to_numpy()
    out["buyer_hhi"] = market["hhi"].reindex(key).to_numpy()
    pair_key = pd.MultiIndex.from_arrays([main["buyer"], main["service"], main["supplier"]])
    shares = frame.set_index(["buyer", "service", "supplier"])["share"]
    out["buyer_share"] = shares.reindex(pair_key).to_numpy()
    out["supplier_revenue_share"] = _revenue_share(eco, main)
    needs = eco.organisations["needs"].to_numpy()
    out["core_need"] = [
        bool(service) and service in needs[b]
        for b, service in zip(main["buyer"], main["service"], strict=True)
    ]
    return out


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
    people = pd.DataFrame(
        {
            "pair": m["pair"].to_numpy(),
            "person": eco.agreements["contacts"].to_numpy()[m["agreement"].to_numpy()],
        }
    ).explode("person")
    people = people.dropna().drop_duplicates()
    return pd.DataFrame(
        {
            "n_contacts": people.groupby("pair").size(),
            "contacts": _first_joined(people, "pair", "person", _LISTED_PEOPLE, ";").map(
                lambda joined: tuple(joined.split(";"))
            ),
        }
    )


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
    pairs["org_a"] = take(eco.org_index, a).to_numpy()
    pairs["org_b"] = take(eco.org_index, b).to_numpy()
    pairs["org_a_name"] = take(eco.organisations["name"], a).to_numpy()
    pairs["org_b_name"] = take(eco.organisations["name"], b).to_numpy()
    pairs["duration_years"] = pairs["duration_years"].round(2)
    for column in ("buyer_share", "buyer_hhi", "supplier_revenue_share"):
        pairs[column] = pairs[column].round(4)
    pairs["contacts"] = pairs["contacts"].map(lambda c: c if isinstance(c, tuple) else ())
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


def _reasons(pairs: pd.DataFrame, p: TieParams, eco: Ecosystem, lang: str) -> list[str]:
    """One reason per pair, from plain Python lists (a million pairs take a few seconds)."""
    day = eco.as_of.isoformat()
    threshold = number(p.implicit_threshold, lang, 2)
    columns = {
        name: pairs[name].to_numpy(dtype=object).tolist()
        for name in (
            "tie_class", "active", "score", "org_a_name", "org_b_name", "service",
            "duration_years", "successive_agreements", "renewal_chain", "buyer_share",
            "n_suppliers", "supplier_revenue_share", "n_contacts", "contacts", "core_need",
            *(f"{form}_{what}" for form in (MARKET, HYBRID, HIERARCHY)
              for what in ("agreements", "ids")),
            *(f"live_{form}" for form in (MARKET, HYBRID, HIERARCHY)),
        )
    }  # fmt: skip
    last_end = pairs["last_end"].dt.strftime("%Y-%m-%d").to_numpy(dtype=object).tolist()
    reasons = []
    for i, cls in enumerate(columns["tie_class"]):
        parts = []
        if not columns["active"][i]:
            ended = last_end[i]
            when = text(_TEXT, "inactive_when", lang, ended=ended) if isinstance(ended, str) else ""
            parts.append(text(_TEXT, "inactive", lang, day=day, when=when))
        if cls == "hierarchy":
            parts.append(
                text(_TEXT, "hierarchy", lang, listing=_listing(columns, HIERARCHY, i, lang))
            )
        elif cls == "alliance":
            parts.append(text(_TEXT, "alliance", lang, listing=_listing(columns, HYBRID, i, lang)))
        if columns["market_agreements"][i]:
            evidence = _market_evidence(columns, i, lang)
            score = text(_TEXT, "score", lang, score=number(columns["score"][i], lang, 2))
            if cls == "implicit":
                parts.append(
                    text(
                        _TEXT, "implicit", lang, evidence=evidence, score=score, threshold=threshold
                    )
                )
            elif cls == "market" and columns["active"][i]:
                parts.append(
                    text(_TEXT, "market", lang, evidence=evidence, score=score, threshold=threshold)
                )
            else:
                key = "also_market" if cls != "market" else "history"
                listing = _listing(columns, MARKET, i, lang)
                parts.append(
                    text(_TEXT, key, lang, listing=listing, evidence=evidence, score=score)
                )
        reasons.append(" ".join(parts))
    return reasons


def _listing(columns: dict[str, list[Any]], form: str, i: int, lang: str) -> str:
    """'5 market agreements (K0, K1, K2, K3, K4), 1 live'."""
    count = int(columns[f"{form}_agreements"][i])
    live = int(columns[f"live_{form}"][i])
    more = text(_TEXT, "listing_more", lang, n=count - _LISTED_IDS) if count > _LISTED_IDS else ""
    noun = text(_TEXT, f"noun_{form}_{'one' if count == 1 else 'many'}", lang)
    if count == 1:
        key = "listing_single_live" if live else "listing_single_ended"
    else:
        key = "listing" if live else "listing_none_live"
    ids = columns[f"{form}_ids"][i]
    return text(_TEXT, key, lang, count=count, noun=noun, ids=ids, more=more, live=live)


def _market_evidence(columns: dict[str, list[Any]], i: int, lang: str) -> str:
    """The figures behind a pair's market score, as one clause a planner can read aloud."""
    buyer = columns["org_a_name"][i]
    service = columns["service"][i] or text(_TEXT, "its_services", lang)
    pieces = [text(_TEXT, "years", lang, years=number(columns["duration_years"][i], lang, 1))]
    chain = columns["successive_agreements"][i]
    if chain > 1:
        pieces.append(text(_TEXT, "chain", lang, n=chain, chain=columns["renewal_chain"][i]))
    else:
        n = columns["market_agreements"][i]
        pieces.append(text(_TEXT, "no_chain_one" if n == 1 else "no_chain_many", lang, n=n))
    share, suppliers = columns["buyer_share"][i], columns["n_suppliers"][i]
    if share == share:  # not NaN
        pieces.append(
            text(
                _TEXT, "buyer_share", lang, share=percent(share, lang), buyer=buyer, service=service
            )
        )
    elif suppliers is not pd.NA and suppliers > 1:
        pieces.append(
            text(_TEXT, "one_of_suppliers", lang, n=suppliers, service=service, buyer=buyer)
        )
    elif suppliers is not pd.NA and suppliers == 1:
        pieces.append(text(_TEXT, "only_supplier", lang, service=service, buyer=buyer))
    revenue = columns["supplier_revenue_share"][i]
    if revenue == revenue:
        supplier = columns["org_b_name"][i]
        pieces.append(
            text(_TEXT, "revenue_share", lang, share=percent(revenue, lang), supplier=supplier)
        )
    people, n_people = columns["contacts"][i], columns["n_contacts"][i]
    if n_people == 1:
        pieces.append(text(_TEXT, "one_person", lang, person=people[0]))
    elif n_people > 1:
        more = ", ..." if n_people > len(people) else ""
        listed = ", ".join(people) + more
        pieces.append(text(_TEXT, "people", lang, n=n_people, people=listed))
    else:
        pieces.append(text(_TEXT, "no_person", lang))
    if columns["core_need"][i]:
        pieces.append(text(_TEXT, "core_need", lang, service=service, buyer=buyer))
    return ", ".join(pieces)


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
    ends = np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    # Shared partners: every pair of neighbours of a partner w with few enough ties.
    adjacency = pd.DataFrame(
        {
            "w": np.concatenate([ends[:, 0], ends[:, 1]]),
            "x": np.concatenate([ends[:, 1], ends[:, 0]]),
        }
    )
    adjacency = adjacency[degree[adjacency["w"].to_numpy()] <= p.latent_hub_degree]
    shared = _co_occurrences(adjacency, "w", "x", n)
    # Shared consortia: multi-party agreements both take part in.
    agreement, org = eco.party_codes
    members = pd.DataFrame({"agreement": agreement, "org": org})
    multi = members[(eco.agreements["n_parties"].to_numpy()[members["agreement"]] > 2)]
    multi = multi[eco.agreements["status"].to_numpy()[multi["agreement"]] != "proposed"]
    consortia = _co_occurrences(multi, "agreement", "org", n)
    counts = pd.concat(
        [shared["count"].rename("shared_partners"), consortia["count"].rename("shared_consortia")],
        axis=1,
    ).fillna(0)
    if counts.empty:
        return _empty_latent()
    # Drop pairs with any agreement between them.
    e = eco.edges
    lo = np.minimum(e["source_code"], e["target_code"]).to_numpy(np.int64)
    hi = np.maximum(e["source_code"], e["target_code"]).to_numpy(np.int64)
    counts = counts[~counts.index.isin(lo * n + hi)]
    a = (counts.index.to_numpy() // n).astype(np.int64)
    b = (counts.index.to_numpy() % n).astype(np.int64)
    together = counts["shared_partners"].to_numpy() + counts["shared_consortia"].to_numpy()
    union = degree[a] + degree[b] - counts["shared_partners"].to_numpy()
    jaccard = np.where(union > 0, counts["shared_partners"].to_numpy() / np.maximum(union, 1), 0.0)
    score = np.minimum(
        1.0,
        together / np.maximum(union + counts["shared_consortia"].to_numpy(), 1),
    )
    keep = (together >= p.latent_min_shared) & (np.maximum(jaccard, score) >= p.latent_min_jaccard)
    if not keep.any():
        return _empty_latent()
    out = pd.DataFrame(
        {
            "a": a[keep],
            "b": b[keep],
            "shared_partners": counts["shared_partners"].to_numpy()[keep].astype(np.int64),
            "shared_consortia": counts["shared_consortia"].to_numpy()[keep].astype(np.int64),
            "jaccard": np.round(jaccard[keep], 4),
            "score": np.round(score[keep], 4),
        }
    )
    out["org_a"] = take(eco.org_index, out["a"].to_numpy()).to_numpy()
    out["org_b"] = take(eco.org_index, out["b"].to_numpy()).to_numpy()
    out["org_a_name"] = take(eco.organisations["name"], out["a"].to_numpy()).to_numpy()
    out["org_b_name"] = take(eco.organisations["name"], out["b"].to_numpy()).to_numpy()
    out["partners"] = _examples(adjacency, "w", "x", out, eco.org_index.to_numpy())
    out["consortia"] = _examples(multi, "agreement", "org", out, eco.agreement_index.to_numpy())
    lang = eco.language
    out["reasons"] = [_latent_reason(r, lang) for r in out.to_dict("records")]
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


def _co_occurrences(frame: pd.DataFrame, group: str, member: str, n: int) -> pd.DataFrame:
    """How many groups each pair of members shares, keyed by ``lo * n + hi``."""
    pairs = frame[[group, member]].drop_duplicates()
    joined = pairs.merge(pairs, on=group, suffixes=("_a", "_b"))
    joined = joined[joined[f"{member}_a"] < joined[f"{member}_b"]]
    key = joined[f"{member}_a"].to_numpy(np.int64) * n + joined[f"{member}_b"].to_numpy(np.int64)
    return pd.Series(key).value_counts().rename("count").to_frame()


def _examples(
    frame: pd.DataFrame, group: str, member: str, out: pd.DataFrame, names: np.ndarray
) -> list[tuple[str, ...]]:
    """Up to five shared groups per pair in ``out``, by name, sorted."""
    if frame.empty or out.empty:
        return [()] * len(out)
    sets = frame.groupby(member)[group].agg(frozenset)
    empty: frozenset[int] = frozenset()
    result = []
    for a, b in zip(out["a"], out["b"], strict=True):
        common = sets.get(a, empty) & sets.get(b, empty)
        result.append(tuple(sorted(str(names[c]) for c in common))[:5])
    return result


def _latent_reason(r: dict[str, Any], lang: str) -> str:
    shared = []
    if r["shared_partners"]:
        n = r["shared_partners"]
        key = "shared_partner" if n == 1 else "shared_partners"
        shared.append(text(_TEXT, key, lang, n=n, examples=", ".join(r["partners"])))
    if r["shared_consortia"]:
        n = r["shared_consortia"]
        key = "shared_consortium" if n == 1 else "shared_consortia"
        shared.append(text(_TEXT, key, lang, n=n, examples=", ".join(r["consortia"])))
    return text(
        _TEXT,
        "latent",
        lang,
        a=r["org_a_name"],
        b=r["org_b_name"],
        shared=join_and(shared, lang),
        score=number(r["score"], lang, 2),
    )
