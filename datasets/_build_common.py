"""What the generators of netorg's fictional example datasets have in common.

``zorgregio/build.py`` and ``arbeidsmarktregio/build.py`` each invent an ecosystem with known
features built in. The data and the designed features are theirs; this module holds what
they share: the records (``Org``, ``Agreement``), the people and the builder that collect
agreements, the figures computed for the README, the format checks, the output files and the
parts of the README that read the same in every dataset. It needs the standard library and
:mod:`netorg.vocabulary` only.

The build scripts put this folder on ``sys.path`` and import from here. Like them, this file
is not installed: only the CSV, Markdown and JSON files of the datasets are package data.

Everything here is deterministic: given the same random generator, a builder draws the same
numbers in the same order, so the datasets stay byte for byte the same.
"""

from __future__ import annotations

import csv
import json
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from netorg.vocabulary import (
    AGREEMENT_TYPES,
    GOVERNANCE,
    HIERARCHY,
    HYBRID,
    MARKET,
    ORGANISATION_TYPES,
    PHASES,
    ROLES,
    SOURCE_ROLES,
    STATUSES,
    form_of,
)

# --------------------------------------------------------------------------------------------
# Small parsers and dates
# --------------------------------------------------------------------------------------------


def split_tags(text: str) -> list[str]:
    """Split a ';'-separated tag string into a list without empties or duplicates."""
    out: list[str] = []
    for tag in text.split(";"):
        tag = tag.strip()
        if tag and tag not in out:
            out.append(tag)
    return out


def idlist(text: str) -> list[str]:
    """A whitespace-separated list of ids or words."""
    return text.split()


def d(text: str) -> date:
    """Parse an ISO date."""
    return date.fromisoformat(text)


def day_before(x: date) -> date:
    """The day before x."""
    return x - timedelta(days=1)


def years(d1: date, d2: date) -> float:
    """Length of a period in years (365.25 days)."""
    return (d2 - d1).days / 365.25


def iso(x: date | None) -> str:
    """ISO date or empty."""
    return x.isoformat() if x else ""


# --------------------------------------------------------------------------------------------
# Organisations
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """Defaults shared by organisations of one kind (tags are ';'-separated)."""

    type: str
    sector: str
    kvk_sbi: str  # Dutch SBI activity code as registered at the KvK (an extra attribute)
    capabilities: str = ""
    needs: str = ""
    goals: str = ""


@dataclass
class Org:
    """One row of organisations.csv (a dataset writes the columns it names in ORG_COLUMNS)."""

    id: str
    name: str
    type: str
    sector: str
    region: str
    size: int
    capabilities: list[str]
    needs: list[str]
    goals: list[str]
    kvk_sbi: str
    revenue: int | None
    denomination: str = ""
    remark: str = ""


def parse_organisations(
    table: str,
    profiles: Mapping[str, Profile],
    regions: Mapping[str, str],
    extra_tags: Mapping[str, tuple[str, str, str]],
    sectors: Mapping[str, tuple[str, str]],
    drop_needs: Mapping[str, set[str]] | None = None,
    denominations: Mapping[str, str] | None = None,
    remarks: Mapping[str, str] | None = None,
) -> dict[str, Org]:
    """Turn an organisation table into Org records (in table order).

    Each line of ``table`` is ``id | name | profile | region | FTE | revenue`` (revenue may be
    empty). The profile gives type, sector, SBI code and tags; ``extra_tags`` adds
    (capabilities, needs, goals) per id, ``sectors`` overrides (SBI code, sector) per id,
    ``drop_needs`` removes profile needs, and ``denominations`` and ``remarks`` fill the
    optional columns of the same name.
    """
    drop_needs = drop_needs or {}
    denominations = denominations or {}
    remarks = remarks or {}
    orgs: dict[str, Org] = {}
    for line in table.strip().splitlines():
        oid, name, key, region, fte, revenue = (c.strip() for c in line.split("|"))
        p = profiles[key]
        caps, needs, goals = extra_tags.get(oid, ("", "", ""))
        sbi, sector = sectors.get(oid, (p.kvk_sbi, p.sector))
        orgs[oid] = Org(
            id=oid,
            name=name,
            type=p.type,
            sector=sector,
            region=regions[region],
            size=int(fte),
            capabilities=split_tags(p.capabilities + ";" + caps),
            needs=[
                n for n in split_tags(p.needs + ";" + needs) if n not in drop_needs.get(oid, ())
            ],
            goals=split_tags(p.goals + ";" + goals),
            kvk_sbi=sbi,
            revenue=int(revenue) if revenue else None,
            denomination=denominations.get(oid, ""),
            remark=remarks.get(oid, ""),
        )
    return orgs


# --------------------------------------------------------------------------------------------
# Agreements
# --------------------------------------------------------------------------------------------


