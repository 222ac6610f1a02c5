#!/usr/bin/env python3
"""MAD's entry script for the core role: the same as `magneton run core [options]`."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))  # also runs from a checkout not installed

from magneton.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["run", "core", *sys.argv[1:]]))
