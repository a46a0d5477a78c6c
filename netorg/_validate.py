"""Check raw tables against CONTRACT.md section 1 and turn them into typed, normalised frames.

All checks are vectorised over whole columns; Python only loops over the rows that are wrong,
to word their messages. Every problem is collected before anything is raised, so a planner
sees them all in one run. In lenient mode a row with a problem is skipped and its problems
become warnings; nothing is dropped silently: rows in = rows used + rows skipped, per table.

Organisations come first, then agreements (whose parties must be known organisations), then
the parties table (whose agreements must be kept). A row skipped upstream is named in the
message of every row that depends on it.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netorg._codes import codes_in, ranks_within, take
from netorg._errors import InputError, Problem
from netorg.config import Config
from netorg.io import RawEcosystem, RawTable
from netorg.vocabulary import (
    AGREEMENT_FORMS,
    DEFAULT_STATUS,
    FUNDING_TYPES,
    MARKET,
    ROLES,
    VOCABULARIES,
    normalise_word,
)

ORGANISATION_COLUMNS = (
    "id", "name", "type", "sector", "region", "size", "capabilities", "needs", "goals",
)  # fmt: skip
AGREEMENT_COLUMNS = (
    "id", "type", "source", "target", "parties", "start", "end", "value", "service", "status",
    "phase", "governance", "shared_goals", "contacts", "evaluation_date", "exclusive",
)  # fmt: skip
PARTY_COLUMNS = ("agreement_id", "org_id", "role")

# Where a party was named: the source or target column, or a parties list or table.
_SOURCE, _TARGET, _LISTED = 0, 1, 2
_ISO_DATE = r"\d{4}-\d{2}-\d{2}(?:[ T][0-9:.]*)?"
_DUTCH_DATE = r"\d{1,2}-\d{1,2}-\d{4}"
_DATE_FIX = "write the date as YYYY-MM-DD, for example 2026-03-31."
_TRUE = {"true", "yes", "ja", "waar", "y", "j", "1"}
_FALSE = {"false", "no", "nee", "onwaar", "n", "0"}


@dataclass
class LoadReport:
    """What loading did with every input row.

    Attributes
    ----------
    rows : dict
        Per table: ``{"in": ..., "used": ..., "skipped": ...}``; ``in == used + skipped``.
    skipped : list of Problem
        In lenient mode, the problems of the rows that were skipped (a row may have several).
    organisations_implied : bool
        True when only agreements were given and organisations are the ids they name.
    """

    rows: dict[str, dict[str, int]] = field(default_factory=dict)
    skipped: list[Problem] = field(default_factory=list)
    organisations_implied: bool = False

    @property
    def n_skipped(self) -> int:
        """Rows skipped over all tables."""
        return sum(counts["skipped"] for counts in self.rows.values())

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data, for ``summary.json``."""
        return {
            "rows": self.rows,
            "rows_skipped": self.n_skipped,
            "skipped": [p.as_dict() for p in self.skipped],
            "organisations_implied": self.organisations_implied,
        }


@dataclass
class Validated:
    """Normalised tables, ready for :class:`netorg.model.Ecosystem`."""

    organisations: pd.DataFrame
    agreements: pd.DataFrame
    parties: pd.DataFrame
    report: LoadReport
    #: Per row of ``parties``: its agreement's row in ``agreements`` and its organisation's
    #: in ``organisations`` (what :attr:`netorg.Ecosystem.party_codes` holds).
    party_codes: tuple[np.ndarray, np.ndarray]


