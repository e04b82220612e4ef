"""Where the repository keeps what the site is built from.

Every path the site wing reads or writes by default is named here, relative to
the checkout this package sits in, so that nothing else has to work out where
the repository is.

Examples
--------
>>> from site_tools.paths import REPO, RESULTS
>>> RESULTS.relative_to(REPO).as_posix()
'benchmarks/results'
"""

from __future__ import annotations

from pathlib import Path

#: The repository root (the folder that holds ``site_tools/``, ``src/`` and ``docs/``).
REPO = Path(__file__).resolve().parent.parent
#: The committed benchmark results the pages quote and the plots draw.
RESULTS = REPO / "benchmarks" / "results"
#: The site's pages.
DOCS = REPO / "docs"
#: Generated diagrams (not committed).
DIAGRAMS = DOCS / "assets" / "diagrams"
#: Generated benchmark plots (not committed).
PLOTS = DOCS / "assets" / "plots"
