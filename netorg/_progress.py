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
    stages.as_dict()  # {"stages": [{"name": "load", "seconds": 0.31, "cpu_seconds": 0.3},
                      #   ...], "total": 2.4}
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
    cpu_seconds : dict
        Unrounded CPU seconds per stage name, where known: the time the thread that ran the
        stage spent on a core (``time.thread_time``). Less than :attr:`seconds` where the
        stage waited: for a core, for Python's lock, for a worker process or the disk. Work
        that a library hands to threads of its own (Arrow reading files, igraph's
        PageRank) and worker processes are not counted.
    """

    def __init__(self, progress: ProgressCallback | None = None) -> None:
        self.progress = progress
        self.seconds: dict[str, float] = {}
        self.cpu_seconds: dict[str, float] = {}
        self._first_start: float | None = None
        self._last_finish: float | None = None

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the block as the stage ``name``."""
        new = self.begin(name)
        start, cpu = time.perf_counter(), time.thread_time()
        try:
            yield
        except BaseException:
            if new:
                del self.seconds[name]
            raise
        self.finish(name, time.perf_counter() - start, time.thread_time() - cpu)

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

    def finish(self, name: str, seconds: float, cpu_seconds: float | None = None) -> None:
        """Record ``seconds`` (and, where known, the ``cpu_seconds`` of the thread that did
        the work) for the stage ``name`` and report that it finished."""
        self._last_finish = time.perf_counter()
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds
        if cpu_seconds is not None:
            self.cpu_seconds[name] = self.cpu_seconds.get(name, 0.0) + cpu_seconds
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
            ``stages``: a list of ``{"name", "seconds", "cpu_seconds"}`` in run order (a
            list, so the order survives JSON with sorted keys; ``cpu_seconds`` only where
            known, see :attr:`cpu_seconds`), and ``total``: see :attr:`total`. Rounding each
            stage can make the listed seconds add up to a few hundredths more than ``total``.
        """
        stages = []
        for name, seconds in self.seconds.items():
            stage: dict[str, Any] = {"name": name, "seconds": round(seconds, 2)}
            if name in self.cpu_seconds:
                stage["cpu_seconds"] = round(self.cpu_seconds[name], 2)
            stages.append(stage)
        return {"stages": stages, "total": round(self.total, 2)}
