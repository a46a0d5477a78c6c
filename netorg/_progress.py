"""Stage timings and progress reports, without any output of their own.

A :class:`Stages` recorder times the stages of a run (loading, each analysis, each output)
and tells an optional callback when each starts and finishes. The library only records and
calls back; it never prints. The ``netorg`` command line renders the callbacks as a progress
display on stderr, and :func:`netorg.write_outputs` with ``timings=True`` stores the timings
in summary.json::

    from netorg._progress import Stages

    stages = Stages(progress=lambda stage, event, seconds: print(stage, event, seconds))
    with stages.stage("load"):
        eco = netorg.load("my_region.xlsx")
    netorg.write_outputs(eco, "out/", timings=True, stages=stages)  # + analyses, outputs
    stages.as_dict()  # {"stages": [{"name": "load", "seconds": 0.31}, ...], "total": 2.4}
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Literal

#: What a stage reports: it started, or it finished (after its seconds).
Event = Literal["start", "finish"]

#: A progress callback: called with the stage name, ``"start"`` or ``"finish"``, and the
#: seconds the stage took (0.0 at ``"start"``).
ProgressCallback = Callable[[str, Event, float], None]

__all__ = ["Event", "ProgressCallback", "Stages"]


class Stages:
    """Time named stages in run order and report them to an optional callback.

    Parameters
    ----------
    progress : callable, optional
        Called as ``progress(name, "start", 0.0)`` when a stage starts and
        ``progress(name, "finish", seconds)`` when it finishes. A stage that raises
        reports no ``"finish"`` and records no time.

    Attributes
    ----------
    seconds : dict
        Unrounded seconds per stage name, in the order the stages first started. A name
        used twice adds up.
    """

    def __init__(self, progress: ProgressCallback | None = None) -> None:
        self.progress = progress
        self.seconds: dict[str, float] = {}
        self._first_start: float | None = None
        self._last_finish: float | None = None

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the block as the stage ``name``."""
        new = self.begin(name)
        start = time.perf_counter()
        try:
            yield
        except BaseException:
            if new:
                del self.seconds[name]
            raise
        self.finish(name, time.perf_counter() - start)

    def begin(self, name: str) -> bool:
        """Report that the stage ``name`` started; for work timed elsewhere (a thread), which
        reports its seconds with :meth:`finish`. True when the name is new."""
        if self.progress is not None:
            self.progress(name, "start", 0.0)
        if self._first_start is None:
            self._first_start = time.perf_counter()
        new = name not in self.seconds
        if new:  # listed in the order stages start, also when they overlap
            self.seconds[name] = 0.0
        return new

    def finish(self, name: str, seconds: float) -> None:
        """Record ``seconds`` for the stage ``name`` and report that it finished."""
        self._last_finish = time.perf_counter()
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds
        if self.progress is not None:
            self.progress(name, "finish", seconds)

    @property
    def total(self) -> float:
        """Wall-clock seconds from the first stage's start to the last stage's finish.

        The sum of :attr:`seconds` or more (when work ran between stages), unless stages
        overlapped: :func:`netorg.write_outputs` writes the CSV tables and findings.xlsx in
        threads beside the other outputs.
        """
        if self._first_start is None or self._last_finish is None:
            return 0.0
        return self._last_finish - self._first_start

    def as_dict(self) -> dict[str, Any]:
        """The timings as plain data, seconds rounded to 0.01.

        Returns
        -------
        dict
            ``stages``: a list of ``{"name", "seconds"}`` in run order (a list, so the order
            survives JSON with sorted keys), and ``total``: see :attr:`total`. Rounding each
            stage can make the listed seconds add up to a few hundredths more than ``total``.
        """
        return {
            "stages": [{"name": n, "seconds": round(s, 2)} for n, s in self.seconds.items()],
            "total": round(self.total, 2),
        }
