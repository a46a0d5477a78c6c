"""Property-based tests of loading (CONTRACT.md section 1) with hypothesis.

Three families:

1. Round trip. A strategy draws a random *valid* ecosystem (ids and names with spaces, accents,
   commas, quotes and emoji; vocabulary words in any case and in Dutch; sizes and values as
   integers and decimals; two-party and multi-party agreements, the latter listed in a
   ``parties`` column or in a parties table with or without a lead). It is written as a
   folder of ``,``-separated CSV, a folder of ``;``-separated CSV (Dutch Excel: lists
   ``|``-joined, decimal commas), CSV with a UTF-8 BOM, an ``.xlsx`` workbook, a ``.json``
   file and a folder of Parquet. Every format must load to the same frames, equal to what we
   compute from the drawn data, and the graph must follow CONTRACT.md section 2.
2. Corruption. Exactly one cell of a valid ecosystem is broken; strict loading raises
   :class:`netorg.InputError` naming that file, spreadsheet row (header = row 1) and column;
   lenient loading skips the row and accounts for every row (in = used + skipped).
3. Garbage. Random bytes, text, cells or JSON never produce a traceback: loading either
   succeeds or raises :class:`netorg.InputError`.

Formats are compared with each other exactly, dtypes included (they agree today: text columns
are pandas' ``str``, lists are ``object`` tuples, dates ``datetime64[s]``, ``exclusive`` is
``boolean``). Against the values computed from the drawn data, ``str`` and ``object`` text
columns are treated as equal: netorg gives ``object`` for a text column the file lacks and for
``service``, ``str`` otherwise, and the contract does not pin that down.

Numbers are drawn as integers or with two decimals. Three decimals are ambiguous in a
``;``-separated CSV (``12.125`` is read as the Dutch 12125) and, wrongly, also in a workbook's
numeric cells: see the pinned bugs at the end of the file.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import json
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

import netorg
from netorg.config import Config
from netorg.vocabulary import (
    AGREEMENT_FORMS,
    AGREEMENT_TYPES,
    FUNDING_TYPES,
    GOVERNANCE,
    MARKET,
    ORGANISATION_TYPES,
    PHASES,
    STATUSES,
)

AS_OF = "2026-01-01"
SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

ORG_COLUMNS = (
    "id", "name", "type", "sector", "region", "size", "capabilities", "needs", "goals", "website",
)  # fmt: skip
AGR_COLUMNS = (
    "id", "type", "source", "target", "parties", "start", "end", "value", "service", "status",
    "phase", "governance", "shared_goals", "contacts", "evaluation_date", "exclusive", "remark",
)  # fmt: skip
PARTY_COLUMNS = ("agreement_id", "org_id", "role")


@contextmanager
def scratch() -> Iterator[Path]:
    """A fresh directory per hypothesis example (function-scoped tmp_path is shared)."""
    with tempfile.TemporaryDirectory(prefix="netorg-prop-") as folder:
        yield Path(folder)


# -- the logical ecosystem -------------------------------------------------------------------


@dataclass(frozen=True)
class Num:
    """A number >= 0 written as an integer or with two decimals (never ambiguous)."""

    cents: int
    integer: bool

    @property
    def value(self) -> float:
        return float(self.dot())

    def dot(self) -> str:
        whole, frac = divmod(self.cents, 100)
        return str(whole) if self.integer else f"{whole}.{frac:02d}"

    def dutch(self, thousands: bool) -> str:
        whole, frac = divmod(self.cents, 100)
        text = f"{whole:,}".replace(",", ".") if thousands else str(whole)
        return text if self.integer else f"{text},{frac:02d}"

    def native(self) -> int | float:
        return self.cents // 100 if self.integer else self.value


@dataclass(frozen=True)
class Word:
    """A vocabulary word as written, and the canonical word netorg must turn it into."""

    text: str
    canonical: str


@dataclass(frozen=True)
class Flag:
    """A true/false cell as written in a text file."""

    value: bool
    text: str


Cell = str | Num | Word | Flag | dt.date | tuple[str, ...] | None


@dataclass(frozen=True)
class Org:
    id: str
    name: str
    type: Word | None
    sector: str
    region: str
    size: Num | None
    capabilities: tuple[str, ...]
    needs: tuple[str, ...]
    goals: tuple[str, ...]
    website: str

    def cells(self) -> list[Cell]:
        return [
            self.id, self.name, self.type, self.sector, self.region, self.size,
            self.capabilities, self.needs, self.goals, self.website,
        ]  # fmt: skip


@dataclass(frozen=True)
class Agreement:
    id: str
    type: Word
    source: str
    target: str
    #: For multi-party agreements: the parties in order; empty for two-party ones.
    members: tuple[str, ...]
    #: True: members go into the parties table (with ``roles``), else the parties column.
    via_table: bool
    roles: tuple[str, ...]
    start: dt.date | None
    end: dt.date | None
    value: Num | None
    service: str
    status: Word | None
    phase: Word | None
    governance: Word | None
    shared_goals: tuple[str, ...]
    contacts: tuple[str, ...]
    evaluation_date: dt.date | None
    exclusive: Flag | None
    remark: str

    @property
    def parties(self) -> tuple[str, ...]:
        return self.members if self.members else (self.source, self.target)

    @property
    def lead(self) -> str | None:
        if self.via_table and "lead" in self.roles:
            return self.members[self.roles.index("lead")]
        return None

    def cells(self) -> list[Cell]:
        listed = self.members if self.members and not self.via_table else ()
        return [
            self.id, self.type, self.source, self.target, listed, self.start, self.end,
            self.value, self.service, self.status, self.phase, self.governance,
            self.shared_goals, self.contacts, self.evaluation_date, self.exclusive, self.remark,
        ]  # fmt: skip


@dataclass(frozen=True)
class Eco:
    orgs: tuple[Org, ...]
    agreements: tuple[Agreement, ...]
    #: How every header is written (column names are case-insensitive, spaces trimmed).
    header_style: str = "lower"
    #: Indices of data rows that get an empty spreadsheet row before them (CSV and xlsx).
    blank_before: dict[str, frozenset[int]] = field(default_factory=dict)
    #: ``;``-separated CSV: write thousands separators in numbers (1.250,50).
    thousands: bool = False
    line_end: str = "\n"
    parquet_native_lists: bool = False
    #: (table, data row index, column) -> the text to write there instead; see corruption.
    overrides: dict[tuple[str, int, str], str] = field(default_factory=dict)

    def party_rows(self) -> list[list[Cell]]:
        return [
            [a.id, org, role or None]
            for a in self.agreements
            if a.via_table
            for org, role in zip(a.members, a.roles, strict=True)
        ]

    def tables(self) -> dict[str, tuple[tuple[str, ...], list[list[Cell]]]]:
        tables = {
            "organisations": (ORG_COLUMNS, [o.cells() for o in self.orgs]),
            "agreements": (AGR_COLUMNS, [a.cells() for a in self.agreements]),
        }
        if any(a.via_table for a in self.agreements):
            tables["parties"] = (PARTY_COLUMNS, self.party_rows())
        return tables

    def header(self, column: str) -> str:
        return {
            "lower": column,
            "upper": column.upper(),
            "title": column.replace("_", " ").title().replace(" ", "_"),
            "padded": f"  {column.capitalize()} ",
        }[self.header_style]

    def sheet_row(self, table: str, index: int) -> int:
        """The spreadsheet row of data row ``index`` as a user sees it (header = 1)."""
        blanks = self.blank_before.get(table, frozenset())
        return 2 + index + sum(1 for b in blanks if b <= index)


# -- strategies --------------------------------------------------------------------------------

ID_ALPHABET = "abcdefghXYZ0123456789éëÉÖç .-_,"
NAME_ALPHABET = "abcdefgh ABCXYZ0123456789 ,\"'&()éëüÉ🏥🤝;|/"
TAGS = ("youth_care", "home_care", "ict", "recruitment", "housing", "debt_help", "wmo", "zorg_é")
GOAL_TAGS = ("fewer_waiting_lists", "staff_retention", "prevention", "one_region")
PEOPLE = ("Anna de Vries", "José Ölçer", "Dr. K. Bakker", "Mo Ali", "Fleur van 't Hof", "李雷")
FREE_TEXT = ("", "care", "youth", "housing", "Noord-Holland Noord", "Zuid, Oost", "café 'De Zon'")


def _dutch_words() -> dict[str, dict[str, list[str]]]:
    """The built-in Dutch words per vocabulary and canonical word (``inkoop`` -> purchase)."""
    out: dict[str, dict[str, list[str]]] = {}
    for vocabulary in ("agreement_type", "organisation_type", "status", "phase", "governance"):
        for word, canonical in sorted(Config().synonyms(vocabulary).items()):
            out.setdefault(vocabulary, {}).setdefault(canonical, []).append(word)
    return out


_DUTCH = _dutch_words()


def _spellings(word: str, vocabulary: str) -> list[str]:
    """Ways a planner may write a vocabulary word: any case, spaces or hyphens, Dutch."""
    spaced = word.replace("_", " ")
    return [
        word,
        word.upper(),
        spaced.capitalize(),
        spaced.title(),
        word.replace("_", "-"),
        f" {spaced} ",
        *(d.replace("_", " ") for d in _DUTCH.get(vocabulary, {}).get(word, [])),
    ]


def words(vocabulary: str, known: tuple[str, ...]) -> st.SearchStrategy[Word]:
    return st.sampled_from(known).flatmap(
        lambda w: st.sampled_from(_spellings(w, vocabulary)).map(lambda t: Word(t, w))
    )


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


ids = st.one_of(
    st.sampled_from(["Gem. Één", "Zorg-Oost", "GGD 3", "café Noord", "X", "007", "a,b"]),
    st.text(ID_ALPHABET, min_size=1, max_size=10).map(str.strip).filter(bool),
)
names = st.text(NAME_ALPHABET, min_size=1, max_size=24).map(str.strip).filter(bool)
#: Names with a line break inside a quoted cell (the CSV record spans two lines).
multiline_names = st.text(NAME_ALPHABET + "\n", min_size=1, max_size=24).map(str.strip).filter(bool)
numbers = st.builds(Num, st.integers(0, 5_000_000_00), st.booleans())
tag_lists = st.lists(st.sampled_from(TAGS), unique=True, max_size=4).map(tuple)
goal_lists = st.lists(st.sampled_from(GOAL_TAGS), unique=True, max_size=3).map(tuple)
contact_lists = st.lists(st.sampled_from(PEOPLE), unique=True, max_size=3).map(tuple)
dates = st.dates(dt.date(1995, 1, 1), dt.date(2035, 12, 31))
flags = st.sampled_from([(True, "true"), (False, "false"), (True, "Ja"), (False, "nee")]).map(
    lambda p: Flag(*p)
)


@st.composite
def organisation(draw: st.DrawFn, org_id: str, multiline: bool = False) -> Org:
    return Org(
        id=org_id,
        name=draw(multiline_names if multiline else names),
        type=draw(optional(words("organisation_type", ORGANISATION_TYPES))),
        sector=draw(st.sampled_from(FREE_TEXT)),
        region=draw(st.sampled_from(FREE_TEXT)),
        size=draw(optional(numbers)),
        capabilities=draw(tag_lists),
        needs=draw(tag_lists),
        goals=draw(goal_lists),
        website=draw(st.sampled_from(["", "https://example.nl/a?b=1,2", "zorg.nl"])),
    )


@st.composite
def agreement(draw: st.DrawFn, agreement_id: str, org_ids: list[str]) -> Agreement:
    multi = len(org_ids) >= 3 and draw(st.booleans())
    if multi:
        members = tuple(draw(st.lists(st.sampled_from(org_ids), min_size=3, unique=True)))
        source = target = ""
        via_table = draw(st.booleans())
        roles: tuple[str, ...] = ()
        if via_table:
            others = st.sampled_from(["member", "", "supplier", "recipient"])
            roles = tuple(draw(st.lists(others, min_size=len(members), max_size=len(members))))
            if draw(st.booleans()):
                at = draw(st.integers(0, len(members) - 1))
                roles = (*roles[:at], "lead", *roles[at + 1 :])
    else:
        source, target = draw(
            st.lists(st.sampled_from(org_ids), min_size=2, max_size=2, unique=True)
        )
        members, via_table, roles = (), False, ()
    start = draw(optional(dates))
    end = draw(optional(dates))
    if start is not None and end is not None and end < start:
        start, end = end, start
    return Agreement(
        id=agreement_id,
        type=draw(words("agreement_type", AGREEMENT_TYPES)),
        source=source,
        target=target,
        members=members,
        via_table=via_table,
        roles=roles,
        start=start,
        end=end,
        value=draw(optional(numbers)),
        service=draw(st.sampled_from(("", *TAGS))),
        status=draw(optional(words("status", STATUSES))),
        phase=draw(optional(words("phase", PHASES))),
        governance=draw(optional(words("governance", GOVERNANCE))),
        shared_goals=draw(goal_lists),
        contacts=draw(contact_lists),
        evaluation_date=draw(optional(dates)),
        exclusive=draw(optional(flags)),
        remark=draw(st.sampled_from(["", "renewed 3x", 'says "ok"', "€ 1.000, yearly"])),
    )


@st.composite
def ecosystems(draw: st.DrawFn, min_orgs: int = 2, multiline: bool = False) -> Eco:
    """A valid ecosystem; ``multiline`` allows line breaks inside names."""
    org_ids = draw(st.lists(ids, min_size=min_orgs, max_size=12, unique=True))
    orgs = tuple(draw(organisation(i, multiline)) for i in org_ids)
    agreement_ids = draw(st.lists(ids, min_size=1, max_size=15, unique=True))
    agreements = tuple(draw(agreement(a, list(org_ids))) for a in agreement_ids)
    blank_before: dict[str, frozenset[int]] = {}
    for table, n in (("organisations", len(orgs)), ("agreements", len(agreements))):
        blank_before[table] = frozenset(draw(st.sets(st.integers(0, n - 1), max_size=2)))
    return Eco(
        orgs,
        agreements,
        header_style=draw(st.sampled_from(["lower", "upper", "title", "padded"])),
        blank_before=blank_before,
        thousands=draw(st.booleans()),
        line_end=draw(st.sampled_from(["\n", "\r\n"])),
        parquet_native_lists=draw(st.booleans()),
    )


# -- writers -----------------------------------------------------------------------------------


def _text(cell: Cell, list_sep: str, dutch: bool, thousands: bool) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Num):
        return cell.dutch(thousands) if dutch else cell.dot()
    if isinstance(cell, Word | Flag):
        return cell.text
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, tuple):
        return list_sep.join(cell)
    return cell


def _native(cell: Cell, lists: Callable[[tuple[str, ...]], Any]) -> Any:
    """The cell as a workbook, JSON or Parquet value (numbers, dates and booleans typed)."""
    if isinstance(cell, Num):
        return cell.native()
    if isinstance(cell, Word):
        return cell.text
    if isinstance(cell, Flag):
        return cell.value
    if isinstance(cell, tuple):
        return lists(cell)
    return cell


def _cells(eco: Eco, table: str, i: int, row: list[Cell], columns: tuple[str, ...]) -> list[Any]:
    """The row's cells with any override (a corrupted cell) in place, as text."""
    return [eco.overrides.get((table, i, c), cell) for c, cell in zip(columns, row, strict=True)]


