"""Unit tests of the repository's own code outside the packages (bench/): no servers needed.

`python -m pytest` puts the repository root on sys.path, `.venv/bin/pytest` does not; bench/ is
importable either way.
"""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
