"""Error types a planner can act on.

Every problem with the input is a :class:`Problem` that names the file, the row as the user
sees it in the spreadsheet (the header is row 1), the column, the bad value and what would
be right. Loading collects all problems before it raises, so one run shows them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input.

    Attributes
    ----------
    file : str
        The file as the user knows it, with the sheet or JSON list where that applies
        (``"agreements.csv"``, ``"ecosystem.xlsx, sheet agreements"``).
    row : int or None
        The spreadsheet row (header = row 1), or the item number in a JSON list;
        None for a problem with the whole file.
    column : str or None
        The column, or None for a problem with the whole file or row.
    value : str or None
        The value as the user wrote it.
    message : str
        What is wrong.
    fix : str
        What would be right.
    row_label : str
        ``"row"`` for spreadsheets, ``"item"`` for JSON lists.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    fix: str = ""
    row_label: str = "row"

    def location(self) -> str:
        """Where the problem is, as ``file, row 7, column 'end'``."""
        parts = [self.file]
        if self.row is not None:
            parts.append(f"{self.row_label} {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.location()}: {self.message}"
        if self.fix:
            text += f" Fix: {self.fix}"
        return text

    def as_dict(self) -> dict[str, object]:
        """The problem as a plain dict, for tables and JSON."""
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "fix": self.fix,
        }


class NetorgError(Exception):
    """Base class of every error netorg raises on purpose."""


class InputError(NetorgError):
    """The input has problems; :attr:`problems` lists every one of them.

    Raised by :func:`netorg.load` in strict mode (the default) when any row is wrong, and in
    every mode when a file cannot be read at all.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the input"
        super().__init__("\n".join([head + ":", *(f"  {p}" for p in self.problems)]))


class ConfigError(NetorgError):
    """The config file is not valid TOML or holds a key or value netorg does not know."""


class UnknownDatasetError(NetorgError, KeyError):
    """No bundled dataset has that name."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""
