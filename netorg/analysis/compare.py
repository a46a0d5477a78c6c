"""What changed between two snapshots of an ecosystem, and how the network moved over time.

:func:`compare` takes two ecosystems, usually last year's and this year's workbook, and
lists what was added, ended and changed: organisations, agreements (with renewals told
apart from real changes), ties that changed class, alliance clusters that formed, merged,
split or dissolved (matched by member overlap), risks that appeared or were resolved, and
the network-level measures before and after (Provan, Fish & Sydow 2007, "Interorganizational
networks at the network level", Journal of Management 33, who follow such measures from one
snapshot to the next).

:func:`timeline` replays one ecosystem at several dates from its agreements' own start and
end dates: the measures, the number of clusters, implicit ties and risk findings per date.

Both are deterministic. The matching rules and their thresholds (the constants below) are
explained in docs/methodology.md ("Change over time").
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final, NamedTuple, TypeVar

import numpy as np
import pandas as pd

from netorg._codes import distinct
from netorg._worker import Job, result_or
from netorg.analysis.clusters import alliance_clusters, clustering
from netorg.analysis.risks import dependency_risks
from netorg.analysis.ties import tie_table
from netorg.i18n import join_and, text
from netorg.model import Ecosystem, to_date
from netorg.stats import network_measures

__all__ = ["Comparison", "compare", "timeline"]

#: Organisation columns whose change is reported.
ORG_FIELDS: Final = ("name", "type", "region", "size", "capabilities", "needs", "goals")
#: Agreement columns whose change is reported.
AGREEMENT_FIELDS: Final = ("type", "parties", "start", "end", "value", "service", "status")
#: Keys of an agreement when ids are not stable (see :func:`compare`).
CONTENT_KEY: Final = ("type", "parties", "start", "service")
#: Cluster matching: a share of an old cluster's members at least this counts as a part.
PART_SHARE: Final = 0.25
#: ... and at least this as most of it (continued, or merged into one new cluster).
MOST_SHARE: Final = 0.5
#: A renewal: the successor starts at most this many days after the predecessor ends.
RENEWAL_GAP_DAYS: Final = 31

_TEXT: Final = {
    "org_added": {"en": "{name} appears in the new data.", "nl": "{name} komt nieuw voor."},
    "org_ended": {"en": "{name} is no longer in the data.", "nl": "{name} komt niet meer voor."},
    "org_changed": {
        "en": "{name}: {fields} changed ({changes}).",
        "nl": "{name}: {fields} gewijzigd ({changes}).",
    },
    "ag_added": {
        "en": "New {type} {id} between {parties}.",
        "nl": "Nieuw: {type} {id} tussen {parties}.",
    },
    "ag_removed": {
        "en": "{type} {id} between {parties} is no longer in the data.",
        "nl": "{type} {id} tussen {parties} staat niet meer in de gegevens.",
    },
    "ag_ended": {
        "en": "{type} {id} between {parties} ended (live on {old}, not on {new}).",
        "nl": "{type} {id} tussen {parties} is afgelopen (liep op {old}, niet meer op {new}).",
    },
    "ag_started": {
        "en": "{type} {id} between {parties} started (not live on {old}, live on {new}).",
        "nl": "{type} {id} tussen {parties} is begonnen (liep niet op {old}, wel op {new}).",
    },
    "ag_changed": {
        "en": "{type} {id}: {fields} changed ({changes}).",
        "nl": "{type} {id}: {fields} gewijzigd ({changes}).",
    },
    "ag_renewed": {
        "en": "{type} {id} between {parties} was renewed as {successor}: the collaboration "
        "continues, not a change.",
        "nl": "{type} {id} tussen {parties} is verlengd als {successor}: de samenwerking "
        "loopt door, geen wijziging.",
    },
    "tie_new": {
        "en": "New {cls} tie between {a} and {b}.",
        "nl": "Nieuwe relatie ({cls}) tussen {a} en {b}.",
    },
    "tie_ended": {
        "en": "The {cls} tie between {a} and {b} lapsed: no live agreement left.",
        "nl": "De relatie ({cls}) tussen {a} en {b} is vervallen: geen lopende afspraak meer.",
    },
    "tie_class": {
        "en": "The tie between {a} and {b} changed from {old} to {new}.",
        "nl": "De relatie tussen {a} en {b} veranderde van {old} in {new}.",
    },
    "cl_continued": {
        "en": "Cluster {old} continues as {new} ({kept} of its {size} members stayed, "
        "{joined} joined).",
        "nl": "Cluster {old} gaat door als {new} ({kept} van de {size} leden bleven, "
        "{joined} kwamen erbij).",
    },
    "cl_split": {
        "en": "Cluster {old} ({size} members) split into {parts}.",
        "nl": "Cluster {old} ({size} leden) is uiteengevallen in {parts}.",
    },
    "cl_merged": {
        "en": "Clusters {olds} merged into {new} ({size} members).",
        "nl": "Clusters {olds} zijn samengegaan in {new} ({size} leden).",
    },
    "cl_formed": {
        "en": "Cluster {new} ({size} members) formed: most of its members were in no "
        "cluster or in other clusters before.",
        "nl": "Cluster {new} ({size} leden) is ontstaan: de meeste leden zaten eerder in "
        "geen of een ander cluster.",
    },
    "cl_dissolved": {
        "en": "Cluster {old} ({size} members) dissolved: no new cluster holds a quarter "
        "of its members.",
        "nl": "Cluster {old} ({size} leden) is opgelost: geen nieuw cluster bevat een kwart "
        "van de leden.",
    },
    "part": {"en": "{cluster} ({n})", "nl": "{cluster} ({n})"},
    "risk_appeared": {"en": "New risk: {detail}", "nl": "Nieuw risico: {detail}"},
    "risk_resolved": {"en": "Resolved: {detail}", "nl": "Opgelost: {detail}"},
    "summary": {
        "en": "From {old} to {new}: {orgs} organisations added and {orgs_gone} gone; "
        "{ags} agreements added, {started} started, {ended} ended, {changed} changed and "
        "{renewed} renewed; "
        "{ties} ties changed; {clusters} cluster events; {risks_new} risks appeared and "
        "{risks_gone} were resolved.",
        "nl": "Van {old} tot {new}: {orgs} organisaties erbij en {orgs_gone} verdwenen; "
        "{ags} afspraken erbij, {started} gestart, {ended} afgelopen, {changed} gewijzigd en "
        "{renewed} verlengd; {ties} relaties veranderd; {clusters} clustergebeurtenissen; "
        "{risks_new} risico's erbij en {risks_gone} opgelost.",
    },
}


@dataclass(frozen=True)
class Comparison:
    """What changed between two snapshots; every table has a ``detail`` sentence."""

    old_as_of: dt.date
    new_as_of: dt.date
    language: str
    matched_by: str
    """``id`` or ``content``: how agreements were matched (see :func:`compare`)."""
    organisations: pd.DataFrame
    """org_id, name, change (added, ended, changed), fields, detail."""
    agreements: pd.DataFrame
    """agreement_id, change (added, removed, started, ended, changed, renewed), type,
    parties, fields, successor, detail."""
    ties: pd.DataFrame
    """org_a, org_b, org_a_name, org_b_name, change (new, lapsed, class_changed),
    class_old, class_new, detail."""
    clusters: pd.DataFrame
    """event (continued, split, merged, formed, dissolved), old_clusters, new_clusters,
    size_old, size_new, shared, detail."""
    risks: pd.DataFrame
    """change (appeared, resolved), subject, subject_name, risk_kind, severity, detail."""
    measures: pd.DataFrame
    """measure, before, after, change."""
    summary: str

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name, as ``netorg compare`` writes them (``compare_<name>.csv``)."""
        return {
            "measures": self.measures,
            "organisations": self.organisations,
            "agreements": self.agreements,
            "ties": self.ties,
            "clusters": self.clusters,
            "risks": self.risks,
        }