def write_csv_folder(eco: Eco, folder: Path, sep: str = ",", bom: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    list_sep = ";" if sep == "," else "|"
    for table, (columns, rows) in eco.tables().items():
        out = io.StringIO()
        writer = csv.writer(out, delimiter=sep, lineterminator=eco.line_end)
        writer.writerow([eco.header(c) for c in columns])
        blanks = eco.blank_before.get(table, frozenset())
        for i, row in enumerate(rows):
            if i in blanks:
                out.write(eco.line_end)
            cells = _cells(eco, table, i, row, columns)
            writer.writerow([_text(c, list_sep, sep == ";", eco.thousands) for c in cells])
        data = out.getvalue().encode("utf-8")
        (folder / f"{table}.csv").write_bytes(codecs.BOM_UTF8 + data if bom else data)
    return folder


def write_xlsx(eco: Eco, path: Path) -> Path:
    workbook = openpyxl.Workbook()
    first = True
    for table, (columns, rows) in eco.tables().items():
        sheet = workbook.active if first else workbook.create_sheet()
        assert sheet is not None
        first = False
        sheet.title = table
        for j, column in enumerate(columns, start=1):
            sheet.cell(1, j, eco.header(column))
        for i, row in enumerate(rows):
            r = eco.sheet_row(table, i)
            for j, cell in enumerate(_cells(eco, table, i, row, columns), start=1):
                value = _native(cell, ";".join)
                if value is not None and value != "":
                    sheet.cell(r, j, value)
    workbook.save(path)
    return path


def write_json(eco: Eco, path: Path) -> Path:
    def plain(cell: Cell) -> Any:
        value = _native(cell, list)
        return value.isoformat() if isinstance(value, dt.date) else value

    data = {
        table: [
            {
                eco.header(c): plain(cell)
                for c, cell in zip(columns, _cells(eco, table, i, row, columns), strict=True)
            }
            for i, row in enumerate(rows)
        ]
        for table, (columns, rows) in eco.tables().items()
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def write_parquet_folder(eco: Eco, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lists: Callable[[tuple[str, ...]], Any] = list if eco.parquet_native_lists else ";".join
    for table, (columns, rows) in eco.tables().items():
        frame = {}
        for j, column in enumerate(columns):
            values = [_native(row[j], lists) for row in rows]
            kinds = {type(row[j]) for row in rows} - {type(None)}
            if kinds == {dt.date}:
                frame[eco.header(column)] = pd.to_datetime(pd.Series(values, dtype=object))
            elif kinds == {Num}:
                frame[eco.header(column)] = pd.Series(values, dtype=float)
            else:
                frame[eco.header(column)] = pd.Series(values, dtype=object)
        pd.DataFrame(frame).to_parquet(folder / f"{table}.parquet", index=False)
    return folder


def write_all(eco: Eco, folder: Path) -> dict[str, Path]:
    return {
        "csv ,": write_csv_folder(eco, folder / "comma", ","),
        "csv ;": write_csv_folder(eco, folder / "semicolon", ";"),
        "csv BOM": write_csv_folder(eco, folder / "bom", ",", bom=True),
        "xlsx": write_xlsx(eco, folder / "eco.xlsx"),
        "json": write_json(eco, folder / "eco.json"),
        "parquet": write_parquet_folder(eco, folder / "parquet"),
    }


# -- what loading must give ----------------------------------------------------------------------


def _dates(values: list[dt.date | None]) -> pd.Series:
    return pd.Series(pd.to_datetime(pd.Series(values, dtype=object))).astype("datetime64[s]")


def _canonical(word: Word | None, default: str = "") -> str:
    return word.canonical if word is not None else default


def expected_organisations(eco: Eco) -> pd.DataFrame:
    o = eco.orgs
    return pd.DataFrame(
        {
            "id": pd.Series([x.id for x in o], dtype=object),
            "name": pd.Series([x.name for x in o], dtype=object),
            "type": pd.Series([_canonical(x.type) for x in o], dtype=object),
            "sector": pd.Series([x.sector for x in o], dtype=object),
            "region": pd.Series([x.region for x in o], dtype=object),
            "size": pd.Series([np.nan if x.size is None else x.size.value for x in o], dtype=float),
            "capabilities": pd.Series([x.capabilities for x in o], dtype=object),
            "needs": pd.Series([x.needs for x in o], dtype=object),
            "goals": pd.Series([x.goals for x in o], dtype=object),
            "website": pd.Series([x.website for x in o], dtype=object),
        }
    )


def expected_agreements(eco: Eco) -> pd.DataFrame:
    a = eco.agreements
    return pd.DataFrame(
        {
            "id": pd.Series([x.id for x in a], dtype=object),
            "type": pd.Series([x.type.canonical for x in a], dtype=object),
            "form": pd.Series([AGREEMENT_FORMS[x.type.canonical] for x in a], dtype=object),
            "source": pd.Series([x.source for x in a], dtype=object),
            "target": pd.Series([x.target for x in a], dtype=object),
            "parties": pd.Series([x.parties for x in a], dtype=object),
            "n_parties": pd.Series([len(x.parties) for x in a], dtype=np.int64),
            "start": _dates([x.start for x in a]),
            "end": _dates([x.end for x in a]),
            "value": pd.Series([np.nan if x.value is None else x.value.value for x in a]),
            "service": pd.Series([x.service for x in a], dtype=object),
            "status": pd.Series([_canonical(x.status, "active") for x in a], dtype=object),
            "phase": pd.Series([_canonical(x.phase) for x in a], dtype=object),
            "governance": pd.Series([_canonical(x.governance) for x in a], dtype=object),
            "shared_goals": pd.Series([x.shared_goals for x in a], dtype=object),
            "contacts": pd.Series([x.contacts for x in a], dtype=object),
            "evaluation_date": _dates([x.evaluation_date for x in a]),
            "exclusive": pd.array(
                [None if x.exclusive is None else x.exclusive.value for x in a], dtype="boolean"
            ),
            "remark": pd.Series([x.remark for x in a], dtype=object),
        }
    ).astype({"value": float})


def _derived_roles(a: Agreement) -> list[tuple[str, str]]:
    if a.members:
        roles = a.roles or ("",) * len(a.members)
        return [(org, role or "member") for org, role in zip(a.members, roles, strict=True)]
    if a.type.canonical in FUNDING_TYPES:
        return [(a.source, "funder"), (a.target, "recipient")]
    if AGREEMENT_FORMS[a.type.canonical] == MARKET:
        return [(a.source, "buyer"), (a.target, "supplier")]
    return [(a.source, "member"), (a.target, "member")]


def expected_parties(eco: Eco) -> pd.DataFrame:
    rows = [(a.id, org, role) for a in eco.agreements for org, role in _derived_roles(a)]
    return pd.DataFrame(rows, columns=list(PARTY_COLUMNS), dtype=object)


def normalised(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as ``object``: netorg gives ``str`` or ``object`` (see the module doc)."""
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.StringDtype):
            out[column] = out[column].astype(object)
    return out.reset_index(drop=True)


def assert_frames(got: pd.DataFrame, want: pd.DataFrame, what: str) -> None:
    try:
        pd.testing.assert_frame_equal(normalised(got), normalised(want), check_dtype=True)
    except AssertionError as exc:
        raise AssertionError(f"{what}:\n{exc}\n\ngot:\n{got.T}\n\nwant:\n{want.T}") from None


# -- 1. round trip -----------------------------------------------------------------------------


@SETTINGS
@given(eco=ecosystems(multiline=True))
def test_round_trip_every_format_loads_the_same_ecosystem(eco: Eco) -> None:
    for a in eco.agreements:
        if not a.members:
            event("two-party agreement")
        elif a.via_table:
            event("multi-party in parties table, " + ("with lead" if a.lead else "no lead"))
        else:
            event("multi-party in parties column")
    event(f"headers {eco.header_style}")
    want = {
        "organisations": expected_organisations(eco),
        "agreements": expected_agreements(eco),
        "parties": expected_parties(eco),
    }
    first: dict[str, pd.DataFrame] = {}
    with scratch() as folder:
        for fmt, path in write_all(eco, folder).items():
            loaded = netorg.load(path, as_of=AS_OF)
            for table in want:  # every format gives the same frames, dtypes included
                frame = getattr(loaded, table)
                if first.setdefault(table, frame) is not frame:
                    pd.testing.assert_frame_equal(frame, first[table], obj=f"{fmt}: {table}")
            assert loaded.load_report is not None
            for table in ("organisations", "agreements"):
                counts = loaded.load_report.rows[table]
                assert counts["in"] == counts["used"] == len(want[table]), (fmt, table, counts)
                assert counts["skipped"] == 0
            for table, frame in want.items():
                assert_frames(getattr(loaded, table), frame, f"{fmt}: {table}")
            check_graph(loaded, eco)
        check_lone_csv(eco, folder / "lone")


def check_lone_csv(eco: Eco, folder: Path) -> None:
    """One agreements CSV alone: organisations are the ids it names, name = id."""
    listed = tuple(replace(a, via_table=False, roles=()) for a in eco.agreements)
    lone = replace(eco, agreements=listed)
    path = write_csv_folder(lone, folder) / "agreements.csv"
    loaded = netorg.load(path, as_of=AS_OF)
    named = {org for a in listed for org in a.parties}
    assert set(loaded.organisations["id"]) == named
    assert len(loaded.organisations) == len(named)
    assert (loaded.organisations["name"] == loaded.organisations["id"]).all()
    assert_frames(loaded.agreements, expected_agreements(lone), "lone csv: agreements")
    assert_frames(loaded.parties, expected_parties(lone), "lone csv: parties")


def check_graph(loaded: netorg.Ecosystem, eco: Eco) -> None:
    graph = loaded.graph
    assert graph.number_of_nodes() == len(eco.orgs)
    assert set(graph.nodes) == {o.id for o in eco.orgs}
    assert graph.number_of_edges() == len(loaded.edges)
    by_key: dict[str, list[tuple[str, str]]] = {}
    for u, v, key in graph.edges(keys=True):
        by_key.setdefault(key, []).append((u, v))
    assert set(by_key) == {a.id for a in eco.agreements}
    expected_total = 0
    for a in eco.agreements:
        edges = by_key[a.id]
        if not a.members:
            assert edges == [(a.source, a.target)], a
        elif a.lead is not None:
            others = [m for m in a.members if m != a.lead]
            assert sorted(edges) == sorted((a.lead, m) for m in others), a
        else:
            k = len(a.members)
            assert len(edges) == k * (k - 1) // 2, a
            assert {frozenset(e) for e in edges} == {
                frozenset((x, y)) for i, x in enumerate(a.members) for y in a.members[i + 1 :]
            }
        expected_total += len(edges)
    assert expected_total == graph.number_of_edges()


# -- 2. one corrupted cell -----------------------------------------------------------------------

CORRUPTIONS = (
    "date_month",
    "date_word",
    "value_text",
    "value_negative",
    "unknown_source",
    "unknown_target",
    "unknown_type",
    "duplicate_org_id",
    "size_text",
)


@dataclass(frozen=True)
class Corruption:
    table: str
    index: int
    column: str
    text: str

    def removed(self, eco: Eco) -> str:
        """The id of the row that must be missing from a lenient load."""
        rows = eco.orgs if self.table == "organisations" else eco.agreements
        return rows[self.index].id


@st.composite
def corrupted(draw: st.DrawFn) -> tuple[Eco, Corruption]:
    eco = draw(ecosystems(min_orgs=3, multiline=True))
    kind = draw(st.sampled_from(CORRUPTIONS))
    n_agr, n_org = len(eco.agreements), len(eco.orgs)
    if kind in ("unknown_source", "unknown_target"):
        two_party = [i for i, a in enumerate(eco.agreements) if not a.members]
        assume(two_party)
        index = draw(st.sampled_from(two_party))
        column = kind.removeprefix("unknown_")
        text = draw(st.sampled_from(["zz-no-such-org", "Gem. Nergens", "ghost 9"]))
        corruption = Corruption("agreements", index, column, text)
    elif kind in ("date_month", "date_word"):
        column = draw(st.sampled_from(["start", "end", "evaluation_date"]))
        text = "2024-13-45" if kind == "date_month" else "yesterday"
        corruption = Corruption("agreements", draw(st.integers(0, n_agr - 1)), column, text)
    elif kind in ("value_text", "value_negative"):
        text = "abc" if kind == "value_text" else "-5"
        corruption = Corruption("agreements", draw(st.integers(0, n_agr - 1)), "value", text)
    elif kind == "unknown_type":
        text = draw(st.sampled_from(["zzgift", "handshake deal"]))
        corruption = Corruption("agreements", draw(st.integers(0, n_agr - 1)), "type", text)
    elif kind == "duplicate_org_id":
        index = draw(st.integers(1, n_org - 1))
        earlier = eco.orgs[draw(st.integers(0, index - 1))].id
        corruption = Corruption("organisations", index, "id", earlier)
    else:
        corruption = Corruption("organisations", draw(st.integers(0, n_org - 1)), "size", "x")
    key = (corruption.table, corruption.index, corruption.column)
    return replace(eco, overrides={key: corruption.text}), corruption


def _located(problems: list[netorg.Problem], file: str, row: int, column: str) -> bool:
    return any(p.file == file and p.row == row and p.column == column for p in problems)


@SETTINGS
@given(case=corrupted(), fmt=st.sampled_from(["csv ,", "csv ;", "xlsx", "json"]))
def test_one_corrupted_cell_is_reported_where_it_is(case: tuple[Eco, Corruption], fmt: str) -> None:
    eco, bad = case
    with scratch() as folder:
        row = eco.sheet_row(bad.table, bad.index)
        if fmt == "xlsx":
            path = write_xlsx(eco, folder / "eco.xlsx")
            file = f"eco.xlsx, sheet {bad.table}"
        elif fmt == "json":  # JSON rows are item numbers in their list, from 1
            path = write_json(eco, folder / "eco.json")
            file, row = f"eco.json, {bad.table}", bad.index + 1
        else:
            path = write_csv_folder(eco, folder / "eco", fmt[-1])
            file = f"{bad.table}.csv"

        with pytest.raises(netorg.InputError) as raised:
            netorg.load(path, as_of=AS_OF)
        problems = raised.value.problems
        assert _located(problems, file, row, bad.column), (file, row, bad, problems)

        loaded = netorg.load(path, as_of=AS_OF, strict=False)
        report = loaded.load_report
        assert report is not None
        n_in = {
            "organisations": len(eco.orgs),
            "agreements": len(eco.agreements),
            "parties": len(eco.party_rows()),
        }
        for table, counts in report.rows.items():
            assert counts["in"] == counts["used"] + counts["skipped"], (table, counts)
            assert counts["in"] == n_in[table], (table, counts)
        assert report.rows["organisations"]["used"] == len(loaded.organisations)
        assert report.rows[bad.table]["skipped"] >= 1
        assert _located(report.skipped, file, row, bad.column)
        if bad.table == "agreements":
            assert bad.removed(eco) not in set(loaded.agreements["id"])
        else:
            kept = list(loaded.organisations["id"])
            assert bad.removed(eco) not in kept
            if bad.column == "id":  # the earlier organisation with that id stays, once
                assert kept.count(bad.text) == 1
        # Whatever was kept is consistent: every party is a kept organisation.
        assert set(loaded.parties["org_id"]) <= set(loaded.organisations["id"])
        assert report.rows["agreements"]["used"] == len(loaded.agreements)
        assert set(loaded.parties["agreement_id"]) == set(loaded.agreements["id"])


# -- 3. garbage never gives a traceback ---------------------------------------------------------


def load_or_input_error(path: Path, strict: bool = True) -> None:
    """Loading either works or raises InputError with located problems; nothing else."""
    try:
        eco = netorg.load(path, as_of=AS_OF, strict=strict)
    except netorg.InputError as exc:
        assert exc.problems, "an InputError must list its problems"
        for p in exc.problems:
            assert isinstance(p, netorg.Problem) and p.file and p.message
            assert p.row is None or isinstance(p.row, int)
        return
    assert eco.load_report is not None
    for table, counts in eco.load_report.rows.items():
        assert counts["in"] == counts["used"] + counts["skipped"], (table, counts)
    assert eco.graph.number_of_nodes() == len(eco.organisations)
    assert eco.graph.number_of_edges() == len(eco.edges)
    assert eco.load_report.rows["agreements"]["used"] == len(eco.agreements)
    assert eco.agreements["id"].map(lambda v: isinstance(v, str) and v != "").all()
    assert set(eco.parties["org_id"]) <= set(eco.organisations["id"])
    assert set(eco.parties["agreement_id"]) == set(eco.agreements["id"])


CSV_ALPHABET = st.sampled_from(
    [*"abcXYZ019 ,;|\"'\n\r\t-.:éë€", "id", "name", "type", "source", "target", "parties",
     "start", "end", "value", "size", "2024-01-31", "31-01-2024", "contract", "1.234,5", "NaN",
     "inf", "-", "\ufeff", "\x00", "\u00a0"]
)  # fmt: skip
csv_texts = st.lists(CSV_ALPHABET, max_size=60).map("".join)
VALID_AGREEMENTS = "id,type,source,target\nk1,contract,a,b\n"
VALID_ORGS = "id,name\na,A\nb,B\n"


@SETTINGS
@given(
    data=st.one_of(st.binary(max_size=300), csv_texts.map(lambda t: t.encode("utf-8"))),
    which=st.sampled_from(["organisations", "agreements", "lone"]),
    header=st.booleans(),
    strict=st.booleans(),
)
def test_garbage_csv_never_tracebacks(data: bytes, which: str, header: bool, strict: bool) -> None:
    with scratch() as folder:
        if header:  # keep a plausible header so the garbage reaches validation
            prefix = {"organisations": "id,name,size\n", "agreements": "id,type,source,target\n"}
            data = prefix.get(which, "id,type,source,target,parties\n").encode() + data
        if which == "lone":
            path = folder / "agreements.csv"
            path.write_bytes(data)
        else:
            path = folder / "eco"
            path.mkdir()
            (path / "organisations.csv").write_text(VALID_ORGS, encoding="utf-8")
            (path / "agreements.csv").write_text(VALID_AGREEMENTS, encoding="utf-8")
            (path / f"{which}.csv").write_bytes(data)
        load_or_input_error(path, strict)


@st.composite
def mangled(draw: st.DrawFn, data: bytes) -> bytes:
    """Valid file bytes with a few bytes overwritten, inserted or cut."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(out) - 1, 0)))
        action = draw(st.sampled_from(["set", "insert", "cut"]))
        byte = draw(st.integers(0, 255))
        if action == "set" and out:
            out[at] = byte
        elif action == "insert":
            out.insert(at, byte)
        else:
            del out[at : at + draw(st.integers(1, 64))]
    return bytes(out)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["2024-02-30", "a", "b", "contract", "lead", "a;b|c", "  ", "1,5", "x"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)
KEYS = ["id", "name", "type", "source", "target", "parties", "start", "end", "value", "size",
        "agreement_id", "org_id", "role", "exclusive", "capabilities", "ID ", "x"]  # fmt: skip
json_rows = st.lists(
    st.dictionaries(st.sampled_from(KEYS), json_values, max_size=6),
    max_size=4,
)
json_documents = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {"organisations": json_rows, "agreements": json_rows},
        optional={"parties": st.one_of(json_rows, json_values)},
    ),
)


@SETTINGS
@given(
    content=st.one_of(
        st.binary(max_size=200),
        json_documents.map(lambda d: json.dumps(d, allow_nan=True).encode("utf-8")),
    ),
    strict=st.booleans(),
)
def test_garbage_json_never_tracebacks(content: bytes, strict: bool) -> None:
    with scratch() as folder:
        path = folder / "eco.json"
        path.write_bytes(content)
        load_or_input_error(path, strict)


xlsx_cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1)),
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
    st.text("abcé ;|,-.012", max_size=8),
    st.sampled_from(["a", "b", "contract", "alliance", "lead", "2024-13-45", "a;b", "1.234"]),
)
SHEET_KEYS = st.sampled_from([*KEYS, None])