@dataclass
class Agreement:
    """One row of agreements.csv (plus, for ``roles``, rows of parties.csv)."""

    id: str
    type: str
    source: str = ""
    target: str = ""
    parties: list[str] = field(default_factory=list)  # written to the `parties` column
    roles: list[tuple[str, str]] = field(default_factory=list)  # (org, role) for parties.csv
    start: date | None = None
    end: date | None = None
    value: int | None = None
    service: str = ""
    status: str = ""  # derived from the dates when empty
    phase: str = ""
    governance: str = ""
    shared_goals: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)
    evaluation_date: date | None = None
    exclusive: bool = False
    contract_ref: str = ""
    title: str = ""
    feature: str = ""  # the designed feature this row belongs to ("" = background); not written

    def members(self) -> list[str]:
        """All organisations taking part, in a stable order."""
        if self.source:
            return [self.source, self.target]
        if self.roles:
            return [o for o, _ in self.roles]
        return list(self.parties)

    def pairs(self) -> list[tuple[str, str]]:
        """Edges as CONTRACT.md section 2 defines them: source->target, lead->member, else all."""
        if self.source:
            return [(self.source, self.target)]
        if self.roles:
            heads = [o for o, r in self.roles if r in SOURCE_ROLES]
            if heads:
                rest = [o for o, r in self.roles if r not in SOURCE_ROLES]
                return [(h, o) for h in heads for o in rest]
        ms = self.members()
        return [(a, b) for i, a in enumerate(ms) for b in ms[i + 1 :]]

    @property
    def form(self) -> str:
        """Governance form of the type: market, hybrid or hierarchy."""
        return form_of(self.type)


def is_live(a: Agreement, on: date) -> bool:
    """In force on the date ``on``: active, started, not yet ended."""
    return (
        a.status == "active"
        and a.start is not None
        and a.start <= on
        and (a.end is None or a.end >= on)
    )


# --------------------------------------------------------------------------------------------
# Contact persons and the builder that collects agreements
# --------------------------------------------------------------------------------------------


class Staff:
    """Invents contact persons per organisation; background people carry few agreements.

    Names combine every first name with every last name, shuffled once; the ``reserved``
    names (the designed key persons) are never handed out, and ``pick`` reuses a person at
    most ``max_uses`` times.
    """

    def __init__(
        self,
        rng: random.Random,
        first_names: Iterable[str],
        last_names: Iterable[str],
        reserved: set[str],
        max_uses: int,
    ) -> None:
        self.rng = rng
        last = list(last_names)
        names = [f"{f} {s}" for f in first_names for s in last]
        rng.shuffle(names)
        self.free = [n for n in names if n not in reserved]
        self.max_uses = max_uses
        self.pool: dict[str, list[str]] = defaultdict(list)
        self.uses: Counter[str] = Counter()

    def pick(self, org: str) -> str:
        """A contact at ``org``: often someone who already carries an agreement there."""
        usable = [p for p in self.pool[org] if self.uses[p] < self.max_uses]
        if usable and self.rng.random() < 0.45:
            person = self.rng.choice(usable)
        else:
            person = self.free.pop()
            self.pool[org].append(person)
        self.uses[person] += 1
        return person

    def fresh(self, org: str) -> str:
        """A contact at ``org`` who carries no agreement yet."""
        person = self.free.pop()
        self.pool[org].append(person)
        self.uses[person] += 1
        return person

    def for_pair(self, a: str, b: str, both: float = 0.7) -> list[str]:
        """Contacts for an agreement between a and b: one from a, usually one from b too."""
        people = [self.pick(a)]
        if self.rng.random() < both:
            people.append(self.pick(b))
        return people