def compare(old: Ecosystem, new: Ecosystem, *, match: str = "auto") -> Comparison:
    """Compare two snapshots of an ecosystem.

    Parameters
    ----------
    old, new : Ecosystem
        The earlier and the later snapshot, each with its own ``as_of``. Reasons come in
        ``new.language``.
    match : {"auto", "id", "content"}
        How agreements are matched. ``id``: by agreement id. ``content``: by type, parties,
        start date and service, for files whose ids are row numbers or change between
        exports. ``auto`` (default) uses ids when at least half of the smaller file's ids
        occur in the other file, else content.

    Returns
    -------
    Comparison
    """
    if match not in ("auto", "id", "content"):
        raise ValueError(f"match must be 'auto', 'id' or 'content', not {match!r}")
    lang = new.language
    if match == "auto":
        ids_old, ids_new = set(old.agreement_index), set(new.agreement_index)
        smaller = max(min(len(ids_old), len(ids_new)), 1)
        match = "id" if len(ids_old & ids_new) >= smaller / 2 else "content"
    organisations = _organisations(old, new, lang)
    agreements = _agreements(old, new, match, lang)
    # Each snapshot's analyses are independent: in two processes when that pays.
    if len(old.agreements) + len(new.agreements) > 2 * PARALLEL_AGREEMENTS:
        before, after = _in_workers(_side, [(old,), (new,)])
    else:
        before, after = _side(old), _side(new)
    ties = _ties(before.classes, after.classes, lang)
    clusters = _clusters(before.members, after.members, lang)
    risks = _risks(before.risks, after.risks, lang)
    measures = _measures(before.measures, after.measures)
    counts = agreements["change"].value_counts()
    org_counts = organisations["change"].value_counts()
    risk_counts = risks["change"].value_counts()
    summary = text(
        _TEXT, "summary", lang,
        old=old.as_of.isoformat(), new=new.as_of.isoformat(),
        orgs=int(org_counts.get("added", 0)), orgs_gone=int(org_counts.get("ended", 0)),
        ags=int(counts.get("added", 0)), started=int(counts.get("started", 0)),
        ended=int(counts.get("ended", 0) + counts.get("removed", 0)),
        changed=int(counts.get("changed", 0)), renewed=int(counts.get("renewed", 0)),
        ties=len(ties), clusters=int((clusters["event"] != "continued").sum()),
        risks_new=int(risk_counts.get("appeared", 0)),
        risks_gone=int(risk_counts.get("resolved", 0)),
    )  # fmt: skip
    return Comparison(
        old.as_of, new.as_of, lang, match, organisations, agreements, ties, clusters, risks,
        measures, summary,
    )  # fmt: skip