@st.composite
def random_workbook(draw: st.DrawFn) -> bytes:
    workbook = openpyxl.Workbook()
    names = draw(
        st.lists(
            st.sampled_from(["organisations", "agreements", "parties", "Agreements ", "other"]),
            min_size=1,
            max_size=3,
            unique_by=lambda s: s.strip().lower(),
        )
    )
    for k, name in enumerate(names):
        sheet = workbook.active if k == 0 else workbook.create_sheet()
        assert sheet is not None
        sheet.title = name
        header = draw(st.lists(SHEET_KEYS, max_size=5))
        for j, column in enumerate(header, start=1):
            sheet.cell(1, j, column)
        for r in range(2, 2 + draw(st.integers(0, 4))):
            for j in range(1, draw(st.integers(0, 6)) + 1):
                sheet.cell(r, j, draw(xlsx_cells))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@functools.cache
def _valid_xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "organisations"
    for org_row in (("id", "name", "size"), ("a", "A", 1), ("b", "B", 2.5), ("c", "C", None)):
        sheet.append(org_row)
    agreements = workbook.create_sheet("agreements")
    for agreement_row in (
        ("id", "type", "source", "target", "parties", "start", "value"),
        ("k1", "contract", "a", "b", None, dt.date(2024, 1, 1), 1000),
        ("k2", "consortium", None, None, "a;b;c", None, None),
    ):
        agreements.append(agreement_row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@SETTINGS
@given(
    content=st.one_of(
        st.binary(max_size=200),
        random_workbook(),
        st.just(b"").flatmap(lambda _: mangled(_valid_xlsx_bytes())),
    ),
    strict=st.booleans(),
)
def test_garbage_xlsx_never_tracebacks(content: bytes, strict: bool) -> None:
    with scratch() as folder:
        path = folder / "eco.xlsx"
        path.write_bytes(content)
        load_or_input_error(path, strict)


PLAUSIBLE_CELLS = st.one_of(
    st.sampled_from(["", " ", "a", "b", "c", "a;b", "a|b|c", "b;b", "contract", "alliance",
                     "subsidy", "lead", "member", "2024-01-31", "31-12-2024", "2024-13-45",
                     "1.234,50", "-5", "0", "1e400", "true", "ja", "x", "active", "ended"]),
    st.text("abc;|,.-0129 é\"", max_size=6),
)  # fmt: skip
COLUMNS = st.sampled_from([*ORG_COLUMNS, *AGR_COLUMNS, *PARTY_COLUMNS, "ID", " name "])


@st.composite
def plausible_table(draw: st.DrawFn, required: tuple[str, ...]) -> list[list[str]]:
    """A table whose header mostly makes sense and whose cells are near-valid values."""
    header = list(required) + draw(st.lists(COLUMNS, max_size=5))
    header = draw(st.permutations(header))
    n = draw(st.integers(0, 5))
    widths = st.integers(len(header) - 1, len(header) + 1) if header else st.just(0)
    rows = [draw(st.lists(PLAUSIBLE_CELLS, min_size=w, max_size=w)) for w in [draw(widths)] * n]
    return [header, *rows]


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    orgs=plausible_table(("id", "name")),
    agreements=plausible_table(("id", "type")),
    parties=optional(plausible_table(("agreement_id", "org_id"))),
    sep=st.sampled_from([",", ";"]),
    strict=st.booleans(),
)
def test_plausible_but_wrong_tables_never_traceback(
    orgs: list[list[str]],
    agreements: list[list[str]],
    parties: list[list[str]] | None,
    sep: str,
    strict: bool,
) -> None:
    with scratch() as folder:
        tables = {"organisations": orgs, "agreements": agreements, "parties": parties}
        for table, rows in tables.items():
            if rows is None:
                continue
            out = io.StringIO()
            csv.writer(out, delimiter=sep, lineterminator="\n").writerows(rows)
            (folder / f"{table}.csv").write_text(out.getvalue(), encoding="utf-8")
        load_or_input_error(folder, strict)


