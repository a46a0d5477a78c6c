"""Seeded randomness for igraph, so layouts and clusterings are reproducible.

python-igraph draws from one process-wide generator (Python's ``random`` module unless told
otherwise); its layout and community functions take no seed. This context manager gives
igraph a private, seeded generator for the duration of one call and puts the previous one
back afterwards, so netorg never changes the random state of a user's session.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager

import igraph as ig


@contextmanager
def igraph_seed(seed: int) -> Iterator[None]:
    """Run the ``with`` block with igraph drawing from ``random.Random(seed)``."""
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)
