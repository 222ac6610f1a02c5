#!/usr/bin/env python3
"""MAD's entry script for the statshandler role: the same as `magneton run statshandler [options]`."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))  # also runs from a checkout not installed

from magneton.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["run", "statshandler", *sys.argv[1:]]))