class _Checks:
    """Collects problems for one table and remembers which rows have any."""

    def __init__(self, table: RawTable) -> None:
        self.table = table
        self.n = len(table.frame)
        self.bad = np.zeros(self.n, dtype=bool)
        self.problems: list[tuple[int, int, Problem]] = []
        self._order = {c: i for i, c in enumerate(table.frame.columns)}

    def has(self, column: str) -> bool:
        return column in self.table.frame.columns

    def text(self, column: str) -> pd.Series:
        """The column as text, ``""`` where empty or absent."""
        if not self.has(column):
            return pd.Series([""] * self.n, dtype=object)
        series = self.table.frame[column]
        if pd.api.types.is_string_dtype(series) and series.dtype != object:
            return series.fillna("").str.strip()
        return series.map(_as_text)

    def distinct(self, column: str) -> tuple[np.ndarray, pd.Series]:
        """The column's distinct texts and, per row, which one it holds.

        Checks and parsers run once per distinct value: vocabulary words, dates, amounts and
        contact persons repeat heavily, so this saves most of the work on large tables.
        """
        codes, uniques = pd.factorize(self.text(column), use_na_sentinel=False)
        return codes, pd.Series(uniques, dtype=object)

    def flag(
        self,
        mask: np.ndarray | pd.Series,
        column: str | None,
        message: str | Callable[[int], str],
        fix: str | Callable[[int], str] = "",
        values: pd.Series | None = None,
    ) -> None:
        """Record a problem on every row where ``mask`` is true."""
        where = np.flatnonzero(np.asarray(mask, dtype=bool))
        if not len(where):
            return
        self.bad[where] = True
        if values is None and column is not None and self.has(column):
            values = self.text(column)
        for i in where.tolist():
            value = None if values is None else str(values.iloc[i])
            problem = self.table.problem(
                int(self.table.rows[i]),
                column,
                value,
                message(i) if callable(message) else message,
                fix(i) if callable(fix) else fix,
            )
            self.problems.append(
                (int(self.table.rows[i]), self._order.get(column or "", -1), problem)
            )

    def file_problem(self, message: str, fix: str) -> Problem:
        return self.table.problem(None, None, None, message, fix)

    def sorted_problems(self) -> list[Problem]:
        return [p for _, _, p in sorted(self.problems, key=lambda t: (t[0], t[1]))]


def validate(raw: RawEcosystem, config: Config, *, strict: bool = True) -> Validated:
    """Check every table and build the normalised frames.

    Parameters
    ----------
    raw : RawEcosystem
        The tables as read by :func:`netorg.io.read_ecosystem`.
    config : Config
        Supplies the user's words for the vocabularies.
    strict : bool
        When True (the default) any problem raises :class:`InputError` listing all of them;
        when False rows with problems are skipped and reported in the :class:`LoadReport`.

    Raises
    ------
    InputError
        Listing every problem, when ``strict`` and anything is wrong, or whenever a table
        lacks a required column.
    """
    agreements_raw = raw.tables["agreements"]
    if raw.organisations_implied:
        raw.tables["organisations"] = _implied_organisations(agreements_raw)
    org_checks = _Checks(raw.tables["organisations"])
    agr_checks = _Checks(agreements_raw)
    party_checks = _Checks(raw.tables["parties"]) if "parties" in raw.tables else None

    missing = _missing_columns(org_checks, agr_checks, party_checks)
    if missing:
        raise InputError(missing)

    organisations = _check_organisations(org_checks, config)
    org_ids = organisations["id"]
    if strict:
        known = pd.Index(org_ids[org_ids != ""].unique())
        skipped_orgs: dict[str, int] = {}
    else:
        known = pd.Index(org_ids[~org_checks.bad])
        skipped = org_ids[org_checks.bad & (org_ids != "")]
        rows = org_checks.table.rows[org_checks.bad & (org_ids != "").to_numpy()]
        skipped_orgs = {i: int(r) for i, r in zip(skipped, rows, strict=True) if i not in known}

    agreements = _check_agreement_fields(agr_checks, config)
    parties_in = _check_party_rows(party_checks, agreements["id"], known, skipped_orgs, config)
    membership = _membership(agr_checks, agreements, parties_in, known, skipped_orgs, org_checks)

    checks = [c for c in (org_checks, agr_checks, party_checks) if c is not None]
    if not strict:
        _cascade_skipped_agreements(agr_checks, party_checks)
    problems = [p for c in checks for p in c.sorted_problems()]
    if strict and problems:
        raise InputError(problems)

    report = LoadReport(organisations_implied=raw.organisations_implied, skipped=problems)
    for c in checks:
        used = int((~c.bad).sum())
        report.rows[c.table.name] = {"in": c.n, "used": used, "skipped": c.n - used}
    if raw.organisations_implied:
        report.rows.pop("organisations")

    keep_orgs = ~org_checks.bad
    keep_agr = ~agr_checks.bad
    organisations = organisations.loc[keep_orgs].reset_index(drop=True)
    agreement_rows = np.flatnonzero(keep_agr)
    membership = membership[np.isin(membership["row"].to_numpy(), agreement_rows)]
    # The organisations kept are the known ones, in the same order, so a party's code in
    # ``known`` is its organisation's row.
    agreements, parties, codes = _finish_agreements(agreements.loc[keep_agr], membership, known)
    return Validated(organisations, agreements, parties, report, codes)