class Builder:
    """Collects agreements, hands out ids and contract numbers, and makes background rows.

    A dataset subclasses it to set its reference date and the dates drawn for background
    hybrid ties, and may override ``hybrid_governance``.
    """

    as_of: date  # an agreement without status is planned, ended or active relative to it
    first_evaluation: date  # background evaluation dates fall within 330 days from this one
    hybrid_start_years: range  # background hybrid ties start on the 1st of a month ...
    hybrid_start_months: tuple[int, ...]  # ... of one of these years and months
    hybrid_ends: tuple[date | None, ...]  # and end on one of these (None: open-ended)

    def __init__(self, orgs: dict[str, Org], staff: Staff) -> None:
        self.orgs = orgs
        self.rng = staff.rng
        self.staff = staff
        self.agreements: list[Agreement] = []
        self.ids: set[str] = set()
        self.counter = 0
        self.refs: Counter[str] = Counter()

    def add(self, a: Agreement) -> Agreement:
        """Register an agreement (id ``A0001``... when empty) after basic sanity checks."""
        if not a.id:
            self.counter += 1
            a.id = f"A{self.counter:04d}"
        assert a.id not in self.ids, a.id
        assert a.type in AGREEMENT_TYPES, (a.id, a.type)
        assert all(m in self.orgs for m in a.members()), (a.id, a.members())
        assert len(set(a.members())) >= 2, a.id
        if not a.status:
            if a.start and a.start > self.as_of:
                a.status = "planned"
            elif a.end and a.end < self.as_of:
                a.status = "ended"
            else:
                a.status = "active"
        if not a.governance and a.form == MARKET:
            a.governance = "contract_manager"
        if a.form == MARKET and not a.contract_ref and a.start and a.source:
            a.contract_ref = self.contract_ref(a)
        self.ids.add(a.id)
        self.agreements.append(a)
        return a

    def contract_ref(self, a: Agreement) -> str:
        """A buyer's contract register number, e.g. LIN-2024-007."""
        assert a.start is not None
        prefix = a.source.split("-", 1)[1][:5]
        key = f"{prefix}-{a.start.year}"
        self.refs[key] += 1
        return f"{key}-{self.refs[key]:03d}"

    def spread_contacts(self, prev: Agreement | None, cur: Agreement) -> None:
        """A background renewal is carried by at least two people (unlike the implicit ties)."""
        if prev is not None and len(set(prev.contacts) | set(cur.contacts)) < 2:
            cur.contacts.append(self.staff.fresh(cur.target))

    # -- helpers used by the background generator ---------------------------------------
    def money(self, low: int, high: int) -> int:
        """A random annual value between low and high, rounded to a plausible step."""
        v = self.rng.uniform(low, high)
        step = 1000 if v < 200_000 else 5000 if v < 2_000_000 else 25_000
        return int(round(v / step) * step)

    def eval_date(self) -> date:
        """Next joint evaluation: some date in the year after the reference date."""
        return self.first_evaluation + timedelta(days=self.rng.randrange(0, 330))

    def hybrid_governance(self, typ: str) -> str:
        """Governance of a background hybrid tie of type ``typ`` (a dataset may override)."""
        return self.rng.choice(("steering_group", "steering_group", "joint_board"))

    def hybrid(
        self,
        typ: str,
        source: str,
        target: str,
        service: str,
        title: str,
        cluster_goals: list[str],
        start: date | None = None,
    ) -> Agreement:
        """A well-organised two-party hybrid tie (goals, governance and evaluation date set)."""
        rng = self.rng
        if start is None:
            years = self.hybrid_start_years
            start = date(
                rng.randrange(years.start, years.stop), rng.choice(self.hybrid_start_months), 1
            )
        end = rng.choice(self.hybrid_ends)
        governance = self.hybrid_governance(typ)
        phase = (
            "creation"
            if start > date(2025, 9, 1)
            else rng.choice(("operation",) * 5 + ("evaluation",))
        )
        # Goals both parties hold (else the cluster's goals), one or two of them.
        common = [g for g in self.orgs[source].goals if g in self.orgs[target].goals]
        pool = common or cluster_goals
        goals = sorted(rng.sample(pool, min(len(pool), rng.choice((1, 2, 2)))))
        return self.add(
            Agreement(
                id="",
                type=typ,
                source=source,
                target=target,
                start=start,
                end=end,
                service=service,
                phase=phase,
                governance=governance,
                shared_goals=goals,
                contacts=self.staff.for_pair(source, target),
                evaluation_date=self.eval_date(),
                title=title,
            )
        )

    def market(
        self,
        typ: str,
        buyer: str,
        supplier: str,
        service: str,
        value: int,
        start: date,
        end: date | None,
        title: str = "",
        exclusive: bool = False,
    ) -> Agreement:
        """A plain two-party market agreement with background contacts."""
        return self.add(
            Agreement(
                id="",
                type=typ,
                source=buyer,
                target=supplier,
                start=start,
                end=end,
                value=value,
                service=service,
                contacts=self.staff.for_pair(buyer, supplier),
                title=title,
                exclusive=exclusive,
            )
        )


def designed(
    b: Builder,
    feature: str,
    aid: str,
    typ: str,
    pair: str,
    period: str,
    value: int | None = None,
    service: str = "",
    title: str = "",
    **extra: Any,
) -> Agreement:
    """Add one designed agreement.

    ``pair`` is ``"SOURCE>TARGET"`` (empty for a multi-party agreement, which then passes
    ``roles`` or ``parties``); ``period`` is ``"start..end"`` with an empty end for open-ended.
    Hybrid agreements default to phase ``operation``; contacts default to one person on each
    side. Any other Agreement field can be passed by keyword.
    """
    src, _, tgt = pair.partition(">")
    start, _, end = period.partition("..")
    fields: dict[str, Any] = {
        "phase": "operation" if form_of(typ) == HYBRID else "",
        "contacts": b.staff.for_pair(src, tgt, both=1.0) if src else [],
    }
    fields.update(extra)
    return b.add(
        Agreement(
            id=aid,
            type=typ,
            source=src,
            target=tgt,
            start=d(start),
            end=d(end) if end else None,
            value=value,
            service=service,
            title=title,
            feature=feature,
            **fields,
        )
    )