PARQUET_COLUMNS = st.one_of(
    st.lists(st.one_of(st.none(), st.text("ab;|1 ", max_size=4)), min_size=3, max_size=3),
    st.lists(st.integers(-5, 5), min_size=3, max_size=3),
    st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=3, max_size=3),
    st.lists(st.one_of(st.none(), st.booleans()), min_size=3, max_size=3),
    st.lists(st.lists(st.sampled_from(["a", "b", "c", ""]), max_size=3), min_size=3, max_size=3),
    st.lists(
        st.one_of(st.none(), st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2040, 1, 1))),
        min_size=3,
        max_size=3,
    ),
)


@SETTINGS
@given(
    orgs=st.dictionaries(st.sampled_from(["id", "name", "size", "type", "needs"]), PARQUET_COLUMNS),
    agreements=st.dictionaries(
        st.sampled_from(["id", "type", "source", "target", "parties", "start", "end", "value"]),
        PARQUET_COLUMNS,
    ),
    garbage=st.one_of(st.none(), st.binary(max_size=100)),
    strict=st.booleans(),
)
def test_garbage_parquet_never_tracebacks(
    orgs: dict[str, list[Any]],
    agreements: dict[str, list[Any]],
    garbage: bytes | None,
    strict: bool,
) -> None:
    # A list column (needs, parties) of numbers, booleans or only NaN is a known traceback,
    # pinned by test_list_column_that_is_not_text; keep it out so the rest stays covered.
    for column in (orgs.get("needs"), agreements.get("parties")):
        assume(column is None or all(isinstance(v, str | list | None) for v in column))
    with scratch() as folder:
        for table, columns in (("organisations", orgs), ("agreements", agreements)):
            path = folder / f"{table}.parquet"
            try:
                pd.DataFrame(columns or {"x": [1]}).to_parquet(path, index=False)
            except (ValueError, TypeError, OverflowError):  # pyarrow cannot store it: not ours
                assume(False)
        if garbage is not None:
            (folder / "organisations.parquet").write_bytes(garbage)
        load_or_input_error(folder, strict)


