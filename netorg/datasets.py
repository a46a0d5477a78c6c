"""Bundled example ecosystems and a generator of synthetic ones.

The bundled ecosystems live in the repository's ``datasets/`` folder (installed as the
package ``netorg._bundled``); each has a README saying what it is, where it comes from and
its licence, and a ``dataset.json`` with its reference date, so that what its README says
(which ties are implicit, which organisation is a single point of failure) stays true
whenever it is run.

:func:`synthetic` makes ecosystems of any size with the statistical shape of a real one, for
tests and benchmarks.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from netorg._errors import UnknownDatasetError
from netorg._load import from_frames
from netorg._load import load as _load_path
from netorg.model import DateLike, Ecosystem


@dataclass(frozen=True)
class DatasetInfo:
    """What a bundled dataset is: its name, title, reference date and licence."""

    name: str
    title: str
    description: str
    as_of: dt.date
    licence: str
    path: Path


def _root() -> Path:
    return Path(str(resources.files("netorg._bundled")))


def available() -> list[DatasetInfo]:
    """The bundled datasets, sorted by name.

    Examples
    --------
    >>> "zorgregio" in [d.name for d in available()]
    True
    """
    found = []
    for folder in sorted(_root().iterdir()):
        meta = folder / "dataset.json"
        if folder.is_dir() and meta.is_file():
            data = json.loads(meta.read_text(encoding="utf-8"))
            found.append(
                DatasetInfo(
                    name=folder.name,
                    title=data.get("title", folder.name),
                    description=data.get("description", ""),
                    as_of=dt.date.fromisoformat(data["as_of"]),
                    licence=data.get("licence", ""),
                    path=folder,
                )
            )
    return found


def info(name: str) -> DatasetInfo:
    """The :class:`DatasetInfo` of one bundled dataset.

    Raises
    ------
    UnknownDatasetError
        When no bundled dataset has that name; the message lists those that exist.
    """
    for dataset in available():
        if dataset.name == name:
            return dataset
    names = ", ".join(d.name for d in available())
    raise UnknownDatasetError(f"no bundled dataset is called {name!r}; there are: {names}")


def path(name: str) -> Path:
    """The folder of a bundled dataset, to pass to :func:`netorg.load` or the CLI."""
    return info(name).path


def load(name: str, *, as_of: DateLike | None = None) -> Ecosystem:
    """Load a bundled dataset as of its own reference date (or ``as_of``).

    Examples
    --------
    >>> eco = load("zorgregio")
    >>> eco.name, eco.as_of.isoformat()
    ('zorgregio', '2026-06-30')
    """
    dataset = info(name)
    return _load_path(dataset.path, as_of=as_of if as_of is not None else dataset.as_of)


def synthetic(
    n_organisations: int,
    *,
    n_agreements: int | None = None,
    seed: int = 0,
    as_of: DateLike = dt.date(2026, 1, 1),
) -> Ecosystem:
    """A synthetic ecosystem with the statistical shape of a real one.

    Regions, heavy-tailed degrees, renewal chains of agreements per pair, multi-party
    agreements (some with a lead in a parties table), dates, values and contact persons.
    The tables pass through the same validation as a loaded file.

    Parameters
    ----------
    n_organisations : int
        How many organisations.
    n_agreements : int, optional
        How many agreements; default ten per organisation.
    seed : int
        The same seed gives the same ecosystem.
    as_of : date or str
        The reference date; agreement dates are spread over the years before it.

    Examples
    --------
    >>> eco = synthetic(200, seed=1)
    >>> len(eco.organisations), len(eco.agreements)
    (200, 2000)
    """
    from netorg._synthetic import synthetic_tables
    from netorg.model import to_date

    day = to_date(as_of)
    tables = synthetic_tables(n_organisations, n_agreements=n_agreements, seed=seed, as_of=day)
    return from_frames(
        tables["organisations"],
        tables["agreements"],
        tables["parties"],
        as_of=day,
        name=f"synthetic-{n_organisations}-{seed}",
    )