# --------------------------------------------------------------------------------------------
# Figures for the README (each dataset's compute_facts combines these with its own)
# --------------------------------------------------------------------------------------------


def live_graph(agreements: Iterable[Agreement], on: date) -> dict[str, set[str]]:
    """Undirected adjacency of organisations over the agreements live on ``on``."""
    adj: dict[str, set[str]] = defaultdict(set)
    for a in agreements:
        if is_live(a, on):
            for u, v in a.pairs():
                adj[u].add(v)
                adj[v].add(u)
    return adj


def components(adj: dict[str, set[str]], skip: str = "") -> list[set[str]]:
    """Connected components, optionally with one node removed."""
    seen: set[str] = set()
    comps: list[set[str]] = []
    for start in sorted(adj):
        if start == skip or start in seen:
            continue
        comp, todo = {start}, [start]
        while todo:
            for nb in adj[todo.pop()]:
                if nb != skip and nb not in comp:
                    comp.add(nb)
                    todo.append(nb)
        seen |= comp
        comps.append(comp)
    return comps


def spend(agreements: list[Agreement], on: date) -> dict[tuple[str, str], dict[str, int]]:
    """Live market spend: (buyer, service) -> {supplier: annual euro} (two-party only)."""
    out: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for a in agreements:
        if is_live(a, on) and a.form == MARKET and a.source and a.service:
            out[(a.source, a.service)][a.target] += a.value or 0
    return out


def hhi(shares: dict[str, int]) -> float:
    """Herfindahl-Hirschman index of spend shares (0..1)."""
    total = sum(shares.values())
    return sum((v / total) ** 2 for v in shares.values()) if total else 0.0


def has_successor(a: Agreement, agreements: list[Agreement]) -> str:
    """Id of a non-ended agreement of the same parties and service starting within 31 days."""
    assert a.end is not None
    for o in agreements:
        if (
            o is not a
            and set(o.members()) == set(a.members())
            and o.service == a.service
            and o.status != "ended"
            and o.start is not None
            and a.end < o.start <= a.end + timedelta(days=31)
        ):
            return o.id
    return ""


def chain_facts(
    rows: list[Agreement],
    pair: tuple[str, str, str],
    sp: dict[tuple[str, str], dict[str, int]],
    orgs: dict[str, Org],
    as_of: date,
) -> dict[str, Any]:
    """Figures of a chain of agreements (by start date) of one (buyer, supplier, service).

    Tenure, gaps in days between one end and the next start, the supplier's share of the
    buyer's live spend on the service, the live suppliers and every contact person.
    """
    src, tgt, service = pair
    gaps = [(n.start - c.end).days - 1 for c, n in pairwise(rows) if n.start and c.end]
    live_spend = sp[(src, service)]
    first = rows[0].start
    assert first is not None
    return {
        "pair": pair,
        "ids": [a.id for a in rows],
        "types": sorted({a.type for a in rows}),
        "first": first,
        "years": years(first, as_of),
        "gaps": gaps,
        "share": live_spend[tgt] / sum(live_spend.values()),
        "value": live_spend[tgt],
        "total": sum(live_spend.values()),
        "suppliers": sorted(live_spend),
        "contacts": sorted({p for a in rows for p in a.contacts}),
        "in_needs": service in orgs[src].needs,
    }


def single_source(
    sp: dict[tuple[str, str], dict[str, int]], orgs: dict[str, Org]
) -> list[tuple[str, str, str]]:
    """(buyer, need, supplier) for every need of a buyer with exactly one live supplier."""
    return sorted(
        (buyer, service, next(iter(s)))
        for (buyer, service), s in sp.items()
        if len(s) == 1 and service in orgs[buyer].needs
    )


def contact_facts(
    agreements: list[Agreement], as_of: date, designed_people: set[str]
) -> dict[str, Any]:
    """Key persons (named on 4+ agreements) and the most any background person carries."""
    by_id = {a.id: a for a in agreements}
    carried: dict[str, list[str]] = defaultdict(list)
    for a in agreements:
        for p in a.contacts:
            carried[p].append(a.id)
    return {
        "key_persons": {
            p: {
                "ids": ids,
                "alone": all(by_id[i].contacts == [p] for i in ids),
                "live": [i for i in ids if is_live(by_id[i], as_of)],
                "planned": [i for i in ids if by_id[i].status == "planned"],
                "partners": sorted({m for i in ids for m in by_id[i].members()}),
            }
            for p, ids in sorted(carried.items())
            if len(ids) >= 4
        },
        "max_background_uses": max(
            len(ids) for p, ids in carried.items() if p not in designed_people
        ),
    }