# -- regressions and netorg bugs found by the properties above ---------------------------------


@pytest.mark.parametrize("case", ["header only", "all skipped"])
def test_no_agreements_left_gives_an_empty_table(case: str) -> None:
    """Found by the corruption property: this once left a phantom agreement row of NaN."""
    with scratch() as folder:
        (folder / "organisations.csv").write_text("id,name\na,A\nb,B\n", encoding="utf-8")
        body = "" if case == "header only" else "k1,contract,a,b,yesterday\n"
        agreements = "id,type,source,target,start\n" + body
        (folder / "agreements.csv").write_text(agreements, encoding="utf-8")
        eco = netorg.load(folder, as_of=AS_OF, strict=case == "header only")
        assert eco.load_report is not None
        assert eco.load_report.rows["agreements"]["used"] == 0
        assert len(eco.agreements) == 0, eco.agreements.T


@pytest.mark.parametrize("number", [12.125, 2.375, 999.001])
def test_xlsx_numeric_cells_keep_their_value(number: float) -> None:
    with scratch() as folder:
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = "organisations"
        for org_row in (("id", "name", "size"), ("a", "A", number), ("b", "B", 1)):
            sheet.append(org_row)
        agreements = workbook.create_sheet("agreements")
        for row in (
            ("id", "type", "source", "target", "value"),
            ("k", "contract", "a", "b", number),
        ):
            agreements.append(row)
        workbook.save(folder / "eco.xlsx")
        eco = netorg.load(folder / "eco.xlsx", as_of=AS_OF)
        assert eco.organisations["size"].iloc[0] == number
        assert eco.agreements["value"].iloc[0] == number


