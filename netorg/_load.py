"""Load an ecosystem: read the files, apply the config, validate, build the model.

This is the one entry point the CLI, the datasets module and notebooks share, so every path
into netorg checks its input the same way.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from netorg._errors import InputError, Problem
from netorg._validate import validate as _validate_tables
from netorg.config import Config, load_config
from netorg.io import RawEcosystem, RawTable, finish_table, read_ecosystem
from netorg.model import DateLike, Ecosystem


def load(
    path: str | Path,
    *,
    as_of: DateLike | None = None,
    strict: bool = True,
    config: Config | str | Path | None = None,
) -> Ecosystem:
    """Load an ecosystem from a folder, workbook, JSON file or a lone agreements CSV.

    Parameters
    ----------
    path : str or Path
        A folder with ``organisations.csv`` and ``agreements.csv`` (or ``.parquet``, and
        optionally ``parties``), an ``.xlsx`` workbook with those sheets, a ``.json`` file
        with those lists, or a single agreements ``.csv`` whose ids become the
        organisations.
    as_of : date or str, optional
        The reference date; default the config's ``as_of``, else today.
    strict : bool
        True (default): any problem in any row raises :class:`netorg.InputError` listing
        them all. False: rows with problems are skipped and listed in
        ``eco.load_report``.
    config : Config, str or Path, optional
        Settings, or the path of a TOML config file (see :mod:`netorg.config`).

    Returns
    -------
    Ecosystem

    Raises
    ------
    InputError
        With every problem found (file, row, column, value, fix).
    ConfigError
        When the config file is wrong.

    Examples
    --------
    >>> import netorg
    >>> eco = netorg.load(netorg.datasets.path("zorgregio"), as_of="2026-06-30")
    >>> eco.graph.number_of_nodes() == len(eco.organisations)
    True
    """
    path = Path(path)
    raw = read_ecosystem(path)
    name = path.stem if path.is_file() else path.resolve().name
    return _build(raw, name=name, as_of=as_of, strict=strict, config=config)


def from_frames(
    organisations: pd.DataFrame | None,
    agreements: pd.DataFrame,
    parties: pd.DataFrame | None = None,
    *,
    as_of: DateLike | None = None,
    strict: bool = True,
    config: Config | str | Path | None = None,
    name: str = "ecosystem",
) -> Ecosystem:
    """Build an ecosystem from DataFrames laid out like the input files.

    The frames go through exactly the checks a loaded file does; rows are numbered as in a
    spreadsheet (the first data row is row 2). Pass ``organisations=None`` to take the
    organisations from the ids the agreements name.
    """
    tables: dict[str, RawTable] = {}
    for table, frame in (
        ("organisations", organisations),
        ("agreements", agreements),
        ("parties", parties),
    ):
        if frame is not None:
            frame = frame.reset_index(drop=True)
            rows = np.arange(2, len(frame) + 2)
            tables[table] = finish_table(table, frame, rows, f"{table} (DataFrame)", "row")
    raw = RawEcosystem(tables, [], organisations_implied=organisations is None)
    return _build(raw, name=name, as_of=as_of, strict=strict, config=config)


def _build(
    raw: RawEcosystem,
    *,
    name: str,
    as_of: DateLike | None,
    strict: bool,
    config: Config | str | Path | None,
) -> Ecosystem:
    if config is None:
        config = Config()
    elif not isinstance(config, Config):
        config = load_config(config)
    checked = _validate_tables(raw, config, strict=strict)
    eco = Ecosystem(
        checked.organisations,
        checked.agreements,
        checked.parties,
        as_of=as_of if as_of is not None else config.as_of,
        config=config,
        load_report=checked.report,
        sources=raw.checksums(),
        name=name,
    )
    eco.know_party_codes(*checked.party_codes)
    return eco


def validate(path: str | Path, *, config: Config | str | Path | None = None) -> list[Problem]:
    """Check an ecosystem and return every problem (an empty list when it is clean).

    The library twin of ``netorg validate``: the same checks as :func:`load` in strict mode,
    returned instead of raised.

    Examples
    --------
    >>> import netorg
    >>> netorg.validate(netorg.datasets.path("zorgregio"))
    []
    """
    try:
        load(path, config=config)
    except InputError as exc:
        return exc.problems
    return []
