"""netorg's benchmarks: ``python -m benchmarks`` (end to end against the floor), ``python -m
benchmarks.ab`` (two versions in turn on one ecosystem) and one script per part (``python
benchmarks/load.py`` and so on). Results go to ``benchmarks/results/``."""
