"""``python -m netorg``: the same command line as ``netorg``."""

from netorg.cli import main

if __name__ == "__main__":
    main()