def expiry_facts(agreements: list[Agreement], as_of: date, horizon_days: int) -> dict[str, Any]:
    """Live agreements ending within the horizon and within a year: (id, end, successor id)."""

    def ending_within(days: int) -> list[tuple[str, date, str]]:
        limit = as_of + timedelta(days=days)
        return sorted(
            (a.id, a.end, has_successor(a, agreements))
            for a in agreements
            if is_live(a, as_of) and a.end is not None and a.end <= limit
        )

    year_later = as_of + timedelta(days=365)
    return {
        "expiring_6m": ending_within(horizon_days),
        "expiring_12m": ending_within(365),
        "next_end_after_12m": min(
            a.end for a in agreements if is_live(a, as_of) and a.end and a.end > year_later
        ),
    }


def background_chains(agreements: list[Agreement]) -> dict[str, int]:
    """Background renewal chains (same buyer, supplier and service; not designed)."""
    chains: dict[tuple[str, str, str], list[Agreement]] = defaultdict(list)
    for a in agreements:
        if a.form == MARKET and a.source and not a.feature:
            chains[(a.source, a.target, a.service)].append(a)
    renewed = [c for c in chains.values() if len(c) > 1]
    return {
        "pairs": len(chains),
        "renewed": len(renewed),
        "longest": max(len(c) for c in chains.values()),
        "min_contacts_renewed": min(len({p for a in c for p in a.contacts}) for c in renewed),
    }


def hybrid_partners(agreements: list[Agreement], as_of: date) -> dict[str, set[str]]:
    """Partners of each organisation in live hybrid agreements."""
    partners: dict[str, set[str]] = defaultdict(set)
    for a in agreements:
        if is_live(a, as_of) and a.form == HYBRID:
            for u, v in a.pairs():
                partners[u].add(v)
                partners[v].add(u)
    return partners


def cluster_facts(
    clusters: Mapping[str, Mapping[str, list[str]]], partners: dict[str, set[str]]
) -> dict[str, Any]:
    """Per designed cluster: hybrid partners inside it per member, and its cohesion.

    ``cluster_degree`` lists (org, partners inside) from most to fewest; ``cluster_cohesion``
    is the share of the members' hybrid partner links that stay inside the cluster.
    """
    degree, cohesion = {}, {}
    for cname, c in clusters.items():
        inside = set(c["lead"]) | set(c["members"])
        deg = {o: len(partners[o] & inside) for o in inside}
        degree[cname] = sorted(deg.items(), key=lambda x: (-x[1], x[0]))
        links = [(o, p) for o in inside for p in partners[o]]
        cohesion[cname] = sum(p in inside for _, p in links) / len(links)
    return {"cluster_degree": degree, "cluster_cohesion": cohesion}


def under_organised(agreements: list[Agreement]) -> list[tuple[str, list[str]]]:
    """Active or planned hybrid agreements without goals, governance or evaluation date."""
    return sorted(
        (
            a.id,
            [
                what
                for what, missing in (
                    ("shared_goals", not a.shared_goals),
                    ("governance", a.governance in ("", "none")),
                    ("evaluation_date", a.evaluation_date is None),
                )
                if missing
            ],
        )
        for a in agreements
        if a.form == HYBRID and a.status in ("active", "planned")
        if not a.shared_goals or a.governance in ("", "none") or a.evaluation_date is None
    )


def structure_facts(
    orgs: dict[str, Org], agreements: list[Agreement], as_of: date
) -> dict[str, Any]:
    """The live graph: components, isolated organisations, cut vertices and bridges.

    ``cut_vertices`` maps each articulation point to the organisations it alone connects
    (all but the largest remaining component); ``bridges`` are the edges whose loss
    disconnects the graph.
    """
    adj = live_graph(agreements, as_of)
    cuts = {}
    for node in sorted(adj):
        comps = components(adj, skip=node)
        if len(comps) > 1:
            main = max(comps, key=len)
            cuts[node] = sorted(o for c in comps if c is not main for o in c)
    bridges = []
    for u, v in sorted({(x, y) for x in adj for y in adj[x] if x < y}):
        adj[u].discard(v)
        adj[v].discard(u)
        if len(components(adj)) > 1:
            bridges.append((u, v))
        adj[u].add(v)
        adj[v].add(u)
    return {
        "live_components": len(components(adj)),
        "isolated_orgs": sorted(set(orgs) - set(adj)),
        "cut_vertices": cuts,
        "bridges": bridges,
    }


