"""Puts the repository root on ``sys.path``, so that the hooks beside this file can import site_tools.

MkDocs loads each hook from its file with this folder on ``sys.path``; the site wing
(``site_tools/``) sits at the repository root and is not installed.
"""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