def _implied_organisations(agreements: RawTable) -> RawTable:
    frame = agreements.frame
    ids: list[pd.Series] = []
    for column in ("source", "target"):
        if column in frame.columns:
            ids.append(frame[column].map(_as_text))
    if "parties" in frame.columns:
        ids.append(frame["parties"].map(_split_cell).explode().dropna().astype(str))
    named = pd.concat(ids, ignore_index=True) if ids else pd.Series([], dtype=object)
    named = named[named != ""].drop_duplicates().sort_values(ignore_index=True)
    table = pd.DataFrame({"id": named, "name": named}, dtype=object)
    return RawTable("organisations", table, np.arange(2, len(table) + 2), agreements.file)


def _missing_columns(orgs: _Checks, agreements: _Checks, parties: _Checks | None) -> list[Problem]:
    problems = []
    for checks, required in ((orgs, ("id", "name")), (agreements, ("id", "type"))):
        for column in required:
            if not checks.has(column):
                problems.append(_missing_column(checks, column))
    two_sided = agreements.has("source") and agreements.has("target")
    if not two_sided and not agreements.has("parties") and parties is None:
        problems.append(
            agreements.file_problem(
                "has no columns source and target, no parties column, and there is no "
                "parties table, so no agreement names its organisations.",
                "add source and target columns (two parties) or a parties column.",
            )
        )
    if parties is not None:
        for column in ("agreement_id", "org_id"):
            if not parties.has(column):
                problems.append(_missing_column(parties, column))
    return problems


def _missing_column(checks: _Checks, column: str) -> Problem:
    present = list(checks.table.frame.columns)
    close = difflib.get_close_matches(column, present, n=1)
    hint = f" (is {close[0]!r} meant to be {column!r}?)" if close else ""
    return checks.file_problem(
        f"has no column {column!r}{hint}; its columns are {', '.join(present) or 'none'}.",
        f"add a column named {column} to the header row.",
    )


def _check_organisations(checks: _Checks, config: Config) -> pd.DataFrame:
    out: dict[str, Any] = {}
    ids = checks.text("id")
    _check_ids(checks, ids, "organisation")
    out["id"] = ids
    names = checks.text("name")
    checks.flag(names == "", "name", "the name is empty.", "fill in the organisation's name.")
    out["name"] = names
    out["type"] = _vocabulary(checks, "type", "organisation_type", config)
    for column in ("sector", "region"):
        out[column] = checks.text(column)
    out["size"] = _numbers(checks, "size", "a size in FTE")
    for column in ("capabilities", "needs", "goals"):
        out[column] = _lists(checks, column, tags=True)
    frame = pd.DataFrame(out)
    return _with_extra_columns(checks, frame, ORGANISATION_COLUMNS)


def _check_agreement_fields(checks: _Checks, config: Config) -> pd.DataFrame:
    out: dict[str, Any] = {}
    ids = checks.text("id")
    _check_ids(checks, ids, "agreement")
    out["id"] = ids
    types = _vocabulary(checks, "type", "agreement_type", config)
    checks.flag(
        checks.text("type") == "",
        "type",
        "the agreement type is empty.",
        f"fill in one of {', '.join(VOCABULARIES['agreement_type'])}.",
    )
    out["type"] = types
    out["form"] = _mapped(types, AGREEMENT_FORMS)
    out["source"] = checks.text("source")
    out["target"] = checks.text("target")
    start = _dates(checks, "start")
    end = _dates(checks, "end")
    checks.flag(
        (end < start).to_numpy(),
        "end",
        lambda i: f"the end {end.iloc[i].date()} is before the start {start.iloc[i].date()}.",
        "correct the start or end date (an open-ended agreement has an empty end).",
    )
    out["start"], out["end"] = start, end
    out["value"] = _numbers(checks, "value", "an annual value in euro")
    service = checks.text("service")
    out["service"] = _normalise_words(service)
    status = _vocabulary(checks, "status", "status", config)
    out["status"] = status.where(status != "", DEFAULT_STATUS)
    out["phase"] = _vocabulary(checks, "phase", "phase", config)
    out["governance"] = _vocabulary(checks, "governance", "governance", config)
    out["shared_goals"] = _lists(checks, "shared_goals", tags=True)
    out["contacts"] = _lists(checks, "contacts", tags=False)
    out["evaluation_date"] = _dates(checks, "evaluation_date")
    out["exclusive"] = _booleans(checks, "exclusive")
    frame = pd.DataFrame(out)
    return _with_extra_columns(checks, frame, AGREEMENT_COLUMNS)