def pair_overlap(
    orgs: dict[str, Org], agreements: list[Agreement], x: str, y: str
) -> dict[str, Any]:
    """How alike two organisations are: capabilities, and partners in active or planned ties."""
    partners: dict[str, set[str]] = defaultdict(set)
    for a in agreements:
        if a.status in ("active", "planned"):
            for u, v in a.pairs():
                partners[u].add(v)
                partners[v].add(u)
    px, py = partners[x] - {x, y}, partners[y] - {x, y}
    cx, cy = set(orgs[x].capabilities), set(orgs[y].capabilities)
    return {
        "cap_jaccard": len(cx & cy) / len(cx | cy),
        "shared_partners": sorted(px & py),
        "partner_jaccard": len(px & py) / len(px | py),
    }


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------


def check_format(orgs: dict[str, Org], agreements: list[Agreement]) -> None:
    """Fail loudly if a row breaks netorg's vocabulary or input format (CONTRACT.md)."""
    for o in orgs.values():
        assert o.type in ORGANISATION_TYPES, o.id
    for a in agreements:
        assert a.type in AGREEMENT_TYPES, a.id
        assert a.status in STATUSES, a.id
        assert a.phase in ("", *PHASES), a.id
        assert a.governance in ("", *GOVERNANCE), a.id
        assert all(r in ROLES for _, r in a.roles), a.id
        assert (a.source == "") == (a.target == ""), a.id
        assert not (a.source and (a.parties or a.roles)), a.id
        assert not (a.parties and a.roles), a.id
        assert a.end is None or a.start is None or a.end >= a.start, a.id
        assert a.value is None or a.value >= 0, a.id


def check_background(f: dict[str, Any], max_uses: int) -> None:
    """Fail if the background imitates a designed feature: long chains or busy people."""
    assert f["background_chains"]["longest"] == 2, f["background_chains"]
    assert f["background_chains"]["min_contacts_renewed"] >= 2, f["background_chains"]
    assert f["max_background_uses"] <= max_uses, f["max_background_uses"]


def check_cluster_leads(
    f: dict[str, Any], clusters: Mapping[str, Mapping[str, list[str]]], margin: int
) -> None:
    """Fail unless each cluster's lead has ``margin`` more hybrid partners than the next."""
    for cname, degrees in f["cluster_degree"].items():
        assert degrees[0][0] == clusters[cname]["lead"][0], (cname, degrees[:3])
        assert degrees[0][1] >= degrees[1][1] + margin, (cname, degrees[:3])


# --------------------------------------------------------------------------------------------
# Output files
# --------------------------------------------------------------------------------------------

ORG_COLUMNS = [
    "id", "name", "type", "sector", "region", "size", "capabilities", "needs", "goals",
    "kvk_sbi", "revenue",
]  # fmt: skip
AGREEMENT_COLUMNS = [
    "id", "type", "source", "target", "parties", "start", "end", "value", "service", "status",
    "phase", "governance", "shared_goals", "contacts", "evaluation_date", "exclusive",
    "contract_ref", "title",
]  # fmt: skip
PARTY_COLUMNS = ["agreement_id", "org_id", "role"]


def cell(x: object) -> object:
    """A CSV cell: lists ';'-joined, dates ISO, booleans true/false, None empty."""
    if x is None:
        return ""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, date):
        return x.isoformat()
    if isinstance(x, list):
        return ";".join(x)
    return x