def test_csv_row_numbers_after_a_multiline_cell_are_spreadsheet_rows() -> None:
    with scratch() as folder:
        orgs = 'id,name,size\na,"Line one\nline two",1\nb,B,x\n'
        (folder / "organisations.csv").write_text(orgs, encoding="utf-8")
        (folder / "agreements.csv").write_text(VALID_AGREEMENTS, encoding="utf-8")
        with pytest.raises(netorg.InputError) as raised:
            netorg.load(folder, as_of=AS_OF)
        assert _located(raised.value.problems, "organisations.csv", 3, "size")


@pytest.mark.parametrize(
    "values", [[np.nan, np.nan], [1, 2], [1.5, np.nan], [True, False]], ids=str
)
@pytest.mark.parametrize("via", ["parquet", "from_frames"])
def test_list_column_that_is_not_text(values: list[Any], via: str) -> None:
    orgs = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "capabilities": values})
    agreements = pd.DataFrame({"id": ["k"], "type": ["contract"], "source": ["a"], "target": ["b"]})
    with scratch() as folder:
        if via == "parquet":
            orgs.to_parquet(folder / "organisations.parquet", index=False)
            agreements.to_parquet(folder / "agreements.parquet", index=False)
            load_or_input_error(folder)
        else:
            with suppress(netorg.InputError):
                netorg.from_frames(orgs, agreements, as_of=AS_OF)