def _check_party_rows(
    checks: _Checks | None,
    agreement_ids: pd.Series,
    known: pd.Index,
    skipped_orgs: dict[str, int],
    config: Config,
) -> pd.DataFrame:
    """Check parties.csv; return its usable rows as agreement row, org id, role."""
    if checks is None:
        return pd.DataFrame({"row": [], "org_id": [], "role": [], "pos": []})
    agreement_id = checks.text("agreement_id")
    org_id = checks.text("org_id")
    role = _vocabulary(checks, "role", "role", config)
    checks.flag(agreement_id == "", "agreement_id", "the agreement id is empty.", "fill it in.")
    checks.flag(org_id == "", "org_id", "the organisation id is empty.", "fill it in.")
    row = pd.Series(codes_in(agreement_id, agreement_ids), index=agreement_id.index)
    checks.flag(
        (agreement_id != "") & (row < 0),
        "agreement_id",
        lambda i: f"no agreement has the id {agreement_id.iloc[i]!r}.",
        "use an id from the agreements table.",
    )
    _flag_unknown_orgs(checks, org_id, "org_id", known, skipped_orgs)
    pair = agreement_id + "\x1f" + org_id
    repeated = pair.duplicated() & (org_id != "") & (agreement_id != "")
    checks.flag(
        repeated,
        "org_id",
        lambda i: f"{org_id.iloc[i]!r} is listed twice for agreement {agreement_id.iloc[i]!r}.",
        "keep one row per organisation and agreement.",
    )
    usable = (row >= 0) & _known(org_id, known) & ~repeated
    return pd.DataFrame(
        {
            "row": row[usable].astype(np.int64),
            "org_id": org_id[usable],
            "role": role[usable],
            "pos": 1_000_000 + np.flatnonzero(usable.to_numpy()),
            "party_row": np.flatnonzero(usable.to_numpy()),
        }
    )


def _membership(
    checks: _Checks,
    agreements: pd.DataFrame,
    parties_in: pd.DataFrame,
    known: pd.Index,
    skipped_orgs: dict[str, int],
    org_checks: _Checks,
) -> pd.DataFrame:
    """One row per (agreement row, organisation): who takes part, in listed order, with role."""
    source, target = agreements["source"], agreements["target"]
    n = len(agreements)
    listed = _lists(checks, "parties", tags=False) if checks.has("parties") else None
    for column, ids in (("source", source), ("target", target)):
        _flag_unknown_orgs(checks, ids, column, known, skipped_orgs)
    pieces = [
        pd.DataFrame({"row": np.arange(n), "org_id": source, "origin": _SOURCE, "pos": 0}),
        pd.DataFrame({"row": np.arange(n), "org_id": target, "origin": _TARGET, "pos": 1}),
    ]
    if listed is not None:
        exploded = listed.explode().dropna()
        bad = ~_known(exploded, known)
        if bad.any():
            unknown = exploded[bad].groupby(level=0).agg(list)
            mask = np.zeros(n, dtype=bool)
            mask[unknown.index.to_numpy()] = True
            checks.flag(
                mask,
                "parties",
                lambda i: _unknown_message(unknown.loc[i], skipped_orgs, org_checks),
                "use ids from the organisations table (the id column, not the name).",
            )
        rank = ranks_within(exploded.index.to_numpy())
        pieces.append(
            pd.DataFrame(
                {
                    "row": exploded.index.to_numpy(),
                    "org_id": exploded.to_numpy(),
                    "origin": _LISTED,
                    "pos": 2 + rank,
                }
            )
        )
    if len(parties_in):
        pieces.append(parties_in[["row", "org_id", "pos"]].assign(origin=_LISTED))
    members = pd.concat(pieces, ignore_index=True)
    members = members[members["org_id"] != ""]
    has_list = np.zeros(n, dtype=bool)
    has_list[members.loc[members["origin"] == _LISTED, "row"].to_numpy()] = True
    one_side = ((source == "") != (target == "")).to_numpy() & ~has_list
    for column, empty in (("source", source == ""), ("target", target == "")):
        checks.flag(
            one_side & empty.to_numpy(),
            column,
            f"a two-party agreement needs both source and target; {column} is empty.",
            "fill in the missing side, or list all parties in the parties column.",
        )
    members = members.sort_values(["row", "pos"], kind="stable")
    # An organisation named twice for one agreement counts once, where first named; its
    # code (unknown ids numbered after the known ones) stands for its id text.
    org = _org_codes(members["org_id"], known)
    rows = members["row"].to_numpy(dtype=np.int64)
    first = ~pd.Series(rows * (int(org.max(initial=0)) + 1) + org).duplicated().to_numpy()
    members = members[first].assign(org=org[first])
    count = np.bincount(rows[first], minlength=n)
    members = members[members["org"].to_numpy() < len(known)]
    named_any = ((source != "") | (target != "")).to_numpy() | has_list
    same_side = ((source != "") & (source == target)).to_numpy() & ~has_list
    checks.flag(
        same_side,
        "target",
        lambda i: f"source and target are the same organisation {source.iloc[i]!r}.",
        "an agreement is between at least two different organisations.",
    )
    too_few = (count < 2) & named_any & ~one_side & ~same_side
    checks.flag(
        too_few,
        "parties",
        lambda i: (
            f"the agreement names fewer than two distinct organisations "
            f"({', '.join(repr(o) for o in members.loc[members['row'] == i, 'org_id'])})."
        ),
        "an agreement is between at least two different organisations.",
        values=_listed_parties(source, target, listed) if too_few.any() else None,
    )
    checks.flag(
        ~named_any,
        None,
        "the agreement names no organisations.",
        "fill in source and target, or list the parties.",
    )
    return _roles(members, agreements, parties_in)


