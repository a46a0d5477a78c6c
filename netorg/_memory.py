"""Arrow's memory pool for a process netorg runs: the CLI and the benchmarks.

pyarrow's wheels allocate with mimalloc by default. In ``netorg analyze`` many large Arrow
buffers (texts of reasons, CSV and workbook cells) are freed while numpy arrays grow beside
them, and mimalloc keeps more of the freed memory than jemalloc does: the peak at a million
agreements is lower with jemalloc (``python -m benchmarks`` with and without
``ARROW_DEFAULT_MEMORY_POOL=mimalloc``; docs/performance.md, "Memory"). So the CLI asks for
Arrow's jemalloc pool where pyarrow was built with it (``pyarrow.jemalloc_memory_pool``
raises NotImplementedError where it was not).

Importing netorg changes nothing: the pool is a setting of the whole process, which belongs
to whoever runs it. A notebook user can call :func:`use_jemalloc` too. A choice made with the
environment variable ``ARROW_DEFAULT_MEMORY_POOL`` (which Arrow reads when it loads) is left
as it is.
"""

from __future__ import annotations

import contextlib
import os

import pyarrow as pa

#: The environment variable Arrow reads to choose its default pool.
POOL_VARIABLE = "ARROW_DEFAULT_MEMORY_POOL"


def use_jemalloc() -> str:
    """Make Arrow's jemalloc pool the default for the allocations that follow, unless
    :data:`POOL_VARIABLE` chose a pool or pyarrow has no jemalloc. Returns the name of the
    pool now in use (``"jemalloc"``, ``"mimalloc"`` or ``"system"``)."""
    if not os.environ.get(POOL_VARIABLE):
        with contextlib.suppress(NotImplementedError):  # pyarrow built without jemalloc
            pa.set_memory_pool(pa.jemalloc_memory_pool())
    return str(pa.default_memory_pool().backend_name)
