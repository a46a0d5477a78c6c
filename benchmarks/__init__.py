"""netorg's benchmarks: ``python -m benchmarks`` (end to end against the floor) and one script
per part (``python benchmarks/load.py`` and so on). Results go to ``benchmarks/results/``."""