def _listed_parties(source: pd.Series, target: pd.Series, listed: pd.Series | None) -> pd.Series:
    """The parties of each agreement as the user wrote them, for messages."""
    extra = listed if listed is not None else pd.Series([()] * len(source), dtype=object)
    return pd.Series(
        [
            ";".join(x for x in (s, t, *p) if x)
            for s, t, p in zip(source, target, extra, strict=True)
        ],
        dtype=object,
    )


def _org_codes(ids: pd.Series, known: pd.Index) -> np.ndarray:
    """Each id's position in ``known``; an unknown id gets ``len(known)`` plus its number
    among the unknown ones, so that equal ids have equal codes."""
    codes = codes_in(ids, known)
    unknown = codes < 0
    if unknown.any():
        extra, _ = pd.factorize(ids[unknown].to_numpy(dtype=object))
        codes[unknown] = len(known) + extra
    return codes


def _known(ids: pd.Series, known: pd.Index) -> pd.Series:
    """Which ids are in ``known``."""
    return pd.Series(codes_in(ids, known) >= 0, index=ids.index)


def _roles(
    members: pd.DataFrame, agreements: pd.DataFrame, parties_in: pd.DataFrame
) -> pd.DataFrame:
    """Give every party a role: the one declared in the parties table, else one derived."""
    rows = members["row"].to_numpy(dtype=np.int64)
    n_parties = np.bincount(rows, minlength=len(agreements))[rows]
    funding = agreements["type"].isin(FUNDING_TYPES).to_numpy()[rows]
    market = (agreements["form"] == MARKET).to_numpy()[rows]
    origin = members["origin"].to_numpy()
    code = {name: i for i, name in enumerate(ROLES)}
    role = np.where(
        origin == _SOURCE,
        np.where(
            funding,
            code["funder"],
            np.where(market, code["buyer"], np.where(n_parties > 2, code["lead"], code["member"])),
        ),
        np.where(
            origin == _TARGET,
            np.where(
                funding, code["recipient"], np.where(market, code["supplier"], code["member"])
            ),
            code["member"],
        ),
    )
    given = parties_in[parties_in["role"] != ""]
    if len(given):
        # Only agreements that have a parties-table row can have a declared role.
        candidate = np.flatnonzero(np.isin(rows, given["row"].to_numpy()))
        key = pd.MultiIndex.from_arrays(
            [rows[candidate], members["org_id"].to_numpy(dtype=object)[candidate]]
        )
        lookup = given.drop_duplicates(["row", "org_id"]).set_index(["row", "org_id"])["role"]
        declared = lookup.reindex(key).map(code).to_numpy(dtype=float)
        has = ~np.isnan(declared)
        role[candidate[has]] = declared[has].astype(np.int64)
    return members.assign(role=role, n_parties=n_parties)


def _cascade_skipped_agreements(agr_checks: _Checks, party_checks: _Checks | None) -> None:
    """In lenient mode, skip parties rows whose agreement is skipped, and say why."""
    if party_checks is None:
        return
    ids = agr_checks.text("id")
    bad_ids = pd.Series(agr_checks.table.rows[agr_checks.bad], index=ids[agr_checks.bad])
    bad_ids = bad_ids[~bad_ids.index.duplicated()]
    agreement_id = party_checks.text("agreement_id")
    hit = agreement_id.isin(bad_ids.index).to_numpy() & ~party_checks.bad
    party_checks.flag(
        hit,
        "agreement_id",
        lambda i: (
            f"agreement {agreement_id.iloc[i]!r} is skipped because its row "
            f"{bad_ids[agreement_id.iloc[i]]} in {agr_checks.table.file} has problems."
        ),
        "correct that agreement's row.",
    )


