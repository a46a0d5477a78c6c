"""One function call in a fresh Python process, for work that can run beside the analyses.

``multiprocessing`` with the ``spawn`` start method imports the caller's main module again
in the child: a user's script without an ``if __name__ == "__main__":`` guard would run a
second time there, analyses and all. ``fork`` avoids that but copies Arrow's and igraph's
threads' locks mid-use. So a :class:`Job` starts a Python that runs :func:`_main` on a pickled
call in a temporary folder: the child imports only netorg and the called function's
module.

    job = Job.start(betweenness_of_edges, n, edges, ...)
    ...                   # other work, on this core
    values = job.result()  # waits for the child; raises if it failed
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from netorg.model import Ecosystem

T = TypeVar("T")

#: What the child runs. Not ``python -m netorg._worker``: importing the package imports this
#: module, and runpy then warns on stderr that it runs a module already imported (a line
#: that would open every failure message).
_CHILD = "import sys; from netorg._worker import _main; _main(sys.argv[1])"


class Job(Generic[T]):
    """A call running in a child process; :meth:`result` waits for it."""

    def __init__(self, folder: tempfile.TemporaryDirectory[str], process: subprocess.Popen[bytes]):
        self._folder = folder
        self._process = process
        self._value: list[T] = []  # the value, once read
        self._failure = ""  # or why the child failed, once known

    @classmethod
    def start(cls, function: Callable[..., T], *args: Any) -> Job[T]:
        """Start ``function(*args)`` in a child process. ``function`` must be importable by
        name (a module-level function) and ``args`` picklable. Raises OSError when no
        process can be started."""
        folder = tempfile.TemporaryDirectory(prefix="netorg-worker-")
        call = Path(folder.name, "call.pickle")
        call.write_bytes(pickle.dumps((function, args), protocol=pickle.HIGHEST_PROTOCOL))
        # The child finds netorg and the function's module where this process found them,
        # also when they were put on sys.path by hand (a source checkout in a notebook).
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        with Path(folder.name, "stderr.txt").open("wb") as errors:
            process = subprocess.Popen(
                [sys.executable, "-c", _CHILD, folder.name],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                env=env,
            )
        return cls(folder, process)

    @classmethod
    def try_start(cls, function: Callable[..., T], *args: Any) -> Job[T] | None:
        """:meth:`start`, or None where no process can be started."""
        try:
            return cls.start(function, *args)
        except OSError:
            return None

    def result(self) -> T:
        """The function's return value, once the child is done; RuntimeError if it failed."""
        if self._value:
            return self._value[0]
        if self._failure:  # asked again (each Part of a job asks)
            raise RuntimeError(self._failure)
        try:
            code = self._process.wait()
            answer = Path(self._folder.name, "result.pickle")
            if code != 0 or not answer.exists():
                errors = Path(self._folder.name, "stderr.txt").read_text(errors="replace")
                self._failure = f"worker process exited with {code}: {errors[-2000:]}"
                raise RuntimeError(self._failure)
            value: T = pickle.loads(answer.read_bytes())
            self._value.append(value)
            return value
        finally:
            self._folder.cleanup()


class Part:
    """One result of a :func:`start_in_background` job: :meth:`result` waits for the job."""

    def __init__(self, job: Job[list[Any]], index: int) -> None:
        self._job = job
        self._index = index

    def result(self) -> Any:
        return self._job.result()[self._index]


#: A computation for the background: the ecosystem memo key its result goes under, the
#: function (module level), and what builds its (picklable) arguments, called only when the
#: computation is started: a call asked for twice is built once.
Call = tuple[Hashable, Callable[..., Any], Callable[[], tuple[Any, ...]]]


def start_in_background(eco: Ecosystem, calls: Sequence[Call]) -> None:
    """Start the ``calls`` not started yet, one after the other in one worker process, and
    keep a :class:`Part` for each in ``eco.memo`` under its key.

    One process, not one per call, so that the work takes one more core and not more: the
    analyses keep the other. If no process can be started, nothing is kept, and whoever
    needs a result computes it.
    """
    todo = [call for call in calls if not eco.remembers(call[0])]
    job = (
        Job.try_start(_run_all, [(function, arguments()) for _, function, arguments in todo])
        if todo
        else None
    )
    if job is None:
        return
    for index, (key, _, _) in enumerate(todo):
        eco.memo(key, lambda index=index: Part(job, index))  # type: ignore[misc]


def result_or(pending: Job[Any] | Part | None, compute: Callable[[], T]) -> T:
    """What a worker computed, or ``compute()`` here when no worker was started or it failed
    (where a real error then shows with its own traceback)."""
    if pending is not None:
        with contextlib.suppress(RuntimeError, OSError):
            value: T = pending.result()
            return value
    return compute()


def _run_all(calls: list[tuple[Callable[..., Any], tuple[Any, ...]]]) -> list[Any]:
    return [function(*args) for function, args in calls]


def _main(folder: str) -> None:
    function, args = pickle.loads(Path(folder, "call.pickle").read_bytes())
    value = function(*args)
    done = Path(folder, "result.partial")
    done.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    done.rename(Path(folder, "result.pickle"))