# -- organisations ---------------------------------------------------------------------------


def _shown(value: Any) -> str:
    if isinstance(value, (tuple, list)):
        return ";".join(map(str, value))
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _as_text(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The columns as comparable text (lists joined, dates ISO, missing empty)."""
    out = pd.DataFrame(index=frame.index)
    for column in columns:
        if column in frame.columns:
            out[column] = frame[column].map(_shown).astype(str)
        else:
            out[column] = ""
    return out


def _changes(
    old: pd.DataFrame, new: pd.DataFrame, fields: Sequence[str]
) -> tuple[pd.Series, pd.Series]:
    """Per common row: the changed field names, and ``field: old -> new`` descriptions."""
    a, b = _as_text(old, fields), _as_text(new, fields)
    differs = a.ne(b).to_numpy()
    names = [[f for f, d in zip(fields, row, strict=True) if d] for row in differs]
    va, vb = a.to_numpy(), b.to_numpy()
    described = [
        "; ".join(
            f"{f}: {va[i, k] or '-'} -> {vb[i, k] or '-'}"
            for k, f in enumerate(fields)
            if differs[i, k]
        )
        if changed
        else ""
        for i, changed in enumerate(names)
    ]
    return pd.Series(names, index=a.index), pd.Series(described, index=a.index)


def _joined_key(frame: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
    """The columns as text joined with ``|``, one key per row (vectorised)."""
    text_ = _as_text(frame, columns)
    key = text_[columns[0]]
    for column in columns[1:]:
        key = key + "|" + text_[column]
    return key


def _organisations(old: Ecosystem, new: Ecosystem, lang: str) -> pd.DataFrame:
    o, n = old.organisations.set_index("id"), new.organisations.set_index("id")
    added = n.index.difference(o.index, sort=False).sort_values()
    gone = o.index.difference(n.index, sort=False).sort_values()
    both = o.index.intersection(n.index).sort_values()
    names, described = _changes(o.loc[both], n.loc[both], ORG_FIELDS)
    changed = names.map(len) > 0
    rows = [
        pd.DataFrame({"org_id": added, "name": n.loc[added, "name"].to_numpy(),
                      "change": "added", "fields": "",
                      "detail": [text(_TEXT, "org_added", lang, name=x)
                                 for x in n.loc[added, "name"]]}),
        pd.DataFrame({"org_id": gone, "name": o.loc[gone, "name"].to_numpy(),
                      "change": "ended", "fields": "",
                      "detail": [text(_TEXT, "org_ended", lang, name=x)
                                 for x in o.loc[gone, "name"]]}),
        pd.DataFrame({"org_id": both[changed.to_numpy()],
                      "name": n.loc[both[changed.to_numpy()], "name"].to_numpy(),
                      "change": "changed",
                      "fields": names[changed].map(";".join).to_numpy(),
                      "detail": [text(_TEXT, "org_changed", lang, name=nm,
                                      fields=join_and(f, lang), changes=d)
                                 for nm, f, d in zip(n.loc[both[changed.to_numpy()], "name"],
                                                     names[changed], described[changed],
                                                     strict=True)]}),
    ]  # fmt: skip
    return pd.concat(rows, ignore_index=True)


# -- agreements ------------------------------------------------------------------------------


def _keyed(eco: Ecosystem, match: str) -> pd.DataFrame:
    a = eco.agreements.copy()
    a["parties"] = a["parties"].map(lambda p: ";".join(sorted(map(str, p))))
    a["live"] = eco.live_mask()
    if match == "id":
        a["key"] = a["id"].astype(str)
    else:
        a["key"] = _joined_key(a, CONTENT_KEY)
        a = a.drop_duplicates("key")
    return a.set_index("key")


def _agreements(old: Ecosystem, new: Ecosystem, match: str, lang: str) -> pd.DataFrame:
    o, n = _keyed(old, match), _keyed(new, match)
    added = n.index.difference(o.index, sort=False)
    removed = o.index.difference(n.index, sort=False)
    both = o.index.intersection(n.index, sort=False)
    fields = [f for f in AGREEMENT_FIELDS if not (match == "content" and f in CONTENT_KEY)]
    names, described = _changes(o.loc[both], n.loc[both], fields)
    old_day, new_day = old.as_of.isoformat(), new.as_of.isoformat()

    def parties(frame: pd.DataFrame) -> list[str]:
        return [p.replace(";", ", ") for p in frame["parties"]]

    rows: list[dict[str, Any]] = []

    def add(frame: pd.DataFrame, change: str, key: str, **extra: Any) -> None:
        for row, party in zip(frame.itertuples(), parties(frame), strict=True):
            rows.append({
                "agreement_id": row.id, "change": change, "type": row.type,
                "parties": party, "fields": "", "successor": "",
                "detail": text(_TEXT, key, lang, type=row.type, id=row.id, parties=party,
                               old=old_day, new=new_day, **extra),
            })  # fmt: skip

    # Renewals: an agreement that ended or was removed, followed by an added (or started)
    # one of the same type, parties and service that starts within RENEWAL_GAP_DAYS.
    ended = o.loc[both][o.loc[both, "live"].to_numpy() & ~n.loc[both, "live"].to_numpy()]
    started = n.loc[both][~o.loc[both, "live"].to_numpy() & n.loc[both, "live"].to_numpy()]
    predecessors = pd.concat([ended, o.loc[removed]])
    successors = pd.concat([started, n.loc[added]])
    renewed = _renewals(predecessors, successors)
    done_old, done_new = set(renewed["old"]), set(renewed["new"])
    for pred, succ in zip(renewed["old"], renewed["new"], strict=True):
        row = predecessors.loc[pred]
        party = str(row["parties"]).replace(";", ", ")
        rows.append({
            "agreement_id": row["id"], "change": "renewed", "type": row["type"],
            "parties": party, "fields": "", "successor": successors.loc[succ, "id"],
            "detail": text(_TEXT, "ag_renewed", lang, type=row["type"], id=row["id"],
                           parties=party, successor=successors.loc[succ, "id"]),
        })  # fmt: skip
    add(n.loc[[k for k in added if k not in done_new]], "added", "ag_added")
    add(o.loc[[k for k in removed if k not in done_old]], "removed", "ag_removed")
    add(ended.loc[[k for k in ended.index if k not in done_old]], "ended", "ag_ended")
    add(started.loc[[k for k in started.index if k not in done_new]], "started", "ag_started")
    changed = names.map(len) > 0
    for key in both[changed.to_numpy()]:
        row = n.loc[key]
        rows.append({
            "agreement_id": row["id"], "change": "changed", "type": row["type"],
            "parties": str(row["parties"]).replace(";", ", "),
            "fields": ";".join(names[key]), "successor": "",
            "detail": text(_TEXT, "ag_changed", lang, type=row["type"], id=row["id"],
                           fields=join_and(names[key], lang), changes=described[key]),
        })  # fmt: skip
    columns = ["agreement_id", "change", "type", "parties", "fields", "successor", "detail"]
    out = pd.DataFrame(rows, columns=columns)
    order = {c: i for i, c in enumerate(
        ["added", "started", "ended", "removed", "renewed", "changed"])}  # fmt: skip
    out["_o"] = out["change"].map(order)
    return (
        out.sort_values(["_o", "agreement_id"], kind="stable")
        .drop(columns="_o")
        .reset_index(drop=True)
    )


def _renewals(predecessors: pd.DataFrame, successors: pd.DataFrame) -> pd.DataFrame:
    """Pairs (old key, new key) where the successor continues the predecessor."""
    if predecessors.empty or successors.empty:
        return pd.DataFrame({"old": [], "new": []})
    left = pd.DataFrame({
        "old": predecessors.index, "type": predecessors["type"].astype(str).to_numpy(),
        "parties": predecessors["parties"].to_numpy(),
        "service": _as_text(predecessors, ["service"])["service"].to_numpy(),
        "end": predecessors["end"].to_numpy(),
    })  # fmt: skip
    right = pd.DataFrame({
        "new": successors.index, "type": successors["type"].astype(str).to_numpy(),
        "parties": successors["parties"].to_numpy(),
        "service": _as_text(successors, ["service"])["service"].to_numpy(),
        "start": successors["start"].to_numpy(),
    })  # fmt: skip
    pairs = left.merge(right, on=["type", "parties", "service"])
    gap = (pairs["start"] - pairs["end"]).dt.days
    pairs = pairs[(gap >= -RENEWAL_GAP_DAYS) & (gap <= RENEWAL_GAP_DAYS)]
    pairs = pairs.sort_values(["old", "start", "new"]).drop_duplicates("old")
    return pairs.drop_duplicates("new")[["old", "new"]]


# -- ties, clusters, risks, measures ---------------------------------------------------------


def _pairs(t: pd.DataFrame) -> pd.DataFrame:
    t = t[t["active"]]
    return t.set_index(["org_a", "org_b"])[["tie_class", "org_a_name", "org_b_name"]]


def _ties(old: pd.DataFrame, new: pd.DataFrame, lang: str) -> pd.DataFrame:
    o, n = _pairs(old), _pairs(new)
    joined = o.join(n, how="outer", suffixes=("_old", "_new"))
    old_cls = joined["tie_class_old"].fillna("").astype(str)
    new_cls = joined["tie_class_new"].fillna("").astype(str)
    joined = joined[(old_cls != new_cls).to_numpy()].sort_index()
    old_cls, new_cls = old_cls[joined.index], new_cls[joined.index]
    name_a = joined["org_a_name_new"].fillna(joined["org_a_name_old"]).astype(str)
    name_b = joined["org_b_name_new"].fillna(joined["org_b_name_old"]).astype(str)
    change = np.where(old_cls == "", "new", np.where(new_cls == "", "lapsed", "class_changed"))
    details = [
        text(_TEXT, "tie_new", lang, cls=n, a=x, b=y)
        if c == "new"
        else text(_TEXT, "tie_ended", lang, cls=o, a=x, b=y)
        if c == "lapsed"
        else text(_TEXT, "tie_class", lang, a=x, b=y, old=o, new=n)
        for c, o, n, x, y in zip(change, old_cls, new_cls, name_a, name_b, strict=True)
    ]
    return pd.DataFrame(
        {
            "org_a": joined.index.get_level_values(0).astype(str),
            "org_b": joined.index.get_level_values(1).astype(str),
            "org_a_name": name_a.to_numpy(),
            "org_b_name": name_b.to_numpy(),
            "change": change,
            "class_old": old_cls.to_numpy(),
            "class_new": new_cls.to_numpy(),
            "detail": details,
        }
    )


def _members(eco: Ecosystem, ties: pd.DataFrame) -> pd.DataFrame:
    c = alliance_clusters(eco, ties=ties)
    c = c[c["cluster_id"].notna()]
    return pd.DataFrame({"org": c["org_id"].astype(str), "cluster": c["cluster_id"].astype(int),
                         "name": c["cluster_name"].astype(str)})  # fmt: skip


def _clusters(o: pd.DataFrame, n: pd.DataFrame, lang: str) -> pd.DataFrame:
    size_o = o.groupby("cluster").size()
    size_n = n.groupby("cluster").size()
    names_o = o.groupby("cluster")["name"].first()
    names_n = n.groupby("cluster")["name"].first()
    shared = o.merge(n, on="org", suffixes=("_o", "_n")).groupby(["cluster_o", "cluster_n"]).size()
    shared = shared.rename("shared").reset_index()
    shared["of_old"] = shared["shared"] / size_o.reindex(shared["cluster_o"]).to_numpy()
    shared["of_new"] = shared["shared"] / size_n.reindex(shared["cluster_n"]).to_numpy()

    def label(names: pd.Series, cluster: int) -> str:
        return f"{cluster} ({names[cluster]})"

    rows: list[dict[str, Any]] = []
    parts = shared[shared["of_old"] >= PART_SHARE]
    most = shared[shared["of_old"] >= MOST_SHARE]
    merged_into = most.groupby("cluster_n")["cluster_o"].apply(sorted)
    merged_into = merged_into[merged_into.map(len) >= 2]
    split_from = parts.groupby("cluster_o")["cluster_n"].apply(sorted)
    split_from = split_from[split_from.map(len) >= 2]
    in_event_o = set(split_from.index) | {c for cs in merged_into for c in cs}
    in_event_n = set(merged_into.index) | {c for cs in split_from for c in cs}
    for c_old, news in split_from.items():
        held = parts[parts.cluster_o == c_old].set_index("cluster_n")["shared"]
        pieces = [
            text(_TEXT, "part", lang, cluster=label(names_n, c), n=int(held[c])) for c in news
        ]
        rows.append(_event("split", [c_old], news, size_o, size_n, text(
            _TEXT, "cl_split", lang, old=label(names_o, c_old), size=int(size_o[c_old]),
            parts=join_and(pieces, lang))))  # fmt: skip
    for c_new, olds in merged_into.items():
        rows.append(_event("merged", olds, [c_new], size_o, size_n, text(
            _TEXT, "cl_merged", lang, olds=join_and([label(names_o, c) for c in olds], lang),
            new=label(names_n, c_new), size=int(size_n[c_new]))))  # fmt: skip
    continued = shared[(shared["of_old"] >= MOST_SHARE) & (shared["of_new"] >= MOST_SHARE)]
    for r in continued.itertuples():
        if r.cluster_o in in_event_o or r.cluster_n in in_event_n:
            continue
        in_event_o.add(r.cluster_o)
        in_event_n.add(r.cluster_n)
        rows.append(_event("continued", [r.cluster_o], [r.cluster_n], size_o, size_n, text(
            _TEXT, "cl_continued", lang, old=label(names_o, r.cluster_o),
            new=label(names_n, r.cluster_n), kept=int(r.shared), size=int(size_o[r.cluster_o]),
            joined=int(size_n[r.cluster_n] - r.shared))))  # fmt: skip
    best_old = shared.groupby("cluster_o")["of_old"].max()
    for c_old in size_o.index:
        if c_old not in in_event_o and best_old.get(c_old, 0.0) < PART_SHARE:
            rows.append(_event("dissolved", [c_old], [], size_o, size_n, text(
                _TEXT, "cl_dissolved", lang, old=label(names_o, c_old),
                size=int(size_o[c_old]))))  # fmt: skip
    best_new = shared.groupby("cluster_n")["of_new"].max()
    for c_new in size_n.index:
        if c_new not in in_event_n and best_new.get(c_new, 0.0) < MOST_SHARE:
            rows.append(_event("formed", [], [c_new], size_o, size_n, text(
                _TEXT, "cl_formed", lang, new=label(names_n, c_new),
                size=int(size_n[c_new]))))  # fmt: skip
    columns = ["event", "old_clusters", "new_clusters", "size_old", "size_new", "detail"]
    order = {e: i for i, e in enumerate(["split", "merged", "formed", "dissolved", "continued"])}
    out = pd.DataFrame(rows, columns=columns)
    if out.empty:
        return out
    out["_o"] = out["event"].map(order)
    return (
        out.sort_values(["_o", "old_clusters", "new_clusters"], kind="stable")
        .drop(columns="_o")
        .reset_index(drop=True)
    )


def _event(
    event: str,
    olds: Iterable[int],
    news: Iterable[int],
    size_o: pd.Series,
    size_n: pd.Series,
    detail: str,
) -> dict[str, Any]:
    olds, news = [int(c) for c in olds], [int(c) for c in news]
    return {
        "event": event,
        "old_clusters": ";".join(map(str, olds)),
        "new_clusters": ";".join(map(str, news)),
        "size_old": int(sum(size_o[c] for c in olds)),
        "size_new": int(sum(size_n[c] for c in news)),
        "detail": detail,
    }


_RISK_KEY: Final = ("subject", "risk_kind", "service", "person")


class _Side(NamedTuple):
    """What :func:`compare` needs of one snapshot."""

    classes: pd.DataFrame
    members: pd.DataFrame
    risks: pd.DataFrame
    measures: dict[str, Any]


def _side(eco: Ecosystem) -> _Side:
    # The tie classes alone (no reasons) serve both the tie changes and the clusters.
    classes = tie_table(eco, eco.config.ties, reasons=False)
    return _Side(classes, _members(eco, classes), _risk_keys(eco), network_measures(eco))


def _risk_keys(eco: Ecosystem) -> pd.DataFrame:
    r = dependency_risks(eco)
    r = r.assign(_key=_joined_key(r, _RISK_KEY))
    return r.drop_duplicates("_key").set_index("_key")


def _risks(o: pd.DataFrame, n: pd.DataFrame, lang: str) -> pd.DataFrame:
    appeared = n.loc[n.index.difference(o.index, sort=False)]
    resolved = o.loc[o.index.difference(n.index, sort=False)]
    parts = []
    for frame, change, key in ((appeared, "appeared", "risk_appeared"),
                               (resolved, "resolved", "risk_resolved")):  # fmt: skip
        parts.append(pd.DataFrame({
            "change": change, "subject": frame["subject"].to_numpy(),
            "subject_name": frame["subject_name"].to_numpy(),
            "risk_kind": frame["risk_kind"].to_numpy(), "severity": frame["severity"].to_numpy(),
            "detail": [text(_TEXT, key, lang, detail=d) for d in frame["detail"]],
        }))  # fmt: skip
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(
        ["change", "severity", "subject", "risk_kind"],
        ascending=[True, False, True, True],
        kind="stable",
    )
    return out.reset_index(drop=True)


def _measures(before: Mapping[str, Any], after: Mapping[str, Any]) -> pd.DataFrame:
    return pd.DataFrame({
        "measure": list(before),
        "before": [before[k] for k in before],
        "after": [after[k] for k in before],
        "change": [round(after[k] - before[k], 6) for k in before],
    })  # fmt: skip


# -- timeline --------------------------------------------------------------------------------


#: Ecosystems with more agreements than this replay their dates in worker processes.
PARALLEL_AGREEMENTS: Final = 50_000


def timeline(eco: Ecosystem, dates: Iterable[Any], *, workers: int | None = None) -> pd.DataFrame:
    """The network at each date, from the agreements' own start and end dates.

    Parameters
    ----------
    eco : Ecosystem
        Its ``as_of`` is restored afterwards.
    dates : iterable of date or str
        The dates, in any order; each is evaluated as ``eco.as_of``.
    workers : int, optional
        Worker processes, each replaying a share of the dates. Default: one per CPU core
        for ecosystems with more than :data:`PARALLEL_AGREEMENTS` agreements, else none
        (starting a process costs more than it saves). The result does not depend on it.

    Returns
    -------
    DataFrame
        One row per date, in date order: date, live_agreements, active_organisations
        (with a live agreement), the network measures of :func:`netorg.network_measures`,
        clusters, implicit_ties and risk_findings.
    """
    days = sorted({to_date(d) for d in dates})
    if workers is None:
        workers = (os.cpu_count() or 1) if len(eco.agreements) > PARALLEL_AGREEMENTS else 1
    workers = max(1, min(workers, len(days)))
    if workers == 1:
        return pd.DataFrame(_replay(eco, days))
    # Interleaved shares: later dates have more live agreements and cost more.
    shares = [days[k::workers] for k in range(workers)]
    parts = _in_workers(_replay, [(eco, share) for share in shares])
    rows = [row for part in parts for row in part]
    return pd.DataFrame(sorted(rows, key=lambda r: r["date"]))


T = TypeVar("T")


def _in_workers(function: Callable[..., T], calls: Sequence[tuple[Any, ...]]) -> list[T]:
    """``function(*args)`` for each of ``calls``, each in a worker process of its own
    (:class:`netorg._worker.Job`: a fresh process that never runs the caller's script
    again, as multiprocessing's spawn would without a main guard, and no fork of Arrow's or
    igraph's threads). A call whose process cannot be started or fails runs here instead
    (where a real error then shows with its own traceback)."""
    jobs = [Job.try_start(function, *args) for args in calls]  # all started before waiting
    return [
        result_or(job, functools.partial(function, *args))
        for job, args in zip(jobs, calls, strict=True)
    ]


def _replay(eco: Ecosystem, days: Sequence[dt.date]) -> list[dict[str, Any]]:
    """The timeline's rows for ``days``, computed in this process."""
    keep = eco.as_of
    rows = []
    try:
        for day in days:
            eco.as_of = day
            live = eco.live_mask()
            agreement, org = eco.party_codes
            measures = network_measures(eco)
            # Counts only: the tie classes without their reasons, one clustering run (the
            # labels alliance_clusters reports come from the first run; the others only
            # measure stability).
            ties = tie_table(eco, eco.config.ties, reasons=False)
            single = replace(eco.config.clusters, stability_runs=1)
            _, labels, _ = clustering(eco, single, ties)
            rows.append({
                "date": day.isoformat(),
                "live_agreements": int(live.sum()),
                "active_organisations": len(distinct(org[live[agreement]])),
                **measures,
                "clusters": int(labels.max() + 1) if len(labels) else 0,
                "implicit_ties": int(((ties["tie_class"] == "implicit") & ties["active"]).sum()),
                "risk_findings": len(dependency_risks(eco)),
            })  # fmt: skip
    finally:
        eco.as_of = keep
    return rows


def _step(step: str) -> tuple[int, str]:
    match = re.fullmatch(r"\s*(\d+)\s*([ymd])\s*", str(step))
    if not match or int(match.group(1)) == 0:
        raise ValueError(
            f"step must be a number and y, m or d, such as 1y, 6m or 30d; not {step!r}"
        )
    return int(match.group(1)), match.group(2)


def shift(day: Any, step: str, times: int) -> dt.date:
    """``day`` moved by ``times`` steps (negative: back); month ends are clamped.

    >>> shift("2024-02-29", "1y", 1), shift("2026-06-30", "6m", -1)
    (datetime.date(2025, 2, 28), datetime.date(2025, 12, 30))
    """
    n, unit = _step(step)
    day = to_date(day)
    if unit == "d":
        return day + dt.timedelta(days=n * times)
    months = n * times * (12 if unit == "y" else 1)
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def every(start: Any, end: Any, step: str) -> list[dt.date]:
    """Dates from ``start`` to ``end`` every ``step`` (``1y``, ``6m``, ``30d``: a number and
    y, m or d), starting at ``start`` and including ``end`` when a step lands on it."""
    first, last = to_date(start), to_date(end)
    _step(step)
    if last < first:
        raise ValueError(f"the end {last} lies before the start {first}")
    days: list[dt.date] = []
    while (day := shift(first, step, len(days))) <= last:
        days.append(day)
    return days