def _finish_agreements(
    agreements: pd.DataFrame, members: pd.DataFrame, known: pd.Index
) -> tuple[pd.DataFrame, pd.DataFrame, tuple[np.ndarray, np.ndarray]]:
    """Renumber the kept agreements and attach their parties, in listed order (``org``:
    each party's position in ``known``); also each party's agreement and organisation code."""
    kept_rows = agreements.index.to_numpy()
    renumber = np.full(int(kept_rows.max()) + 1 if len(kept_rows) else 0, -1, dtype=np.int64)
    renumber[kept_rows] = np.arange(len(kept_rows))
    members = members.assign(agreement=renumber[members["row"].to_numpy(dtype=np.int64)])
    members = members.sort_values(["agreement", "pos"], kind="stable")
    agreements = agreements.reset_index(drop=True)

    counts = np.bincount(members["agreement"].to_numpy(), minlength=len(agreements))
    # The tuples hold one Python text per organisation, not one per party: at a million
    # agreements that is 100k texts instead of two million.
    agreements.insert(
        agreements.columns.get_loc("target") + 1,
        "parties",
        _party_tuples(known.to_numpy(dtype=object)[members["org"].to_numpy()], counts),
    )
    agreements.insert(agreements.columns.get_loc("parties") + 1, "n_parties", counts)
    parties = pd.DataFrame(
        {
            "agreement_id": take(agreements["id"], members["agreement"].to_numpy()),
            "org_id": members["org_id"].reset_index(drop=True),
            "role": take(np.array(ROLES, dtype=object), members["role"].to_numpy()),
        }
    )
    codes = (members["agreement"].to_numpy(np.int64), members["org"].to_numpy(np.int64))
    return agreements, parties, codes


def _party_tuples(org_ids: np.ndarray, counts: np.ndarray) -> pd.Series:
    """Each agreement's parties as a tuple, from the member list sorted by agreement.

    Most agreements have two parties; they are zipped in one go, and only the few with more
    are split one by one (a groupby-agg(tuple) over all of them is ~10x slower).
    """
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    out = np.empty(len(counts), dtype=object)
    two = np.flatnonzero(counts == 2)
    pairs = zip(org_ids[starts[two]], org_ids[starts[two] + 1], strict=True)
    out[two] = pd.Series(list(pairs), dtype=object).to_numpy()  # 1-d: numpy won't unpack pairs
    for i in np.flatnonzero(counts != 2).tolist():
        out[i] = tuple(org_ids[starts[i] : starts[i] + counts[i]])
    return pd.Series(out, dtype=object)


# -- column parsers: each flags what it cannot read and returns the typed column ------------


def _mapped(series: pd.Series, mapping: dict[str, str]) -> pd.Series:
    """``series.map(mapping).fillna("")``, looking up each distinct value once (a look-up
    per row took 0.48 s for three million agreement types, by hand)."""
    codes, uniques = pd.factorize(series)
    values = np.array([mapping.get(u, "") for u in uniques] + [""], dtype=object)
    return pd.Series(values[codes], index=series.index, dtype="str")


def _check_ids(checks: _Checks, ids: pd.Series, what: str) -> None:
    checks.flag(ids == "", "id", f"the {what} id is empty.", f"give every {what} a unique id.")
    if pd.Index(ids).is_unique:  # 0.3 s for three million ids, duplicated() 0.5-1.0 s
        return
    duplicate = (ids.duplicated() & (ids != "")).to_numpy()
    if not duplicate.any():
        return
    first = checks.table.rows[codes_in(ids, ids)]  # the row each id first stands on
    checks.flag(
        duplicate,
        "id",
        lambda i: f"the id {ids.iloc[i]!r} is used twice (first on row {first[i]}).",
        f"give every {what} a unique id.",
    )


def _flag_unknown_orgs(
    checks: _Checks, ids: pd.Series, column: str, known: pd.Index, skipped: dict[str, int]
) -> None:
    unknown = (ids != "") & ~_known(ids, known)

    def message(i: int) -> str:
        value = ids.iloc[i]
        if value in skipped:
            return (
                f"organisation {value!r} is skipped because its row {skipped[value]} "
                "in the organisations table has problems."
            )
        return f"no organisation has the id {value!r}."

    def fix(i: int) -> str:
        if ids.iloc[i] in skipped:
            return "correct that organisation's row."
        return "use an id from the organisations table (the id column, not the name)."

    checks.flag(unknown, column, message, fix)


def _unknown_message(values: list[str], skipped: dict[str, int], org_checks: _Checks) -> str:
    parts = []
    for value in values:
        if value in skipped:
            parts.append(f"{value!r} (skipped: row {skipped[value]} of {org_checks.table.file})")
        else:
            parts.append(repr(value))
    return f"no organisation has the id {', '.join(parts)}."