def write_csv(path: Path, header: list[str], rows: Iterable[list[object]]) -> None:
    """UTF-8, comma-separated, LF line ends, minimal quoting."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def dataset_meta(name: str, title: str, as_of: date, description: str) -> dict[str, Any]:
    """The content of dataset.json (every dataset here is fictional and CC0)."""
    return {
        "name": name,
        "title": title,
        "as_of": as_of.isoformat(),
        "description": description,
        "licence": "CC0-1.0",
        "fictional": True,
    }


def write_dataset(
    folder: Path,
    orgs: dict[str, Org],
    agreements: list[Agreement],
    org_columns: list[str],
    meta: dict[str, Any],
    readme: str,
) -> None:
    """Write the three CSV files, dataset.json and README.md into ``folder``, and say so."""
    write_csv(
        folder / "organisations.csv",
        org_columns,
        ([cell(getattr(o, c)) for c in org_columns] for o in orgs.values()),
    )
    write_csv(
        folder / "agreements.csv",
        AGREEMENT_COLUMNS,
        ([cell(getattr(a, c)) for c in AGREEMENT_COLUMNS] for a in agreements),
    )
    write_csv(
        folder / "parties.csv",
        PARTY_COLUMNS,
        ([a.id, o, r] for a in agreements for o, r in a.roles),
    )
    (folder / "dataset.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    (folder / "README.md").write_text(readme, encoding="utf-8")
    print(f"{len(orgs)} organisations, {len(agreements)} agreements written to {folder}")


# --------------------------------------------------------------------------------------------
# README parts that read the same in every dataset (each returns lines; "\n".join(lines))
# --------------------------------------------------------------------------------------------


def eur(x: float) -> str:
    """Euro amount for the README, e.g. EUR 4,100,000."""
    return f"EUR {x:,.0f}"


def pct(x: float) -> str:
    """A share as a percentage with one decimal."""
    return f"{100 * x:.1f}%"


def ids(xs: Iterable[str]) -> str:
    """Ids in backticks, comma-separated."""
    return ", ".join(f"`{x}`" for x in xs)


def counted(c: Counter[str]) -> str:
    """'12 school, 3 ngo': counts from most to fewest, then alphabetically."""
    return ", ".join(f"{n} {t}" for t, n in sorted(c.items(), key=lambda x: (-x[1], x[0])))


def files_section(orgs: dict[str, Org], agreements: list[Agreement], extras: str) -> list[str]:
    """The section "Files": the files, and their format ending with ``extras``."""
    n_parties = sum(len(a.roles) for a in agreements)
    return [
        "## Files\n",
        "| file | what |\n| --- | --- |",
        f"| `organisations.csv` | {len(orgs)} organisations (netorg input format) |",
        f"| `agreements.csv` | {len(agreements)} agreements |",
        f"| `parties.csv` | {n_parties} rows: the parties and roles of multi-party agreements |",
        "| `dataset.json` | name, title, reference date `as_of`, licence |",
        "| `build.py` | the generator; every CSV file and this README are its output |",
        "| `README.md` | this file (generated; edit `build.py` instead) |\n",
        "Format (CONTRACT.md section 1): UTF-8, comma-separated, header row; lists inside a "
        "cell are `;`-separated; dates are ISO `YYYY-MM-DD`; an empty `end` means open-ended; "
        "`value` is the annual value in euro; `exclusive` is `true`/`false`; tags are "
        "`lowercase_with_underscores`. " + extras,
    ]


def glance_section(
    orgs: dict[str, Org],
    agreements: list[Agreement],
    as_of: date,
    status_order: Iterable[str],
    form_order: Iterable[str],
) -> list[str]:
    """The section "At a glance": organisations, regions, agreements, types by form.

    Statuses are listed in ``status_order``; the table lists the types form by form in
    ``form_order``, then from most to fewest.
    """
    regions = Counter(o.region for o in orgs.values())
    types = Counter(a.type for a in agreements)
    statuses = Counter(a.status for a in agreements)
    forms = Counter(a.form for a in agreements)
    live = sum(is_live(a, as_of) for a in agreements)
    n_parties = sum(len(a.roles) for a in agreements)
    rank = {x: i for i, x in enumerate(form_order)}
    return [
        "## At a glance\n",
        f"- {len(orgs)} organisations: {counted(Counter(o.type for o in orgs.values()))}.",
        "- Regions: " + ", ".join(f"{r} {n}" for r, n in sorted(regions.items())) + ".",
        f"- {len(agreements)} agreements: {forms[MARKET]} market, {forms[HYBRID]} hybrid, "
        f"{forms[HIERARCHY]} hierarchy; status "
        + ", ".join(f"{s} {statuses[s]}" for s in status_order)
        + f"; {live} live on {as_of.isoformat()}.",
        f"- `parties.csv`: {n_parties} rows for "
        f"{len({a.id for a in agreements if a.roles})} agreements.\n",
        "Agreements by type:\n",
        "| type | form | count |\n| --- | --- | ---: |",
        *(
            f"| {t} | {form_of(t)} | {n} |"
            for t, n in sorted(types.items(), key=lambda x: (rank[form_of(x[0])], -x[1], x[0]))
        ),
        "",
    ]


def definitions_section(as_of: date, spend_scope: str) -> list[str]:
    """The section "Definitions" (``spend_scope`` says which market agreements count)."""
    return [
        "## Definitions used for the figures below\n",
        f"- **live**: status `active`, `start` <= {as_of.isoformat()} and `end` empty or >= "
        "that date. Multi-party agreements link the lead (or funder) to each other party, "
        "otherwise every pair, as CONTRACT.md section 2 says.\n"
        f"- **spend** of a buyer on a service: the sum of `value` over its live {spend_scope} "
        "agreements (any market type, subsidies and grants included) with that `service`, the "
        "buyer being `source`. **share** = one supplier's part of it; **HHI** = sum of squared "
        "shares.\n"
        "- **single source**: a service in the buyer's `needs` with exactly one live market "
        "supplier.\n"
        "- **successor**: another non-ended agreement of the same parties and service that "
        "starts within 31 days after the end.\n"
        "- **under-organised**: an active or planned hybrid agreement without `shared_goals`, "
        "without `governance` (empty or `none`) or without `evaluation_date`.\n",
    ]


def org_label(orgs: dict[str, Org], oid: str) -> str:
    """An organisation as the README names it: `ID` (name)."""
    return f"`{oid}` ({orgs[oid].name})"


IMPLICIT_TABLE_HEAD = [
    "| id | pair (buyer -> supplier) | service | agreements | since | years on as_of | "
    "gaps (days) | live share of buyer's spend | contact persons |",
    "| --- | --- | --- | --- | --- | ---: | --- | ---: | --- |",
]


def plain_market_lines(by_id: dict[str, Agreement], plain: Iterable[str]) -> list[str]:
    """The designed plain market ties, one line each, after a line saying what they are."""
    out = [
        "Single, short, non-core purchases with two contact persons; the service is not in "
        "the buyer's needs. Meant to be classified `market`:\n"
    ]
    for pid in plain:
        a = by_id[pid]
        out.append(
            f"- `{pid}`: `{a.source}` -> `{a.target}`, {a.type}, {a.service}, "
            f"{eur(a.value or 0)}/year, {iso(a.start)} to {iso(a.end)}."
        )
    return out


def cluster_lines(
    orgs: dict[str, Org],
    clusters: Mapping[str, Mapping[str, list[str]]],
    f: dict[str, Any],
    multi_of: Mapping[str, str],
) -> list[str]:
    """One line per designed cluster: lead, runner-up, multi-party agreement, members."""
    out = []
    for cname, c in clusters.items():
        (lead, n_lead), (second, n_second) = f["cluster_degree"][cname][:2]
        out.append(
            f"- **{cname}**: lead {org_label(orgs, lead)} ({n_lead} hybrid partners in the "
            f"cluster; runner-up `{second}` {n_second}); multi-party agreement "
            f"{multi_of[cname]}; members {ids(c['members'])}."
        )
    return out


def cohesion_text(f: dict[str, Any]) -> str:
    """The start of the paragraph on cluster cohesion (the dataset finishes the sentence)."""
    return (
        "\nCohesion (share of the members' live hybrid partner links that stay inside the "
        "cluster): " + ", ".join(f"{c} {pct(x)}" for c, x in f["cluster_cohesion"].items())
    )


def connected_line(orgs: dict[str, Org], f: dict[str, Any]) -> str:
    """The live graph is connected, and its bridge edges."""
    return (
        f"- The live graph is one connected component of {len(orgs)} organisations. Bridge "
        "edges (one pair whose loss disconnects it): "
        f"{', '.join(f'`{u}`-`{v}`' for u, v in f['bridges']) or 'none'}.\n"
    )


def hhi_rows(rows: Iterable[tuple[str, str, float, dict[str, int]]]) -> list[str]:
    """Table rows of (buyer, service, HHI, spend per supplier) with the largest share."""
    out = []
    for buyer, service, h, s in rows:
        top = max(s, key=lambda k: (s[k], k))
        share = pct(s[top] / sum(s.values()))
        out.append(f"| `{buyer}` | {service} | {len(s)} | {h:.3f} | `{top}` {share} |")
    return out


def expiring_lines(
    f: dict[str, Any],
    by_id: dict[str, Agreement],
    as_of: date,
    horizon_days: int,
    successor: Callable[[str], str],
) -> list[str]:
    """The table of live agreements expiring within the horizon (``successor`` words the id)."""
    out = [
        f"Live agreements ending within {horizon_days} days after {as_of.isoformat()}:\n",
        "| id | type | parties | service | end | successor |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for aid, end, succ in f["expiring_6m"]:
        a = by_id[aid]
        out.append(
            f"| `{aid}` | {a.type} | {ids(a.members())} | {a.service} | {end.isoformat()} | "
            f"{successor(succ) if succ else 'none'} |"
        )
    return out


def under_organised_lines(f: dict[str, Any], by_id: dict[str, Agreement]) -> list[str]:
    """The under-organised hybrid agreements and what each misses."""
    out = ["Every hybrid agreement in force or planned that misses something (all designed):\n"]
    for aid, missing in f["under_organised"]:
        a = by_id[aid]
        who = f"`{a.source}`-`{a.target}`" if a.source else f"{len(a.members())} parties"
        out.append(
            f"- `{aid}`: {a.type} {who} ('{a.title}'), phase {a.phase}; missing: "
            f"{', '.join(missing)}."
        )
    return out


LICENCE = [
    "## Licence\n",
    "CC0-1.0. To the extent possible under law, the netorg developers have waived all "
    "copyright and related rights to this dataset. It is fictional and was generated by "
    "`build.py`.\n",
]