def _vocabulary(checks: _Checks, column: str, vocabulary: str, config: Config) -> pd.Series:
    codes, text = checks.distinct(column)
    synonyms = config.synonyms(vocabulary)
    words = text.map(lambda v: synonyms.get(w, w) if (w := normalise_word(v)) else "")
    known = VOCABULARIES[vocabulary]
    bad = (words != "") & ~words.isin(known)
    label = vocabulary.replace("_", " ")

    def fix(i: int) -> str:
        word = words.iat[codes[i]]
        close = difflib.get_close_matches(word, known, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        target = close[0] if close else "<one of the words above>"
        return (
            f"{hint}use one of {', '.join(known)}; or map your word onto one of them in a "
            f'config file: [{vocabulary}] {word} = "{target}".'
        )

    checks.flag(
        bad.to_numpy()[codes],
        column,
        lambda i: f"{text.iat[codes[i]]!r} is not a known {label}.",
        fix,
    )
    return _spread(words.where(~bad, ""), codes)


def _normalise_words(text: pd.Series) -> pd.Series:
    """Fold each distinct word once: vocabulary columns hold few distinct values."""
    codes, uniques = pd.factorize(text, use_na_sentinel=False)
    folded = pd.Series(uniques, dtype=object).map(lambda v: normalise_word(v) if v else "")
    return _spread(folded, codes, index=text.index)


def _spread(values: pd.Series, codes: np.ndarray, index: pd.Index | None = None) -> pd.Series:
    """Results computed once per distinct value, put back on every row."""
    return pd.Series(values.to_numpy(dtype=object)[codes], index=index, dtype=object)


def _numbers(checks: _Checks, column: str, what: str) -> pd.Series:
    if not checks.has(column):
        return pd.Series(np.nan, index=range(checks.n), dtype=float)
    series = checks.table.frame[column]
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        number = series.astype(float).to_numpy()
        given = ~np.isnan(number)
    else:
        # Parsed once per distinct text: amounts and sizes repeat a lot.
        codes, text = checks.distinct(column)
        text = text.str.replace(r"[€\s\u00a0]", "", regex=True)
        if checks.table.decimal_comma:
            dutch = text.str.contains(",", regex=False) | text.str.fullmatch(r"-?\d{1,3}(\.\d{3})+")
            dutch = dutch.fillna(False).astype(bool)
            text = text.where(
                ~dutch, text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
            )
        given = (text != "").to_numpy()[codes]
        number = pd.to_numeric(text.where(text != ""), errors="coerce").to_numpy(float)[codes]
    finite = np.isfinite(number)
    checks.flag(
        given & ~finite,
        column,
        lambda i: f"{checks.text(column).iloc[i]!r} is not a number.",
        f"write {what} as a plain number, for example 125000 or 1250.50.",
    )
    checks.flag(
        finite & (number < 0),
        column,
        lambda i: f"{checks.text(column).iloc[i]!r} is negative.",
        f"{what} is zero or more.",
    )
    return pd.Series(np.where(finite, number, np.nan), dtype=float)


def _dates(checks: _Checks, column: str) -> pd.Series:
    if not checks.has(column):
        return pd.Series(pd.NaT, index=range(checks.n), dtype="datetime64[s]")
    series = checks.table.frame[column]
    if pd.api.types.is_datetime64_any_dtype(series):
        if getattr(series.dt, "tz", None):
            series = series.dt.tz_localize(None)
        return series.dt.normalize().astype("datetime64[s]")
    codes, text = checks.distinct(column)  # dates repeat: parse each distinct one once
    iso = text.str.fullmatch(_ISO_DATE).fillna(False).astype(bool)
    dutch = text.str.fullmatch(_DUTCH_DATE).fillna(False).astype(bool)
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[s]")
    if iso.any():
        parsed[iso] = pd.to_datetime(text[iso].str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    if dutch.any():
        parsed[dutch] = pd.to_datetime(text[dutch], format="%d-%m-%Y", errors="coerce")
    bad = (text != "") & parsed.isna()
    checks.flag(
        bad.to_numpy()[codes],
        column,
        lambda i: f"{text.iat[codes[i]]!r} is not a date.",
        _DATE_FIX,
    )
    return pd.Series(parsed.to_numpy()[codes], dtype="datetime64[s]")


def _booleans(checks: _Checks, column: str) -> pd.Series:
    text = checks.text(column).str.lower()
    value = pd.Series(pd.NA, index=text.index, dtype="boolean")
    value[text.isin(_TRUE)] = True
    value[text.isin(_FALSE)] = False
    checks.flag(
        (text != "") & value.isna(),
        column,
        lambda i: f"{checks.text(column).iloc[i]!r} is not true or false.",
        "write true or false (or leave it empty).",
    )
    return value


def _lists(checks: _Checks, column: str, *, tags: bool) -> pd.Series:
    """A list column as tuples: cells split on ``;`` or ``|``, empties dropped, order kept.

    Tags are folded like vocabulary words (``Youth Care`` is ``youth_care``); other lists
    (contact persons, party ids) are only trimmed.
    """
    if not checks.has(column):
        return pd.Series([()] * checks.n, dtype=object)
    series = checks.table.frame[column]
    if series.dtype == object and series.map(type).eq(tuple).any():
        # lists from JSON or Parquet are not hashable for factorize; they are few
        return pd.Series([_split_cell(c, tags) for c in series], index=series.index, dtype=object)
    text = series if pd.api.types.is_string_dtype(series) and series.dtype != object else None
    codes, uniques = pd.factorize(series.map(_as_text) if text is None else text.fillna(""))
    parsed = _split_texts(np.asarray(uniques, dtype=object), tags)
    return pd.Series(parsed[codes], index=series.index, dtype=object)


def _split_texts(texts: np.ndarray, tags: bool) -> np.ndarray:
    """Split and clean many list cells at once in Arrow: one tuple per text (an object
    array), its parts in order, empty parts dropped, each part once.

    A cell of one part, or of two different ones (nearly every contacts cell), becomes its
    tuple through ``zip`` in C; only the other cells are deduplicated in Python, one by one
    (the 1.1 million distinct contacts cells of 3 million agreements: 1.05 s against 2.2 s
    with every cell deduplicated in Python, by hand).
    """
    parts = pc.split_pattern_regex(pa.array(texts, type=pa.large_string()), r"[;|]")
    flat = pc.list_flatten(parts)
    if tags:  # the same folding as netorg.vocabulary.normalise_word, column-wise
        flat = pc.utf8_lower(pc.replace_substring(flat, "-", " "))
        flat = pc.replace_substring_regex(pc.utf8_trim_whitespace(flat), r"\s+", "_")
    else:
        flat = pc.utf8_trim_whitespace(flat)
    offsets = parts.offsets.to_numpy().astype(np.int64) - parts.offsets[0].as_py()
    start, size = offsets[:-1], np.diff(offsets)
    values = flat.to_numpy(zero_copy_only=False)
    empties = np.r_[0, np.cumsum(pc.binary_length(flat).to_numpy() == 0)]
    kept = size - (empties[offsets[1:]] - empties[start])
    out = np.empty(len(texts), dtype=object)
    done = np.zeros(len(texts), dtype=bool)
    one = np.flatnonzero((size == 1) & (kept == 1))
    out[one] = np.fromiter(zip(values[start[one]]), dtype=object, count=len(one))
    two = np.flatnonzero((size == 2) & (kept == 2))
    two = two[values[start[two]] != values[start[two] + 1]]
    pairs = zip(values[start[two]], values[start[two] + 1], strict=True)
    out[two] = np.fromiter(pairs, dtype=object, count=len(two))
    none = np.flatnonzero(kept == 0)
    out[none] = np.fromiter(itertools.repeat((), len(none)), dtype=object, count=len(none))
    done[one] = done[two] = done[none] = True
    for i in np.flatnonzero(~done).tolist():
        out[i] = tuple(dict.fromkeys(p for p in values[start[i] : start[i] + size[i]] if p))
    return out


def _split_cell(cell: object, tags: bool = False) -> tuple[str, ...]:
    """One list cell (text, or a list from JSON or Parquet) as a clean tuple."""
    if isinstance(cell, (tuple, list, np.ndarray)):
        parts: Iterable[str] = (str(c) for c in cell)
    elif cell is None or (isinstance(cell, float) and np.isnan(cell)):
        return ()
    else:
        parts = str(cell).replace("|", ";").split(";")
    clean = normalise_word if tags else str.strip
    return tuple(dict.fromkeys(p for p in (clean(x) for x in parts) if p))


def _as_text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, tuple):
        return ";".join(value)
    return str(value).strip()


def _with_extra_columns(
    checks: _Checks, frame: pd.DataFrame, standard: tuple[str, ...]
) -> pd.DataFrame:
    """Keep every column the contract does not define as a text attribute."""
    extras = [c for c in checks.table.frame.columns if c not in standard and c not in frame]
    for column in extras:
        frame[column] = checks.text(column).to_numpy()
    return frame
